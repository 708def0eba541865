#!/bin/sh
# Claim: --info prints the model summary with the published parameter
# counts (spec 4.4, background table), the scratch size of spec 5.6, the
# file size and the CRC field; --hashes prints one line per layer with its
# C x H x W shape, and the last hash is the spec 9.2 hash of the image as
# computed by an independent implementation (tvae-imgcheck).
. "${top_srcdir:-$(dirname "$0")/../..}/tools/tests-cli/common.sh"

field() { sed -n "s/^$1  *//p" "$tmp/out"; }

# dims  extra  parameters (L = 1)  scratch  layers
while read -r dims extra params scratch layers; do
    model "$tmp/m.tvm" --latent 1 --dims "$dims" --extra "$extra" --seed 2
    run "$tmp/m.tvm" --info
    expect_eq "$dims+$extra: --info exits 0" 0 "$rc"
    expect_eq "$dims+$extra: parameters" "$params" "$(field parameters)"
    expect_eq "$dims+$extra: scratch" "$scratch bytes" "$(field scratch)"
    expect_eq "$dims+$extra: dims" "$dims (d1_d2_d3_d4)" "$(field dims)"
    expect_eq "$dims+$extra: layers" "$layers ($extra extra conv)" "$(field layers)"
    expect_eq "$dims+$extra: file bytes" "$(wc -c <"$tmp/m.tvm" | tr -d ' ')" "$(field 'file bytes')"
    crc=$(od -A n -t x4 -j 12 -N 4 --endian=little "$tmp/m.tvm" | tr -d ' ')
    expect_eq "$dims+$extra: crc32 is the header field" "0x$crc" "$(field crc32)"
    expect_eq "$dims+$extra: latent line" "L = 1, F = 7 (one step = 1/128)" "$(field latent)"
    expect_eq "$dims+$extra: roll line" "uniform, mult 2, shift 1" "$(field roll)"
    expect_eq "$dims+$extra: one table row per layer" "$layers" "$(grep -c '^ *[0-9] ' "$tmp/out")"
    check "$dims+$extra: --info decodes nothing" test "$(wc -l <"$tmp/err")" -eq 0
done <<'LIST'
4_4_4_4 0 929 2048 5
3_3_3_3 0 616 1536 5
8_8_8_8 0 2721 4096 5
2_2_8_16 0 3155 1024 5
4_4_16_64 0 17165 2048 5
64_64_64_64 0 118529 32768 5
4_4_4_4 1 1077 2048 6
4_4_4_4 3 1373 2048 8
8_8_8_8 2 3889 4096 7
LIST

model "$tmp/h.tvm" --latent 2 --dims 4_4_8_8 --extra 1 --seed 3
run "$tmp/h.tvm" --pips 5 --latent -40,90 --hashes --pgm "$tmp/h.pgm"
expect_eq "--hashes: exits 0" 0 "$rc"
expect_eq "--hashes: one line per layer" 6 "$(grep -c '^layer ' "$tmp/out")"
expect_eq "--hashes: layer 0 line" "layer 0 dense    8x4x4     hash" "$(sed -n 's/^\(layer 0 .*hash\) 0x[0-9a-f]\{8\}$/\1/p' "$tmp/out")"
shapes=$(sed -n 's/^layer [0-9] [a-z_0-9]* *\([0-9x]*\) *hash 0x[0-9a-f]\{8\}$/\1/p' "$tmp/out" | tr '\n' ' ')
expect_eq "--hashes: shapes C x H x W in order" "8x4x4 8x8x8 4x16x16 4x16x16 4x16x16 1x32x32 " "$shapes"
last=$(sed -n 's/^layer 5 convt_s2 1x32x32 *hash \(0x[0-9a-f]\{8\}\)$/\1/p' "$tmp/out")
expect_eq "--hashes: image hash equals the independent spec 9.2 hash" "$("$CHECK" hash "$tmp/h.pgm")" "$last"
run "$tmp/h.tvm" --pips 5 --latent -40,90 --hashes
first=$(cat "$tmp/out")
run "$tmp/h.tvm" --pips 5 --latent -40,91 --hashes
if [ "$first" != "$(cat "$tmp/out")" ]; then pass "--hashes: another latent gives other hashes"; else fail "--hashes: another latent gives other hashes"; fi
finish
