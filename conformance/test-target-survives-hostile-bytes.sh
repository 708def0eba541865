#!/bin/sh
# Claim: the target half (target/tvae_target.c, here inside tvae-target-host)
# answers every malformed request with the right ERROR frame, survives line
# noise and bogus lengths, and stays in sync: a HELLO_REQ after the garbage
# is still answered.  The frames below are fixed protocol bytes (CRC-32
# precomputed), so the test needs nothing but printf and od.
. "${top_srcdir:-.}/conformance/test-lib.sh"
hello='\245\132\001\000\000\045\263\203\376'
{
  printf "$hello"
  printf '\245\132\001\000\000\000\000\000\000'        # HELLO_REQ, CRC wrong
  printf '\245\132\177\000\000\177\366\354\240'         # unknown type 0x7f
  printf '\245\132\002\007\000\170\126\064\022\001\001\000\000\172\046\060'  # DECODE, model not there
  printf '\245\132\002\030\000\170\126\064\022\001\024\000\000\000\000\000\000\000\000\000\000\000\000\000\000\000\000\000\000\002\355\243\351'  # DECODE L=20
  printf '\245\132\003\005\000\000\000\000\000\000\055\367\225\271'  # ROLL, 5-byte payload
  printf '\245\132\002\377\377'                         # a 65535-byte length
  cat "$V/stress-e1.tvm" "$V/stress-e0-L1.tvv"          # 57 KB of line noise
  head -c 64 /dev/zero
  printf "$hello"
} > "$tmp/in"
"$host" --vectors "$V" < "$tmp/in" > "$tmp/out" 2> "$tmp/err"
rc=$?
[ $rc = 0 ] && pass "target exits 0 at end of input" || fail "target exit status $rc"
hex=$(od -An -v -tx1 "$tmp/out" | tr -d ' \n')
has() { case "$hex" in *"$1"*) pass "$2";; *) fail "$2 (no $1 in the output)";; esac; }
has a55a8602000101 "bad CRC -> ERROR 1 (request type 0x01)"
has a55a860200037f "unknown type -> ERROR 3 (type 0x7f)"
has a55a8602000402 "unknown model -> ERROR 4 (DECODE)"
has a55a8602000202 "DECODE with L=20 -> ERROR 2"
has a55a8602000203 "ROLL with 5 bytes -> ERROR 2"
has a55a86020002 "oversized length -> ERROR 2"
n=$(printf '%s' "$hex" | grep -oE 'a55a81[0-9a-f]{4}0100' | wc -l)
[ "$n" = 2 ] && pass "HELLO answered before and after the garbage" || fail "$n HELLO frames, expected 2"
finish
