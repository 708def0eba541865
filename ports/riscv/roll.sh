#!/bin/sh
# roll.sh TARGET -- `make check` test of the example firmware (fw.c,
# TVAE_FW_ROLL) of one QEMU port, linked for the real part: it reads a
# seed line on the UART, rolls the die (spec 6) and prints the image and
# its SSD1306 frame as text (ports/riscv/fw.c).  For several seeds the seed line, the 32 image
# rows and the 8 SSD1306 pages must equal those roll-expect computes with
# the reference decoder, and a bad seed line must give a one-line error
# and a non-zero exit.  The model is the first zoo model
# in vectors/ that fits the part (a stress model until the zoo lands).
set -u
target=${1:?usage: roll.sh rv32ec|m0|m4}
top=${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}
bld=${top_builddir:-$top}
rv=$top/ports/riscv
case $target in
rv32ec) have=${TVAE_HAVE_RISCV:-no}; map=ch32v003;;
m0)     have=${TVAE_HAVE_ARM:-no}; map=stm32f030x4;;
m4)     have=${TVAE_HAVE_ARM:-no}; map=stm32f301x8;;
*)      echo "roll.sh: unknown target '$target'" >&2; exit 1;;
esac
if [ "$have" != yes ]; then
    echo "SKIP: no $target toolchain/emulator (see configure's summary)"
    exit 77
fi
expect=$bld/ports/riscv/roll-expect
[ -x "$expect" ] || { echo "FAIL: $expect not built"; exit 1; }
out=$bld/ports/fw-$target
mkdir -p "$out"
export top_srcdir=$top
elf=$out/roll-$map.elf
model=
for m in $(ls "$top"/vectors/zoo-*.tvm 2>/dev/null) "$top/vectors/stress-e2-bell.tvm"; do
    [ -r "$m" ] || continue
    if "$rv/fw-build.sh" "$target" "$map" roll stream "$elf" "$m" 2> "$out/roll-build.err"; then
        model=$m; break
    fi
done
[ -n "$model" ] || { echo "FAIL: no model fits $map for the roll firmware:"; cat "$out/roll-build.err"; exit 1; }
echo "roll firmware $elf with $(basename "$model")"
failed=0
for seed in 0 1 42 6 4294967295; do
    printf '%s\n' "$seed" | timeout 60 "$rv/fw-run.sh" "$target" "$elf" > "$out/roll-$seed.out" 2>&1
    rc=$?
    "$expect" "$model" "$seed" > "$out/roll-$seed.want" || { echo "FAIL: roll-expect $seed"; failed=1; continue; }
    grep -E '^(seed|row|page) ' "$out/roll-$seed.out" > "$out/roll-$seed.got"
    if [ $rc -eq 0 ] && [ "$(wc -l < "$out/roll-$seed.got")" -eq 41 ] \
        && cmp -s "$out/roll-$seed.got" "$out/roll-$seed.want" \
        && grep -q '^tvae-.* roll stream model 0x' "$out/roll-$seed.out" \
        && grep -q '^instructions [0-9]* work [0-9]* stack [0-9]* static [0-9]*$' "$out/roll-$seed.out"; then
        echo "PASS seed $seed: $(head -n 2 "$out/roll-$seed.out" | tail -n 1); $(tail -n 1 "$out/roll-$seed.out")"
    else
        echo "FAIL seed $seed (exit $rc); first difference:"
        diff "$out/roll-$seed.want" "$out/roll-$seed.got" | head -n 4
        failed=1
    fi
done
for bad in "12x" "" "99999999999" "4294967296"; do
    printf '%s\n' "$bad" | timeout 60 "$rv/fw-run.sh" "$target" "$elf" > "$out/roll-bad.out" 2>&1
    rc=$?
    if [ $rc -ne 0 ] && [ "$(wc -l < "$out/roll-bad.out")" -eq 1 ] && grep -q '^error seed' "$out/roll-bad.out"; then
        echo "PASS bad seed '$bad': exit $rc, $(cat "$out/roll-bad.out")"
    else
        echo "FAIL bad seed '$bad': exit $rc"; cat "$out/roll-bad.out"; failed=1
    fi
done
exit $failed
