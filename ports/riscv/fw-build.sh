#!/bin/sh
# fw-build.sh TARGET MAP MODE DECODER OUT.elf MODEL.tvm...
#
# Builds one tvae firmware for the QEMU-run ports from ports/riscv/fw.c:
#   TARGET   rv32ec | m0 | m4
#   MAP      the linker map: a real part or a labelled conformance map
#              rv32ec: ch32v003 (16 KB flash, 2 KB SRAM) | virt (conformance)
#              m0:     stm32f030x4 (16 KB / 4 KB) | stm32f030x6 (32 KB / 4 KB)
#                      | nrf51822 (256 KB / 16 KB)
#              m4:     stm32f301x8 (64 KB / 16 KB) | mps2 (conformance)
#   MODE     conform | bench | roll            (fw.c's three programs)
#   DECODER  stream   ports/common/tvae_stream.c with the target's own
#                     multiply-accumulate kernel where it has one
#                     (rv32ec: quarter squares, dot.c, and a faster
#                     __mulsi3, mulsi3.S; m0: unrolled, dot-m0.c;
#                     m4: SMLAD,
#                     ports/arm/dot-m4.c)
#            stream-c the same with the generic C kernel
#            ref      the layer-by-layer reference, ref/tvae.c
# The models are compiled in as C arrays (tvm2c.sh).  A firmware that does
# not fit the map fails to link; this script then exits 3 (not 1), so a
# caller can tell "does not fit" from a broken build.
# Real-part maps validate the models on the host (tools/tvae-decode
# --info) instead of at boot.
# Environment: RISCV_CC, ARM_CC (compilers), top_srcdir (default: ../..),
# top_builddir (for tools/tvae-decode; TVAE_VALIDATE overrides the path).
set -eu
[ $# -ge 6 ] || { echo "usage: fw-build.sh TARGET MAP MODE DECODER OUT.elf MODEL.tvm..." >&2; exit 1; }
target=$1 map=$2 mode=$3 decoder=$4 out=$5
shift 5
top=${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}
rv=$top/ports/riscv
arm=$top/ports/arm

case $target in
rv32ec)
    cc=${RISCV_CC:-riscv64-unknown-elf-gcc}
    # 16-bit tap offsets (tvae_stream.c): 12 bytes less stack on a 2 KB part
    cpu="-march=rv32ec -mabi=ilp32e -DTVAE_STREAM_TAP_OFFSETS"
    dir=$rv
    board="$rv/start.S $rv/board.c $top/ports/common/board-common.c"
    case $map in ch32v003|virt) ;; *) echo "fw-build.sh: rv32ec has no map '$map'" >&2; exit 1;; esac
    ;;
m0)
    cc=${ARM_CC:-arm-none-eabi-gcc}
    cpu="-mcpu=cortex-m0 -mthumb -DTVAE_SYSTICK_HZ=16000000"
    dir=$arm
    board="$arm/start.S $arm/board-cortexm.c $top/ports/common/board-common.c $arm/uart-nrf51.c"
    case $map in stm32f030x4|stm32f030x6|nrf51822) ;; *) echo "fw-build.sh: m0 has no map '$map'" >&2; exit 1;; esac
    ;;
m4)
    cc=${ARM_CC:-arm-none-eabi-gcc}
    cpu="-mcpu=cortex-m4 -mthumb -DTVAE_SYSTICK_HZ=25000000"
    dir=$arm
    board="$arm/start.S $arm/board-cortexm.c $top/ports/common/board-common.c $arm/uart-cmsdk.c"
    case $map in stm32f301x8|mps2) ;; *) echo "fw-build.sh: m4 has no map '$map'" >&2; exit 1;; esac
    ;;
*)
    echo "fw-build.sh: unknown target '$target' (rv32ec, m0, m4)" >&2; exit 1;;
esac
case $mode in
conform) def=-DTVAE_FW_CONFORM;;
bench) def=-DTVAE_FW_BENCH;;
roll) def=-DTVAE_FW_ROLL;;
*) echo "fw-build.sh: unknown mode '$mode' (conform, bench, roll)" >&2; exit 1;;
esac
case $decoder in
stream|stream-c) dec=;;
ref) dec=-DTVAE_FW_REF;;
*) echo "fw-build.sh: unknown decoder '$decoder' (stream, stream-c, ref)" >&2; exit 1;;
esac
# Real parts carry pre-validated models (spec 9.1): validated here on the
# host with the reference validator (tools/tvae-decode --info), not at boot,
# which saves the validator's flash.  Conformance maps validate at boot.
case $map in
ch32v003|stm32f030x4|stm32f030x6|stm32f301x8)
    validate=${TVAE_VALIDATE:-${top_builddir:-$top}/tools/tvae-decode}
    [ -x "$validate" ] || { echo "fw-build.sh: $validate not built (it validates the models of a real-part build)" >&2; exit 1; }
    for m in "$@"; do
        "$validate" "$m" --info > /dev/null || { echo "fw-build.sh: $m: invalid model, not built in" >&2; exit 1; }
    done
    def="$def -DTVAE_FW_PREVALIDATED";;
