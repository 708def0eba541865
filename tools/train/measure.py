#!/usr/bin/python3
"""Measurements of an exported model, all through the C reference decoder.

* int8 MSE (pixels in [0, 1]) on the held-out test split:
  - angle-conditioned model: decode (p, q(angle)) with q = spec 10 rounding
    of angle / 45 at F = 7, compare with the nominal rendered test image of
    the same pip count and angle;
  - CVAE: reconstruction through the encoder mean: q = round(mu * 2^F)
    clamped to int8, decoded with the test image's pip count.
* judged accuracy: latents and pip counts from the roll profile (spec 6,
  seeds 1, 2, 3, ... taking the first JUDGE_PER_PIP rolls of each pip
  count, so 6 * JUDGE_PER_PIP images), decoded by the C reference, read by
  the committed judge (tools/dice/judge.pt); share read as the rolled count.
* judged on every image (L = 1 models): all 256 latent bytes x 6 pip
  counts, every picture the model can draw
  (`measure.py --every-image MODEL.tvm ...`).
"""

import os
import sys

import numpy as np
import torch

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(ROOT, "tools", "dice"))
import cref  # noqa: E402
import train  # noqa: E402
import tvae_emul as emul  # noqa: E402

JUDGE_PER_PIP = 200
JUDGE_PATH = os.path.join(ROOT, "tools", "dice", "judge.pt")
_judge = None


def judge():
    global _judge
    if _judge is None:
        if not os.path.exists(JUDGE_PATH):
            return None
        import judge as jmod
        _judge = jmod.load_judge(JUDGE_PATH)
    return _judge


def roll_set(blob, latent_len, per_pip=JUDGE_PER_PIP):
    """(seeds, pips, latents) of the first per_pip rolls of each pip count."""
    seeds = np.arange(1, 40 * per_pip + 1, dtype=np.uint32)
    pips, lat = cref.roll(blob, seeds, latent_len)
    keep = np.concatenate([np.nonzero(pips == p)[0][:per_pip] for p in range(1, 7)])
    keep.sort()
    assert all(np.sum(pips[keep] == p) == per_pip for p in range(1, 7))
    return seeds[keep], pips[keep], lat[keep]


def judged_accuracy(blob, latent_len):
    j = judge()
    if j is None:
        return None, None
    import judge as jmod
    _, pips, lat = roll_set(blob, latent_len)
    pix, _ = cref.decode(blob, lat, pips)
    pred = jmod.predict(j, pix)
    per = {int(p): float(np.mean(pred[pips == p] == p)) for p in range(1, 7)}
    return float(np.mean(pred == pips)), per


def every_image(blob):
    """(pixels uint8[1536,32,32], pips) of every image an L = 1 model can
    draw, through the C reference: latent bytes -128..127 at pip count 1,
    then at 2, ... 6."""
    lat = np.tile(np.arange(-128, 128, dtype=np.int8), 6).reshape(-1, 1)
    pips = np.repeat(np.arange(1, 7), 256)
    return cref.decode(blob, lat, pips)[0], pips


def judged_every_image(blob):
    """Judged accuracy over every image an L = 1 model can draw (each of
    the 256 latent bytes at each pip count): (accuracy, {pip: misread})."""
    j = judge()
    if j is None:
        raise RuntimeError("no judge at %s" % JUDGE_PATH)
    if emul.parse_model(blob)["latent"] != 1:
        raise ValueError("--every-image: only for models with L = 1")
    import judge as jmod
    pix, pips = every_image(blob)
    ok = jmod.predict(j, pix) == pips
    return float(np.mean(ok)), {p: int(np.sum(~ok[pips == p])) for p in range(1, 7)}


def every_image_fields(blob):
    """The recorded form of judged_every_image for an L = 1 model
    (models/NAME.json: judged_all, judged_all_misread {pip: count},
    judged_all_images); {} for any other latent length."""
    if emul.parse_model(blob)["latent"] != 1:
        return {}
    acc, miss = judged_every_image(blob)
    return dict(judged_all=acc, judged_all_misread={str(p): miss[p] for p in range(1, 7)},
                judged_all_images=6 * 256)


