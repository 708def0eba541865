#!/bin/sh
# Claim: the reference passes every golden vector over the stream protocol
# (tvae-target-host = conformance/target/tvae_target.c + ref/ on
# stdin/stdout), roll vectors included (ROLL request checked too).
. "${top_srcdir:-.}/conformance/test-lib.sh"
"$conform" --vectors "$V" --exec "'$host' --vectors '$V'" > "$tmp/out" 2>&1
rc=$?
[ $rc = 0 ] && pass "exit status 0" || fail "exit status $rc"
expect_in "$tmp/out" "target: host-reference (host), protocol 1"
expect_in "$tmp/out" "$total passed, 0 failed"
n=$(grep -c '^PASS ' "$tmp/out")
[ "$n" = "$total" ] && pass "$n PASS lines" || fail "$n PASS lines, expected $total"
# a target that carries only some models: the rest are skipped, not passed
"$conform" --vectors "$V" --exec "'$host' '$V/stress-e1.tvm'" --kind stress > "$tmp/out2" 2>&1
rc=$?
[ $rc = 0 ] && pass "partial target: exit 0" || fail "partial target: exit $rc"
expect_in "$tmp/out2" "42 passed, 0 failed"
expect_in "$tmp/out2" "skipped (model not on the target)"
finish
