#!/bin/sh
# test-kernels.sh -- the ports' own multiply-accumulate kernels, checked
# on their targets under QEMU: test-dot.c (every (activation, weight)
# pair, alone and in each lane of a 4-wide step, plus long random and
# extreme vectors) built with the kernel's header forced in:
#   rv32ec  dot.c, quarter squares, and mulsi3.S (qemu-system-riscv32)
#   m0      ports/arm/dot-m0.c, unrolled       (qemu-system-arm microbit)
#   m4      ports/arm/dot-m4.c, SXTB16/SMLAD   (qemu-system-arm mps2-an386)
# The host build of test-dot covers dot.c's C; this covers the code the
# cross compilers make of it, and the ARM kernels, which only run there.
# A target whose toolchain is missing is skipped with the reason; with
# neither, the test SKIPs (77).
set -u
top=${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}
bld=${top_builddir:-$top}
rv=$top/ports/riscv
arm=$top/ports/arm
warn="-std=c99 -pedantic -Wall -Wextra -Wconversion -Wshadow -Werror"
ran=0 failed=0

check() { # NAME ELF TARGET
    timeout 120 "$rv/fw-run.sh" "$3" "$2" < /dev/null > "$2.out" 2>&1
    rc=$?
    if [ $rc -eq 0 ] && grep -q ' checks, 0 failed' "$2.out"; then
        echo "PASS $1: $(grep ' checks, ' "$2.out")"
    else
        echo "FAIL $1 (exit $rc):"; head -n 10 "$2.out"; failed=1
    fi
    ran=1
}

if [ "${TVAE_HAVE_RISCV:-no}" = yes ]; then
    out=$bld/ports/fw-rv32ec
    mkdir -p "$out"
    "$rv/qsquare.sh" "$out/kt-qsquare.c"
    if ${RISCV_CC:-riscv64-unknown-elf-gcc} -march=rv32ec -mabi=ilp32e --specs=picolibc.specs \
        --oslib=semihost -nostartfiles -Os $warn -include "$rv/dot.h" -DTVAE_TEST_MULSI3 -I"$rv" -I"$top/ports/common" -L"$rv" \
        -T "$rv/virt.ld" -o "$out/test-dot.elf" "$rv/start.S" "$rv/board.c" "$top/ports/common/board-common.c" "$rv/test-dot.c" \
        "$rv/dot.c" "$rv/mulsi3.S" "$out/kt-qsquare.c"; then
        check "rv32ec quarter-square kernel and __mulsi3" "$out/test-dot.elf" rv32ec
    else
        echo "FAIL: rv32ec kernel test build"; failed=1
    fi
else
    echo "skipped rv32ec: no RISC-V toolchain/emulator"
fi
if [ "${TVAE_HAVE_ARM:-no}" = yes ]; then
    out=$bld/ports/fw-m0
    mkdir -p "$out"
    if ${ARM_CC:-arm-none-eabi-gcc} -mcpu=cortex-m0 -mthumb -DTVAE_SYSTICK_HZ=16000000 \
        --specs=picolibc.specs --oslib=semihost -nostartfiles -Os $warn \
        -include "$arm/dot-m0.h" -I"$arm" -I"$top/ports/common" -L"$arm" -T "$arm/nrf51822.ld" -o "$out/test-dot.elf" \
        "$arm/start.S" "$arm/board-cortexm.c" "$top/ports/common/board-common.c" "$arm/uart-nrf51.c" "$rv/test-dot.c" \
        "$arm/dot-m0.c"; then
        check "Cortex-M0 unrolled kernel" "$out/test-dot.elf" m0
    else
        echo "FAIL: m0 kernel test build"; failed=1
    fi
    out=$bld/ports/fw-m4
    mkdir -p "$out"
    if ${ARM_CC:-arm-none-eabi-gcc} -mcpu=cortex-m4 -mthumb -DTVAE_SYSTICK_HZ=25000000 \
        --specs=picolibc.specs --oslib=semihost -nostartfiles -Os $warn \
        -include "$arm/dot-m4.h" -I"$arm" -I"$top/ports/common" -L"$arm" -T "$arm/mps2.ld" -o "$out/test-dot.elf" \
        "$arm/start.S" "$arm/board-cortexm.c" "$top/ports/common/board-common.c" "$arm/uart-cmsdk.c" "$rv/test-dot.c" \
        "$arm/dot-m4.c"; then
        check "Cortex-M4 SMLAD kernel" "$out/test-dot.elf" m4
    else
        echo "FAIL: m4 kernel test build"; failed=1
    fi
else
    echo "skipped m4: no ARM toolchain/emulator"
fi
if [ $ran -eq 0 ] && [ $failed -eq 0 ]; then
    echo "SKIP: neither the RISC-V nor the ARM toolchain/emulator is available"
    exit 77
fi
exit $failed
