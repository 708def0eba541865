#!/bin/sh
# conform.sh TARGET -- the `make check` conformance run of one QEMU port
# (rv32ec, m0 or m4): every golden vector whose model the port's
# firmware can carry, bit-exact, through conformance/tvae-conform.
#
#  1. Conformance map (a big map, labelled): one firmware with every
#     vector model; if they do not fit together, one firmware per model,
#     and a model that does not fit even alone is listed as EXCLUDED with
#     the linker's reason (today: "largest", 265,768 bytes, on the M0).
#     Every vector of every other model must pass, none may be skipped.
#  2. The layer-by-layer reference (ref/tvae.c) built for the target, on
#     the conformance map: the roll vectors of every model up to 16 KB.
#  3. Real parts (CH32V003; STM32F030F4 then STM32F030K6; STM32F301K8),
#     smallest first: for each vector model, a one-model bench firmware
#     linked for the part tells whether it fits flash (link) and SRAM
#     (stack high-water mark, no overflow); each model that fits is
#     certified again with the real-part conformance firmware (zoo
#     models: every vector; stress models: their roll vectors, as the
#     code is the one step 1 certified and the part only adds its
#     memory) where that firmware fits too (the protocol adds code and
#     stack).  A model that does not fit is listed, not failed: the
#     table of what fits is the point.
#
# SKIP (77) when the toolchain or emulator is missing; FAIL (1) on any
# failed vector or broken build.
# Environment (from make check): top_srcdir, top_builddir, RISCV_CC,
# ARM_CC, QEMU_RISCV32, QEMU_ARM, TVAE_HAVE_RISCV, TVAE_HAVE_ARM.
set -u
target=${1:?usage: conform.sh rv32ec|m0|m4}
top=${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}
bld=${top_builddir:-$top}
rv=$top/ports/riscv

case $target in
rv32ec) have=${TVAE_HAVE_RISCV:-no}; conf_map=virt; real_map=ch32v003
        what="RISC-V (riscv64-unknown-elf-gcc + picolibc + qemu-system-riscv32)";;
m0)     have=${TVAE_HAVE_ARM:-no}; conf_map=nrf51822; real_map="stm32f030x4 stm32f030x6"
        what="ARM (arm-none-eabi-gcc + picolibc + qemu-system-arm)";;
m4)     have=${TVAE_HAVE_ARM:-no}; conf_map=mps2; real_map=stm32f301x8
        what="ARM (arm-none-eabi-gcc + picolibc + qemu-system-arm)";;
*)      echo "conform.sh: unknown target '$target'" >&2; exit 1;;
esac
if [ "$have" != yes ]; then
    echo "SKIP: $what not available (configure found no working toolchain/emulator; see its summary)"
    exit 77
