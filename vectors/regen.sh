#!/bin/sh
# regen.sh GENERATOR OUTDIR MODELSDIR -- (re)generate the golden vector set.
# Writes OUTDIR/*.tvm, *.tvv and MANIFEST (with the SHA-256 of every file),
# removing .tvm/.tvv files in OUTDIR that the new set no longer has.
# Used by `make vectors-regen` (OUTDIR = vectors/) and the freeze test.
set -eu
gen=$1 out=$2 models=$3
tmp=$(mktemp -d "${TMPDIR:-/tmp}/tvae-vectors.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
set --
for m in "$models"/*.tvm; do
  [ -f "$m" ] && set -- "$@" "$m"
done
"$gen" --out "$tmp" ${TVAE_VECTORS_QUIET:+--quiet} "$@"
(cd "$tmp" && LC_ALL=C ls *.tvm *.tvv | LC_ALL=C sort | xargs sha256sum) >> "$tmp/MANIFEST"
mkdir -p "$out"
for f in "$out"/*.tvm "$out"/*.tvv; do
  [ -f "$f" ] || continue
  [ -f "$tmp/$(basename "$f")" ] || rm -f "$f"
done
cp "$tmp"/*.tvm "$tmp"/*.tvv "$tmp"/MANIFEST "$out"/
echo "regen.sh: wrote $(ls "$tmp"/*.tvv | wc -l) vector files to $out"
