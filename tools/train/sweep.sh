#!/bin/sh
# sweep.sh -- train, export and measure the whole model zoo (models/).
#
#   nohup tools/train/sweep.sh [-j JOBS] [NAME ...] > tools/train/build/sweep.log 2>&1 &
#
# Each zoo entry below is one train.py command (the recipe, also recorded in
# models/NAME.json and models/NAME.h) followed by export.py (models/NAME.tvm,
# .h, .json) and a copy of the checkpoint to models/NAME.pt (the exporter's
# input, so an export can be redone without retraining; the CVAE's holds the
# encoder that its reconstruction MSE needs).  With NAME arguments only those
# entries run.  Jobs run under nice with one torch thread each; -j 2 runs two
# at a time (default 1).  Per-model logs: tools/train/build/NAME.log.  Not
# part of make check: about three hours on two cores (the 2026-11-25 zoo:
# stages 1-3 12:39-14:20 with two to five jobs sharing two cores, stage 4
# 16:00-16:49 with up to four).  Then:
# tools/train/report.py
set -eu
PY=${PYTHON:-/usr/bin/python3}
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
BUILD=${TVAE_TRAIN_BUILD:-$HERE/build}
mkdir -p "$BUILD" "$ROOT/models"

if [ "${1:-}" = "--one" ]; then
    # internal: sweep.sh --one NAME TRAIN-ARGS...
    # NAME@K is stage K of model NAME: its checkpoint is BUILD/NAME@K.pt and
    # it is exported as NAME (replacing the earlier stage's export).
    name=$2; shift 2
    model=${name%@*}
    log="$BUILD/$name.log"
    echo "$(date -u +%H:%M:%S) start $name: train.py $*"
    if nice -n 10 "$PY" "$HERE/train.py" "$@" --out "$BUILD/$name.pt" > "$log" 2>&1 &&
       nice -n 10 "$PY" "$HERE/export.py" "$BUILD/$name.pt" --name "$model" >> "$log" 2>&1; then
        cp "$BUILD/$name.pt" "$ROOT/models/$model.pt"
        echo "$(date -u +%H:%M:%S) done  $name: $(grep "judged" "$log" | tail -n 1)"
    else
        echo "$(date -u +%H:%M:%S) FAILED $name (see $log):"
        tail -n 5 "$log"
    fi
    exit 0
fi

JOBS=1
if [ "${1:-}" = "-j" ]; then JOBS=$2; shift 2; fi

# name | train.py arguments.  Longest first, so -j 2 packs well.  200
# float epochs over 16384 images are as many optimizer steps as the
# published 400 epochs over 8192 (batch 64); the largest models and the
# CVAEs get fewer epochs.  dice-4_4_4_4-x1 keeps the first zoo's short
# recipe: with 200 + 10 epochs its float MSE fell (0.0195 -> 0.0180) but
# int8 rose (0.0202 -> 0.0229) and judged fell (95.6% -> 88.5%).
ZOO='
dice-16_16_16_16|--dims 16_16_16_16 --float-epochs 150 --qat-epochs 6
dice-4_4_16_16|--dims 4_4_16_16 --float-epochs 150 --qat-epochs 6
dice-8_8_8_8-x2|--dims 8_8_8_8 --extra 2 --float-epochs 200 --qat-epochs 10
cvae-16_16_16_16-l4|--mode cvae --dims 16_16_16_16 --latent 4 --beta 0.25 --float-epochs 60 --qat-epochs 4
dice-8_8_8_8-x1|--dims 8_8_8_8 --extra 1 --float-epochs 200 --qat-epochs 10
dice-2_2_8_16|--dims 2_2_8_16 --float-epochs 200 --qat-epochs 10
dice-4_4_4_4-x2|--dims 4_4_4_4 --extra 2 --float-epochs 200 --qat-epochs 10
dice-8_8_8_8|--dims 8_8_8_8 --float-epochs 200 --qat-epochs 10
cvae-8_8_8_8-l4|--mode cvae --dims 8_8_8_8 --latent 4 --beta 0.25 --float-epochs 60 --qat-epochs 4
dice-4_4_4_4-x1|--dims 4_4_4_4 --extra 1 --float-epochs 14 --qat-epochs 3
'

