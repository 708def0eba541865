# ports/local.mk -- included by the top Makefile.am (non-recursive build).
# Owner: ports engineer (ports/, spec/profiles.md).  Only the owner edits this file.
#
# Append (+=) to the shared lists declared in Makefile.am (bin_PROGRAMS,
# check_PROGRAMS, TESTS, EXTRA_DIST, CLEANFILES, ...); write paths relative
# to the top directory.  Link the decoder with libtvae.la and the model
# generator with libtvaegen.la libtvae.la.  Put optional parts under
# "if HAVE_AVR" / HAVE_RISCV / HAVE_ARM / HAVE_TORCH ... endif.

# RISC-V and ARM ports: their own fragments (owner: RISC-V/ARM ports engineer).
include $(srcdir)/ports/riscv/local.mk
include $(srcdir)/ports/arm/local.mk
