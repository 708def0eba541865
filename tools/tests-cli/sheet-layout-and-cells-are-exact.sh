#!/bin/sh
# Claim: --sheet writes a greyscale PNG of the documented size (label
# margins, 1-pixel grey grid, 6 rows x K columns of 32*scale cells), whose
# every cell is bit-identical to the single decode it stands for: the
# latent-0 sweep over -128..127, or the seeds N + (P-1)*K + c.
. "${top_srcdir:-$(dirname "$0")/../..}/tools/tests-cli/common.sh"

model "$tmp/m.tvm" --latent 2 --dims 4_4_8_8 --seed 21

# cell_matches SHEET SCALE TOP COLS ROW COL ARGS...: crop the cell and
# compare it with tvae-decode ARGS --scale SCALE.
cell_matches() {
    sheet=$1 s=$2 top=$3 cols=$4 row=$5 col=$6; shift 6
    cell=$((32 * s)); left=$((7 * s))
    x=$((left + col * (cell + 1) + 1)); y=$((top + row * (cell + 1) + 1))
    "$CHECK" crop "$sheet" "$x" "$y" "$cell" "$cell" "$tmp/cell.pgm" &&
    "$DECODE" "$tmp/m.tvm" "$@" --scale "$s" --pgm "$tmp/one.pgm" >/dev/null 2>&1 &&
    cmp -s "$tmp/cell.pgm" "$tmp/one.pgm"
}

# sweep, default 8 columns, scale 1
run "$tmp/m.tvm" --sheet "$tmp/s1.png"
expect_eq "sweep sheet exits 0 quietly" "0:" "$rc:$(cat "$tmp/out" "$tmp/err")"
expect_eq "8 columns at scale 1: 7+8*33+1 x 9+6*33+1" "272 208" "$("$CHECK" size "$tmp/s1.png")"
expect_eq "grid line at the first cell corner is grey 150" 150 "$("$CHECK" pixel "$tmp/s1.png" 7 9)"
expect_eq "grid line between columns 0 and 1" 150 "$("$CHECK" pixel "$tmp/s1.png" 40 100)"
expect_eq "grid line at the bottom edge" 150 "$("$CHECK" pixel "$tmp/s1.png" 100 207)"
expect_eq "margin background is white" 255 "$("$CHECK" pixel "$tmp/s1.png" 0 207)"
expect_eq "row label '1' is drawn dark grey 70" 70 "$("$CHECK" pixel "$tmp/s1.png" 3 23)"
expect_eq "column label '-128' is drawn (its '-' at x=16, y=4)" 70 "$("$CHECK" pixel "$tmp/s1.png" 16 4)"
for rc_ in "0 0 -128" "0 7 127" "2 1 -92" "5 3 -19" "3 4 18" "4 6 91"; do
    set -- $rc_
    check "sweep cell row $1 col $2 is --pips $(($1 + 1)) --latent $3,0" \
        cell_matches "$tmp/s1.png" 1 9 8 "$1" "$2" --pips $(($1 + 1)) --latent "$3,0"
done

# sweep, 3 columns, scale 2: z0 = -128, 0 (rounded 127.5 -> -128+128), 127
run "$tmp/m.tvm" --sheet "$tmp/s2.png" --columns 3 --scale 2
expect_eq "3 columns at scale 2: 14+3*65+1 x 18+6*65+1" "210 409" "$("$CHECK" size "$tmp/s2.png")"
check "sweep x2 cell row 1 col 1 is --latent 0,0" cell_matches "$tmp/s2.png" 2 18 3 1 1 --pips 2 --latent 0,0
check "sweep x2 cell row 5 col 2 is --latent 127,0" cell_matches "$tmp/s2.png" 2 18 3 5 2 --pips 6 --latent 127,0

# one column: latent 0
run "$tmp/m.tvm" --sheet "$tmp/s3.png" --columns 1
check "one-column sweep uses z0 = 0" cell_matches "$tmp/s3.png" 1 9 1 4 0 --pips 5 --latent 0,0

# seeds from 100, 5 columns, scale 1, no top label band
run "$tmp/m.tvm" --sheet "$tmp/s4.png" --columns 5 --sheet-seeds=100
expect_eq "seed sheet: 7+5*33+1 x 6*33+1" "173 199" "$("$CHECK" size "$tmp/s4.png")"
for rc_ in "0 0" "0 4" "3 2" "5 4"; do
    set -- $rc_
    seed=$((100 + $1 * 5 + $2))
    check "seed cell row $1 col $2 is --seed $seed --pips $(($1 + 1))" \
        cell_matches "$tmp/s4.png" 1 0 5 "$1" "$2" --seed "$seed" --pips $(($1 + 1))
done
# default first seed is 1
run "$tmp/m.tvm" --sheet "$tmp/s5.png" --columns 2 --sheet-seeds
check "seed sheet default starts at seed 1" cell_matches "$tmp/s5.png" 1 0 2 0 0 --seed 1 --pips 1
check "seed sheet row 2 col 1 is seed 6" cell_matches "$tmp/s5.png" 1 0 2 2 1 --seed 6 --pips 3
finish