# Stage 2: more QAT for the models whose int8 MSE stays furthest above
# their float MSE, continuing stage 1's QAT with its frozen activation
# scales (--keep-calibration); run after stage 1.  (The same for
# dice-8_8_8_8-x1 lowered its MSE 0.0125 -> 0.0115 but its judged accuracy
# 98.5% -> 91.9%, so it ships from stage 1.)
ZOO2='
dice-8_8_8_8-x2@2|--dims 8_8_8_8 --extra 2 --init-from @BUILD@/dice-8_8_8_8-x2.pt --keep-calibration --float-epochs 0 --qat-epochs 20 --qat-lr-scale 0.1
dice-16_16_16_16@2|--dims 16_16_16_16 --init-from @BUILD@/dice-16_16_16_16.pt --keep-calibration --float-epochs 0 --qat-epochs 12 --qat-lr-scale 0.1
'

# Stage 3: the smallest models, started from the channels of a trained
# wider model that matter most (--prune-from).  From a random start they
# settle in a minimum without pips for 4-6 (4_4_4_4 from a random start,
# 200 epochs, lr 1e-2: int8 MSE 0.0251, judged 62.6%; pruned from
# dice-8_8_8_8: 0.0236, 76.6%; see tools/train/README.md).
ZOO3='
dice-4_4_4_4|--dims 4_4_4_4 --prune-from @BUILD@/dice-8_8_8_8.pt --lr 3e-3 --float-epochs 150 --qat-epochs 10
dice-3_3_3_3|--dims 3_3_3_3 --prune-from @BUILD@/dice-16_16_16_16@2.pt --lr 3e-3 --float-epochs 150 --qat-epochs 10
dice-2_2_2_2|--dims 2_2_2_2 --prune-from @BUILD@/dice-16_16_16_16@2.pt --lr 3e-3 --float-epochs 150 --qat-epochs 10
'

# Stage 4 (NAME@q): the int8 form made again from each model's last stage.
# A short float phase (20 epochs, lr 1e-3) brings the float weights back
# from QAT to the float optimum, the calibrated activation scales are then
# searched for the integer model's MSE (--scale-search: most of the int8
# gap was the next layer's int8 weights of small-range channels, e.g.
# dice-8_8_8_8-x1 int8 MSE 0.0296 -> 0.0093 at float 0.0072), QAT
# continues gently (lr 5e-5) and hands back its best epoch (judged on the
# search's training images: at lr 5e-5 dice-8_8_8_8-x2 went from 0.0052 after
# its first QAT epoch to 0.0151 after its fifth), and the scales are
# searched once more.
# Not in this stage: dice-4_4_4_4-x1 (its stage 4 from the 200-epoch
# checkpoint gave int8 0.0196 against 0.0202 but judged 88.8% against
# 95.6%, so the first zoo's model stays) and cvae-16_16_16_16-l4 (its
# stage 4, about half an hour: int8 0.0032 against 0.0033 but judged 76.8%
# against 81.4%, so stage 1's model stays).
ZOO4=''
for e in dice-16_16_16_16@2 dice-4_4_16_16 dice-8_8_8_8-x2@2 dice-8_8_8_8-x1 \
         dice-2_2_8_16 dice-4_4_4_4-x2 dice-8_8_8_8 cvae-8_8_8_8-l4 dice-4_4_4_4 \
         dice-3_3_3_3 dice-2_2_2_2; do
    m=${e%@*}
    case $m in
        cvae-*) d=${m#cvae-}; a="--mode cvae --dims ${d%-l4} --latent 4 --beta 0.25" ;;
        *-x[12]) d=${m#dice-}; a="--dims ${d%-x?} --extra ${d##*-x}" ;;
        *) a="--dims ${m#dice-}" ;;
    esac
    ZOO4="$ZOO4
$m@q|$a --init-from @BUILD@/$e.pt --float-epochs 20 --lr 1e-3 --scale-search 1 --qat-epochs 5 --qat-lr-scale 0.05 --final-search 1"
done

