#!/bin/sh
# test-conform.sh -- the AVR port against the golden vectors, under simavr.
#
# Every model of vectors/ is built into an AVR conformance firmware
# (ports/avr/conform.c, streaming decoder, models in flash) and the
# conformance runner drives it over the stream protocol:
#   tvae-conform --vectors vectors --exec "simavr-run -m MCU fw.elf"
# Models go into ATmega328P firmwares (the real 2 KB / 32 KB part) when
# their flash and streaming work memory fit it; the others into
# ATmega1284P firmwares (16 KB / 128 KB, labelled "conformance part");
# a model that fits neither (models above the 60 KB an AVR program-memory
# pointer reaches) is excluded, with the reason printed.  Exit 77 (SKIP,
# with the reason) when avr-gcc/simavr or the vectors are missing.
set -u
top=${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}
build=${top_builddir:-$top}
if [ "${TVAE_HAVE_AVR:-}" != yes ]; then
    echo "SKIP: AVR port not configured (avr-gcc, avr-libc and libsimavr-dev needed; see configure's summary)"
    exit 77
fi
conform=${TVAE_CONFORM:-$build/conformance/tvae-conform}
runner=$build/ports/avr/simavr-run
carray=$build/ports/common/tvae-carray
vectors=${TVAE_VECTORS_DIR:-$top/vectors}
for p in "$conform" "$runner" "$carray"; do
    [ -x "$p" ] || { echo "FAIL: $p is not built"; exit 1; }
done
set -- "$vectors"/*.tvm
if [ ! -f "$1" ]; then
    echo "SKIP: no golden vectors in $vectors (make vectors)"
    exit 77
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/tvae-avr-conform.XXXXXX")
trap 'rm -rf "$tmp"' EXIT INT TERM

# Plan: greedy groups per part.  Budgets: the conform program's code is
# about 8.3 KB; static RAM besides the work buffer about 60 bytes plus 4
# per model; a 448-byte stack reserve (fw-build.sh checks it for real).
code=8800 reserve=448
: > "$tmp/plan"
"$carray" --info "$@" > "$tmp/info" || { echo "FAIL: cannot read the vector models"; exit 1; }
awk -v code=$code -v reserve=$reserve '
function flush(part) {
    if (n[part] > 0) { print part, files[part] >> plan; n[part] = 0; files[part] = ""; bytes[part] = 0; work[part] = 0 }
}
function place(part, flash, sram, f, size, w) {
    if (size + code > flash || w + 100 + reserve > sram) return 0
    if (n[part] > 0 && (bytes[part] + size + code > flash || (w > work[part] ? w : work[part]) + 100 + 4 * (n[part] + 1) + reserve > sram))
        flush(part)
    files[part] = files[part] " " f; n[part]++; bytes[part] += size
    if (w > work[part]) work[part] = w
    return 1
}
{
    f = $1; size = $3; w = $9
    if (place("atmega328p", 32768, 2048, f, size, w)) next
    if (place("atmega1284p", 61440 + code, 16384, f, size, w)) next
    print "exclude", f, "model " size " bytes: above the 60 KB of program memory a 16-bit AVR pointer reaches" >> plan
}
END { flush("atmega328p"); flush("atmega1284p") }
' plan="$tmp/plan" "$tmp/info"

# Build every firmware, then run the groups two at a time (each group is
# one simavr process; the 1284P group's big models take longest).
status=0 groups=0 total_pass=0
: > "$tmp/groups"
while read -r part files; do
    if [ "$part" = exclude ]; then
        set -- $files
        echo "excluded: $(basename "$1"): $(echo "$files" | cut -d' ' -f2-)"
        continue
    fi
    groups=$((groups + 1))
    elf=$tmp/conform-$groups-$part.elf
    label=$part
    [ "$part" = atmega1284p ] && label="atmega1284p (conformance part: these models do not fit the 328P)"
    names=$(for f in $files; do basename "$f" .tvm; done | tr '\n' ' ')
    echo "firmware $groups on $label: $names"
    # shellcheck disable=SC2086
    if ! top_srcdir=$top top_builddir=$build "$top/ports/avr/fw-build.sh" "$part" conform stream "$elf" $files; then
        echo "FAIL: firmware $groups does not build"
        status=1
        continue
    fi
    echo "$groups $part $elf" >> "$tmp/groups"
done < "$tmp/plan"

run_group() { # n part elf
    "$conform" --vectors "$vectors" --exec "$runner -m $2 $3" --timeout 300 > "$tmp/out-$1" 2>&1
    echo $? > "$tmp/rc-$1"
}
running=0
while read -r n part elf; do
    echo "progress: running firmware $n ($part) under simavr"
    run_group "$n" "$part" "$elf" &
    running=$((running + 1))
    if [ $running -ge 2 ]; then wait; running=0; fi
done < "$tmp/groups"
wait
while read -r n part elf; do
    out=$tmp/out-$n
    rc=$(cat "$tmp/rc-$n")
    echo "firmware $n ($part):"
    grep -v "skipped\|^SKIP" "$out" | sed 's/^/  /'
    grep "skipped (model not on the target)" "$out" | sed 's/^/  (other firmwares) /'
    if [ "$rc" -ne 0 ]; then
        echo "FAIL: firmware $n: tvae-conform exit $rc"
        status=1
    fi
    p=$(sed -n 's/^\([0-9]*\) passed.*/\1/p' "$out" | tail -1)
    total_pass=$((total_pass + ${p:-0}))
done < "$tmp/groups"
echo "test-conform.sh: $groups AVR firmwares, $total_pass vectors passed"
[ $groups -gt 0 ] || { echo "FAIL: no firmware built"; exit 1; }
exit $status
