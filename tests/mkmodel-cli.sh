#!/bin/sh
# mkmodel-cli.sh -- tools/tvae-mkmodel: writes the model tvae_synth builds,
# deterministically, and rejects bad arguments with a one-line error and a
# non-zero exit (never a crash).
set -u
builddir=${top_builddir:-.}
mk="$builddir/tools/tvae-mkmodel"
[ -x "$mk" ] || { echo "FAIL: $mk not built"; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0

ok() { # description, args...
    d=$1; shift
    if "$mk" "$@" > "$tmp/out" 2> "$tmp/err"; then
        echo "PASS: $d"
    else
        echo "FAIL: $d (exit $?): $(cat "$tmp/err")"; fail=1
    fi
}

bad() { # expected-exit description, args...
    want=$1 d=$2; shift 2
    "$mk" "$@" > "$tmp/out" 2> "$tmp/err"
    rc=$?
    lines=$(wc -l < "$tmp/err")
    if [ "$rc" -ne "$want" ]; then
        echo "FAIL: $d: exit $rc, expected $want"; fail=1
    elif [ "$lines" -ne 1 ] || ! grep -q '^tvae-mkmodel: ' "$tmp/err"; then
        echo "FAIL: $d: expected one 'tvae-mkmodel: ...' error line, got:"; cat "$tmp/err"; fail=1
    elif [ -s "$tmp/out" ]; then
        echo "FAIL: $d: printed to stdout on error"; fail=1
    else
        echo "PASS: $d -> $(cat "$tmp/err")"
    fi
}

ok "4_4_4_4 L=1" --latent 1 --dims 4_4_4_4 --extra 0 --seed 1 -o "$tmp/a.tvm"
ok "same again" --latent 1 --dims 4_4_4_4 --extra 0 --seed 1 -o "$tmp/b.tvm"
ok "other seed" --latent 1 --dims 4_4_4_4 --extra 0 --seed 2 -o "$tmp/c.tvm"
ok "stress modes" --latent 16 --dims 2_3_4_5 --extra 3 --seed 4294967295 --weights 3 --bias 3 --scale 3 -o "$tmp/d.tvm"
ok "defaults for extra and seed" --dims 1_1_1_1 --latent 1 -o "$tmp/e.tvm"
cmp -s "$tmp/a.tvm" "$tmp/b.tvm" || { echo "FAIL: same arguments, different bytes"; fail=1; }
cmp -s "$tmp/a.tvm" "$tmp/c.tvm" && { echo "FAIL: different seeds, same bytes"; fail=1; }
# 4_4_4_4, L = 1: 32 + 5*16 + dense (24*64 + 12 + 64 = 1612) + convt
# 4->4 (28 + 144 = 172) x 3 + convt 4->1 (7 + 36 = 43 -> 44) = 2284
size=$(wc -c < "$tmp/a.tvm" | tr -d ' ')
[ "$size" -eq 2284 ] || { echo "FAIL: 4_4_4_4 model is $size bytes, expected 2284"; fail=1; }
head -c 4 "$tmp/a.tvm" | grep -q TVAE || { echo "FAIL: no TVAE magic"; fail=1; }

bad 1 "no arguments"
bad 1 "missing --dims" --latent 1 -o "$tmp/x"
bad 1 "missing --latent" --dims 4_4_4_4 -o "$tmp/x"
bad 1 "missing -o" --latent 1 --dims 4_4_4_4
bad 1 "latent 0" --latent 0 --dims 4_4_4_4 -o "$tmp/x"
bad 1 "latent 17" --latent 17 --dims 4_4_4_4 -o "$tmp/x"
bad 1 "latent -1" --latent -1 --dims 4_4_4_4 -o "$tmp/x"
bad 1 "latent huge" --latent 99999999999999999999999 --dims 4_4_4_4 -o "$tmp/x"
bad 1 "latent text" --latent one --dims 4_4_4_4 -o "$tmp/x"
bad 1 "dims 3 parts" --latent 1 --dims 4_4_4 -o "$tmp/x"
bad 1 "dims 5 parts" --latent 1 --dims 4_4_4_4_4 -o "$tmp/x"
bad 1 "dims 0" --latent 1 --dims 0_4_4_4 -o "$tmp/x"
bad 1 "dims 65" --latent 1 --dims 4_4_4_65 -o "$tmp/x"
bad 1 "dims empty part" --latent 1 --dims 4__4_4 -o "$tmp/x"
bad 1 "dims long" --latent 1 --dims 4_4_4_44444444444444444444444444444444444444444444444444444444444444444 -o "$tmp/x"
bad 1 "extra 4" --latent 1 --dims 4_4_4_4 --extra 4 -o "$tmp/x"
bad 1 "seed 2^32" --latent 1 --dims 4_4_4_4 --seed 4294967296 -o "$tmp/x"
bad 1 "weights 4" --latent 1 --dims 4_4_4_4 --weights 4 -o "$tmp/x"
bad 1 "bias x" --latent 1 --dims 4_4_4_4 --bias x -o "$tmp/x"
bad 1 "scale empty" --latent 1 --dims 4_4_4_4 --scale "" -o "$tmp/x"
bad 1 "unknown option" --latent 1 --dims 4_4_4_4 --frobnicate -o "$tmp/x"
bad 1 "option without value" --latent 1 --dims 4_4_4_4 -o
bad 2 "unwritable output" --latent 1 --dims 4_4_4_4 -o "$tmp/no/such/dir/x.tvm"
[ -e "$tmp/x" ] && { echo "FAIL: an output file was written on error"; fail=1; }
exit $fail
