#!/bin/sh
# Claim: a damaged vector set (truncated or altered .tvv, altered or
# missing model, a .tvv of another model, a hostile MANIFEST) is refused
# with a one-line error and exit status 2, never run, never a crash.
. "${top_srcdir:-.}/conformance/test-lib.sh"
mk() { # fresh one-model set in $tmp/s
  rm -rf "$tmp/s"; mkdir "$tmp/s"
  cp "$V/stress-e1.tvm" "$V/stress-e1.tvv" "$tmp/s/"
  grep '^model stress-e1 ' "$V/MANIFEST" > "$tmp/s/MANIFEST"
}
expect_refusal() { # what expected-text
  "$conform" --vectors "$tmp/s" --quiet > "$tmp/o" 2>&1
  rc=$?
  lines=$(wc -l < "$tmp/o")
  if [ $rc = 2 ] && [ "$lines" = 1 ] && grep -q -F -- "$2" "$tmp/o"; then
    pass "$1: $(cat "$tmp/o")"
  else fail "$1: exit $rc, $lines lines: $(head -3 "$tmp/o")"; fi
}
flip() { # file offset: invert one byte
  b=$(od -An -tu1 -j "$2" -N 1 "$1" | tr -d ' ')
  printf "$(printf '\\%03o' $(( 255 - b )))" | dd of="$1" bs=1 seek="$2" conv=notrunc 2>/dev/null
}
mk; "$conform" --vectors "$tmp/s" --quiet > "$tmp/o" 2>&1 && pass "intact copy runs" || fail "intact copy"
mk; head -c 5000 "$V/stress-e1.tvv" > "$tmp/s/stress-e1.tvv"
expect_refusal "truncated .tvv" "file size disagrees with the record count"
mk; flip "$tmp/s/stress-e1.tvv" 3000
expect_refusal "one byte of an image changed" "vector file CRC-32 mismatch"
mk; flip "$tmp/s/stress-e1.tvv" 13
expect_refusal "record count changed" "stress-e1.tvv"
mk; flip "$tmp/s/stress-e1.tvm" 100
expect_refusal "model byte changed" "invalid model: CRC-32 mismatch"
mk; cp "$V/stress-e0-L1.tvv" "$tmp/s/stress-e1.tvv"
expect_refusal ".tvv of another model" "does not belong to stress-e1.tvm"
mk; rm "$tmp/s/stress-e1.tvm"
expect_refusal "missing model" "stress-e1.tvm: No such file"
mk; echo "model ../../etc/passwd crc 0" > "$tmp/s/MANIFEST"
expect_refusal "path in MANIFEST" "not allowed"
mk; : > "$tmp/s/MANIFEST"
expect_refusal "empty MANIFEST" "no models listed"
mk; head -c 31 "$V/stress-e1.tvv" > "$tmp/s/stress-e1.tvv"
expect_refusal "header cut short" "shorter than its 32-byte header"
finish
