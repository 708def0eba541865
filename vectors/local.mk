# vectors/local.mk -- included by the top Makefile.am (non-recursive build).
# Owner: vectors/conformance engineer (vectors/, tools/tvae-vectors*).  Only the owner edits this file.
#
# Append (+=) to the shared lists declared in Makefile.am (bin_PROGRAMS,
# check_PROGRAMS, TESTS, EXTRA_DIST, CLEANFILES, ...); write paths relative
# to the top directory.  Link the decoder with libtvae.la and the model
# generator with libtvaegen.la libtvae.la.  Put optional parts under
# "if HAVE_AVR" / HAVE_RISCV / HAVE_ARM / HAVE_TORCH ... endif.

# --- the generator ----------------------------------------------------------
noinst_PROGRAMS += tools/tvae-vectors
tools_tvae_vectors_SOURCES = tools/tvae-vectors.c conformance/tvv.c conformance/tvv.h
tools_tvae_vectors_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/conformance
tools_tvae_vectors_LDADD = libtvae.la

# The frozen set: every file in vectors/ (the .tvm/.tvv pairs, MANIFEST,
# README.md and the scripts) goes into the tarball and is installed for
# tvae-conform's default --vectors.
# Listed file by file: a whole-directory entry would also ship the .log and
# .trs files an in-tree `make check` leaves in vectors/.
EXTRA_DIST += vectors/MANIFEST vectors/README.md vectors/crosscheck.py \
	vectors/regen.sh $(tvae_vector_tests) \
	$(patsubst $(srcdir)/%,%,$(wildcard $(srcdir)/vectors/*.tvm)) \
	$(patsubst $(srcdir)/%,%,$(wildcard $(srcdir)/vectors/*.tvv))
vectorsdir = $(pkgdatadir)/vectors
vectors_DATA = $(srcdir)/vectors/MANIFEST \
	$(wildcard $(srcdir)/vectors/*.tvm) $(wildcard $(srcdir)/vectors/*.tvv)

# make vectors-regen: rewrite vectors/ from ref/ and models/*.tvm (then
# review and commit; the freeze test fails until the two agree).
vectors-regen: tools/tvae-vectors$(EXEEXT)
	$(SHELL) $(srcdir)/vectors/regen.sh '$(abs_top_builddir)/tools/tvae-vectors' \
	  '$(srcdir)/vectors' '$(srcdir)/models'
PHONY_TARGETS += vectors-regen

tvae_vector_tests = vectors/test-freeze.sh vectors/test-crosscheck.sh
TESTS += $(tvae_vector_tests)
