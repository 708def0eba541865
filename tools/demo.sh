#!/bin/sh
# tools/demo.sh BUILDDIR -- the quick start's main job (`make demo`).
#
# 1. rolls a die with a zoo model through the reference decoder and prints
#    it on the terminal, then writes the image and a contact sheet as PNG;
# 2. runs the conformance runner over every golden vector with the
#    reference decoder and prints the per-model table.
# Set TVAE_DEMO_MODEL=path/to/model.tvm to use another model and
# TVAE_DEMO_SEED=N for another roll.
set -eu

build=$(cd "${1:-.}" && pwd)
src=$(cd "$(dirname "$0")/.." && pwd)
out="$build/demo"
decode="$build/tools/tvae-decode"
conform="$build/conformance/tvae-conform"
seed=${TVAE_DEMO_SEED:-2026}

for prog in "$decode" "$conform"; do
    if [ ! -x "$prog" ]; then
        echo "demo: $prog is not built; run make first" >&2
        exit 1
    fi
done

# The zoo model the README shows; any other zoo model otherwise.
model=${TVAE_DEMO_MODEL:-}
if [ -z "$model" ]; then
    for m in "$src"/models/dice-8_8_8_8-x2.tvm "$src"/models/*.tvm; do
        if [ -f "$m" ]; then model=$m; break; fi
    done
fi
if [ -z "$model" ]; then
    echo "demo: no model in $src/models (set TVAE_DEMO_MODEL)" >&2
    exit 1
fi

mkdir -p "$out"
echo "== model $(basename "$model")"
"$decode" "$model" --info
echo
echo "== roll: seed $seed"
"$decode" "$model" --seed "$seed" --preview=ascii \
    -o "$out/die.png" --scale 8 --pgm "$out/die.pgm"
"$decode" "$model" --sheet "$out/sheet.png" --scale 3 --columns 10 -q
echo
echo "== conformance of the reference decoder (tvae-conform, all vectors)"
"$conform" --vectors "$src/vectors" --quiet --table --no-png
echo
echo "image:         $out/die.png (and $out/die.pgm)"
echo "contact sheet: $out/sheet.png (6 pip counts x 10 latents)"
