#!/bin/sh
# roll.sh TARGET -- `make check` test of the example firmware (fw.c,
# TVAE_FW_ROLL) of one QEMU port, linked for the real part: it reads a
# seed line on the UART, rolls the die (spec 6) and sends the image as a
# binary PGM.  For several seeds the image must equal the reference
# decoder's (tools/tvae-decode --seed), and a bad seed line must give a
# one-line error and a non-zero exit.  The model is the first zoo model
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
decode=$bld/tools/tvae-decode
[ -x "$decode" ] || { echo "FAIL: $decode not built"; exit 1; }
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
    "$decode" "$model" --seed "$seed" --pgm "$out/roll-$seed.ref.pgm" > /dev/null 2>&1 \
        || { echo "FAIL: tvae-decode --seed $seed"; failed=1; continue; }
    tail -c 1024 "$out/roll-$seed.out" > "$out/roll-$seed.got"
    tail -c 1024 "$out/roll-$seed.ref.pgm" > "$out/roll-$seed.want"
    if [ $rc -eq 0 ] && grep -q '^P5$' "$out/roll-$seed.out" \
        && cmp -s "$out/roll-$seed.got" "$out/roll-$seed.want"; then
        echo "PASS seed $seed: $(head -n 1 "$out/roll-$seed.out")"
    else
        echo "FAIL seed $seed (exit $rc): $(head -n 1 "$out/roll-$seed.out")"; failed=1
    fi
done
for bad in "12x" "" "99999999999"; do
    printf '%s\n' "$bad" | timeout 60 "$rv/fw-run.sh" "$target" "$elf" > "$out/roll-bad.out" 2>&1
    rc=$?
    if [ $rc -ne 0 ] && [ "$(wc -l < "$out/roll-bad.out")" -eq 1 ] && grep -q '^ERROR seed' "$out/roll-bad.out"; then
        echo "PASS bad seed '$bad': exit $rc, $(cat "$out/roll-bad.out")"
    else
        echo "FAIL bad seed '$bad': exit $rc"; cat "$out/roll-bad.out"; failed=1
    fi
done
exit $failed
