#!/bin/sh
# bench.sh -- the AVR rows of the ports table (make bench-ports), Markdown:
#   | port | model | flash B | SRAM B | count per image | unit | MACs | per MAC |
# For every zoo model (models/*.tvm; while there is none, the synthetic
# 4_4_4_4, 8_8_8_8 and 8_8_8_8+2 from tvae-mkmodel), and for each decoder
# (stream = ports/common/tvae_stream.c with the AVR mulsu kernel; ref =
# ref/tvae.c layer by layer), the roll firmware (ports/avr/roll.c) is
# linked for the real ATmega328P; when it does not fit, the row says so
# and the ATmega1284P row follows, labelled.
#   flash = .text + .data (code + model), SRAM = static (.data + .bss,
#   the work or scratch buffers included) + stack high-water mark
#   (painted RAM), count = simavr cycles of one decode (seed 1, no layer
#   hashes; printing is measured and subtracted), exact.
set -u
top=${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}
build=${top_builddir:-$top}
export top_srcdir=$top top_builddir=$build
runner=$build/ports/avr/simavr-run
carray=$build/ports/common/tvae-carray
echo "| port | model | flash B | SRAM B | count per image | unit | MACs | per MAC |"
echo "|---|---|---|---|---|---|---|---|"
if [ "${TVAE_HAVE_AVR:-yes}" != yes ] || [ ! -x "$runner" ]; then
    echo "| AVR | (not built: avr-gcc/simavr missing) | | | | | | |"
    exit 0
fi
tmp=$(mktemp -d "${TMPDIR:-/tmp}/tvae-avr-bench.XXXXXX")
trap 'rm -rf "$tmp"' EXIT INT TERM
models=
for f in "$top"/models/*.tvm; do [ -f "$f" ] && models="$models $f"; done
i=0
[ -n "$models" ] || for spec in "4_4_4_4 0" "8_8_8_8 0" "8_8_8_8 2"; do
    set -- $spec
    i=$((i + 1))
    name=synthetic-$1$( [ "$2" = 0 ] || echo "+$2")
    "$build/tools/tvae-mkmodel" --latent 1 --dims "$1" --extra "$2" --seed $i -o "$tmp/$name.tvm" > /dev/null 2>&1 \
        && models="$models $tmp/$name.tvm"
done
row() { # part decoder model label
    elf=$tmp/b.elf
    info=$("$top/ports/avr/fw-build.sh" "$1" roll "$2" "$elf" "$3" 2> "$tmp/err") || return 1
    out=$(echo 1 | "$runner" -m "$1" "$elf" 2> "$tmp/run" | grep '^cycles')
    grep -q 'status 0 ' "$tmp/run" || { echo "bench.sh: $(cat "$tmp/run")" >&2; echo "| $4 | $(basename "$3" .tvm) | run failed: $(sed 's/.*(//; s/)$//' "$tmp/run") | | | | | |"; return 0; }
    set -- "$@" $out
    # $5 cycles value, $7 work, $9 stack, $11 static
    cyc=$6 stack=${10} static=${12}
    flash=$(echo "$info" | sed -n 's/.* flash \([0-9]*\) (code \([0-9]*\) + models \([0-9]*\)).*/\1 (\2 + \3)/p')
    macs=$("$carray" --info "$3" | sed -n 's/.* macs \([0-9]*\).*/\1/p')
    per=$(awk -v c="$cyc" -v m="$macs" 'BEGIN { printf "%.1f", c / m }')
    echo "| $4 | $(basename "$3" .tvm) | $flash | $((static + stack)) ($static + $stack) | $cyc | cycles (simavr) | $macs | $per |"
}
for m in $models; do
    for dec in stream ref; do
        label="AVR ATmega328P $dec"
        if ! row atmega328p "$dec" "$m" "$label"; then
            why=$(sed 's/^fw-build.sh: //; s/: address .*//' "$tmp/err" | head -1)
            echo "| $label | $(basename "$m" .tvm) | $why | | | | | |"
            row atmega1284p "$dec" "$m" "AVR ATmega1284P $dec (16 KB SRAM part)" \
                || echo "| AVR ATmega1284P $dec | $(basename "$m" .tvm) | does not fit | | | | | |"
        fi
    done
done
