# ports/arm/local.mk -- Cortex-M0 (micro:bit) and Cortex-M4 (mps2-an386)
# ports under qemu-system-arm.  Owner: RISC-V/ARM ports engineer.
# Included from ports/local.mk.  The firmware source, build and test
# drivers are shared with ports/riscv (fw.c, fw-build.sh, conform.sh,
# roll.sh); this directory holds what differs: start code, linker maps,
# UARTs, the SysTick counter.  Tests SKIP (77) without an ARM toolchain.

TESTS += ports/arm/test-conform-m0.sh ports/arm/test-conform-m4.sh \
	ports/arm/test-roll-m0.sh ports/arm/test-roll-m4.sh

EXTRA_DIST += ports/arm/README.md ports/arm/start.S \
	ports/arm/board-cortexm.c ports/arm/uart.h ports/arm/uart-nrf51.c \
	ports/arm/uart-cmsdk.c ports/arm/dot-m4.c ports/arm/dot-m4.h \
	ports/arm/dot-m0.c ports/arm/dot-m0.h \
	ports/arm/cortexm-sections.ld ports/arm/stm32f030x4.ld ports/arm/stm32f030x6.ld \
	ports/arm/nrf51822.ld ports/arm/stm32f301x8.ld ports/arm/mps2.ld \
	ports/arm/bench.sh ports/arm/test-conform-m0.sh \
	ports/arm/test-conform-m4.sh ports/arm/test-roll-m0.sh \
	ports/arm/test-roll-m4.sh

# make bench-arm: the Cortex-M rows of the ports table (ports/arm/bench.sh)
bench-arm:
	top_srcdir='$(abs_top_srcdir)' top_builddir='$(abs_top_builddir)' \
	ARM_CC='$(ARM_CC)' QEMU_ARM='$(QEMU_ARM)' \
	$(SHELL) $(top_srcdir)/ports/arm/bench.sh
PHONY_TARGETS += bench-arm
