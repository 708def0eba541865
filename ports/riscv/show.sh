#!/bin/sh
# show.sh TARGET MODEL.tvm SEED [OUTDIR] -- roll the die on a QEMU port:
# build the example firmware for the real part (rv32ec: CH32V003,
# m0: STM32F030F4, m4: STM32F301K8), feed it SEED on the UART, and turn
# what it printed into OUTDIR/TARGET-SEED.png (the 32x32 image) and
# OUTDIR/TARGET-SEED-ssd1306.png (the 128x64 frame of spec/profiles.md)
# with tools/tvae-ssd1306, which also checks the image against the host
# decode.  OUTDIR defaults to the current directory.
# Environment: top_srcdir, top_builddir (for tools/tvae-ssd1306).
set -eu
[ $# -ge 3 ] || { echo "usage: show.sh rv32ec|m0|m4 MODEL.tvm SEED [OUTDIR]" >&2; exit 1; }
target=$1 model=$2 seed=$3 dir=${4:-.}
top=${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}
bld=${top_builddir:-$top}
export top_srcdir=$top
case $target in
rv32ec) map=ch32v003;; m0) map=stm32f030x4;; m4) map=stm32f301x8;;
*) echo "show.sh: unknown target '$target' (rv32ec, m0, m4)" >&2; exit 1;;
esac
mkdir -p "$dir" "$bld/ports/fw-$target"
elf=$bld/ports/fw-$target/show-$map.elf
"$top/ports/riscv/fw-build.sh" "$target" "$map" roll stream "$elf" "$model"
printf '%s\n' "$seed" | timeout 120 "$top/ports/riscv/fw-run.sh" "$target" "$elf" > "$dir/$target-$seed.txt"
tail -n 1 "$dir/$target-$seed.txt"
"$bld/tools/tvae-ssd1306" -i "$dir/$target-$seed.txt" --model "$model" \
    --image "$dir/$target-$seed.png" --frame "$dir/$target-$seed-ssd1306.png"
echo "show.sh: wrote $dir/$target-$seed.png and $dir/$target-$seed-ssd1306.png"