def main(argv=None):
    import argparse
    ap = argparse.ArgumentParser(description="Measure exported tvae models through the C reference.")
    ap.add_argument("--every-image", nargs="+", metavar="MODEL.tvm", required=True,
                    help="judged accuracy over every image an L = 1 model can draw")
    args = ap.parse_args(argv)
    rc = 0
    for path in args.every_image:
        try:
            with open(path, "rb") as f:
                blob = f.read()
            acc, miss = judged_every_image(blob)
        except (OSError, ValueError, RuntimeError) as e:
            print("measure.py: %s: %s" % (path, e), file=sys.stderr)
            rc = 1
            continue
        print("%s: judged %.2f%% of all %d images (%d misread; by pip count 1..6: %s)"
              % (path, 100 * acc, 6 * 256, sum(miss.values()),
                 " ".join(str(miss[p]) for p in range(1, 7))))
    return rc


def test_latents(cfg, enc, data):
    """int8 latents for the test split (see module doc)."""
    d = data["test"]
    if cfg["mode"] == "angle":
        return train.angle_to_q(d["angles"])[:, None]
    with torch.no_grad():
        img = torch.from_numpy(d["images"].astype(np.float32) / 255.0)[:, None]
        mu, _ = enc(img, torch.from_numpy(d["labels"].astype(np.int64)))
        frac = train.CVAE_FRAC
        return train.latent_q(mu, frac, grad=False).numpy().astype(np.int64)


def int_mse(blob, cfg, enc, data):
    lat = test_latents(cfg, enc, data)
    pix, _ = cref.decode(blob, lat, data["test"]["labels"])
    diff = pix.astype(np.float64) / 255.0 - data["test"]["images"].astype(np.float64) / 255.0
    return float(np.mean(diff * diff))


def measure(name, blob, cfg, stats, dec=None, enc=None, log=print):
    data = train.load_data(cfg["mode"], cfg["n_train"], cfg["n_test"], cfg["data_seed"], log)
    model = emul.parse_model(blob)
    params = emul.param_count(model["layers"], model["latent"])
    mse = int_mse(blob, cfg, enc, data)
    acc, per = judged_accuracy(blob, model["latent"])
    rec = dict(name=name, mode=cfg["mode"], command=cfg.get("command"), seed=cfg["seed"],
               data_seed=cfg["data_seed"], n_train=cfg["n_train"], n_test=cfg["n_test"],
               float_epochs=cfg["float_epochs"], qat_epochs=cfg["qat_epochs"],
               epochs=cfg["float_epochs"] + cfg["qat_epochs"],
               dims="_".join(str(d) for d in cfg["dims"]), extra=cfg["extra"],
               L=model["latent"], latent_frac=model["frac"], roll_kind=model["roll_kind"],
               roll_mult=model["roll_mult"], roll_shift=model["roll_shift"],
               params=params, bytes=len(blob),
               float_mse=stats.get("float_mse"), int8_mse=mse,
               int8_mse_emulation_at_training=stats.get("int_mse_emul"),
               act_scale=cfg.get("act_scale", "layer"), init_recipe=cfg.get("init_recipe", []),
               judged=acc, judged_per_pip=per, judged_images=6 * JUDGE_PER_PIP,
               **(every_image_fields(blob) if judge() is not None else {}),
               train_seconds=stats.get("train_seconds"),
               config={k: v for k, v in cfg.items() if k != "command"})
    log("%s: params %d, bytes %d, float MSE %s, int8 MSE (C) %.5f, judged %s" %
        (name, params, len(blob), "%.5f" % rec["float_mse"] if rec["float_mse"] is not None
         else "-", mse, "%.1f%%" % (100 * acc) if acc is not None else "n/a (no judge)"))
    return rec


if __name__ == "__main__":
    sys.exit(main())