# Stage 5 (NAME@p): the integer polish (train.py --polish, tools/train/
# polish.py) of each model's last stage: its int8 weights +-1 and biases,
# last layer first, kept when the exact integer MSE on 1024 training images
# falls; no float or QAT epoch (--keep-calibration).  Three layers (two for
# dice-16_16_16_16: a round of one of its 16-channel layers is a trial for
# each of 2304 weights, about 6 minutes; its two took 12): dice-8_8_8_8-x2
# int8 MSE 0.00504 -> 0.00474 in 9 minutes, dice-16_16_16_16 0.00459 ->
# 0.00438.  A polished
# model ships when its test MSE is lower and its judged accuracy at most
# one point lower (rule set before the results).
ZOO5=''
for e in dice-8_8_8_8-x2@q dice-8_8_8_8-x1@q dice-8_8_8_8@q dice-4_4_16_16@q \
         dice-2_2_8_16@q dice-3_3_3_3@q dice-2_2_2_2@q dice-16_16_16_16@q; do
    m=${e%@*}
    case $m in
        *-x[12]) d=${m#dice-}; a="--dims ${d%-x?} --extra ${d##*-x}" ;;
        *) a="--dims ${m#dice-}" ;;
    esac
    case $m in
        dice-16_16_16_16) k=2 ;;
        *) k=3 ;;
    esac
    ZOO5="$ZOO5
$m@p|$a --init-from @BUILD@/$e.pt --keep-calibration --float-epochs 0 --qat-epochs 0 --polish $k"
done

# Stage 6 (NAME@pip, then NAME@pp): dice-4_4_4_4 trained on with the pip
# reader's loss as well as the MSE (--pip-weight, tools/train/pipreader.py;
# the reader is a training loss, not the judge), then the integer polish of
# its last 4 layers (on the MSE alone).  Judged 75.1% -> 97.5% (@pip) ->
# 99.7% (@pp); int8 MSE 0.0231 -> 0.0243 -> 0.0238.  A model of the same
# 929 parameters in another layout, 4_4_4_2 with two extra 16x16 layers,
# from scratch with the pip loss (lr 3e-3: lr 1e-2 diverged at epoch 16)
# reached 98.3% at 0.0247, and its polish cost it judged accuracy (94.9%):
# not shipped.  dice-4_4_4_4-x2 got the same @pip stage (judged 85.3% ->
# 97.1%, int8 MSE 0.0155 -> 0.0152; no polish yet).
ZOO6='
dice-4_4_4_4-x2@pip|--dims 4_4_4_4 --extra 2 --init-from @BUILD@/dice-4_4_4_4-x2@q.pt --float-epochs 60 --lr 3e-3 --pip-weight 0.05 --pip-aug basic --qat-select mse --scale-search 1 --qat-epochs 4 --qat-lr-scale 0.02 --final-search 1 --eval-every 10
dice-4_4_4_4@pip|--dims 4_4_4_4 --init-from @BUILD@/dice-4_4_4_4@q.pt --float-epochs 60 --lr 3e-3 --pip-weight 0.05 --pip-aug basic --qat-select mse --scale-search 1 --qat-epochs 4 --qat-lr-scale 0.02 --final-search 1 --eval-every 10
'
ZOO7='
dice-4_4_4_4@pp|--dims 4_4_4_4 --init-from @BUILD@/dice-4_4_4_4@pip.pt --keep-calibration --float-epochs 0 --qat-epochs 0 --polish 4
'