esac

mkdir -p "$(dirname "$out")"
ksrc=
kinc=
if [ "$target" = rv32ec ] && [ "$decoder" = stream ]; then
    "$rv/qsquare.sh" "$out.qsquare.c"
    kinc="-include $rv/dot.h"
    ksrc="$rv/dot.c $rv/mulsi3.S $out.qsquare.c"
elif [ "$target" = m4 ] && [ "$decoder" = stream ]; then
    kinc="-include $arm/dot-m4.h"
    ksrc="$arm/dot-m4.c"
elif [ "$target" = m0 ] && [ "$decoder" = stream ]; then
    kinc="-include $arm/dot-m0.h"
    ksrc="$arm/dot-m0.c"
fi
cflags="$cpu --specs=picolibc.specs -Os -g -std=c99 -pedantic -Wall -Wextra -Wconversion -Wshadow -Werror
 -ffunction-sections -fdata-sections $def $dec $kinc -DTVAE_FW_ARCH=\"$target\"
 -I$rv -I$dir -I$top/ref -I$top/ports/common -I$top/conformance/target"
srcs="$board $rv/fw.c $top/ref/tvae.c $top/ports/common/tvae_stream.c
 $top/conformance/target/tvae_target.c $top/ports/common/tvae_ssd1306.c $ksrc"

# The code is the same for every model: compile it once per (target,
# program, decoder, sources) into a cache directory named by a checksum of
# the flags and of every source and header, and only compile the model
# table and link per firmware.  mkdir is the lock when tests build in
# parallel; a builder that finds the directory waits for its "done".
key=$( { echo "$cc $cflags"; cat $srcs "$rv"/*.h "$dir"/*.h "$top"/ref/*.h \
        "$top"/ports/common/*.h "$top"/conformance/target/*.h; } | cksum | tr ' ' '-')
objdir=$(dirname "$out")/obj-$target-$mode-$decoder-$key
log=$out.log
if mkdir "$objdir" 2> /dev/null; then
    i=0
    for src in $srcs; do
        # shellcheck disable=SC2086
        if ! "$cc" $cflags -c -o "$objdir/$i.o" "$src" > "$log" 2>&1; then
            cat "$log" >&2; rm -rf "$objdir"; exit 1
        fi
        i=$((i + 1))
    done
    : > "$objdir/done"
else
    n=0
    while [ ! -f "$objdir/done" ] && [ $n -lt 300 ]; do sleep 1; n=$((n + 1)); done
    [ -f "$objdir/done" ] || { echo "fw-build.sh: $objdir never completed" >&2; exit 1; }
fi

models_c=$out.models.c
"$rv/tvm2c.sh" "$models_c" "$@"
# shellcheck disable=SC2086
if "$cc" $cflags -DTVAE_FW_NAME="\"$target-$map-$decoder\"" -c -o "$out.name.o" "$rv/fw-name.c" > "$log" 2>&1 \
    && "$cc" $cflags -c -o "$out.models.o" "$models_c" > "$log" 2>&1 \
    && "$cc" $cpu --specs=picolibc.specs -nostartfiles -L"$dir" -T "$dir/$map.ld" \
        -Wl,--gc-sections -Wl,-Map="$out.map" -o "$out" \
        "$objdir"/*.o "$out.name.o" "$out.models.o" > "$log" 2>&1; then
    rm -f "$log"
    exit 0
fi
fit='overflowed|will not fit in region|no room left for the stack'
if grep -Eq "$fit" "$log"; then
    # prefer ld's "region `X' overflowed by N bytes", which says by how much
    why=$(grep -E 'overflowed' "$log" | head -n 1)
    [ -n "$why" ] || why=$(grep -E "$fit" "$log" | head -n 1)
    echo "fw-build.sh: $out does not fit $map: $(echo "$why" | sed -e 's/.*ld: //' -e "s|^$out ||")" >&2
    exit 3
fi
cat "$log" >&2
exit 1
