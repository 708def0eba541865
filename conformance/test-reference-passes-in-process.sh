#!/bin/sh
# Claim: the reference decoder passes every golden vector in-process, both
# linked in and loaded as a plug-in (the control build of wrong/mutant.h,
# a second decoder written separately, loaded with --impl LIB:SYMBOL).
. "${top_srcdir:-.}/conformance/test-lib.sh"
"$conform" --vectors "$V" --quiet > "$tmp/out" 2>&1
rc=$?
[ $rc = 0 ] && pass "exit status 0" || fail "exit status $rc"
expect_in "$tmp/out" "$total passed, 0 failed"
[ "$(tail -n 1 "$tmp/out")" = "$total passed, 0 failed" ] && pass "summary is the last line" \
  || fail "last line is '$(tail -n 1 "$tmp/out")'"
"$conform" --vectors "$V" --model stress-e1 --quiet --table > "$tmp/table" 2>&1
expect_in "$tmp/table" "| stress-e1 | 3432 | 2 | 3_4_5_6 + 1 | 0 | 42 | 8 | all 50 pass |"
"$conform" --vectors "$V" --impl "$wrong/control.so:wrong_decode" --quiet > "$tmp/out2" 2>&1
rc=$?
[ $rc = 0 ] && pass "control plug-in: exit status 0" || fail "control plug-in: exit status $rc"
expect_in "$tmp/out2" "$total passed, 0 failed"
finish
