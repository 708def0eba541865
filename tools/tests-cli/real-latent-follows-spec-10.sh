#!/bin/sh
# Claim: --real converts decimals exactly by spec 10,
# q = clamp(floor((X * 2^F + 2^15) / 2^16), -128, 127), X the Q16.16 value
# of the text (libfixmath), for F = 6, 7 and 0 (examples computed by hand
# below), and rejects text that is not a plain decimal.
. "${top_srcdir:-$(dirname "$0")/../..}/tools/tests-cli/common.sh"

# tvae-mkmodel writes F = 7; byte 18 (latent_frac) is patched, CRC redone.
model "$tmp/f7.tvm" --latent 1 --dims 4_4_4_4 --seed 1
"$CHECK" setbyte "$tmp/f7.tvm" "$tmp/f6.tvm" 18 6 || exit 1
"$CHECK" setbyte "$tmp/f7.tvm" "$tmp/f0.tvm" 18 0 || exit 1
model "$tmp/f7l3.tvm" --latent 3 --dims 4_4_4_4 --seed 1

# real F expected-q
while read -r x f q why; do
    run "$tmp/f$f.tvm" --pips 2 --real "$x" --pgm "$tmp/r.pgm"
    expect_eq "F=$f: $x -> $q ($why)" "--pips 2 --latent $q" "$(cat "$tmp/out")"
    run "$tmp/f$f.tvm" --pips 2 --latent "$q" --pgm "$tmp/i.pgm"
    check "F=$f: --real $x decodes like --latent $q" cmp -s "$tmp/r.pgm" "$tmp/i.pgm"
done <<'LIST'
0.5 6 32 0.5*64
-0.5078125 6 -32 -32.5 is a tie: half up gives -32
-0.5 6 -32 exact
1.9921875 6 127 127.5 rounds to 128, clamps to 127
1.984375 6 127 127.0 exact
3.0 6 127 clamp
-2.0 6 -128 -128 exact
-2.1 6 -128 clamp
-1.9921875 6 -127 -127.5 tie goes up
0.0078125 6 1 0.5 tie goes up
-0.0078125 6 0 -0.5 tie goes up to 0
0.0077972 6 0 X=511 (0.00779 after libfixmath's 5 decimals) -> 0.499
+0.25 6 16 explicit plus sign
-0 6 0 negative zero
00.75 6 48 leading zero
0.5 7 64 0.5*128
-1.0 7 -128 exact
0.99609375 7 127 127.5 -> 128 -> clamp 127
-0.99609375 7 -127 -127.5 -> -127
0.1 7 13 X=6554, 12.8
0.0039 7 1 X=256 (255.59 rounded), 0.5 tie goes up
0.003899 7 0 libfixmath reads 0.00389 only: X=255, not 256
-0.1 7 -13 X=-6554, -12.8
32767.99999 7 127 largest accepted text
-32767 7 -128 most negative accepted integer part
0.5 0 1 F=0: 0.5 ties up
-0.5 0 0 F=0: -0.5 ties up to 0
-1.5 0 -1 F=0: -1.5 ties up
127.4 0 127 F=0 exact range end
-128.6 0 -128 clamp
LIST

run "$tmp/f7l3.tvm" --pips 3 --real 0.25,-0.25,1 --pgm "$tmp/r.pgm"
expect_eq "L=3, F=7 list 0.25,-0.25,1" "--pips 3 --latent 32,-32,127" "$(cat "$tmp/out")"

for bad in abc 1e3 .5 1. "1 2" 1x " 1" "1 " 0x10 nan inf - + "" 1..2 "--1" "1-"; do
    expect_error 1 "bad number text" "$tmp/f6.tvm" --pips 1 --real "$bad"
done
for big in 32768 -32768 -32768.00001 99999 123456789012345678901234567890 000032768; do
    expect_error 1 "out of range" "$tmp/f6.tvm" --pips 1 --real "$big"
done
expect_error 1 "exactly 3 values" "$tmp/f7l3.tvm" --pips 1 --real 1,2
expect_error 1 "exactly 1 value" "$tmp/f6.tvm" --pips 1 --real 0.5,0.5
finish
