#!/bin/sh
# bench-port.sh TARGET -- footprint and speed rows of one QEMU port
# (rv32ec, m0, m4) for the ports table, in Markdown:
#   | port | model | flash B | SRAM B | count per image | unit | MACs | per MAC |
# For every zoo model (models/*.tvm; while the zoo is empty, the synthetic
# 4_4_4_4, 8_8_8_8 and 8_8_8_8+2 of the AVR table: tools/tvae-mkmodel,
# L = 1, seeds 1, 2, 3, the same files on every port), and every decoder (stream = ports/common/tvae_stream.c with the
# port's kernel, stream-c = the same with the generic C kernel where the
# port has its own, ref = the layer-by-layer reference):
#  - a one-model bench firmware linked for the real part; flash = text +
#    data of the ELF, shown as "total (code + model)"; SRAM = .data +
#    .bss + the stack high-water mark (painted stack; the decoder's work
#    memory is on the stack), shown as "total (static + stack)";
#    count = retired instructions of one decode (seed 1, no hashes) under
#    QEMU -icount, read by the firmware;
#  - when it does not fit the part, the row says why and the next larger
#    real part of the family is tried (M0: STM32F030F4, then STM32F030K6);
#    when none fits, a last row gives the same build on the port's
#    (labelled) conformance map.
# Rows go to stdout and to $top_builddir/ports/bench-TARGET.md.
set -u
target=${1:?usage: bench-port.sh rv32ec|m0|m4}
top=${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}
bld=${top_builddir:-$top}
rv=$top/ports/riscv
case $target in
rv32ec) cc=${RISCV_CC:-riscv64-unknown-elf-gcc}; reals="ch32v003"; conf=virt
        label="RV32EC"; decoders="stream stream-c ref";;
m0)     cc=${ARM_CC:-arm-none-eabi-gcc}; reals="stm32f030x4 stm32f030x6"; conf=nrf51822
        label="Cortex-M0"; decoders="stream stream-c ref";;
m4)     cc=${ARM_CC:-arm-none-eabi-gcc}; reals="stm32f301x8"; conf=mps2
        label="Cortex-M4"; decoders="stream stream-c ref";;
*)      echo "bench-port.sh: unknown target '$target'" >&2; exit 1;;
esac
case $target in rv32ec) have=${TVAE_HAVE_RISCV:-yes};; *) have=${TVAE_HAVE_ARM:-yes};; esac
if [ "$have" != yes ] || ! command -v "$cc" > /dev/null 2>&1; then
    echo "| $label | (not built: $cc or its QEMU missing) | | | | | | |"
    exit 0
fi
size=${cc%gcc}size
out=$bld/ports/fw-$target
mkdir -p "$out"
export top_srcdir=$top
models=$(ls "$top"/models/*.tvm 2>/dev/null)
i=0
# the synthetic models of the AVR table, only while the zoo is empty
[ -n "$models" ] && i=3
for spec in "4_4_4_4 0" "8_8_8_8 0" "8_8_8_8 2"; do
    [ $i -lt 3 ] || break
    set -- $spec
    i=$((i + 1))
    name=synthetic-$1$( [ "$2" = 0 ] || echo "+$2")
    "$bld/tools/tvae-mkmodel" --latent 1 --dims "$1" --extra "$2" --seed $i -o "$out/$name.tvm" > /dev/null 2>&1 \
        && models="$models $out/$name.tvm"
done
[ -n "$models" ] || { echo "bench-port.sh: no models (models/*.tvm, tools/tvae-mkmodel)" >&2; exit 1; }
table=$bld/ports/bench-$target.md
: > "$table"

row() { echo "$1"; echo "$1" >> "$table"; }

# one_row MAP LABEL DECODER MODEL -> prints a row; returns 3 when it does not fit
one_row() {
    map=$1 plabel=$2 dec=$3 m=$4
    name=$(basename "$m" .tvm)
    elf=$out/bench-$map-$dec-$name.elf
    "$rv/fw-build.sh" "$target" "$map" bench "$dec" "$elf" "$m" 2> "$out/bench.err"
    rc=$?
    if [ $rc -eq 3 ]; then
        row "| $plabel $dec | $name | does not fit | | $(sed 's/.*does not fit [^:]*: //' "$out/bench.err") | | | |"
        return 3
    elif [ $rc -ne 0 ]; then
        echo "bench-port.sh: build failed:" >&2; cat "$out/bench.err" >&2; return 1
    fi
    (timeout 600 "$rv/fw-run.sh" "$target" "$elf" < /dev/null; exit $?) > "$out/bench.out" 2>&1
    rc=$?
    line=$(grep '^BENCH ' "$out/bench.out")
    flash=$("$size" "$elf" | awk 'NR == 2 { print $1 + $2 }')
    if [ -z "$line" ]; then
        # A stack that grows below the part's RAM leaves the emulated RAM
        # on the ARM boards: a fault (exit 99) or, when even the exception
        # frame cannot be pushed, a core lockup that QEMU reports with
        # "Lockup: can't escalate 3 to HardFault" and abort().
        if [ $rc -eq 99 ] || grep -q 'Lockup' "$out/bench.out"; then
            row "| $plabel $dec | $name | $flash | does not fit | fault: the stack left the RAM (SRAM) | | | |"
            return 3
        fi
        echo "bench-port.sh: $elf: no result (exit $rc)" >&2; return 1
    fi
    set -- $line
    # BENCH name status S count C stack K static T macs M model B image H
    status=$4 count=$6 stack=$8 static=${10} macs=${12} mbytes=${14}
    if [ "$stack" = overflow ]; then
        row "| $plabel $dec | $name | $flash | does not fit | stack ran over the data (SRAM) | | | |"
        return 3
    fi
    if [ "$status" != 0 ]; then
        echo "bench-port.sh: $elf: decode status -$status" >&2; return 1
    fi
    permac=$(awk -v c="$count" -v m="$macs" 'BEGIN { printf "%.1f", c / m }')
    row "| $plabel $dec | $name | $flash ($((flash - mbytes)) + $mbytes) | $((stack + static)) ($static + $stack) | $count | instructions (QEMU -icount) | $macs | $permac |"
    return 0
}

# the part (or labelled map) each linker map stands for
part() {
    case $1 in
    ch32v003) echo "CH32V003";;
    virt) echo "virt (conformance map)";;
    stm32f030x4) echo "STM32F030F4";;
    stm32f030x6) echo "STM32F030K6";;
    nrf51822) echo "nRF51822 (micro:bit)";;
    stm32f301x8) echo "STM32F301K8";;
    mps2) echo "mps2-an386 (conformance map)";;
    esac
}

# Each model and decoder: the real parts, smallest first, until one fits;
# when none does, the conformance map.
failed=0
for m in $models; do
    for dec in $decoders; do
        rc=3
        for map in $reals; do
            one_row "$map" "$label $(part "$map")" "$dec" "$m"
            rc=$?
            [ $rc -eq 3 ] || break
        done
        if [ $rc -eq 3 ]; then
            one_row "$conf" "$label $(part "$conf")" "$dec" "$m" || failed=1
        elif [ $rc -ne 0 ]; then
            failed=1
        fi
    done
done
exit $failed
