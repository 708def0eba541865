#!/bin/sh
# fw-build.sh MCU PROGRAM DECODER OUT.elf MODEL.tvm...
#
# Builds one tvae AVR firmware with its models in program memory.
#   MCU      atmega328p  (32 KB flash, 2 KB SRAM: the real small part)
#            atmega1284p (128 KB flash, 16 KB SRAM: the conformance part
#                         for models that do not fit the 328P)
#   PROGRAM  conform  conformance stream protocol (ports/avr/conform.c)
#            roll     demo/benchmark: roll, decode, print (ports/avr/roll.c)
#   DECODER  stream   ports/common/tvae_stream.c (depth first)
#            ref      ref/tvae.c tvae_decode, layer by layer (roll only)
# The firmware is linked against the part's real flash size and its SRAM
# size minus a stack reserve (TVAE_AVR_STACK_RESERVE; default: conform 448,
# roll 347 + L bytes, L the longest latent of its models.  The stack depth
# does not depend on the layers or the input (no recursion, fixed frames):
# measured 420 bytes for conform (8 layers, hashes), 331 + L for roll;
# simavr-run fails a run whose stack reaches the static data),
# so a firmware that does not fit fails to link; the script then prints
# one line "fw-build.sh: does not fit ..." and exits 3 (1: other errors).
# On success it prints one line: OUT flash F (code C + models M) sram S.
# Environment: AVR_CC (avr-gcc), AVR_SIZE (avr-size), top_srcdir,
# top_builddir (for ports/common/tvae-carray), CFLAGS_EXTRA.
set -eu
[ $# -ge 5 ] || { echo "usage: fw-build.sh MCU PROGRAM DECODER OUT.elf MODEL.tvm..." >&2; exit 1; }
mcu=$1 program=$2 decoder=$3 out=$4
shift 4
top=${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}
build=${top_builddir:-$top}
cc=${AVR_CC:-avr-gcc}
size=${AVR_SIZE:-avr-size}
carray=${TVAE_CARRAY:-$build/ports/common/tvae-carray}

case $mcu in
atmega328p)  flash=32768  sram=2048  ;;
atmega1284p) flash=131072 sram=16384 ;;
*) echo "fw-build.sh: unknown MCU '$mcu' (atmega328p, atmega1284p)" >&2; exit 1 ;;
esac
case $program in conform|roll) ;; *) echo "fw-build.sh: unknown program '$program'" >&2; exit 1 ;; esac
defs=
case $decoder in
stream) ;;
ref) [ "$program" = roll ] || { echo "fw-build.sh: the ref decoder is built for 'roll' only" >&2; exit 1; }
     defs=-DTVAE_AVR_REF ;;
*) echo "fw-build.sh: unknown decoder '$decoder' (stream, ref)" >&2; exit 1 ;;
esac
[ -x "$carray" ] || { echo "fw-build.sh: $carray not built (make ports/common/tvae-carray)" >&2; exit 1; }

tmp=$(mktemp -d "${TMPDIR:-/tmp}/tvae-avr.XXXXXX")
trap 'rm -rf "$tmp"' EXIT INT TERM
# Program-memory pointers are 16 bits: every model must sit in the first
# 64 KB of flash (the linker puts .progmem first, after the vectors).
"$carray" -o "$tmp/models.h" --max-flash 61440 "$@" || exit 3
models=$(sed -n 's/^#define TVAE_PORT_MODEL_BYTES //p' "$tmp/models.h")
max_latent=$(sed -n 's/^#define TVAE_PORT_MAX_LATENT //p' "$tmp/models.h")
case $program in conform) reserve=448 ;; *) reserve=$((347 + max_latent)) ;; esac
reserve=${TVAE_AVR_STACK_RESERVE:-$reserve}

warn="-std=c99 -pedantic -Wall -Wextra -Wconversion -Wshadow -Werror"
flags="-Os -mmcu=$mcu -DF_CPU=16000000UL -ffunction-sections -fdata-sections $defs
 -include $top/ports/avr/tvae_avr.h -I$tmp -I$top/ref -I$top/ports/common
 -I$top/ports/avr -I$top/conformance/target ${CFLAGS_EXTRA:-}"
srcs="$top/ports/avr/board.c $top/ports/common/tvae_stream.c $top/ref/tvae.c"
case $program in
conform) srcs="$top/ports/avr/conform.c $srcs $top/conformance/target/tvae_target.c" ;;
roll)    srcs="$top/ports/avr/roll.c $srcs $top/ports/common/tvae_ssd1306.c" ;;
esac
data_len=$((sram - reserve))
# shellcheck disable=SC2086
if ! $cc $warn $flags $srcs -Wl,--gc-sections \
        -Wl,--defsym=__TEXT_REGION_LENGTH__=$flash \
        -Wl,--defsym=__DATA_REGION_ORIGIN__=0x800100 \
        -Wl,--defsym=__DATA_REGION_LENGTH__=$data_len \
        -o "$out" 2> "$tmp/err"; then
    if grep -q "will not fit in region\|region .* overflowed\|not within region" "$tmp/err"; then
        echo "fw-build.sh: does not fit $mcu ($flash flash, $sram SRAM with a $reserve-byte stack reserve): $(grep -m1 'overflowed\|will not fit\|not within region' "$tmp/err" | sed 's/.*ld: //')" >&2
        exit 3
    fi
    cat "$tmp/err" >&2
    exit 1
fi
set -- $($size "$out" | awk 'NR == 2 { print $1, $2, $3 }')
text=$1 data=$2 bss=$3
echo "$out flash $((text + data)) (code $((text + data - models)) + models $models) sram $((data + bss)) static, $data_len available for static data"
