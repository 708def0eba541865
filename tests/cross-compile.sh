#!/bin/sh
# cross-compile.sh -- ref/tvae.c compiles warning-free (-Werror) for the
# three MCU targets of the project:
#   avr-gcc -mmcu=atmega328p               (8-bit, 16-bit int)
#   riscv64-unknown-elf-gcc -march=rv32ec -mabi=ilp32e --specs=picolibc.specs
#   arm-none-eabi-gcc -mcpu=cortex-m0 -mthumb
# and the objects reference no floating-point helper (soft-float routines
# such as __addsf3/__aeabi_fadd would appear as undefined symbols).
# A missing toolchain is a SKIP (exit 77) with the reason, never a pass.
set -u
srcdir=${top_srcdir:-${srcdir:-.}}
ref="$srcdir/ref/tvae.c"
flags="-std=c99 -pedantic -Wall -Wextra -Wconversion -Wshadow -Werror -Wdouble-promotion -Wfloat-equal -Os -c"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

missing=""
failed=0
ran=0

check() { # name compiler nm extra-flags...
    name=$1 cc=$2 nm=$3
    shift 3
    if ! command -v "$cc" >/dev/null 2>&1; then
        echo "SKIP $name: $cc not found"
        missing="$missing $cc"
        return
    fi
    ran=$((ran + 1))
    echo "$cc $* $flags $ref"
    # shellcheck disable=SC2086
    if ! "$cc" "$@" $flags -I"$srcdir/ref" "$ref" -o "$tmp/$name.o" 2> "$tmp/$name.err"; then
        echo "FAIL $name: does not compile cleanly:"
        cat "$tmp/$name.err"
        failed=$((failed + 1))
        return
    fi
    if [ -s "$tmp/$name.err" ]; then
        echo "FAIL $name: compiler printed diagnostics:"
        cat "$tmp/$name.err"
        failed=$((failed + 1))
        return
    fi
    if command -v "$nm" >/dev/null 2>&1; then
        fp=$("$nm" -u "$tmp/$name.o" | grep -E '__(aeabi_[fd]|add[sd]f3|sub[sd]f3|mul[sd]f3|div[sd]f3|float|fix|extendsfdf2|truncdfsf2|[a-z]*[sd]f2)' || true)
        if [ -n "$fp" ]; then
            echo "FAIL $name: floating-point helpers referenced: $fp"
            failed=$((failed + 1))
            return
        fi
        echo "PASS $name (no floating-point symbols; undefined: $("$nm" -u "$tmp/$name.o" | awk '{print $2}' | tr '\n' ' '))"
    else
        echo "PASS $name (compiled; $nm not found, float check skipped)"
    fi
}

check avr ${AVR_CC:-avr-gcc} avr-nm -mmcu=atmega328p
check rv32ec ${RISCV_CC:-riscv64-unknown-elf-gcc} riscv64-unknown-elf-nm -march=rv32ec -mabi=ilp32e --specs=picolibc.specs
check cortex-m0 ${ARM_CC:-arm-none-eabi-gcc} arm-none-eabi-nm -mcpu=cortex-m0 -mthumb --specs=picolibc.specs

if [ "$failed" -ne 0 ]; then
    exit 1
fi
if [ -n "$missing" ]; then
    echo "SKIP: toolchain(s) missing:$missing (tools/install-deps.sh installs them)"
    exit 77
fi
echo "all $ran cross-compiles passed"
exit 0
