# test-lib.sh -- sourced by the conformance tests: paths and helpers.
src=${top_srcdir:-.}
build=${top_builddir:-.}
conform="$build/conformance/tvae-conform"
host="$build/conformance/tvae-target-host"
wrong="$build/conformance/wrong/.libs"
V="$src/vectors"
total=$(sed -n 's/^vectors total //p' "$V/MANIFEST")
tmp=$(mktemp -d "${TMPDIR:-/tmp}/tvae-conform-test.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }
pass() { echo "PASS: $*"; }
# expect_in FILE TEXT: the runner's output must contain TEXT (fixed string)
expect_in() {
  if grep -F -q -- "$2" "$1"; then pass "output has: $2"
  else fail "output lacks: $2"; sed 's/^/    | /' "$1" | head -20; fi
}
finish() { [ "$failures" = 0 ] && exit 0; echo "$failures check(s) failed"; exit 1; }
