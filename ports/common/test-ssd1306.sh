#!/bin/sh
# test-ssd1306.sh -- tools/tvae-ssd1306 (firmware text -> PNG pictures)
# accepts exactly the host reference's output for a roll (image equal to
# the host decode, pages equal to the spec/profiles.md frame) and rejects
# damaged or hostile input with one line on stderr and exit 1.
set -u
top=${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}
build=${top_builddir:-$top}
tool=$build/tools/tvae-ssd1306
expect=$build/ports/riscv/roll-expect
for p in "$tool" "$expect" "$build/tools/tvae-mkmodel"; do
    [ -x "$p" ] || { echo "FAIL: $p is not built"; exit 1; }
done
tmp=$(mktemp -d "${TMPDIR:-/tmp}/tvae-ssd1306.XXXXXX")
trap 'rm -rf "$tmp"' EXIT INT TERM
status=0
pass() { echo "PASS $1"; }
bad() { echo "FAIL $1"; status=1; }
model=$tmp/m.tvm
"$build/tools/tvae-mkmodel" --latent 2 --dims 4_4_4_4 --seed 5 -o "$model" > /dev/null || exit 1
"$expect" "$model" 9 > "$tmp/log" || exit 1
"$expect" "$model" 10 >> "$tmp/log" || exit 1

if "$tool" -i "$tmp/log" --seed 10 --model "$model" --image "$tmp/i.png" --frame "$tmp/f.png" > "$tmp/out" 2>&1 \
   && grep -q "seed 10 .*image equals the host decode" "$tmp/out" && [ -s "$tmp/i.png" ] && [ -s "$tmp/f.png" ]; then
    pass "host reference roll accepted, PNGs written"
else bad "host reference roll: $(cat "$tmp/out")"; fi
# PNG sizes: 32 * 8 square image, 128x64 frame at 4x
w=$(od -An -tu1 -j16 -N8 "$tmp/i.png" | awk '{ print $3 * 256 + $4, $7 * 256 + $8 }')
f=$(od -An -tu1 -j16 -N8 "$tmp/f.png" | awk '{ print $3 * 256 + $4, $7 * 256 + $8 }')
[ "$w" = "256 256" ] && [ "$f" = "512 256" ] && pass "image 256x256, frame 512x256" || bad "PNG sizes $w / $f"

# the seed-9 block's pixels under the seed-10 roll: rejected by --model
sed -n '1,41p' "$tmp/log" | sed 's/^seed 9 /seed 10 /' > "$tmp/wrong"
"$tool" -i "$tmp/wrong" --model "$model" > /dev/null 2> "$tmp/err"
[ $? -eq 1 ] && [ "$(wc -l < "$tmp/err")" -eq 1 ] && pass "wrong image rejected: $(cat "$tmp/err")" || bad "wrong image"

# one frame bit flipped
awk '$1 == "page" && $2 == "4" && !d { s = $3; c = substr(s, 129, 1); c = (c == "f") ? "e" : "f"; $3 = substr(s, 1, 128) c substr(s, 130); d = 1 } { print }' "$tmp/log" > "$tmp/flip"
"$tool" -i "$tmp/flip" > /dev/null 2> "$tmp/err"
[ $? -eq 1 ] && grep -q "does not follow spec/profiles.md" "$tmp/err" && pass "flipped frame bit rejected" || bad "flipped frame bit: $(cat "$tmp/err")"

# missing row, repeated page, truncation at every 97th byte, random bytes
grep -v '^row 1f' "$tmp/log" | "$tool" > /dev/null 2> "$tmp/err"
[ $? -eq 1 ] && pass "missing row rejected: $(cat "$tmp/err")" || bad "missing row"
awk '{ print } $1 == "page" && $2 == "2" { print }' "$tmp/log" | "$tool" > /dev/null 2> "$tmp/err"
[ $? -eq 1 ] && pass "repeated page rejected: $(cat "$tmp/err")" || bad "repeated page"
size=$(wc -c < "$tmp/log")
n=0 ok=1
i=1
while [ $i -lt $((size / 2)) ]; do
    head -c $i "$tmp/log" | "$tool" > /dev/null 2> "$tmp/err"
    rc=$?
    if [ $rc -ne 1 ] || [ "$(wc -l < "$tmp/err")" -ne 1 ]; then ok=0; echo "  truncated at $i: exit $rc"; fi
    n=$((n + 1))
    i=$((i + 97))
done
[ $ok -eq 1 ] && pass "$n truncations of the first block each rejected with one line" || bad "truncations"
for s in 1 2 3 4 5; do
    head -c 20000 /dev/urandom > "$tmp/rnd"
    "$tool" -i "$tmp/rnd" > /dev/null 2> "$tmp/err"
    rc=$?
    [ $rc -eq 1 ] && [ "$(wc -l < "$tmp/err")" -eq 1 ] || { bad "random bytes: exit $rc"; break; }
done
[ $status -eq 0 ] && pass "random bytes rejected with one line, 5 times"
"$tool" --scale 3 < "$tmp/log" > /dev/null 2>&1; [ $? -eq 1 ] && pass "odd --scale rejected" || bad "--scale 3"
"$tool" --bogus x > /dev/null 2>&1; [ $? -eq 2 ] && pass "unknown option: exit 2" || bad "unknown option"
exit $status