# Stage 8: a layout of our own under 4000 parameters (not in the published
# table): 8_8_8_4 (a 4-channel dense output) with three extra 16x16 layers,
# 3737 parameters, trained twice the published steps (400 epochs; about 47
# minutes on one core), then stage 4's int8 recipe with 3 QAT epochs and
# stage 5's polish of its last 4 layers; and the polishes of
# dice-4_4_4_4-x2's @pip stage and of the first zoo's dice-4_4_4_4-x1.
# Float 0.00341, int8 0.00469 (dice-8_8_8_8-x2: float 0.0032, int8 0.00474
# at 3889).  Ship rule as stage 5.
ZOO8='
dice-8_8_8_4-x3|--dims 8_8_8_4 --extra 3 --seed 1 --float-epochs 400 --qat-epochs 0 --eval-every 20
dice-4_4_4_4-x2@pp|--dims 4_4_4_4 --extra 2 --init-from @BUILD@/dice-4_4_4_4-x2@pip.pt --keep-calibration --float-epochs 0 --qat-epochs 0 --polish 4
dice-4_4_4_4-x1@p|--dims 4_4_4_4 --extra 1 --init-from @BUILD@/dice-4_4_4_4-x1.pt --keep-calibration --float-epochs 0 --qat-epochs 0 --polish 4
'
ZOO9='
dice-8_8_8_4-x3@q|--dims 8_8_8_4 --extra 3 --init-from @BUILD@/dice-8_8_8_4-x3.pt --float-epochs 0 --lr 1e-3 --scale-search 1 --qat-epochs 3 --qat-lr-scale 0.05 --final-search 1
'
ZOO10='
dice-8_8_8_4-x3@p|--dims 8_8_8_4 --extra 3 --init-from @BUILD@/dice-8_8_8_4-x3@q.pt --keep-calibration --float-epochs 0 --qat-epochs 0 --polish 4
'

# Stage 9 (2026-12-02): twice the published steps for two models whose
# first float minimum was poor (400 epochs, seed 1), then stage 8's int8
# recipe: dice-8_8_8_8-x1 float 0.00715 -> 0.00524, int8 0.00846 ->
# 0.00695 (judged 100% -> 99.6%); dice-8_8_8_8 float 0.0132 -> 0.0128,
# int8 0.01391 -> 0.01376 (99.8% -> 100%).  Ship rule as stage 5.
ZOO11='
dice-8_8_8_8-x1@400|--dims 8_8_8_8 --extra 1 --seed 1 --float-epochs 400 --qat-epochs 0 --eval-every 20
dice-8_8_8_8@400|--dims 8_8_8_8 --seed 1 --float-epochs 400 --qat-epochs 0 --eval-every 20
'
ZOO12='
dice-8_8_8_8-x1@400q|--dims 8_8_8_8 --extra 1 --init-from @BUILD@/dice-8_8_8_8-x1@400.pt --float-epochs 0 --lr 1e-3 --scale-search 1 --qat-epochs 3 --qat-lr-scale 0.05 --final-search 1
dice-8_8_8_8@400q|--dims 8_8_8_8 --init-from @BUILD@/dice-8_8_8_8@400.pt --float-epochs 0 --lr 1e-3 --scale-search 1 --qat-epochs 3 --qat-lr-scale 0.05 --final-search 1
'
ZOO13='
dice-8_8_8_8-x1@400p|--dims 8_8_8_8 --extra 1 --init-from @BUILD@/dice-8_8_8_8-x1@400q.pt --keep-calibration --float-epochs 0 --qat-epochs 0 --polish 4
dice-8_8_8_8@400p|--dims 8_8_8_8 --init-from @BUILD@/dice-8_8_8_8@400q.pt --keep-calibration --float-epochs 0 --qat-epochs 0 --polish 4
'