fi
conform=$bld/conformance/tvae-conform
vectors=$top/vectors
[ -x "$conform" ] || { echo "FAIL: $conform not built"; exit 1; }
models=$(ls "$vectors"/*.tvm 2>/dev/null)
[ -n "$models" ] || { echo "FAIL: no vector models in $vectors"; exit 1; }
out=$bld/ports/fw-$target
mkdir -p "$out"
export top_srcdir=$top

failed=0
kind=      # extra runner selection (--kind K), see the callers
# run_conform ELF [MODEL [CARRIED]]: all vectors (of MODEL, when not
# empty) through the runner.  Nothing may be skipped, except, when the
# firmware carries only the models CARRIED, the vectors of the others.
run_conform() {
    elf=$1
    sel=
    [ $# -ge 2 ] && [ -n "$2" ] && sel="--model $2"
    log=$elf.conform.log
    # shellcheck disable=SC2086
    "$conform" --vectors "$vectors" --exec "$rv/fw-run.sh $target $elf" \
        --timeout 300 --hello-timeout 30 --no-png $sel $kind > "$log" 2>&1
    rc=$?
    # the runner's last "N passed, M failed" line (the emulator's own
    # stderr, e.g. QEMU's note that SIGTERM ended it, may follow it)
    summary=$(grep -E '^[0-9]+ passed, [0-9]+ failed' "$log" | tail -n 1)
    [ -n "$summary" ] || summary="no summary from the runner"
    skipped=$(grep -c '^SKIP ' "$log")
    if [ $# -ge 3 ]; then
        # only vectors of models that are not carried may be skipped
        carried_names=$(for c in $3; do basename "$c" .tvm; done)
        bad_skip=$(grep '^SKIP ' "$log" | awk '{ print $2 }' | sed 's/:[0-9]*$//' | sort -u \
            | while read -r n; do echo "$carried_names" | grep -qx "$n" && echo "$n"; done)
        [ -z "$bad_skip" ] && skipped=0
    fi
    if [ $rc -ne 0 ] || [ "$skipped" -ne 0 ]; then
        echo "FAIL $(basename "$elf")${2:+ ($2)}: $summary, $skipped skipped (log: $log)"
        grep -v '^PASS ' "$log" | head -n 40
        failed=1
    else
        echo "PASS $(basename "$elf")${2:+ ($2)}: $summary"
    fi
}

echo "== $target, conformance map $conf_map: every vector model"
all=$out/conform-$conf_map.elf
"$rv/fw-build.sh" "$target" "$conf_map" conform stream "$all" $models 2> "$out/build.err"
rc=$?
if [ $rc -eq 0 ]; then
    run_conform "$all"
elif [ $rc -eq 3 ]; then
    echo "   all models together do not fit $conf_map; one firmware per model"
    for m in $models; do
        name=$(basename "$m" .tvm)
        elf=$out/conform-$conf_map-$name.elf
        "$rv/fw-build.sh" "$target" "$conf_map" conform stream "$elf" "$m" 2> "$out/build.err"
        rc=$?
        if [ $rc -eq 3 ]; then
            echo "EXCLUDED $name: $(cat "$out/build.err")"
        elif [ $rc -ne 0 ]; then
            echo "FAIL build $name:"; cat "$out/build.err"; failed=1
        else
            run_conform "$elf" "$name"
        fi
    done
else
    echo "FAIL build:"; cat "$out/build.err"; failed=1
fi

# The plain layer-by-layer reference, cross-compiled for the target, on
# the conformance map with the models up to 16 KB: the comparison build,
# certified on the roll vectors (seed -> roll -> decode: every layer kind
# of every small model; the streaming build above ran every vector).
echo "== $target, reference decoder (ref/tvae.c), conformance map $conf_map: roll vectors of the models up to 16 KB"
small=
for m in $models; do
    [ "$(wc -c < "$m")" -le 16384 ] && small="$small $m"
done
ref=$out/conform-$conf_map-ref.elf
# shellcheck disable=SC2086
if "$rv/fw-build.sh" "$target" "$conf_map" conform ref "$ref" $small 2> "$out/build.err"; then
    kind="--kind roll"
    run_conform "$ref" "" "$small"
    kind=
else
    echo "FAIL build (ref):"; cat "$out/build.err"; failed=1
fi

# real_part MAP MODEL...: certify, on part MAP, each model that fits it;
# the ones that do not fit are left in $left for the next larger part.
real_part() {
    map=$1; shift
    echo "== $target, real part $map: each model that fits (and did not fit a smaller part)"
    left=
    for m in "$@"; do
        name=$(basename "$m" .tvm)
        b=$out/bench-$map-$name.elf
        "$rv/fw-build.sh" "$target" "$map" bench stream "$b" "$m" 2> "$out/build.err"
        rc=$?
        if [ $rc -eq 3 ]; then
            echo "does not fit $map: $name (flash: $(sed 's/.*: //' "$out/build.err"))"
            left="$left $m"
            continue
        elif [ $rc -ne 0 ]; then
            echo "FAIL build $name:"; cat "$out/build.err"; failed=1; continue
        fi
        (timeout 300 "$rv/fw-run.sh" "$target" "$b" < /dev/null; exit $?) > "$b.out" 2>&1
        rc=$?
        line=$(grep '^BENCH ' "$b.out")
        # stack below the part's RAM on ARM: a fault (99) or a core lockup
        # (QEMU: "Lockup: can't escalate", abort)
        if [ -z "$line" ] && { [ $rc -eq 99 ] || grep -q Lockup "$b.out"; }; then
            line="stack overflow"
        fi
        case $line in
        *"stack overflow"*)
            echo "does not fit $map: $name (SRAM: the stack ran over the data)"
            left="$left $m"
            continue;;
        *"status 0 count"*) ;;
        *)  echo "FAIL bench $name: '$line'"; failed=1; continue;;
        esac
        elf=$out/conform-$map-$name.elf
        "$rv/fw-build.sh" "$target" "$map" conform stream "$elf" "$m" 2> "$out/build.err"
        rc=$?
        if [ $rc -eq 3 ]; then
            # The decoder fits (bench), the protocol code on top does not:
            # the model is certified by step 1 on the conformance map only.
            echo "does not fit $map as a conformance firmware: $name ($(sed 's/.*: //' "$out/build.err")); the bench firmware fits; certified on $conf_map above"
            left="$left $m"
            continue
        elif [ $rc -ne 0 ]; then
            echo "FAIL build (conformance firmware) $name:"
            cat "$out/build.err"; failed=1; continue
        fi
        # The protocol's state and the layer hashes sit on the stack on
        # top of what the bench firmware measured: a model with a few
        # bytes to spare there can still overflow here (the firmware then
        # stops with TVAE_BOARD_STACK_STATUS, 98).  One vector tells.
        "$conform" --vectors "$vectors" --exec "$rv/fw-run.sh $target $elf" \
            --timeout 300 --hello-timeout 30 --no-png --vector "$name:000" \
            > "$elf.probe.log" 2>&1
        if grep -q 'exited with status 98' "$elf.probe.log"; then
            echo "does not fit $map as a conformance firmware: $name (SRAM: the protocol's stack on top of the decoder's ran over the data); the bench firmware fits; certified on $conf_map above"
            left="$left $m"
            continue
        fi
        # The code is the conformance map's; what the part adds is its
        # memory.  Zoo models (the product) run every vector, stress
        # models their roll vectors.
        case $name in
        zoo-*) kind=;;
        *)     kind="--kind roll";;
        esac
        run_conform "$elf" "$name"
        kind=
    done
}

left=$models
for map in $real_map; do
    # shellcheck disable=SC2086
    real_part "$map" $left
done

[ $failed -eq 0 ] || exit 1
exit 0
