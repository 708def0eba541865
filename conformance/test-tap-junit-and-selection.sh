#!/bin/sh
# Claim: --kind/--model/--vector select exactly the vectors they name; --tap
# prints a TAP plan and one ok/not ok line per vector; --junit writes one
# testcase per vector with failures marked; bad arguments are one-line
# errors with exit status 2.
. "${top_srcdir:-.}/conformance/test-lib.sh"
nroll=$(sed -n 's/^vectors roll //p' "$V/MANIFEST")
"$conform" --vectors "$V" --kind roll --quiet > "$tmp/roll" 2>&1
expect_in "$tmp/roll" "$nroll passed, 0 failed"
"$conform" --vectors "$V" --model stress-e2-bell --quiet > "$tmp/model" 2>&1
expect_in "$tmp/model" "50 passed, 0 failed"
"$conform" --vectors "$V" --vector stress-e3:007 > "$tmp/one" 2>&1
expect_in "$tmp/one" "PASS stress-e3:007  stress  pips 2"
expect_in "$tmp/one" "1 passed, 0 failed"
"$conform" --vectors "$V" --model stress-e1 --tap > "$tmp/tap" 2>&1
[ "$(sed -n 2p "$tmp/tap")" = "1..50" ] && pass "TAP plan 1..50" || fail "TAP plan line '$(sed -n 2p "$tmp/tap")'"
n=$(grep -c '^ok [0-9]* - stress-e1:' "$tmp/tap")
[ "$n" = 50 ] && pass "50 TAP ok lines" || fail "$n TAP ok lines"
"$conform" --vectors "$V" --model stress-e1 --impl "$wrong/convt-pad.so:wrong_decode" \
  --tap --no-png > "$tmp/tapf" 2>&1
grep -q '^not ok 1 - stress-e1:000' "$tmp/tapf" && pass "TAP not ok line" || fail "no TAP not ok line"
grep -q '^  # first differing layer: 1 (CONVT_S2' "$tmp/tapf" && pass "TAP diagnostic names the layer" \
  || fail "TAP diagnostic missing"
"$conform" --vectors "$V" --model stress-e1 --impl "$wrong/convt-pad.so:wrong_decode" \
  --junit "$tmp/j.xml" --quiet --no-png > /dev/null 2>&1
f=$(grep -c '<failure message="first differing layer: 1 (CONVT_S2' "$tmp/j.xml")
c=$(grep -c '<testcase ' "$tmp/j.xml")
[ "$c" = 50 ] && pass "JUnit: 50 testcases" || fail "JUnit: $c testcases"
grep -q "failures=\"$f\"" "$tmp/j.xml" && [ "$f" -gt 0 ] && pass "JUnit: $f failures, each naming the layer" \
  || fail "JUnit failure count"
for bad in "--kind nope" "--vector nope:000" "--timeout -3" "--bogus" "--impl /nonexistent.so"; do
  "$conform" --vectors "$V" $bad > "$tmp/bad" 2>&1
  rc=$?
  lines=$(wc -l < "$tmp/bad")
  if [ $rc = 2 ] && [ "$lines" = 1 ]; then pass "'$bad': one-line error, exit 2"
  else fail "'$bad': exit $rc, $lines lines"; cat "$tmp/bad"; fi
done
finish
