#!/bin/sh
# Claim: a decode with every output (PNG, PGM, preview, hashes, info) and a
# contact sheet run under valgrind memcheck with no error and no leak, and
# so do the error paths for a corrupt model and bad number text.
. "${top_srcdir:-$(dirname "$0")/../..}/tools/tests-cli/common.sh"

if ! command -v valgrind >/dev/null 2>&1; then
    echo "SKIP: valgrind is not installed (Debian: valgrind)"
    exit 77
fi
# tvae-decode may be a libtool wrapper script: run the real binary.
vg() {
    "$top_builddir/libtool" --mode=execute valgrind -q --error-exitcode=99 \
        --leak-check=full --errors-for-leak-kinds=definite,indirect "$DECODE" "$@" \
        >"$tmp/out" 2>"$tmp/err"
    rc=$?
}

model "$tmp/m.tvm" --latent 3 --dims 4_4_4_4 --extra 1 --seed 4
vg "$tmp/m.tvm" --seed 12 -o "$tmp/a.png" --pgm "$tmp/a.pgm" --preview=256 --hashes --info --scale 3
expect_eq "full decode under valgrind exits 0, no valgrind report" "0:" "$rc:$(grep -v '^tvae-decode' "$tmp/err")"
vg "$tmp/m.tvm" --sheet "$tmp/s.png" --columns 4 --scale 2
expect_eq "sheet under valgrind exits 0" "0:" "$rc:$(cat "$tmp/err")"
vg "$tmp/m.tvm" --pips 2 --real 0.5,-1,abc
expect_eq "bad number text under valgrind exits 1, one line" "1:1" "$rc:$(wc -l <"$tmp/err" | tr -d ' ')"
head -c 200 "$tmp/m.tvm" >"$tmp/t.tvm"
vg "$tmp/t.tvm" --seed 1
expect_eq "truncated model under valgrind exits 2, one line" "2:1" "$rc:$(wc -l <"$tmp/err" | tr -d ' ')"
finish
