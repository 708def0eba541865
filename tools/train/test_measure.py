#!/usr/bin/python3
"""The judged-accuracy figures recorded with the zoo, measured again.

1. Every L = 1 model's models/NAME.json records judged_all (export.py and
   report.py write it; a model without it fails), and judging every image
   the model can draw (the 256 latent bytes at each pip count, through the
   C reference and the committed judge) gives exactly the recorded misread
   count of every pip count, and the recorded share.
2. `measure.py --every-image` prints that figure for a shipped model and
   exits 0; for a missing file, hostile bytes and a model with L != 1 it
   prints one line naming the file and the reason on stderr, no traceback,
   and exits 1 (also when a good model is listed beside a bad one).
Prints "N passed, M failed"; exits 1 on any failure.
Run: /usr/bin/python3 tools/train/test_measure.py
"""

import glob
import json
import os
import subprocess
import sys
import tempfile

sys.dont_write_bytecode = True
HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, HERE)

import measure  # noqa: E402

MEASURE = os.path.join(HERE, "measure.py")


def check_recorded(path):
    meta = json.load(open(path))
    assert "judged_all" in meta, "no judged_all recorded (tools/train/report.py writes it)"
    blob = open(path[:-5] + ".tvm", "rb").read()
    acc, miss = measure.judged_every_image(blob)
    want = {int(p): n for p, n in meta["judged_all_misread"].items()}
    assert miss == want, "misread by pip count %s, recorded %s" % (miss, want)
    assert meta["judged_all_images"] == 6 * 256, "judged_all_images"
    assert acc == meta["judged_all"], "share %r, recorded %r" % (acc, meta["judged_all"])
    return "%s: %.2f%% of %d images, misread %s as recorded (closest call: %.3g logits)" % (
        os.path.basename(path)[:-5], 100 * acc, 6 * 256,
        " ".join(str(miss[p]) for p in range(1, 7)), closest_call(blob))


def closest_call(blob):
    """The smallest gap between the judge's two highest logits over the
    model's 1536 images: the judge is float, so a figure whose closest call
    is near float32 rounding could differ on another CPU; the line says how
    far the recorded counts are from that."""
    import torch
    import judge as jmod
    pix, _ = measure.every_image(blob)
    with torch.no_grad():
        top = measure.judge()(jmod.to_ink(pix)).topk(2, 1).values
    return float((top[:, 0] - top[:, 1]).min())


def run_cli(args):
    r = subprocess.run([sys.executable, MEASURE, "--every-image"] + args,
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                       universal_newlines=True, timeout=600)
    return r.returncode, r.stdout, r.stderr


def check_cli(models):
    good = os.path.join(ROOT, "models", "dice-4_4_4_4.tvm")
    meta = json.load(open(good[:-4] + ".json"))
    wrong_l = [m for m in models
               if json.load(open(m[:-4] + ".json"))["L"] != 1]
    assert wrong_l, "no shipped model with L != 1 to refuse"
    with tempfile.TemporaryDirectory(prefix="tvae-measure-") as d:
        missing = os.path.join(d, "missing.tvm")
        noise = os.path.join(d, "noise.tvm")
        with open(noise, "wb") as f:
            f.write(bytes((i * 37 + 11) & 255 for i in range(100)))
        rc, out, err = run_cli([good])
        n = sum(meta["judged_all_misread"].values())
        line = "%s: judged %.2f%% of all 1536 images (%d misread;" % (
            good, 100 * meta["judged_all"], n)
        assert rc == 0 and out.startswith(line) and err == "", \
            "good model: rc %d, stdout %r, stderr %r" % (rc, out, err)
        for bad, why in ((missing, "No such file"), (noise, "TVAE_E_MAGIC"),
                         (wrong_l[0], "only for models with L = 1")):
            rc, out, err = run_cli([good, bad])
            lines = err.strip().split("\n")
            assert rc == 1, "%s: exit %d, want 1" % (bad, rc)
            assert len(lines) == 1 and lines[0].startswith("measure.py: %s: " % bad) \
                and why in lines[0] and "Traceback" not in err, \
                "%s: stderr %r" % (bad, err)
            assert out.startswith(line), "%s: the good model's line is missing" % bad
    return "measure.py --every-image: the good model's line, exit 1 and one line for " \
        "a missing file, 100 hostile bytes and an L = %d model" % \
        json.load(open(wrong_l[0][:-4] + ".json"))["L"]


def main():
    models = sorted(glob.glob(os.path.join(ROOT, "models", "*.tvm")))
    l1 = [m[:-4] + ".json" for m in models if json.load(open(m[:-4] + ".json"))["L"] == 1]
    passed = failed = 0
    checks = [(os.path.basename(p), check_recorded, p) for p in l1]
    checks.append(("measure.py CLI", check_cli, models))
    if not l1:
        print("FAIL: no L = 1 model in models/")
        failed += 1
    for name, fn, arg in checks:
        try:
            print("PASS: " + fn(arg), flush=True)
            passed += 1
        except (AssertionError, ValueError, RuntimeError, OSError, KeyError,
                subprocess.TimeoutExpired) as e:
            print("FAIL: %s: %s" % (name, e), flush=True)
            failed += 1
    print("%d passed, %d failed" % (passed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
