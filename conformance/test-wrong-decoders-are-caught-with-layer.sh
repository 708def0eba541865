#!/bin/sh
# Claim: each deliberately wrong decoder (conformance/wrong/) fails, and the
# runner names the layer where it first goes wrong, the first differing
# pixel, the count of differing pixels, max |difference|, PSNR, and writes
# the expected | got | difference PNG.  Also over the stream protocol.
. "${top_srcdir:-.}/conformance/test-lib.sh"
check() { # module vector expected-layer-line expected-pixel-line
  "$conform" --vectors "$V" --impl "$wrong/$1.so:wrong_decode" --vector "$2" \
    --png-dir "$tmp" > "$tmp/$1.out" 2>&1
  rc=$?
  [ $rc = 1 ] && pass "$1: exit status 1" || fail "$1: exit status $rc"
  expect_in "$tmp/$1.out" "FAIL $2"
  expect_in "$tmp/$1.out" "$3"
  expect_in "$tmp/$1.out" "$4"
  expect_in "$tmp/$1.out" "0 passed, 1 failed"
  png="$tmp/fail-$(echo "$2" | tr ':' '-').png"
  if [ "$(head -c 8 "$png" 2>/dev/null | od -An -tx1 | tr -d ' \n')" = 89504e470d0a1a0a ]; then
    pass "$1: wrote $(basename "$png")"
  else fail "$1: no PNG at $png"; fi
  rm -f "$png"
}
check half-even stress-ties:000 \
  "first differing layer: 0 (DENSE 1x1x1 -> 4x4x4): hash expected 0xfdeeb411, got 0xbb68cb5a" \
  "first differing pixel: (x 3, y 0) expected 114, got 113; 204 of 1024 pixels differ, max |difference| 1, PSNR 55.14 dB"
check truncate stress-e1:000 \
  "first differing layer: 0 (DENSE 2x1x1 -> 6x4x4): hash expected 0x7f19cfa0, got 0x488e92a5" \
  "first differing pixel: (x 0, y 0) expected 86, got 85; 479 of 1024 pixels differ, max |difference| 12, PSNR 42.68 dB"
check no-low-clamp stress-e1:000 \
  "first differing layer: 0 (DENSE 2x1x1 -> 6x4x4): hash expected 0x7f19cfa0, got 0x7f4a8c8f" \
  "first differing pixel: (x 0, y 0) expected 86, got 81; 1006 of 1024 pixels differ, max |difference| 255, PSNR 5.85 dB"
check acc16 stress-sat-pos:000 \
  "first differing layer: 0 (DENSE 2x1x1 -> 2x4x4): hash expected 0x631a3f40, got 0x6e0a4d30" \
  "first differing pixel: (x 0, y 0) expected 255, got 0; 1024 of 1024 pixels differ, max |difference| 255, PSNR 0.00 dB"
check convt-pad stress-e1:000 \
  "first differing layer: 1 (CONVT_S2 6x4x4 -> 5x8x8): hash expected 0x64aed5cc, got 0xefee3a3b" \
  "first differing pixel: (x 0, y 0) expected 86, got 0; 840 of 1024 pixels differ, max |difference| 255, PSNR 9.71 dB"

# every wrong decoder fails somewhere in the full set
for m in half-even truncate no-low-clamp acc16 convt-pad; do
  "$conform" --vectors "$V" --impl "$wrong/$m.so:wrong_decode" --quiet --no-png > "$tmp/all-$m" 2>&1
  rc=$?
  f=$(sed -n 's/^[0-9]* passed, \([0-9]*\) failed$/\1/p' "$tmp/all-$m")
  if [ $rc = 1 ] && [ "${f:-0}" -gt 0 ]; then pass "$m fails $f of $total vectors"
  else fail "$m: exit $rc, failed '${f}'"; fi
done

# the same diagnosis over the stream protocol (the host target runs the plug-in)
"$conform" --vectors "$V" --vector stress-e1:000 --no-png \
  --exec "'$host' --vectors '$V' --impl '$wrong/convt-pad.so:wrong_decode'" > "$tmp/stream" 2>&1
expect_in "$tmp/stream" "first differing layer: 1 (CONVT_S2 6x4x4 -> 5x8x8)"
expect_in "$tmp/stream" "0 passed, 1 failed"
finish
