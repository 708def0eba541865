#!/bin/sh
# test-roll.sh -- the AVR example firmware (ports/avr/roll.c) rolls dice
# exactly: for seeds 1, 2, 3 and 4294967295 its "seed", 32 "row" and 8
# "page" (SSD1306 frame, spec/profiles.md) lines must equal what
# ports/riscv/roll-expect computes on the host with the reference decoder.
# Checked for the streaming firmware linked for the real ATmega328P and
# for the layer-by-layer reference firmware, which only fits the
# ATmega1284P (the 328P build must fail with "does not fit").  The
# streaming firmware runs every zoo model (models/*.tvm; a synthetic
# 4_4_4_4 when there is none) that fits the 328P; the reference firmware
# the first one.  Bad seed lines must each get one error line.
set -u
top=${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}
build=${top_builddir:-$top}
if [ "${TVAE_HAVE_AVR:-}" != yes ]; then
    echo "SKIP: AVR port not configured (avr-gcc, avr-libc and libsimavr-dev needed)"
    exit 77
fi
runner=$build/ports/avr/simavr-run
expect=$build/ports/riscv/roll-expect
for p in "$runner" "$expect" "$build/ports/common/tvae-carray"; do
    [ -x "$p" ] || { echo "FAIL: $p is not built"; exit 1; }
done
tmp=$(mktemp -d "${TMPDIR:-/tmp}/tvae-avr-roll.XXXXXX")
trap 'rm -rf "$tmp"' EXIT INT TERM
models=
for f in "$top"/models/*.tvm; do [ -f "$f" ] && models="$models $f"; done
if [ -z "$models" ]; then
    models=$tmp/synthetic-4_4_4_4.tvm
    "$build/tools/tvae-mkmodel" --latent 1 --dims 4_4_4_4 --seed 1 -o "$models" > /dev/null || { echo "FAIL: tvae-mkmodel"; exit 1; }
fi
status=0
export top_srcdir=$top top_builddir=$build
check() { # part decoder
    elf=$tmp/roll-$1-$2.elf
    "$top/ports/avr/fw-build.sh" "$1" roll "$2" "$elf" "$model" || { echo "FAIL: $2 firmware for $1 does not build"; status=1; return; }
    { echo "x12"; echo "4294967296"; echo; printf '%s\n' $seeds; } | "$runner" -m "$1" "$elf" > "$tmp/out" 2> "$tmp/err"
    rc=$?
    [ $rc -eq 0 ] || { echo "FAIL: $1 $2: simavr-run exit $rc: $(cat "$tmp/err")"; status=1; return; }
    n=$(grep -c '^error: a seed line must be a decimal integer 0..4294967295$' "$tmp/out")
    if [ "$n" -eq 3 ]; then
        echo "PASS $1 $2: bad seed lines ('x12', 4294967296, empty) each answered with one error line"
    else
        echo "FAIL $1 $2: $n error lines for 3 bad seed lines"
        status=1
    fi
    for s in $seeds; do
        "$expect" "$model" "$s" > "$tmp/expect" || { echo "FAIL: roll-expect"; status=1; return; }
        # the firmware's block for this seed, without the cycles line
        awk -v s="$s" '$1 == "seed" { on = ($2 == s) } on && ($1 == "seed" || $1 == "row" || $1 == "page")' "$tmp/out" > "$tmp/got"
        if cmp -s "$tmp/got" "$tmp/expect"; then
            echo "PASS $1 $2 seed $s: $(grep -c . "$tmp/got") lines equal the host reference; $(awk -v s="$s" '$1 == "seed" { on = ($2 == s) } on && $1 == "cycles"' "$tmp/out")"
        else
            echo "FAIL $1 $2 seed $s: output differs from roll-expect:"
            diff "$tmp/expect" "$tmp/got" | head -5
            status=1
        fi
    done
    # the pictures: tools/tvae-ssd1306 re-checks image and frame
    if [ -x "$build/tools/tvae-ssd1306" ]; then
        "$build/tools/tvae-ssd1306" -i "$tmp/out" --seed 2 --model "$model" \
            --image "$tmp/img-$1-$2.png" --frame "$tmp/frame-$1-$2.png" \
            || { echo "FAIL $1 $2: tvae-ssd1306 rejected the firmware output"; status=1; }
    fi
    echo "  $(cat "$tmp/err")"
}
seeds="1 2 3 4294967295"
for model in $models; do
    echo "model: $model"
    "$top/ports/avr/fw-build.sh" atmega328p roll stream "$tmp/s.elf" "$model" > /dev/null 2> "$tmp/err"
    rc=$?
    if [ $rc -eq 0 ]; then
        check atmega328p stream
    elif [ $rc -eq 3 ]; then
        echo "not run: $(cat "$tmp/err")"
    else
        echo "FAIL: the streaming firmware does not build: $(cat "$tmp/err")"
        status=1
    fi
done
set -- $models
model=$1
seeds="1 2"
echo "model: $model (reference firmware)"
if "$top/ports/avr/fw-build.sh" atmega328p roll ref "$tmp/ref328.elf" "$model" 2> "$tmp/err"; then
    echo "NOTE: the reference decoder fits the ATmega328P with this model"
    check atmega328p ref
else
    echo "the reference (layer by layer) does not fit the 328P, as expected: $(cat "$tmp/err")"
    check atmega1284p ref
fi
exit $status
