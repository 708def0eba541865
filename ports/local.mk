# ports/local.mk -- included by the top Makefile.am (non-recursive build).
# Owner: ports engineer (ports/, spec/profiles.md).  Only the owner edits this file.
#
# Append (+=) to the shared lists declared in Makefile.am (bin_PROGRAMS,
# check_PROGRAMS, TESTS, EXTRA_DIST, CLEANFILES, ...); write paths relative
# to the top directory.  Link the decoder with libtvae.la and the model
# generator with libtvaegen.la libtvae.la.  Put optional parts under
# "if HAVE_AVR" / HAVE_RISCV / HAVE_ARM / HAVE_TORCH ... endif.

# ---------------------------------------------------------------------
# ports/common: the shared streaming decoder (portable C99, the same code
# every MCU port compiles), the SSD1306 output profile, and host tools.
# ---------------------------------------------------------------------
PORTS_COMMON_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/ports/common

noinst_PROGRAMS += ports/common/tvae-carray
ports_common_tvae_carray_SOURCES = ports/common/tvae-carray.c \
	ports/common/tvae_stream.c ports/common/tvae_stream.h
ports_common_tvae_carray_CPPFLAGS = $(PORTS_COMMON_CPPFLAGS)
ports_common_tvae_carray_LDADD = libtvae.la

# Host property test: streaming decode == layer-by-layer decode.
check_PROGRAMS += ports/common/test_stream
ports_common_test_stream_SOURCES = ports/common/test_stream.c \
	ports/common/tvae_stream.c ports/common/tvae_stream.h
ports_common_test_stream_CPPFLAGS = $(PORTS_COMMON_CPPFLAGS)
ports_common_test_stream_CFLAGS = $(AM_CFLAGS) $(CHECK_CFLAGS)
ports_common_test_stream_LDADD = libtvae.la $(CHECK_LIBS)
# the same with 16-bit tap offsets instead of pointers (the RV32EC builds)
check_PROGRAMS += ports/common/test_stream_offsets
ports_common_test_stream_offsets_SOURCES = $(ports_common_test_stream_SOURCES)
ports_common_test_stream_offsets_CPPFLAGS = $(PORTS_COMMON_CPPFLAGS) -DTVAE_STREAM_TAP_OFFSETS
ports_common_test_stream_offsets_CFLAGS = $(ports_common_test_stream_CFLAGS)
ports_common_test_stream_offsets_LDADD = $(ports_common_test_stream_LDADD)
TESTS += ports/common/test-stream.sh

# tools/tvae-ssd1306: a roll firmware's text -> image and SSD1306 frame PNGs.
bin_PROGRAMS += tools/tvae-ssd1306
tools_tvae_ssd1306_SOURCES = tools/tvae-ssd1306.c tools/image.c tools/image.h \
	ports/common/tvae_ssd1306.c ports/common/tvae_ssd1306.h
tools_tvae_ssd1306_CPPFLAGS = $(PORTS_COMMON_CPPFLAGS) $(LIBPNG_CFLAGS)
tools_tvae_ssd1306_LDADD = libtvae.la $(LIBPNG_LIBS)
TESTS += ports/common/test-ssd1306.sh

EXTRA_DIST += ports/README.md ports/common/test-stream.sh \
	ports/common/board.h ports/common/board-common.c \
	ports/common/test-ssd1306.sh \
	ports/common/tvae_ssd1306.c ports/common/tvae_ssd1306.h \
	spec/profiles.md

# ---------------------------------------------------------------------
# ports/avr: ATmega328P (and ATmega1284P for big conformance models)
# under simavr.  Firmware is built by ports/avr/fw-build.sh (its models
# are compiled in, so the set of firmwares follows the vectors/zoo).
# ---------------------------------------------------------------------
EXTRA_DIST += ports/avr/board.c ports/avr/board.h ports/avr/conform.c \
	ports/avr/roll.c ports/avr/simport.h ports/avr/tvae_avr.h \
	ports/avr/fw-build.sh ports/avr/test-conform.sh \
	ports/avr/test-roll.sh ports/avr/bench.sh ports/bench-ports.sh \
	ports/readme-tables.sh ports/BENCH.md
TESTS += ports/avr/test-conform.sh ports/avr/test-roll.sh
CLEANFILES += ports/avr/*.elf

if HAVE_AVR
noinst_PROGRAMS += ports/avr/simavr-run
ports_avr_simavr_run_SOURCES = ports/avr/simavr-run.c ports/avr/simport.h
# simavr's headers are not -pedantic/-Wconversion clean: system headers.
ports_avr_simavr_run_CFLAGS = $(AM_CFLAGS) $(SIMAVR_CFLAGS:-I%=-isystem %)
ports_avr_simavr_run_LDADD = $(SIMAVR_LIBS)
endif

# make bench-ports: footprint and speed of every port (ports/BENCH.md in
# the build directory); make bench-ports-publish: the same, copied to the
# source tree, and the tables of ports/riscv/README.md and
# ports/arm/README.md refreshed from it (ports/readme-tables.sh).
BENCH_PORTS_ENV = top_srcdir='$(abs_top_srcdir)' top_builddir='$(abs_top_builddir)' \
	AVR_CC='$(AVR_CC)' RISCV_CC='$(RISCV_CC)' ARM_CC='$(ARM_CC)' \
	QEMU_RISCV32='$(QEMU_RISCV32)' QEMU_ARM='$(QEMU_ARM)' \
	TVAE_HAVE_AVR='$(TVAE_HAVE_AVR)' TVAE_HAVE_RISCV='$(TVAE_HAVE_RISCV)' \
	TVAE_HAVE_ARM='$(TVAE_HAVE_ARM)'
bench-ports: all
	$(BENCH_PORTS_ENV) $(SHELL) $(top_srcdir)/ports/bench-ports.sh
bench-ports-publish: all
	$(BENCH_PORTS_ENV) $(SHELL) $(top_srcdir)/ports/bench-ports.sh --publish
PHONY_TARGETS += bench-ports bench-ports-publish

# RISC-V and ARM ports: their own fragments (owner: RISC-V/ARM ports engineer).
include $(srcdir)/ports/riscv/local.mk
include $(srcdir)/ports/arm/local.mk
