# common.sh -- sourced by the tvae-decode tests (tools/tests-cli/*.sh).
#
# Provides: $DECODE (tvae-decode), $MKMODEL (tvae-mkmodel), $CHECK
# (tvae-imgcheck, the independent checker), $tmp (a scratch directory
# removed at exit), pass/fail counting, and helpers that run a command and
# check its exit status, stdout and stderr.  Every check prints one
# "ok"/"FAIL" line; `finish` exits 1 when any check failed.

set -u
: "${top_builddir:=$(cd "$(dirname "$0")/../.." && pwd)}"
: "${top_srcdir:=$top_builddir}"
DECODE="$top_builddir/tools/tvae-decode"
MKMODEL="$top_builddir/tools/tvae-mkmodel"
CHECK="$top_builddir/tools/tests-cli/tvae-imgcheck"
for prog in "$DECODE" "$MKMODEL" "$CHECK"; do
    if [ ! -x "$prog" ]; then
        echo "FAIL: $prog is not built" >&2
        exit 1
    fi
done
# With a shared libtvae, tools/tvae-decode is a libtool wrapper script that
# costs a shell per run; resolve the real binary and its library path once
# (libtool --mode=execute rewrites the wrapper's name into the binary's).
if [ -x "$top_builddir/libtool" ]; then
    resolved=$("$top_builddir/libtool" --mode=execute sh -c \
        'printf "%s\n%s\n" "$0" "${LD_LIBRARY_PATH:-}"' "$DECODE" 2>/dev/null) &&
    real=$(printf '%s\n' "$resolved" | sed -n 1p) &&
    [ -x "$real" ] && {
        DECODE=$real
        LD_LIBRARY_PATH=$(printf '%s\n' "$resolved" | sed -n 2p)
        export LD_LIBRARY_PATH
    }
fi
tmp=$(mktemp -d "${TMPDIR:-/tmp}/tvae-cli.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT
checks=0
failures=0

pass() { checks=$((checks + 1)); echo "ok $checks - $*"; }
fail() { checks=$((checks + 1)); failures=$((failures + 1)); echo "FAIL $checks - $*"; }

# check DESCRIPTION COMMAND...: pass when COMMAND succeeds.
check() {
    what=$1; shift
    if "$@"; then pass "$what"; else fail "$what"; fi
}

# expect_eq DESCRIPTION EXPECTED ACTUAL
expect_eq() {
    if [ "$2" = "$3" ]; then pass "$1"; else fail "$1: expected '$2', got '$3'"; fi
}

# run ARGS...: run tvae-decode; sets $rc, $tmp/out, $tmp/err.
run() {
    "$DECODE" "$@" >"$tmp/out" 2>"$tmp/err"
    rc=$?
}

# expect_error CODE TEXT ARGS...: tvae-decode ARGS must exit with CODE and
# print exactly one line on stderr that starts with "tvae-decode: " and
# contains TEXT.
expect_error() {
    code=$1; text=$2; shift 2
    run "$@"
    lines=$(wc -l <"$tmp/err")
    first=$(head -c 13 "$tmp/err")
    if [ "$rc" -ne "$code" ]; then
        fail "[$*] exit $code expected, got $rc: $(head -n 1 "$tmp/err")"
    elif [ "$lines" -ne 1 ] || [ "$(wc -c <"$tmp/err")" -lt 14 ]; then
        fail "[$*] exactly one stderr line expected, got $lines"
    elif [ "$first" != "tvae-decode: " ]; then
        fail "[$*] stderr must start with 'tvae-decode: ': $(cat "$tmp/err")"
    elif ! grep -F -q -- "$text" "$tmp/err"; then
        fail "[$*] stderr lacks '$text': $(cat "$tmp/err")"
    else
        pass "[$*] exits $code: $(cat "$tmp/err")"
    fi
}

# model FILE ARGS...: write a synthetic model with tvae-mkmodel.
model() {
    out=$1; shift
    "$MKMODEL" "$@" -o "$out" || { echo "FAIL: tvae-mkmodel $*" >&2; exit 1; }
}

finish() {
    echo "# $checks checks, $failures failed"
    [ "$failures" -eq 0 ]
    exit $?
}
