#!/bin/sh
# sweep.sh -- train, export and measure the whole model zoo (models/).
#
#   nohup tools/train/sweep.sh [-j JOBS] [NAME ...] > tools/train/build/sweep.log 2>&1 &
#
# Each zoo entry is one train.py command (the recipe, also recorded in
# models/NAME.json) followed by export.py (models/NAME.tvm, .h, .json) and
# a copy of the checkpoint to models/NAME.pt (the exporter's input, so the
# export can be redone without retraining).  With NAME arguments only those
# entries run.  Jobs run under nice with one torch thread each; -j 2 runs
# two at a time (the default is 1).  Not part of make check: it takes about
# an hour on two cores.  Afterwards: tools/train/report.py.
set -eu
PY=${PYTHON:-/usr/bin/python3}
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
BUILD=${TVAE_TRAIN_BUILD:-$HERE/build}
JOBS=1
if [ "${1:-}" = "-j" ]; then JOBS=$2; shift 2; fi
mkdir -p "$BUILD" "$ROOT/models"

# name | train.py arguments (epochs chosen so each model takes minutes)
ZOO='
dice-2_2_2_2|--dims 2_2_2_2 --float-epochs 24 --qat-epochs 8
dice-3_3_3_3|--dims 3_3_3_3 --float-epochs 24 --qat-epochs 8
dice-4_4_4_4|--dims 4_4_4_4 --float-epochs 24 --qat-epochs 8
dice-4_4_4_4-x1|--dims 4_4_4_4 --extra 1 --float-epochs 24 --qat-epochs 8
dice-4_4_4_4-x2|--dims 4_4_4_4 --extra 2 --float-epochs 24 --qat-epochs 8
dice-8_8_8_8|--dims 8_8_8_8 --float-epochs 24 --qat-epochs 8
dice-8_8_8_8-x1|--dims 8_8_8_8 --extra 1 --float-epochs 20 --qat-epochs 6
dice-8_8_8_8-x2|--dims 8_8_8_8 --extra 2 --float-epochs 20 --qat-epochs 6
dice-2_2_8_16|--dims 2_2_8_16 --float-epochs 24 --qat-epochs 8
dice-4_4_16_16|--dims 4_4_16_16 --float-epochs 20 --qat-epochs 6
dice-16_16_16_16|--dims 16_16_16_16 --float-epochs 16 --qat-epochs 5
cvae-8_8_8_8-l4|--mode cvae --dims 8_8_8_8 --latent 4 --float-epochs 20 --qat-epochs 6
'

run_one() {
    name=$1; shift
    log="$BUILD/$name.log"
    echo "$(date -u +%H:%M:%S) start $name: train.py $*"
    if nice -n 10 "$PY" "$HERE/train.py" "$@" --out "$BUILD/$name.pt" > "$log" 2>&1 &&
       nice -n 10 "$PY" "$HERE/export.py" "$BUILD/$name.pt" --name "$name" >> "$log" 2>&1; then
        cp "$BUILD/$name.pt" "$ROOT/models/$name.pt"
        echo "$(date -u +%H:%M:%S) done  $name: $(grep "judged" "$log" | tail -1)"
    else
        echo "$(date -u +%H:%M:%S) FAILED $name (see $log):"; tail -5 "$log"
    fi
}

want() {
    [ $# -eq 0 ] && return 0
    for w in "$@"; do [ "$w" = "$1" ] && return 0; done
    return 1
}

running=0
echo "$ZOO" | while IFS='|' read -r name args; do
    [ -n "$name" ] || continue
    if [ $# -gt 0 ]; then
        found=0; for w in "$@"; do [ "$w" = "$name" ] && found=1; done
        [ $found -eq 1 ] || continue
    fi
    # shellcheck disable=SC2086
    run_one "$name" $args &
    running=$((running + 1))
    if [ $running -ge "$JOBS" ]; then wait; running=0; fi
done
wait
echo "$(date -u +%H:%M:%S) sweep finished"
