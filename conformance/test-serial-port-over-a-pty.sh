#!/bin/sh
# Claim: --serial works: the runner opens a serial device, sets it raw,
# and certifies the target on the far end.  A pseudo-terminal stands in for
# the USB-UART cable (tvae-target-host on the master side, the runner on
# the slave device).  SKIP (77) without a Python to open the pty.
. "${top_srcdir:-.}/conformance/test-lib.sh"
py=${PYTHON:-/usr/bin/python3}
"$py" -c 'import pty, tty' 2>/dev/null || { echo "SKIP: no Python with pty/tty to make a pseudo-terminal"; exit 77; }
"$py" - "$host" "$conform" "$V" > "$tmp/out" 2>&1 <<'PY'
import os, subprocess, sys, tty
host, conform, vec = sys.argv[1:4]
master, slave = os.openpty()
tty.setraw(master)
p = subprocess.Popen([host, "--vectors", vec], stdin=master, stdout=master)
r = subprocess.run([conform, "--vectors", vec, "--serial", os.ttyname(slave),
                    "--model", "stress-e1", "--timeout", "10"], timeout=120)
p.kill()
sys.exit(r.returncode)
PY
rc=$?
[ $rc = 0 ] && pass "exit status 0" || fail "exit status $rc"
expect_in "$tmp/out" "target: host-reference (host), protocol 1"
expect_in "$tmp/out" "50 passed, 0 failed"
finish
