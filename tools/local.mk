# tools/local.mk -- included by the top Makefile.am (non-recursive build).
# Owner: CLI engineer (tools/tvae-decode.c, tools/image.[ch]).  Only the owner edits this file.
#
# Append (+=) to the shared lists declared in Makefile.am (bin_PROGRAMS,
# check_PROGRAMS, TESTS, EXTRA_DIST, CLEANFILES, ...); write paths relative
# to the top directory.  Link the decoder with libtvae.la and the model
# generator with libtvaegen.la libtvae.la.  Put optional parts under
# "if HAVE_AVR" / HAVE_RISCV / HAVE_ARM / HAVE_TORCH ... endif.

# --- tvae-decode: the host CLI -------------------------------------------
bin_PROGRAMS += tools/tvae-decode
tools_tvae_decode_SOURCES = tools/tvae-decode.c tools/image.c tools/image.h
tools_tvae_decode_CPPFLAGS = $(AM_CPPFLAGS) $(LIBPNG_CFLAGS)
tools_tvae_decode_LDADD = libtvae.la $(LIBPNG_LIBS) $(FIXMATH_LIBS) $(CODE_COVERAGE_LIBS)

# Independent checker the CLI tests compare against (own PNG reader via
# libpng's simplified API, own PGM parser, own spec 9.2 hash and CRC).
check_PROGRAMS += tools/tests-cli/tvae-imgcheck
tools_tests_cli_tvae_imgcheck_SOURCES = tools/tests-cli/tvae-imgcheck.c
tools_tests_cli_tvae_imgcheck_CPPFLAGS = $(AM_CPPFLAGS) $(LIBPNG_CFLAGS)
tools_tests_cli_tvae_imgcheck_LDADD = $(LIBPNG_LIBS)

# The scripts need tvae-mkmodel (Makefile.am) and the checker built first.
tvae_cli_tests = \
	tools/tests-cli/decode-writes-exact-png-and-pgm.sh \
	tools/tests-cli/seed-equals-printed-pips-and-latent.sh \
	tools/tests-cli/real-latent-follows-spec-10.sh \
	tools/tests-cli/errors-are-one-line-with-exit-code.sh \
	tools/tests-cli/hostile-models-never-crash.sh \
	tools/tests-cli/hashes-and-info-are-exact.sh \
	tools/tests-cli/sheet-layout-and-cells-are-exact.sh \
	tools/tests-cli/preview-modes-match-pixels.sh \
	tools/tests-cli/help-and-version-document-the-interface.sh \
	tools/tests-cli/decode-is-valgrind-clean.sh
TESTS += $(tvae_cli_tests)
EXTRA_DIST += $(tvae_cli_tests) tools/tests-cli/common.sh
