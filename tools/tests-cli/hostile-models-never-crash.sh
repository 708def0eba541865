#!/bin/sh
# Claim: hostile model bytes never crash or hang tvae-decode: a valid
# model truncated at many offsets, with single bytes flipped (raw, and
# with the CRC recomputed so the deeper validator rules are reached),
# exits 0 or 2 with one stderr line, never with a signal (exit >= 128).
. "${top_srcdir:-$(dirname "$0")/../..}/tools/tests-cli/common.sh"

model "$tmp/m.tvm" --latent 3 --dims 4_4_4_4 --extra 1 --seed 11
m=$tmp/m.tvm
size=$(wc -c <"$m" | tr -d ' ')

# classify: exit status must be 2 (or 0 for a flip the validator cannot
# see, e.g. a weight changed with the CRC fixed); never a signal.
bad=0 runs=0 rejected=0
try() {
    "$DECODE" "$1" --seed 5 --pgm "$tmp/o.pgm" >/dev/null 2>"$tmp/err"
    r=$?
    runs=$((runs + 1))
    case $r in
        0) ;;
        2) rejected=$((rejected + 1))
           if [ "$(wc -l <"$tmp/err")" -ne 1 ]; then
               bad=$((bad + 1)); echo "# not one line: $2"; fi ;;
        *) bad=$((bad + 1)); echo "# exit $r for $2: $(cat "$tmp/err")" ;;
    esac
}

# truncation: every offset in the header and layer table, then every 37th
off=0
while [ "$off" -lt "$size" ]; do
    head -c "$off" "$m" >"$tmp/t.tvm"
    try "$tmp/t.tvm" "truncated at $off"
    if [ "$off" -lt 160 ]; then off=$((off + 1)); else off=$((off + 37)); fi
done
expect_eq "every truncation is rejected (exit 2)" "$runs" "$rejected"
# longer than file_size: trailing garbage
cat "$m" "$m" >"$tmp/t.tvm"
try "$tmp/t.tvm" "doubled"
# flips: each header/table byte to 0x00, 0xFF and x^0x80, CRC fixed
off=0
while [ "$off" -lt 128 ]; do
    for v in 0 255 128; do
        "$CHECK" setbyte "$m" "$tmp/f.tvm" "$off" "$v"
        try "$tmp/f.tvm" "byte $off = $v, CRC fixed"
    done
    off=$((off + 1))
done
# raw flips (CRC left stale) across the whole file
off=0
while [ "$off" -lt "$size" ]; do
    cp "$m" "$tmp/f.tvm"
    printf '\252' | dd of="$tmp/f.tvm" bs=1 seek="$off" count=1 conv=notrunc 2>/dev/null
    try "$tmp/f.tvm" "raw byte $off = 0xAA"
    off=$((off + 53))
done
# value-level flips with CRC fixed: a weight byte to 0x80 (-128) and a
# shift to 0 and 41, in the last block
"$CHECK" setbyte "$m" "$tmp/w.tvm" $((size - 4)) 128
run "$tmp/w.tvm" --seed 1
expect_eq "weight -128 is rejected with TVAE_E_WEIGHT" "tvae-decode: model '$tmp/w.tvm' invalid: weight -128 not allowed (TVAE_E_WEIGHT, -18)" "$(cat "$tmp/err")"
# a FIFO with no writer must not block open() or read()
if mkfifo "$tmp/fifo" 2>/dev/null; then
    timeout 20 "$DECODE" "$tmp/fifo" --seed 1 >/dev/null 2>"$tmp/err"
    expect_eq "a FIFO without a writer reads as empty: exit 2, truncated" \
        "2:tvae-decode: model '$tmp/fifo' invalid: model truncated (TVAE_E_TRUNCATED, -2)" "$?:$(cat "$tmp/err")"
fi
# a model through a pipe that never ends stops at the read limit
timeout 20 sh -c 'yes TVAE | "$1" - --seed 1' sh "$DECODE" >/dev/null 2>"$tmp/err"
expect_eq "an endless pipe is 'too large': exit 2" "2" "$?"
check "an endless pipe names the limit" grep -q "^tvae-decode: model '-' too large: more than 331304 bytes" "$tmp/err"
echo "# $runs hostile models run, $rejected rejected with exit 2"
expect_eq "no hostile model crashed or broke the one-line rule" 0 "$bad"
finish
