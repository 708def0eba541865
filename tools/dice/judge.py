#!/usr/bin/python3
"""The judge: a pip-counting CNN that scores generated dice.

Architecture as published (shared/background.md, "Data"):
    conv3x3 1->8 (pad 1), ReLU, conv3x3 8->16 (pad 1), ReLU, maxpool 2,
    fc 4096->256, ReLU, dropout 0.25 (training only), fc 256->6.

Input convention: an image uint8[32,32] (255 = white background) becomes
ink = (255 - pixel) / 255, so the background is 0 and the convolutions' zero
padding looks like more background.  Output class k means k + 1 pips.

Training mixes clean images with augmented ones (random shift of up to
SHIFT px so the die may be partly outside the frame, blur on 50%, Gaussian
noise on 50%, contrast/brightness change on 50%) so that the judge is harder
to fool than the generator.  Every training sample, clean or not, also gets a
random one of the 8 symmetries of the square (rot90 / transpose): they map a
die face to a die face with the same pip count, so the judge also reads the
orientations the data set leaves out (e.g. a "2" on the other diagonal).

Weights are stored as float16 (half the file size); the accuracies recorded in
judge.json are measured with those float16 weights widened to float32, which is
exactly what load_judge returns.

Implementation note: this torch build (Debian python3-torch 1.13) links the
reference BLAS, which makes nn.Linear(4096, 256) the slowest layer by far.  The
forward pass therefore evaluates fc1 as a 16x16 convolution over the pooled
16x16x16 map with fc1.weight viewed as [256, 16, 16, 16].  That is the same sum
(flatten order C, H, W) done by MKL-DNN; the parameter keeps the published
nn.Linear shape.

Usage:
    judge.py train --data data/dice.npz --out tools/dice/judge.pt --seed 1
    judge.py eval --judge tools/dice/judge.pt --images X.npz
"""

import argparse
import json
import math
import os
import sys
import time

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import render  # noqa: E402

THREADS = 2
SHIFT = 6               # max |shift| in px; keeps every pip centre in the frame
AUG_SEED_OFFSET = 1000  # augmented test set uses torch seed (seed + this)


