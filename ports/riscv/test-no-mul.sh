#!/bin/sh
# test-no-mul.sh -- the RV32EC firmware contains no M-extension
# instruction (the CH32V003 has no multiplier; QEMU's virt CPU does, so
# only the disassembly can tell) and uses no register above x15 (RV32E
# has 16; QEMU's CPU has 32 and would run such code silently).  The
# checks themselves are checked first: an rv32emc object with a multiply
# and an rv32i object that needs x16..x31 must be caught by the patterns.
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
# x16..x31 in objdump's ABI names
hi_regs='[ ,(](a6|a7|s[2-9]|s1[01]|t[3-6])([ ,)]|$)'
cat > "$out/reg-probe.c" <<'PROBE'
int g(int *p) {
    int a = p[0], b = p[1], c = p[2], d = p[3], e = p[4], f = p[5], h = p[6], i = p[7];
    int j = p[8], k = p[9], l = p[10], m = p[11], n = p[12], o = p[13], q = p[14], r = p[15];
    p[16] = a + b; p[17] = c + d; p[18] = e + f; p[19] = h + i; p[20] = j + k; p[21] = l + m;
    p[22] = n + o; p[23] = q + r; p[24] = a ^ r; p[25] = b ^ q; p[26] = c ^ o; p[27] = d ^ n;
    return a + b + c + d + e + f + h + i + j + k + l + m + n + o + q + r;
}
PROBE
"$cc" -march=rv32i -mabi=ilp32 -O2 -c -o "$out/reg-probe.o" "$out/reg-probe.c" || { echo "FAIL: probe build"; exit 1; }
if ! "$objdump" -d "$out/reg-probe.o" | grep -Eq "$hi_regs"; then
    echo "FAIL: the pattern does not catch x16..x31 in an rv32i object"; exit 1
fi
echo "PASS: the pattern finds x16..x31 in an rv32i object"

failed=0
model=$top/vectors/stress-e1.tvm
[ -r "$model" ] || model=$(ls "$top"/vectors/*.tvm | head -n 1)
for prog in conform roll bench; do
    for dec in stream stream-c ref; do
        elf=$out/nomul-$prog-$dec.elf
        "$rv/fw-build.sh" rv32ec virt "$prog" "$dec" "$elf" "$model" || { echo "FAIL: build $prog $dec"; failed=1; continue; }
        n=$("$objdump" -d "$elf" | grep -Ec "$m_ext")
        total=$("$objdump" -d "$elf" | grep -Ec '^ *[0-9a-f]+:	')
        r=$("$objdump" -d "$elf" | grep -Ec "$hi_regs")
        if [ "$n" -eq 0 ] && [ "$r" -eq 0 ] && [ "$total" -gt 1000 ]; then
            echo "PASS $prog/$dec: $total instructions, no M-extension instruction, no register above x15"
        elif [ "$r" -ne 0 ]; then
            echo "FAIL $prog/$dec: $r instructions use x16..x31:"
            "$objdump" -d "$elf" | grep -E "$hi_regs" | head -n 5
            failed=1
        else
            echo "FAIL $prog/$dec: $n M-extension instructions among $total:"
            "$objdump" -d "$elf" | grep -E "$m_ext" | head -n 5
            failed=1
        fi
    done
done
exit $failed
