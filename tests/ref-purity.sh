#!/bin/sh
# ref-purity.sh -- spec 1.3: ref/ includes only <stdint.h> and <stddef.h>,
# uses no floating point, no allocation, no I/O and no mutable globals.
#  - preprocessor includes of ref/tvae.c and ref/tvae.h: only those two
#    system headers (and "tvae.h");
#  - compiled for the host with -mgeneral-regs-only (x86-64 gcc): any float
#    or double operation is a compile error;
#  - the host object has no undefined symbol at all (no libc, no libm, no
#    malloc, no stdio) and no writable data (.data/.bss are empty).
set -u
srcdir=${top_srcdir:-${srcdir:-.}}
cc=${CC:-cc}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0

for f in "$srcdir/ref/tvae.c" "$srcdir/ref/tvae.h"; do
    bad=$(grep -E '^[[:space:]]*#[[:space:]]*include' "$f" \
          | grep -v -E '<(stdint|stddef)\.h>|"tvae\.h"' || true)
    if [ -n "$bad" ]; then
        echo "FAIL: $f includes more than <stdint.h>/<stddef.h>: $bad"
        fail=1
    fi
    if grep -n -E '\b(float|double|malloc|calloc|realloc|free|printf|fprintf|FILE)\b' "$f" \
        | grep -v -E '^\s*[0-9]+:\s*(/\*|\*)' > "$tmp/words"; then
        echo "FAIL: $f mentions float/alloc/IO identifiers:"; cat "$tmp/words"; fail=1
    fi
done

case "$(uname -m)" in
    x86_64|i?86)
        if $cc -std=c99 -pedantic -Wall -Wextra -Werror -mgeneral-regs-only -O2 \
               -c "$srcdir/ref/tvae.c" -o "$tmp/gr.o" 2> "$tmp/gr.err"; then
            echo "PASS: compiles with -mgeneral-regs-only (no float/double anywhere)"
        else
            echo "FAIL: does not compile with -mgeneral-regs-only:"; cat "$tmp/gr.err"; fail=1
        fi ;;
    *) echo "note: -mgeneral-regs-only check needs x86; skipped on $(uname -m)" ;;
esac

if $cc -std=c99 -O2 -c "$srcdir/ref/tvae.c" -o "$tmp/ref.o"; then
    und=$(nm -u "$tmp/ref.o" | awk '{print $2}' | tr '\n' ' ')
    if [ -n "$und" ]; then
        echo "FAIL: ref/tvae.c needs external symbols: $und"; fail=1
    else
        echo "PASS: no undefined symbols (no libc, libm, allocation or I/O)"
    fi
    data=$(size -A "$tmp/ref.o" | awk '$1 ~ /^\.(data|bss)/ && $2 > 0 {print $1 "=" $2}' | tr '\n' ' ')
    if [ -n "$data" ]; then
        echo "FAIL: writable data in ref/tvae.c: $data"; fail=1
    else
        echo "PASS: no .data/.bss (no mutable global state)"
    fi
else
    echo "FAIL: host compile of ref/tvae.c"; fail=1
fi
exit $fail
