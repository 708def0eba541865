#!/bin/sh
# compilers-warning-free.sh -- the decoder core (ref/) and the build/test
# engineer's C files compile without a single warning under BOTH gcc and
# clang with the project flags (-std=c99 -pedantic -Wall -Wextra
# -Wconversion -Wshadow -Werror), whichever compiler configure picked.
# A missing compiler is a SKIP (exit 77) with the reason, never a pass.
set -u
srcdir=${top_srcdir:-${srcdir:-.}}
flags="-std=c99 -pedantic -Wall -Wextra -Wconversion -Wshadow -Werror -D_POSIX_C_SOURCE=200809L"
inc="-I$srcdir/ref -I$srcdir/tools"
check_cflags=$(pkg-config --cflags check 2>/dev/null || true)
files="ref/tvae.c tools/modelgen.c tools/tvae-mkmodel.c tests/test-requantize.c
tests/test-operators.c tests/test-validate.c tests/test-checkvalues.c
tests/test-decode.c tests/test-modelgen.c tests/print-hashes.c"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0
missing=""
for cc in gcc clang; do
    if ! command -v "$cc" >/dev/null 2>&1; then
        echo "SKIP $cc: not found"
        missing="$missing $cc"
        continue
    fi
    n=0
    for f in $files; do
        # shellcheck disable=SC2086
        if ! "$cc" $flags $inc $check_cflags -fsyntax-only "$srcdir/$f" 2> "$tmp/err" || [ -s "$tmp/err" ]; then
            echo "FAIL $cc $f:"; cat "$tmp/err"; fail=1
        else
            n=$((n + 1))
        fi
    done
    echo "$cc: $n files warning-free"
done
[ "$fail" -eq 0 ] || exit 1
[ -z "$missing" ] || { echo "SKIP: missing compiler(s):$missing"; exit 77; }
exit 0
