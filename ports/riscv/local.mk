# ports/riscv/local.mk -- RV32EC port (CH32V003 class) under
# qemu-system-riscv32, and the firmware source shared with ports/arm
# (fw.c, fw-build.sh, fw-run.sh, conform.sh, roll.sh, tvm2c.sh).
# Owner: RISC-V/ARM ports engineer.  Included from ports/local.mk.
#
# The firmwares are built by ports/riscv/fw-build.sh from the tests (their
# models are compiled in, so the set follows vectors/), not by automake.
# Tests SKIP (77) when configure found no RISC-V toolchain or emulator.

# Host test of the RV32EC quarter-square multiply kernel.
check_PROGRAMS += ports/riscv/test-dot
ports_riscv_test_dot_SOURCES = ports/riscv/test-dot.c ports/riscv/dot.c ports/riscv/dot.h
nodist_ports_riscv_test_dot_SOURCES = ports/riscv/qsquare.c
ports_riscv_test_dot_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/ports/riscv
ports/riscv/qsquare.c: $(top_srcdir)/ports/riscv/qsquare.sh
	$(AM_V_GEN)$(MKDIR_P) ports/riscv && $(SHELL) $(top_srcdir)/ports/riscv/qsquare.sh $@
CLEANFILES += ports/riscv/qsquare.c

# Host reference for the roll firmwares' output (roll.sh).
check_PROGRAMS += ports/riscv/roll-expect
ports_riscv_roll_expect_SOURCES = ports/riscv/roll-expect.c ports/common/tvae_ssd1306.c
ports_riscv_roll_expect_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/ports/common
ports_riscv_roll_expect_LDADD = libtvae.la

TESTS += ports/riscv/test-dot ports/riscv/test-kernels.sh ports/riscv/test-no-mul.sh \
	ports/riscv/test-conform.sh ports/riscv/test-roll.sh

EXTRA_DIST += ports/riscv/README.md ports/riscv/start.S ports/riscv/board.c \
	ports/riscv/fw.c ports/riscv/fw_models.h \
	ports/riscv/rv32ec-sections.ld ports/riscv/ch32v003.ld ports/riscv/virt.ld \
	ports/riscv/qsquare.sh ports/riscv/tvm2c.sh ports/riscv/fw-build.sh \
	ports/riscv/fw-name.c \
	ports/riscv/fw-run.sh ports/riscv/conform.sh ports/riscv/roll.sh ports/riscv/show.sh \
	ports/riscv/bench.sh ports/riscv/bench-port.sh ports/riscv/test-no-mul.sh \
	ports/riscv/test-kernels.sh ports/riscv/mulsi3.S \
	ports/riscv/test-conform.sh ports/riscv/test-roll.sh

# what the tests and benches built (firmwares, maps, logs: every name has
# a dot) and fw-build.sh's object caches (obj-*/)
CLEANFILES += ports/fw-rv32ec/*.* ports/fw-m0/*.* ports/fw-m4/*.* \
	ports/fw-rv32ec/obj-*/* ports/fw-m0/obj-*/* ports/fw-m4/obj-*/* \
	ports/bench-rv32ec.md ports/bench-m0.md ports/bench-m4.md

# make bench-riscv: the RV32EC rows of the ports table (ports/riscv/bench.sh)
bench-riscv:
	top_srcdir='$(abs_top_srcdir)' top_builddir='$(abs_top_builddir)' \
	RISCV_CC='$(RISCV_CC)' QEMU_RISCV32='$(QEMU_RISCV32)' \
	$(SHELL) $(top_srcdir)/ports/riscv/bench.sh
PHONY_TARGETS += bench-riscv
