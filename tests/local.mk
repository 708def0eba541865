# tests/local.mk -- unit tests (owner: build/tests engineer).
# Check (libcheck) programs, one per area of the spec, test cases named
# after the claim they prove; scripts for the cross-compile and purity
# checks of ref/ and for the tools.

tvae_check_programs = \
	tests/test-requantize \
	tests/test-operators \
	tests/test-validate \
	tests/test-checkvalues \
	tests/test-decode \
	tests/test-modelgen

check_PROGRAMS += $(tvae_check_programs)
TESTS += $(tvae_check_programs)

tvae_check_cflags = $(AM_CFLAGS) $(CHECK_CFLAGS)
tvae_check_ldadd = libtvaegen.la libtvae.la $(CHECK_LIBS) $(CODE_COVERAGE_LIBS)
noinst_HEADERS += tests/tvae-test.h

tests_test_requantize_SOURCES = tests/test-requantize.c
tests_test_requantize_CFLAGS = $(tvae_check_cflags)
tests_test_requantize_LDADD = $(tvae_check_ldadd)
tests_test_operators_SOURCES = tests/test-operators.c
tests_test_operators_CFLAGS = $(tvae_check_cflags)
tests_test_operators_LDADD = $(tvae_check_ldadd)
tests_test_validate_SOURCES = tests/test-validate.c
tests_test_validate_CFLAGS = $(tvae_check_cflags)
tests_test_validate_LDADD = $(tvae_check_ldadd)
tests_test_checkvalues_SOURCES = tests/test-checkvalues.c
tests_test_checkvalues_CFLAGS = $(tvae_check_cflags)
tests_test_checkvalues_LDADD = $(tvae_check_ldadd)
tests_test_decode_SOURCES = tests/test-decode.c
tests_test_decode_CFLAGS = $(tvae_check_cflags)
tests_test_decode_LDADD = $(tvae_check_ldadd)
tests_test_modelgen_SOURCES = tests/test-modelgen.c
tests_test_modelgen_CFLAGS = $(tvae_check_cflags)
tests_test_modelgen_LDADD = $(tvae_check_ldadd)

# Script tests
TESTS += \
	tests/compilers-warning-free.sh \
	tests/cross-compile.sh \
	tests/ref-purity.sh \
	tests/mkmodel-cli.sh \
	tests/spec-emulation.sh
EXTRA_DIST += \
	tests/compilers-warning-free.sh \
	tests/cross-compile.sh \
	tests/ref-purity.sh \
	tests/mkmodel-cli.sh \
	tests/spec-emulation.sh \
	tests/spec_emul.py

# Helper for tests/spec-emulation.sh: reference layer hashes of one decode.
check_PROGRAMS += tests/print-hashes
tests_print_hashes_SOURCES = tests/print-hashes.c
tests_print_hashes_LDADD = libtvae.la $(CODE_COVERAGE_LIBS)
