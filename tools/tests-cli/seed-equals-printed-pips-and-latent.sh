#!/bin/sh
# Claim: --seed N decodes exactly what --pips P --latent Z does with the
# P and Z it prints, and the printed roll is spec 6: for a uniform model
# with roll_mult 2, roll_shift 1 and L = 1, seed 1 gives p = 1, z = 43
# (spec 6.3 check value).
. "${top_srcdir:-$(dirname "$0")/../..}/tools/tests-cli/common.sh"

model "$tmp/l1.tvm" --latent 1 --dims 4_4_4_4 --seed 3
model "$tmp/l5.tvm" --latent 5 --dims 4_4_8_8 --extra 1 --seed 4
model "$tmp/l16.tvm" --latent 16 --dims 2_2_2_2 --seed 5

run "$tmp/l1.tvm" --seed 1 --pgm "$tmp/s.pgm"
expect_eq "seed 1, L = 1: spec 6.3 check value" "seed 1: --pips 1 --latent 43" "$(cat "$tmp/out")"

for m in l1 l5 l16; do
    for seed in 0 1 2 17 4242 0xDEADBEEF 4294967295; do
        run "$tmp/$m.tvm" --seed "$seed" --pgm "$tmp/seed.pgm" --hashes
        [ "$rc" -eq 0 ] || { fail "$m seed $seed exits 0 (got $rc)"; continue; }
        line=$(head -n 1 "$tmp/out")
        grep '^layer ' "$tmp/out" >"$tmp/seed.hashes"
        pips=$(echo "$line" | sed -n 's/^seed [0-9]*: --pips \([1-6]\) --latent \([-0-9,]*\)$/\1/p')
        lat=$(echo "$line" | sed -n 's/^seed [0-9]*: --pips \([1-6]\) --latent \([-0-9,]*\)$/\2/p')
        if [ -z "$pips" ] || [ -z "$lat" ]; then
            fail "$m seed $seed: printed line has the form 'seed N: --pips P --latent Z': $line"
            continue
        fi
        run "$tmp/$m.tvm" --pips "$pips" --latent "$lat" --pgm "$tmp/explicit.pgm" --hashes
        grep '^layer ' "$tmp/out" >"$tmp/explicit.hashes"
        check "$m seed $seed: image equals --pips $pips --latent $lat" cmp -s "$tmp/seed.pgm" "$tmp/explicit.pgm"
        check "$m seed $seed: layer hashes equal too" cmp -s "$tmp/seed.hashes" "$tmp/explicit.hashes"
    done
done

# hexadecimal seeds, either case, are the same numbers
"$DECODE" "$tmp/l5.tvm" --seed 3735928559 --pgm "$tmp/d.pgm" -q
"$DECODE" "$tmp/l5.tvm" --seed 0xdeadbeef --pgm "$tmp/h.pgm" -q
check "--seed 0xdeadbeef is --seed 3735928559" cmp -s "$tmp/d.pgm" "$tmp/h.pgm"
"$DECODE" "$tmp/l5.tvm" --seed 0XDEADBEEF --pgm "$tmp/H.pgm" -q
check "--seed 0XDEADBEEF is --seed 3735928559" cmp -s "$tmp/d.pgm" "$tmp/H.pgm"

# --pips with --seed keeps the rolled latent and replaces the pip count
run "$tmp/l5.tvm" --seed 9 --pgm "$tmp/a.pgm"
lat=$(sed -n 's/^seed 9: --pips [1-6] --latent \([-0-9,]*\)$/\1/p' "$tmp/out")
run "$tmp/l5.tvm" --seed 9 --pips 6 --pgm "$tmp/b.pgm"
expect_eq "--seed 9 --pips 6 prints pips 6 with the rolled latent" "seed 9: --pips 6 --latent $lat" "$(cat "$tmp/out")"
run "$tmp/l5.tvm" --pips 6 --latent "$lat" --pgm "$tmp/c.pgm"
check "--seed 9 --pips 6 equals --pips 6 --latent <rolled>" cmp -s "$tmp/b.pgm" "$tmp/c.pgm"
finish
