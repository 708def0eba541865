# tools/train/local.mk -- included by the top Makefile.am (non-recursive build).
# Owner: training engineer (tools/train/, models/, reports/).  Only the owner edits this file.
#
# Append (+=) to the shared lists declared in Makefile.am (bin_PROGRAMS,
# check_PROGRAMS, TESTS, EXTRA_DIST, CLEANFILES, ...); write paths relative
# to the top directory.  Link the decoder with libtvae.la and the model
# generator with libtvaegen.la libtvae.la.  Put optional parts under
# "if HAVE_AVR" / HAVE_RISCV / HAVE_ARM / HAVE_TORCH ... endif.

# Training tools (Python, PyTorch from Debian's python3-torch).  The tests
# below build libtvae_ref.so (ref/tvae.c + cref_shim.c) in a temporary
# directory (removed at exit) and compare the C reference with the PyTorch
# integer emulation bit for bit.  The full zoo sweep (tools/train/sweep.sh)
# is a documented command, not part of make check.
EXTRA_DIST += \
	tools/train/.gitignore \
	tools/train/README.md \
	tools/train/cref.py \
	tools/train/cref_shim.c \
	tools/train/export.py \
	tools/train/gap.py \
	tools/train/measure.py \
	tools/train/pipreader.json \
	tools/train/pipreader.pt \
	tools/train/pipreader.py \
	tools/train/polish.py \
	tools/train/report.py \
	tools/train/sweep.sh \
	tools/train/test_bitexact.py \
	tools/train/test_measure.py \
	tools/train/test_smoke.py \
	tools/train/train.py \
	tools/train/tvae_emul.py \
	models \
	reports

if HAVE_TORCH
TESTS += \
	tools/train/test_smoke.py \
	tools/train/test_bitexact.py \
	tools/train/test_measure.py
endif

