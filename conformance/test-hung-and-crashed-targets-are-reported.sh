#!/bin/sh
# Claim: a hung, crashing, exiting or garbling stream target is reported as
# such for the vector it failed on, the runner never hangs, restarts the
# target and goes on; a target that never says HELLO is a clear error; an
# in-process plug-in that crashes or hangs is reported the same way.
. "${top_srcdir:-.}/conformance/test-lib.sh"
run() { # fault vector-count-expected
  timeout 60 "$conform" --vectors "$V" --vector stress-e0-L1:000 --timeout 2 \
    --exec "'$host' --vectors '$V' --fault $1 --fault-after 1" > "$tmp/$1" 2>&1
  echo $? > "$tmp/$1.rc"
}
run hang
[ "$(cat "$tmp/hang.rc")" = 1 ] && pass "hang: exit 1" || fail "hang: exit $(cat "$tmp/hang.rc")"
expect_in "$tmp/hang" "TIMEOUT: no complete answer within 2.0 s (target hung?)"
expect_in "$tmp/hang" "0 passed, 1 failed"
run segv
expect_in "$tmp/segv" "CRASH: the target was killed by signal 11"
expect_in "$tmp/segv" "0 passed, 1 failed"
run exit
expect_in "$tmp/exit" "CRASH: the target exited with status 3"
run noise
expect_in "$tmp/noise" "LINK: a frame from the target failed its CRC or length check"
# after a crash the runner restarts the target and the next vectors pass
timeout 60 "$conform" --vectors "$V" --model stress-e0-L1 --kind stress --timeout 2 \
  --exec "'$host' --vectors '$V' --fault exit --fault-after 5" > "$tmp/restart" 2>&1
expect_in "$tmp/restart" "FAIL stress-e0-L1:004"
expect_in "$tmp/restart" "34 passed, 8 failed"
# in-process plug-ins run in a child per vector: a crash or a hang is
# reported for its vectors and the others still run
"$conform" --vectors "$V" --model stress-e1 --kind stress \
  --impl "$wrong/crash.so:wrong_crash" --quiet > "$tmp/ipcrash" 2>&1
expect_in "$tmp/ipcrash" "FAIL stress-e1:002"
expect_in "$tmp/ipcrash" "CRASH: the implementation was killed by signal 11"
expect_in "$tmp/ipcrash" "30 passed, 12 failed"
timeout 60 "$conform" --vectors "$V" --vector stress-e1:002 --timeout 1 \
  --impl "$wrong/crash.so:wrong_hang" > "$tmp/iphang" 2>&1
expect_in "$tmp/iphang" "TIMEOUT: the implementation did not return within 1.0 s (hung?)"
expect_in "$tmp/iphang" "0 passed, 1 failed"
# no HELLO: silent target and dead target
timeout 60 "$conform" --vectors "$V" --exec "sleep 30" --hello-timeout 1 > "$tmp/silent" 2>&1
rc=$?
[ $rc = 2 ] && pass "silent target: exit 2" || fail "silent target: exit $rc"
expect_in "$tmp/silent" "target did not start: no HELLO within 1.0 s"
timeout 60 "$conform" --vectors "$V" --exec "exit 4" --hello-timeout 5 > "$tmp/dead" 2>&1
expect_in "$tmp/dead" "target did not start: no HELLO: the target exited with status 4"
finish