# Stage 10 (2026-12-02): four models started again from the most useful
# channels of a trained wider one (--prune-from, as stage 3) instead of
# their first start, then stage 8's int8 recipe and polish:
# dice-4_4_16_16 and dice-2_2_8_16 from dice-16_16_16_16 (its @p stage,
# models/dice-16_16_16_16.pt), dice-2_2_2_2 from stage 9's dice-8_8_8_8.
# dice-4_4_16_16 float 0.0113 -> 0.0079, int8 0.01204 -> 0.00903 (judged
# 100% -> 99.2%); dice-2_2_8_16 float 0.0203 -> 0.0154, int8 0.02089 ->
# 0.01624 (99.2% -> 99.6%); dice-2_2_2_2 float 0.0300 -> 0.0285, int8
# 0.03071 -> 0.02859 (35.1% -> 47.8%).  Ship rule as stage 5.
ZOO14='
dice-2_2_8_16@pr4|--dims 2_2_8_16 --prune-from @BUILD@/dice-16_16_16_16@p.pt --lr 3e-3 --float-epochs 400 --qat-epochs 0 --eval-every 20
dice-4_4_16_16@pr|--dims 4_4_16_16 --prune-from @BUILD@/dice-16_16_16_16@p.pt --lr 3e-3 --float-epochs 200 --qat-epochs 0 --eval-every 20
dice-2_2_2_2@pr|--dims 2_2_2_2 --prune-from @BUILD@/dice-8_8_8_8@400p.pt --lr 3e-3 --float-epochs 300 --qat-epochs 0 --eval-every 20
'
ZOO15='
dice-2_2_8_16@pr4q|--dims 2_2_8_16 --init-from @BUILD@/dice-2_2_8_16@pr4.pt --float-epochs 0 --lr 1e-3 --scale-search 1 --qat-epochs 3 --qat-lr-scale 0.05 --final-search 1
dice-4_4_16_16@prq|--dims 4_4_16_16 --init-from @BUILD@/dice-4_4_16_16@pr.pt --float-epochs 0 --lr 1e-3 --scale-search 1 --qat-epochs 3 --qat-lr-scale 0.05 --final-search 1
dice-2_2_2_2@prq|--dims 2_2_2_2 --init-from @BUILD@/dice-2_2_2_2@pr.pt --float-epochs 0 --lr 1e-3 --scale-search 1 --qat-epochs 3 --qat-lr-scale 0.05 --final-search 1
'
ZOO16='
dice-4_4_16_16@prp|--dims 4_4_16_16 --init-from @BUILD@/dice-4_4_16_16@prq.pt --keep-calibration --float-epochs 0 --qat-epochs 0 --polish 4
dice-2_2_8_16@pr4p|--dims 2_2_8_16 --init-from @BUILD@/dice-2_2_8_16@pr4q.pt --keep-calibration --float-epochs 0 --qat-epochs 0 --polish 4
dice-2_2_2_2@prp|--dims 2_2_2_2 --init-from @BUILD@/dice-2_2_2_2@prq.pt --keep-calibration --float-epochs 0 --qat-epochs 0 --polish 4
'
# Then dice-3_3_3_3 from this stage's dice-4_4_16_16 (200 epochs): float
# 0.0235 -> 0.0223, int8 0.02499 -> 0.02405 (judged 45.2% -> 64.2%); its
# QAT epochs did not beat the searched scales (epoch 0 kept).
ZOO17='
dice-3_3_3_3@pr4|--dims 3_3_3_3 --prune-from @BUILD@/dice-4_4_16_16@prp.pt --lr 3e-3 --float-epochs 200 --qat-epochs 0 --eval-every 20
'
ZOO18='
dice-3_3_3_3@pr4q|--dims 3_3_3_3 --init-from @BUILD@/dice-3_3_3_3@pr4.pt --float-epochs 0 --lr 1e-3 --scale-search 1 --qat-epochs 3 --qat-lr-scale 0.05 --final-search 1
'
ZOO19='
dice-3_3_3_3@pr4p|--dims 3_3_3_3 --init-from @BUILD@/dice-3_3_3_3@pr4q.pt --keep-calibration --float-epochs 0 --qat-epochs 0 --polish 4
'

