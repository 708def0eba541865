#!/bin/sh
# Claim: tvae-decode writes a binary PGM with the exact header and size,
# a PNG that decodes (libpng, independent reader) to the same pixels, a
# --scale K image that is the K x K nearest-neighbour enlargement, and the
# same bytes to standard output with '-' as to a file.
. "${top_srcdir:-$(dirname "$0")/../..}/tools/tests-cli/common.sh"

model "$tmp/a.tvm" --latent 1 --dims 4_4_4_4 --extra 0 --seed 1
model "$tmp/b.tvm" --latent 3 --dims 8_8_8_8 --extra 2 --seed 7

for m in a b; do
    case $m in a) lat=-5 ;; b) lat=12,-7,100 ;; esac
    run "$tmp/$m.tvm" --pips 4 --latent "$lat" -o "$tmp/$m.png" --pgm "$tmp/$m.pgm"
    expect_eq "model $m: decode exits 0" 0 "$rc"
    expect_eq "model $m: prints the input it used" "--pips 4 --latent $lat" "$(cat "$tmp/out")"
    expect_eq "model $m: PGM header is P5 32 32 255" "$(printf 'P5\n32 32\n255')" "$(head -c 13 "$tmp/$m.pgm")"
    expect_eq "model $m: PGM is 13 + 1024 bytes" 1037 "$(wc -c <"$tmp/$m.pgm" | tr -d ' ')"
    expect_eq "model $m: PNG is 32x32" "32 32" "$("$CHECK" size "$tmp/$m.png")"
    check "model $m: PNG pixels equal PGM pixels" "$CHECK" same "$tmp/$m.png" "$tmp/$m.pgm"

    run "$tmp/$m.tvm" --pips 4 --latent "$lat" -o "$tmp/$m.x5.png" --pgm "$tmp/$m.x5.pgm" --scale 5
    expect_eq "model $m: --scale 5 PGM header" "$(printf 'P5\n160 160\n255')" "$(head -c 15 "$tmp/$m.x5.pgm")"
    expect_eq "model $m: --scale 5 PGM is 15 + 25600 bytes" 25615 "$(wc -c <"$tmp/$m.x5.pgm" | tr -d ' ')"
    check "model $m: --scale 5 PNG equals its PGM" "$CHECK" same "$tmp/$m.x5.png" "$tmp/$m.x5.pgm"
    # every 5x5 block repeats one source pixel: spot-check blocks
    for xy in "0 0" "31 31" "7 19" "20 3" "16 16"; do
        set -- $xy
        src=$("$CHECK" pixel "$tmp/$m.pgm" "$1" "$2")
        same=yes
        for dy in 0 2 4; do for dx in 0 3 4; do
            v=$("$CHECK" pixel "$tmp/$m.x5.pgm" $(($1 * 5 + dx)) $(($2 * 5 + dy)))
            [ "$v" = "$src" ] || same=no
        done; done
        expect_eq "model $m: scaled block ($1,$2) repeats pixel value $src" yes "$same"
    done

    "$DECODE" "$tmp/$m.tvm" --pips 4 --latent "$lat" -o - >"$tmp/$m.stdout.png" 2>"$tmp/err"
    check "model $m: -o - writes the same PNG bytes as -o FILE" cmp -s "$tmp/$m.stdout.png" "$tmp/$m.png"
    "$DECODE" "$tmp/$m.tvm" --pips 4 --latent "$lat" --pgm - >"$tmp/$m.stdout.pgm" 2>"$tmp/err"
    check "model $m: --pgm - writes the same PGM bytes as --pgm FILE" cmp -s "$tmp/$m.stdout.pgm" "$tmp/$m.pgm"
    cat "$tmp/$m.tvm" | "$DECODE" - --pips 4 --latent "$lat" --pgm "$tmp/$m.stdin.pgm" >/dev/null 2>&1
    check "model $m: model '-' reads standard input" cmp -s "$tmp/$m.stdin.pgm" "$tmp/$m.pgm"
done

# different inputs give different pictures (the decode is not a constant)
run "$tmp/b.tvm" --pips 1 --latent 12,-7,100 --pgm "$tmp/b1.pgm"
if cmp -s "$tmp/b1.pgm" "$tmp/b.pgm"; then fail "pips 1 and 4 give different images"; else pass "pips 1 and 4 give different images"; fi
finish
