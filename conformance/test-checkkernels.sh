#!/bin/sh
# Claim: checkkernels passes the reference's kernels and ports/common's
# 32-bit requantization, and catches a wrong convt kernel and a kernel that
# writes past its output, printing the seed that reproduces the failure.
. "${top_srcdir:-.}/conformance/test-lib.sh"
ck="$build/conformance"
for p in checkkernels checkkernels-stream; do
  "$ck/$p" --seed 12345 > "$tmp/$p" 2>&1
  rc=$?
  [ $rc = 0 ] && pass "$p: exit 0" || fail "$p: exit $rc"
  expect_in "$tmp/$p" "all kernels match the reference (seed 12345)"
done
"$ck/checkkernels-wrong-convt" --seed 12345 > "$tmp/wc" 2>&1
[ $? = 1 ] && pass "wrong convt: exit 1" || fail "wrong convt: not caught"
expect_in "$tmp/wc" "FAIL convt"
expect_in "$tmp/wc" "reproduce: checkkernels --seed 12345 --kernel convt"
"$ck/checkkernels-wrong-overrun" --seed 12345 > "$tmp/wo" 2>&1
[ $? = 1 ] && pass "overrun: exit 1" || fail "overrun: not caught"
expect_in "$tmp/wo" "FAIL conv"
expect_in "$tmp/wo" "wrote outside its output"
finish