# Stage 11 (2026-12-02, later): the shipped int8 forms searched once more
# with --search-clip (a channel may also be clipped at 0.01 .. 0.4 of its
# calibrated maximum) and polished again (4 layers).  Int8 MSE (C, test)
# and judged before -> after:
# dice-8_8_8_8-x2 0.00474 -> 0.00452 (100% -> 100%), dice-8_8_8_4-x3
# 0.00469 -> 0.00467 (99.9% -> 99.9%), dice-2_2_8_16 0.01624 -> 0.01586
# (99.6% -> 98.8%), dice-4_4_4_4-x2 0.01492 -> 0.01486 (96.7% -> 97.9%),
# dice-8_8_8_8-x1 0.00695 -> 0.00678 (99.6% -> 99.6%), dice-4_4_4_4-x1
# 0.02001 -> 0.01996 (94.7% -> 95.7%), dice-8_8_8_8 0.01376 -> 0.01369
# (100% -> 99.7%).
# Ship rule as stage 5.  Not shipped: dice-4_4_16_16 (its last layer's
# polish only: 0.00903 -> 0.00902, judged 99.2% -> 99.2%: too small a
# change to re-freeze its vectors), dice-3_3_3_3 (0.02405 -> 0.02343,
# and 0.02333 after a second polish on 4096 images: below the published
# 0.0234, but judged 64.2% -> 59.8% / 60.3%).  The runs started from the shipped checkpoints (models/NAME.pt,
# byte copies of the stages named here) under scratch names (the
# recipes in models/NAME.json name them).
ZOO20='
dice-8_8_8_8-x2@c|--dims 8_8_8_8 --extra 2 --init-from @BUILD@/dice-8_8_8_8-x2@p.pt --keep-calibration --float-epochs 0 --qat-epochs 0 --final-search 1 --search-clip
dice-8_8_8_4-x3@cp|--dims 8_8_8_4 --extra 3 --init-from @BUILD@/dice-8_8_8_4-x3@p.pt --keep-calibration --float-epochs 0 --qat-epochs 0 --final-search 1 --search-clip --polish 4
dice-2_2_8_16@cp|--dims 2_2_8_16 --init-from @BUILD@/dice-2_2_8_16@pr4p.pt --keep-calibration --float-epochs 0 --qat-epochs 0 --final-search 1 --search-clip --polish 4
dice-4_4_4_4-x2@cp|--dims 4_4_4_4 --extra 2 --init-from @BUILD@/dice-4_4_4_4-x2@pp.pt --keep-calibration --float-epochs 0 --qat-epochs 0 --final-search 1 --search-clip --polish 4
dice-8_8_8_8-x1@cp|--dims 8_8_8_8 --extra 1 --init-from @BUILD@/dice-8_8_8_8-x1@400p.pt --keep-calibration --float-epochs 0 --qat-epochs 0 --final-search 1 --search-clip --polish 4
dice-4_4_4_4-x1@cp|--dims 4_4_4_4 --extra 1 --init-from @BUILD@/dice-4_4_4_4-x1@p.pt --keep-calibration --float-epochs 0 --qat-epochs 0 --final-search 1 --search-clip --polish 4
dice-8_8_8_8@cp|--dims 8_8_8_8 --init-from @BUILD@/dice-8_8_8_8@400p.pt --keep-calibration --float-epochs 0 --qat-epochs 0 --final-search 1 --search-clip --polish 4
'
ZOO21='
dice-8_8_8_8-x2@cp|--dims 8_8_8_8 --extra 2 --init-from @BUILD@/dice-8_8_8_8-x2@c.pt --keep-calibration --float-epochs 0 --qat-epochs 0 --polish 4
'

# Stage 12 (2026-12-02, third session): dice-8_8_8_8-x2 trained again from
# its first seed with --contrib-cap 8 (the last layer's contributions
# |w| x channel maximum kept under 8 output units; without it they reach
# 112): float 0.00343 -> 0.00288, int8 right after calibration 0.0813 ->
# 0.00440; then 3 gentle QAT epochs (best kept: 0.00387, emulation), a
# final scale search with clipping and the polish of 4 layers (about 50
# minutes with two jobs on two cores).  Ship rule as stage 5.
ZOO22='
dice-8_8_8_8-x2@k8|--dims 8_8_8_8 --extra 2 --seed 1 --float-epochs 200 --qat-epochs 0 --eval-every 20 --contrib-cap 8 --contrib-weight 0.01
'
ZOO23='
dice-8_8_8_8-x2@k8q|--dims 8_8_8_8 --extra 2 --init-from @BUILD@/dice-8_8_8_8-x2@k8.pt --float-epochs 0 --lr 1e-3 --qat-epochs 3 --qat-lr-scale 0.05
'
ZOO24='
dice-8_8_8_8-x2@k8cp|--dims 8_8_8_8 --extra 2 --init-from @BUILD@/dice-8_8_8_8-x2@k8q.pt --keep-calibration --float-epochs 0 --qat-epochs 0 --final-search 1 --search-clip --polish 4
'

