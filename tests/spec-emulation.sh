#!/bin/sh
# spec-emulation.sh -- cross-check the reference decoder against
# tests/spec_emul.py, an independent pure-Python implementation of the spec:
#  1. every "/* PINNED */" line of tests/test-decode.c: the pinned image
#     hash must be what the Python implementation computes;
#  2. a set of synthetic models (every E, L 1..16, stress modes): every
#     layer hash and the image hash of C (tests/print-hashes) and Python
#     must agree.
set -eu
srcdir=${top_srcdir:-${srcdir:-.}}
builddir=${top_builddir:-.}
py=${PYTHON:-/usr/bin/python3}
mk="$builddir/tools/tvae-mkmodel"
ph="$builddir/tests/print-hashes"
emul="$srcdir/tests/spec_emul.py"

if ! "$py" -c 'import struct, sys' >/dev/null 2>&1; then
    echo "SKIP: no working Python 3 ($py)"; exit 77
fi
for p in "$mk" "$ph"; do
    [ -x "$p" ] || { echo "FAIL: $p not built"; exit 1; }
done
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

fails=0
pinned=0
# {L, d1, d2, d3, d4, E, seed, w, b, s, roll_seed, 0xHASHu},
grep '/\* PINNED \*/' "$srcdir/tests/test-decode.c" \
  | sed 's/.*{\(.*\)}.*/\1/; s/,/ /g; s/u\b//' > "$tmp/pins"
while read -r L d1 d2 d3 d4 E seed w b s roll hash; do
    "$mk" --latent "$L" --dims "${d1}_${d2}_${d3}_${d4}" --extra "$E" --seed "$seed" \
        --weights "$w" --bias "$b" --scale "$s" -o "$tmp/m.tvm" >/dev/null
    got=$("$py" "$emul" "$tmp/m.tvm" roll "$roll" | awk '/^image/ {print $2}')
    pinned=$((pinned + 1))
    if [ "$(echo "$got" | tr a-f A-F)" != "$(echo "$hash" | tr a-f A-F)" ]; then
        echo "FAIL: pinned L=$L ${d1}_${d2}_${d3}_${d4} E=$E seed=$seed modes=$w$b$s roll=$roll: test-decode.c pins $hash, Python computes $got"
        fails=$((fails + 1))
    fi
done < "$tmp/pins"
[ "$pinned" -ge 5 ] || { echo "FAIL: only $pinned PINNED lines found"; exit 1; }
echo "pinned image hashes checked against Python: $pinned"

compared=0
for cfg in "1 1_1_1_1 0 0 0 0" "16 1_2_3_4 3 0 0 0" "2 4_4_4_4 1 0 0 0" \
           "7 5_6_7_8 2 0 0 0" "3 8_8_8_8 0 0 0 0" "4 2_3_4_5 3 3 3 3" \
           "2 2_2_2_2 2 1 1 1" "2 2_2_2_2 1 2 2 2" "5 3_3_3_3 0 0 3 3" \
           "12 4_4_16_16 1 3 0 3"; do
    set -- $cfg
    for seed in 1 2; do
        "$mk" --latent "$1" --dims "$2" --extra "$3" --seed "$seed" \
            --weights "$4" --bias "$5" --scale "$6" -o "$tmp/m.tvm" >/dev/null
        for roll in 0 1 99 4294967295; do
            "$ph" "$tmp/m.tvm" "$roll" > "$tmp/c.txt"
            "$py" "$emul" "$tmp/m.tvm" roll "$roll" > "$tmp/py.txt"
            compared=$((compared + 1))
            if ! cmp -s "$tmp/c.txt" "$tmp/py.txt"; then
                echo "FAIL: model L=$1 dims=$2 E=$3 modes=$4$5$6 seed=$seed roll=$roll: C and Python differ"
                diff "$tmp/c.txt" "$tmp/py.txt" || true
                fails=$((fails + 1))
            fi
        done
    done
done
echo "decodes compared layer by layer, C vs Python: $compared"
[ "$fails" -eq 0 ] || { echo "FAIL: $fails mismatches"; exit 1; }
echo "PASS"