class Judge(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(1, 8, 3, padding=1)
        self.conv2 = nn.Conv2d(8, 16, 3, padding=1)
        self.fc1 = nn.Linear(4096, 256)
        self.fc2 = nn.Linear(256, 6)
        self.drop = nn.Dropout(0.25)

    def forward(self, x):
        """x: float32 [n, 1, 32, 32] ink in [0, 1]; returns logits [n, 6]."""
        x = F.relu(self.conv1(x))
        x = F.relu(self.conv2(x))
        x = F.max_pool2d(x, 2)                                   # [n,16,16,16]
        w = self.fc1.weight.view(256, 16, 16, 16)
        x = F.relu(F.conv2d(x, w, self.fc1.bias).flatten(1))     # == fc1(flatten(x))
        x = self.drop(x)
        return self.fc2(x)


def setup_determinism(seed):
    torch.manual_seed(seed)
    torch.set_num_threads(THREADS)
    torch.use_deterministic_algorithms(True)


def to_ink(images):
    """uint8 [n,32,32] -> float32 tensor [n,1,32,32], background 0, ink 1."""
    a = np.asarray(images, np.uint8)
    if a.ndim == 2:
        a = a[None]
    t = torch.from_numpy(np.ascontiguousarray(a)).float()
    return ((255.0 - t) / 255.0).unsqueeze(1)


def quantize_ink(x):
    """Round ink to the 8-bit grid the judge sees in use."""
    return torch.round(x.clamp(0.0, 1.0) * 255.0) / 255.0


def dihedral(x, g):
    """A random one of the 8 symmetries of the square per image."""
    k = torch.randint(0, 4, (x.shape[0],), generator=g)
    tr = torch.randint(0, 2, (x.shape[0],), generator=g)
    out = torch.empty_like(x)
    for i in range(x.shape[0]):
        y = x[i]
        if tr[i]:
            y = y.transpose(1, 2)
        out[i] = torch.rot90(y, int(k[i]), (1, 2))
    return out


def _gauss_kernels(sigmas):
    r = torch.arange(-2, 3, dtype=torch.float32)
    k1 = torch.exp(-(r[None, :] ** 2) / (2.0 * sigmas[:, None] ** 2))
    k1 = k1 / k1.sum(1, keepdim=True)
    return k1[:, :, None] * k1[:, None, :]                    # [n,5,5]


def augment(x, g):
    """Degrade ink images x [n,1,32,32]: shift (all), blur (50%), noise
    (50%), contrast/brightness (50%); all draws from torch.Generator g."""
    n = x.shape[0]
    # Shift by integers in [-SHIFT, SHIFT]; the uncovered border is background.
    pad = F.pad(x, (SHIFT, SHIFT, SHIFT, SHIFT))
    sx = torch.randint(0, 2 * SHIFT + 1, (n,), generator=g)
    sy = torch.randint(0, 2 * SHIFT + 1, (n,), generator=g)
    x = torch.stack([pad[i, :, int(sy[i]):int(sy[i]) + 32, int(sx[i]):int(sx[i]) + 32]
                     for i in range(n)])
    # Blur: 5x5 Gaussian, sigma in [0.4, 1.2], on half of the images.
    do = torch.rand(n, generator=g) < 0.5
    sig = 0.4 + 0.8 * torch.rand(n, generator=g)
    k = _gauss_kernels(sig)[:, None]                           # [n,1,5,5]
    blurred = F.conv2d(F.pad(x, (2, 2, 2, 2), mode="replicate").transpose(0, 1),
                       k, groups=n).transpose(0, 1)
    x = torch.where(do[:, None, None, None], blurred, x)
    # Contrast c in [0.6, 1.2] around the image mean, brightness b in [-0.1, 0.1].
    do = torch.rand(n, generator=g) < 0.5
    c = 0.6 + 0.6 * torch.rand(n, generator=g)
    b = -0.1 + 0.2 * torch.rand(n, generator=g)
    m = x.mean(dim=(1, 2, 3), keepdim=True)
    xc = (x - m) * c[:, None, None, None] + m + b[:, None, None, None]
    x = torch.where(do[:, None, None, None], xc, x)
    # Gaussian noise, sigma in [0.02, 0.12], on half of the images.
    do = torch.rand(n, generator=g) < 0.5
    s = 0.02 + 0.10 * torch.rand(n, generator=g)
    noise = torch.randn(x.shape, generator=g) * s[:, None, None, None]
    x = torch.where(do[:, None, None, None], x + noise, x)
    return quantize_ink(x)


def augmented_test_set(images, seed):
    """The fixed augmented held-out set: dihedral + augment with its own seed."""
    g = torch.Generator().manual_seed(seed + AUG_SEED_OFFSET)
    x = to_ink(images)
    return augment(dihedral(x, g), g)


@torch.no_grad()
def predict_ink(judge, x, batch=512):
    judge.eval()
    out = []
    for s in range(0, x.shape[0], batch):
        out.append(judge(x[s:s + batch]).argmax(1))
    return (torch.cat(out) + 1).numpy().astype(np.uint8)


def predict(judge, images):
    """Pip counts (uint8, 1..6) the judge reads in images uint8[n,32,32]."""
    return predict_ink(judge, to_ink(images))


def judge_accuracy(judge, images, labels):
    """Share of images whose predicted pip count equals labels (1..6)."""
    labels = np.asarray(labels).astype(np.int64).reshape(-1)
    return float(np.mean(predict(judge, images).astype(np.int64) == labels))


def load_judge(path=os.path.join(HERE, "judge.pt")):
    torch.set_num_threads(THREADS)
    blob = torch.load(path, map_location="cpu")
    judge = Judge()
    judge.load_state_dict({k: v.float() for k, v in blob["state_dict"].items()})
    judge.eval()
    return judge


def save_judge(judge, path):
    sd = {k: v.detach().half().clone() for k, v in judge.state_dict().items()}
    torch.save({"format": "tvae-dice-judge-1", "state_dict": sd}, path)


def round_to_half(judge):
    """Replace the weights by their float16 values (what save_judge keeps)."""
    with torch.no_grad():
        for p in judge.parameters():
            p.copy_(p.half().float())


def confusion(pred, labels):
    m = np.zeros((6, 6), np.int64)
    for t, p in zip(np.asarray(labels).astype(int), np.asarray(pred).astype(int)):
        m[t - 1, p - 1] += 1
    return m


def cmd_train(args):
    setup_determinism(args.seed)
    d = np.load(args.data)
    tr_x = to_ink(d["train_images"])
    tr_y = torch.from_numpy(d["train_labels"].astype(np.int64) - 1)
    te_img, te_lab = d["test_images"], d["test_labels"]
    te_x = to_ink(te_img)
    te_aug = augmented_test_set(te_img, args.seed)
    n = tr_x.shape[0]
    g = torch.Generator().manual_seed(args.seed)
    judge = Judge()
    opt = torch.optim.Adam(judge.parameters(), lr=args.lr)
    steps_per_epoch = math.ceil(n / args.batch)
    total = steps_per_epoch * args.epochs
    sched = torch.optim.lr_scheduler.OneCycleLR(opt, max_lr=args.lr, total_steps=total)
    print("judge: %d train images, %d test images, %d epochs, batch %d, seed %d"
          % (n, te_x.shape[0], args.epochs, args.batch, args.seed), flush=True)
    t0 = time.time()
    for ep in range(args.epochs):
        judge.train()
        perm = torch.randperm(n, generator=g)
        tot_loss, tot_ok, seen = 0.0, 0, 0
        for s in range(0, n, args.batch):
            idx = perm[s:s + args.batch]
            x = dihedral(tr_x[idx], g)
            # Half of every batch degraded, half clean.
            aug = torch.rand(len(idx), generator=g) < args.aug_frac
            if aug.any():
                x[aug] = augment(x[aug], g)
            y = tr_y[idx]
            opt.zero_grad()
            logits = judge(x)
            loss = F.cross_entropy(logits, y)
            loss.backward()
            opt.step()
            sched.step()
            tot_loss += float(loss) * len(idx)
            tot_ok += int((logits.argmax(1) == y).sum())
            seen += len(idx)
        clean = float(np.mean(predict_ink(judge, te_x) == te_lab))
        augd = float(np.mean(predict_ink(judge, te_aug) == te_lab))
        el = time.time() - t0
        eta = el / (ep + 1) * (args.epochs - ep - 1)
        print("epoch %2d/%d  loss %.4f  train acc %.4f  test clean %.4f  test aug %.4f"
              "  %5.0f s  ETA %4.0f s" % (ep + 1, args.epochs, tot_loss / seen,
                                           tot_ok / seen, clean, augd, el, eta), flush=True)
    round_to_half(judge)
    judge.eval()
    p_clean = predict_ink(judge, te_x)
    p_aug = predict_ink(judge, te_aug)
    clean = float(np.mean(p_clean == te_lab))
    augd = float(np.mean(p_aug == te_lab))
    print("float16 weights: test clean %.4f (%d/%d)  test augmented %.4f (%d/%d)"
          % (clean, int((p_clean == te_lab).sum()), len(te_lab),
             augd, int((p_aug == te_lab).sum()), len(te_lab)))
    print("confusion (rows = true 1..6, cols = predicted), augmented test:")
    print(confusion(p_aug, te_lab))
    save_judge(judge, args.out)
    meta = {
        "format": "tvae-dice-judge-1",
        "architecture": "conv3x3 1->8, ReLU, conv3x3 8->16, ReLU, maxpool 2, "
                        "fc 4096->256, ReLU, dropout 0.25, fc 256->6",
        "parameters": sum(p.numel() for p in judge.parameters()),
        "weights_dtype": "float16",
        "input": "ink = (255 - pixel) / 255, class k = k + 1 pips",
        "seed": args.seed,
        "epochs": args.epochs, "batch": args.batch, "lr": args.lr,
        "aug_frac": args.aug_frac, "shift": SHIFT,
        "dataset": {
            "file": os.path.basename(args.data),
            "seed": int(d["seed"]), "format_version": int(d["format_version"]),
            "jitter": bool(d["jitter"]),
            "train_images": int(n), "test_images": int(len(te_lab)),
            "train_images_sha256": render.images_sha256(d["train_images"]),
            "test_images_sha256": render.images_sha256(te_img),
            "render_params": json.loads(str(d["params_json"])),
        },
        "test_images": int(len(te_lab)),
        "clean_test_accuracy": clean,
        "augmented_test_accuracy": augd,
        "augmented_test_seed": args.seed + AUG_SEED_OFFSET,
        "torch_version": torch.__version__,
        "numpy_version": np.__version__,
        "threads": THREADS,
        "train_seconds": round(time.time() - t0, 1),
    }
    side = os.path.splitext(args.out)[0] + ".json"
    with open(side, "w") as f:
        json.dump(meta, f, indent=2, sort_keys=True)
        f.write("\n")
    print("wrote %s and %s" % (args.out, side))
    return 0


def cmd_eval(args):
    judge = load_judge(args.judge)
    d = np.load(args.images)
    for prefix in ("", "test_"):
        if prefix + "images" in d and prefix + "labels" in d:
            images, labels = d[prefix + "images"], d[prefix + "labels"]
            break
    else:
        print("%s: needs arrays images+labels or test_images+test_labels" % args.images)
        return 2
    pred = predict(judge, images)
    ok = int((pred == np.asarray(labels).astype(np.uint8)).sum())
    print("clean: %.4f (%d/%d)" % (ok / len(labels), ok, len(labels)))
    if args.augmented:
        p2 = predict_ink(judge, augmented_test_set(images, args.seed))
        ok2 = int((p2 == np.asarray(labels)).sum())
        print("augmented (seed %d): %.4f (%d/%d)"
              % (args.seed + AUG_SEED_OFFSET, ok2 / len(labels), ok2, len(labels)))
    print("confusion (rows = true 1..6, cols = predicted):")
    print(confusion(pred, labels))
    return 0


def main(argv=None):
    ap = argparse.ArgumentParser(description="Train or run the dice judge.")
    sub = ap.add_subparsers(dest="cmd", required=True)
    t = sub.add_parser("train")
    t.add_argument("--data", default="data/dice.npz")
    t.add_argument("--out", default=os.path.join(HERE, "judge.pt"))
    t.add_argument("--seed", type=int, default=1)
    t.add_argument("--epochs", type=int, default=15)
    t.add_argument("--batch", type=int, default=128)
    t.add_argument("--lr", type=float, default=2e-3)
    t.add_argument("--aug-frac", type=float, default=0.5,
                   help="share of each batch that is degraded")
    e = sub.add_parser("eval")
    e.add_argument("--judge", default=os.path.join(HERE, "judge.pt"))
    e.add_argument("--images", required=True,
                   help=".npz with images+labels (or test_images+test_labels)")
    e.add_argument("--augmented", action="store_true",
                   help="also score the fixed augmented copy of the images")
    e.add_argument("--seed", type=int, default=1,
                   help="seed of the augmented copy (seed + %d)" % AUG_SEED_OFFSET)
    args = ap.parse_args(argv)
    if args.cmd == "train":
        return cmd_train(args)
    setup_determinism(args.seed)
    return cmd_eval(args)


if __name__ == "__main__":
    sys.exit(main())