# Stage 13 (2026-12-02, fifth session): dice-8_8_8_8-x2 with the cap for
# 800 float epochs (float 0.00223, below the published 0.0024; int8 after
# calibration 0.01196, most of it layer 5's weights), then 150 epochs of
# the noisy float phase (--act-noise 1 --weight-noise 1: float 0.00312,
# int8 right after it 0.00467), then 3 QAT epochs (the first kept:
# 0.00339) and a clipped search (0.00338), then the polish of 4 layers:
# 0.00331 (C), judged 100% (was 0.00359, 100%).  With 40 noisy epochs
# instead of 150 the same stages gave 0.00337.  Ship rule as stage 5.
ZOO25='
dice-8_8_8_8-x2@k800|--dims 8_8_8_8 --extra 2 --seed 1 --float-epochs 800 --qat-epochs 0 --eval-every 20 --contrib-cap 8 --contrib-weight 0.01
'
ZOO26='
dice-8_8_8_8-x2@n|--dims 8_8_8_8 --extra 2 --init-from @BUILD@/dice-8_8_8_8-x2@k800.pt --float-epochs 150 --lr 1e-3 --act-noise 1 --weight-noise 1 --contrib-cap 8 --contrib-weight 0.01 --qat-epochs 0 --eval-every 10
'
ZOO27='
dice-8_8_8_8-x2@nq|--dims 8_8_8_8 --extra 2 --init-from @BUILD@/dice-8_8_8_8-x2@n.pt --keep-calibration --float-epochs 0 --lr 1e-3 --qat-epochs 3 --qat-lr-scale 0.05 --final-search 1 --search-clip
'
ZOO28='
dice-8_8_8_8-x2@nqp|--dims 8_8_8_8 --extra 2 --init-from @BUILD@/dice-8_8_8_8-x2@nq.pt --keep-calibration --float-epochs 0 --qat-epochs 0 --polish 4
'

run_list() {
    list=$1; shift
    echo "$list" | while IFS='|' read -r name args; do
        [ -n "$name" ] || continue
        if [ $# -gt 0 ]; then
            found=0
            for w in "$@"; do [ "$w" = "$name" ] && found=1; done
            [ $found -eq 1 ] || continue
        fi
        printf '%s %s\n' "$name" "$args" | sed "s|@BUILD@|$BUILD|g"
    done | xargs -r -P "$JOBS" -L 1 "$0" --one
}

echo "$(date -u +%H:%M:%S) sweep: $JOBS job(s), logs in $BUILD"
run_list "$ZOO" "$@"
run_list "$ZOO2" "$@"
run_list "$ZOO3" "$@"
run_list "$ZOO4" "$@"
run_list "$ZOO5" "$@"
run_list "$ZOO6" "$@"
run_list "$ZOO7" "$@"
run_list "$ZOO8" "$@"
run_list "$ZOO9" "$@"
run_list "$ZOO10" "$@"
run_list "$ZOO11" "$@"
run_list "$ZOO12" "$@"
run_list "$ZOO13" "$@"
run_list "$ZOO14" "$@"
run_list "$ZOO15" "$@"
run_list "$ZOO16" "$@"
run_list "$ZOO17" "$@"
run_list "$ZOO18" "$@"
run_list "$ZOO19" "$@"
run_list "$ZOO20" "$@"
run_list "$ZOO21" "$@"
run_list "$ZOO22" "$@"
run_list "$ZOO23" "$@"
run_list "$ZOO24" "$@"
run_list "$ZOO25" "$@"
run_list "$ZOO26" "$@"
run_list "$ZOO27" "$@"
run_list "$ZOO28" "$@"
echo "$(date -u +%H:%M:%S) sweep finished"
