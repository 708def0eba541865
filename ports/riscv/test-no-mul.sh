#!/bin/sh
# test-no-mul.sh -- the RV32EC firmware contains no M-extension
# instruction (the CH32V003 has no multiplier; QEMU's virt CPU does, so
# only the disassembly can tell).  The check itself is checked first: an
# rv32emc object with a multiply must be caught by the same pattern.
set -u
top=${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}
bld=${top_builddir:-$top}
rv=$top/ports/riscv
if [ "${TVAE_HAVE_RISCV:-no}" != yes ]; then
    echo "SKIP: no RISC-V toolchain/emulator (see configure's summary)"
    exit 77
fi
cc=${RISCV_CC:-riscv64-unknown-elf-gcc}
objdump=${cc%gcc}objdump
command -v "$objdump" > /dev/null 2>&1 || { echo "FAIL: $objdump not found next to $cc"; exit 1; }
out=$bld/ports/fw-rv32ec
mkdir -p "$out"
export top_srcdir=$top
m_ext='	(mul|mulh|mulhsu|mulhu|div|divu|rem|remu)[ 	]'

printf 'int f(int a, int b) { return a * b + a / b; }\n' > "$out/mul-probe.c"
"$cc" -march=rv32emc -mabi=ilp32e -O2 -c -o "$out/mul-probe.o" "$out/mul-probe.c" || { echo "FAIL: probe build"; exit 1; }
if ! "$objdump" -d "$out/mul-probe.o" | grep -Eq "$m_ext"; then
    echo "FAIL: the pattern does not catch mul/div in an rv32emc object"; exit 1
fi
echo "PASS: the pattern finds M instructions in an rv32emc object"

failed=0
model=$top/vectors/stress-e1.tvm
[ -r "$model" ] || model=$(ls "$top"/vectors/*.tvm | head -n 1)
for prog in conform roll bench; do
    for dec in stream stream-c ref; do
        elf=$out/nomul-$prog-$dec.elf
        "$rv/fw-build.sh" rv32ec virt "$prog" "$dec" "$elf" "$model" || { echo "FAIL: build $prog $dec"; failed=1; continue; }
        n=$("$objdump" -d "$elf" | grep -Ec "$m_ext")
        total=$("$objdump" -d "$elf" | grep -Ec '^ *[0-9a-f]+:	')
        if [ "$n" -eq 0 ] && [ "$total" -gt 1000 ]; then
            echo "PASS $prog/$dec: $total instructions, no M-extension instruction"
        else
            echo "FAIL $prog/$dec: $n M-extension instructions among $total:"
            "$objdump" -d "$elf" | grep -E "$m_ext" | head -n 5
            failed=1
        fi
    done
done
exit $failed
