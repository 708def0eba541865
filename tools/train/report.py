#!/usr/bin/python3
"""Regenerate the model zoo report from the shipped models.

    /usr/bin/python3 tools/train/report.py [--models models] [--out reports]

For every models/NAME.tvm (with its recipe NAME.json and, for a CVAE, its
checkpoint NAME.pt holding the encoder) it measures, through the C
reference decoder: parameter count (spec 4.4), file bytes, int8 MSE on the
held-out test split, and judged accuracy of rolled dice (measure.py says
exactly how).  The float MSE is the one recorded at training time (the
float model before QAT; it is not shipped).  It writes:

  reports/zoo.md          table beside the published numbers and targets
  reports/params_mse.png  log-log params vs MSE, fitted slope, published points
  reports/params_acc.png  params vs judged accuracy
  reports/zoo_dice.png    contact sheet: every model's dice, 6 pip counts x
                          8 angles (CVAE: rolled latents), beside the renderer
"""

import argparse
import glob
import json
import math
import os
import sys

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(ROOT, "tools", "dice"))
import cref  # noqa: E402
import measure  # noqa: E402
import train  # noqa: E402
import tvae_emul as emul  # noqa: E402

# shared/background.md, "Published sweep" and "More layers" (float PyTorch)
PUBLISHED = [
    ("2_2_2_2", 0, 357, 0.0299, 0.18), ("3_3_3_3", 0, 616, 0.0234, 0.76),
    ("4_4_4_4", 0, 929, 0.0130, 0.98), ("8_8_8_8", 0, 2721, 0.0110, 0.97),
    ("2_2_8_16", 0, 3155, 0.0115, 1.00), ("4_4_16_16", 0, 4877, 0.0050, 1.00),
    ("2_2_8_32", 0, 6099, 0.0092, 0.99), ("16_16_16_16", 0, 8897, 0.0044, 0.99),
    ("4_4_16_64", 0, 17165, 0.0039, 1.00), ("32_32_32_32", 0, 31617, 0.0016, 1.00),
    ("64_64_64_64", 0, 118529, 0.00067, 1.00),
    ("4_4_4_4", 1, 1077, 0.0120, 0.894), ("4_4_4_4", 2, 1225, 0.0082, 0.924),
    ("4_4_4_4", 3, 1373, 0.0109, 0.980),
    ("8_8_8_8", 1, 3305, 0.0033, 0.998), ("8_8_8_8", 2, 3889, 0.0024, 1.00),
    ("8_8_8_8", 3, 4473, 0.0039, 1.00),
]
SHEET_ANGLES = [-45.0 + 90.0 * i / 8 for i in range(8)]


def published_fit():
    p = np.array([r[2] for r in PUBLISHED], float)
    m = np.array([r[3] for r in PUBLISHED], float)
    return np.polyfit(np.log10(p), np.log10(m), 1)


def published_mse_at(params):
    """The published sweep's fitted log-log line at a size (shown beside a
    layout the published table does not have)."""
    a, b = published_fit()
    return 10 ** (a * math.log10(params) + b)


def published_frontier(params):
    """The lowest published MSE of a model with at most `params` parameters,
    as (params, mse, dims, extra): what a layout the published table does
    not have is held to for 'at or below the published MSE for its size'."""
    best = None
    for d, e, p, m, acc in PUBLISHED:
        if p <= params and (best is None or m < best[1]):
            best = (p, m, d, e)
    return best


def published_bar(r):
    """The published MSE a zoo model is held to: its own layout's, else the
    published frontier at its size; None for the CVAEs (no published CVAE)."""
    if r["mode"] != "angle":
        return None
    pub = published_same(r["dims"], r["extra"])
    if pub:
        return pub[1]
    front = published_frontier(r["params"])
    return front[1] if front else None


def place_labels(fig, ax, items, fontsize=6):
    """Label points without overlaps: each (x, y, text) in turn takes the first
    of a ring of offsets (right/left, above/below, then further out) whose text
    box overlaps no earlier label, no plotted marker and not the legend, and
    stays inside the axes; when none is free, the least-overlapping one.  A
    label set further than one line from its point gets a thin leader line.
    Call after every point is plotted and the scales are set (the axis limits
    are frozen here)."""
    ax.set_xlim(ax.get_xlim())
    ax.set_ylim(ax.get_ylim())
    fig.tight_layout()
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    frame = ax.get_window_extent(renderer)
    markers = []
    for coll in ax.collections:
        for px, py in ax.transData.transform(coll.get_offsets()):
            markers.append((px - 3.5, py - 3.5, px + 3.5, py + 3.5))
    cands = []
    for k in range(0, 7):
        for sx, ha in ((1, "left"), (-1, "right")):
            cands.append((4 * sx, 3 + 8 * k, ha, "bottom"))
            cands.append((4 * sx, -3 - 8 * k, ha, "top"))

    def overlap(a, b):
        w = min(a[2], b[2]) - max(a[0], b[0])
        h = min(a[3], b[3]) - max(a[1], b[1])
        return w * h if w > 0 and h > 0 else 0.0

    placed = []
    if ax.get_legend() is not None:
        e = ax.get_legend().get_window_extent(renderer)
        placed.append((e.x0, e.y0, e.x1, e.y1))
    for x, y, text in items:
        best = None
        for dx, dy, ha, va in cands:
            t = ax.annotate(text, (x, y), xytext=(dx, dy), textcoords="offset points",
                            fontsize=fontsize, ha=ha, va=va)
            e = t.get_window_extent(renderer)
            box = (e.x0 - 1, e.y0 - 1, e.x1 + 1, e.y1 + 1)
            t.remove()
            cost = sum(overlap(box, b) for b in placed) + sum(overlap(box, m) for m in markers)
            outside = (box[2] - box[0]) * (box[3] - box[1]) - \
                overlap(box, (frame.x0, frame.y0, frame.x1, frame.y1))
            cost += 10 * outside
            if best is None or cost < best[0]:
                best = (cost, dx, dy, ha, va, box)
            if cost == 0:
                break
        cost, dx, dy, ha, va, box = best
        far = abs(dy) > 8
        ax.annotate(text, (x, y), xytext=(dx, dy), textcoords="offset points",
                    fontsize=fontsize, ha=ha, va=va,
                    arrowprops=dict(arrowstyle="-", lw=0.4, color="grey",
                                    shrinkA=0, shrinkB=2) if far else None)
        placed.append(box)


def published_same(dims, extra):
    for d, e, p, m, acc in PUBLISHED:
        if d == dims and e == extra:
            return p, m, acc
    return None


def test_split(cfg):
    import render
    key = ("nom" if cfg["mode"] == "angle" else "jit")
    path = os.path.join(cref.BUILD, "test_%s_%d_%d.npz" % (key, cfg["n_test"], cfg["data_seed"]))
    if cfg["mode"] == "cvae" and cfg["data_seed"] == 1 and \
            os.path.exists(os.path.join(ROOT, "data", "dice.npz")):
        d = np.load(os.path.join(ROOT, "data", "dice.npz"))
        n = cfg["n_test"]
        return {"test": dict(images=d["test_images"][:n], labels=d["test_labels"][:n],
                             angles=d["test_angles"][:n])}
    if not os.path.exists(path):
        os.makedirs(cref.BUILD, exist_ok=True)
        d = render.make_dataset(cfg["n_test"], [cfg["data_seed"], 1], jitter=cfg["mode"] == "cvae")
        np.savez_compressed(path, images=d["images"], labels=d["labels"], angles=d["angles"])
    d = np.load(path)
    return {"test": dict(images=d["images"], labels=d["labels"], angles=d["angles"])}


def sheet_block(blob, meta):
    """6 rows (pips) x 8 columns of uint8 images."""
    if meta["mode"] == "angle":
        q = train.angle_to_q(SHEET_ANGLES)
        lat = np.tile(q, 6)[:, None]
        pips = np.repeat(np.arange(1, 7), 8)
    else:
        _, pips, lat = measure.roll_set(blob, meta["L"], per_pip=8)
        order = np.argsort(pips, kind="stable")
        pips, lat = pips[order], lat[order]
    pix, _ = cref.decode(blob, lat, pips)
    return pix.reshape(6, 8, 32, 32)


def tile(block, gap=2, bg=128):
    r, c = block.shape[:2]
    out = np.full((r * (32 + gap) + gap, c * (32 + gap) + gap), bg, np.uint8)
    for i in range(r):
        for j in range(c):
            out[gap + i * 34:gap + i * 34 + 32, gap + j * 34:gap + j * 34 + 32] = block[i, j]
    return out


def measure_all(models_dir, log):
    rows = []
    for path in sorted(glob.glob(os.path.join(models_dir, "*.tvm"))):
        name = os.path.basename(path)[:-4]
        meta = json.load(open(path[:-4] + ".json"))
        blob = open(path, "rb").read()
        cfg = meta["config"]
        model = emul.parse_model(blob)
        enc = None
        if cfg["mode"] == "cvae":
            _, _, enc, _ = train.load_checkpoint(path[:-4] + ".pt")
        data = test_split(cfg)
        mse = measure.int_mse(blob, cfg, enc, data)
        acc, per = measure.judged_accuracy(blob, model["latent"])
        every = measure.every_image_fields(blob) if acc is not None else {}
        row = dict(meta, name=name, params=emul.param_count(model["layers"], model["latent"]),
                   bytes=len(blob), int8_mse=mse, judged=acc, judged_per_pip=per,
                   judged_all=None, judged_all_misread=None, scratch=None,
                   block=sheet_block(blob, meta))
        row.update(every)
        log("%-20s params %6d  bytes %6d  float %.5f  int8 %.5f  judged %s" % (
            name, row["params"], row["bytes"], meta["float_mse"] or float("nan"), mse,
            "%.1f%%" % (100 * acc) if acc is not None else "n/a"))
        rows.append(row)
        # keep the recipe's measured fields equal to what the report shows
        meta.update(params=row["params"], bytes=row["bytes"], int8_mse=mse, judged=acc,
                    judged_per_pip=per, judged_images=6 * measure.JUDGE_PER_PIP, **every)
        with open(path[:-4] + ".json", "w") as f:
            json.dump(meta, f, indent=1, sort_keys=True)
            f.write("\n")
    return rows


def fmt_acc(a):
    return "%.1f%%" % (100 * a) if a is not None else "n/a"


def fmt_every(r):
    """judged over every image an L = 1 model can draw, with the misread count."""
    if r.get("judged_all") is None:
        return "-"
    return "%.2f%% (%d misread)" % (100 * r["judged_all"], sum(r["judged_all_misread"].values()))


def judge_id():
    import hashlib
    if not os.path.exists(measure.JUDGE_PATH):
        return "no judge (tools/dice/judge.pt missing): judged accuracy not measured"
    h = hashlib.sha256(open(measure.JUDGE_PATH, "rb").read()).hexdigest()
    return "judge tools/dice/judge.pt sha256 %s" % h


def own_chain(r):
    """The train.py commands that made a model, first to last, parsed with
    train.py's own parser: its command and the commands of the checkpoints
    it started from (--init-from), back to a random start or to the run
    that took its channels from another model (--prune-from), whose own
    commands are not this model's training.  Commands that no longer parse
    are skipped."""
    ap = train.make_parser()
    chain = []
    for cmd in [r.get("command") or ""] + list(r.get("init_recipe") or []):
        words = (cmd or "").split()
        if not words:
            continue
        try:
            a, _ = ap.parse_known_args(words[1:])
        except SystemExit:
            continue
        chain.append(a)
        if a.prune_from:
            break
    return chain[::-1]


def recipe_columns(r):
    """(start, float epochs, QAT epochs, pip loss weight, polish stages) over
    own_chain; the pip loss weight is the last run's that used one."""
    chain = own_chain(r)
    if not chain:
        return "-", r["float_epochs"], r["qat_epochs"], "-", "-"
    first = chain[0]
    if first.prune_from:
        start = "pruned from " + os.path.basename(first.prune_from).rsplit(".pt", 1)[0]
    elif first.init_from:
        start = "from " + os.path.basename(first.init_from).rsplit(".pt", 1)[0]
    else:
        start = "random (seed %d)" % first.seed
    pips = ["%g" % a.pip_weight for a in chain if a.pip_weight]
    pol = []
    for a in chain:
        if a.polish_layers:
            pol.append("layers %s x%d" % (a.polish_layers, a.polish_rounds))
        elif a.polish:
            pol.append("last %d x%d" % (a.polish, a.polish_rounds))
    return (start, sum(a.float_epochs for a in chain), sum(a.qat_epochs for a in chain),
            pips[-1] if pips else "-", " + ".join(pol) or "-")


def write_markdown(rows, out, fit):
    a_pub, _ = published_fit()
    L = []
    L.append("# tvae model zoo\n")
    L.append("Generated by `/usr/bin/python3 tools/train/report.py` from `models/*.tvm` "
             "(do not edit by hand). Every int8 number is measured through the C reference "
             "decoder (ref/tvae.c); float MSE is the float model at the end of the float "
             "phase, before quantization-aware training (not shipped). Published numbers are "
             "float PyTorch from the build log (shared/background.md), on the author's own "
             "dice images, so MSE columns compare two different data sets: ours are rendered "
             "by tools/dice/render.py.\n")
    L.append("MSE: pixels in [0, 1], over the held-out test split (2048 images). "
             "Angle-conditioned models (`dice-*`, L = 1, z = angle): decoded at the test "
             "image's pip count and angle, compared with the nominal rendered die. "
             "CVAE (`cvae-*`): reconstruction through the encoder mean of the jittered test "
             "images. Judged: share of %d rolled dice (spec 6 roll profile, the first %d "
             "rolls of each pip count from seeds 1, 2, ...) that the committed judge "
             "(tools/dice/judge.pt) reads as the rolled pip count. Judged, every image "
             "(L = 1 models): the same share over all 1536 images the model can draw, "
             "each of the 256 latent bytes at each pip count "
             "(`tools/train/measure.py --every-image`).\n" %
             (6 * measure.JUDGE_PER_PIP, measure.JUDGE_PER_PIP))
    L.append("Scored with: %s.\n" % judge_id())
    L.append("Names: `dice-D1_D2_D3_D4` is the angle-conditioned decoder with channel "
             "counts d1_d2_d3_d4 as in the published table (d4 = dense output, d1 = last "
             "hidden layer); `-xE` adds E extra 3x3 CONV layers at 16x16 (spec 2); "
             "`cvae-...-lL` is a CVAE decoder with a learned latent of L values.\n")
    L.append("| model | params | bytes | float MSE | int8 MSE (C) | judged (int8) | "
             "judged, every image | "
             "published params | published MSE | published judged | MSE vs published |")
    L.append("|---|---|---|---|---|---|---|---|---|---|---|")
    for r in rows:
        pub = published_same(r["dims"], r["extra"]) if r["mode"] == "angle" else None
        if pub:
            verdict = "below" if r["int8_mse"] <= pub[1] else "ABOVE"
            ratio = r["int8_mse"] / pub[1]
            # three digits where two would print 1.00x for a model above or below
            verdict += (" (%.3fx)" if abs(ratio - 1) < 0.005 else " (%.2fx)") % ratio
            pcols = "%d | %.4f | %.0f%%" % (pub[0], pub[1], 100 * pub[2])
        else:
            front = published_frontier(r["params"]) if r["mode"] == "angle" else None
            if front:
                verdict = ("below" if r["int8_mse"] <= front[1] else "ABOVE") + \
                    " (%.2fx the best published at <= its size, %s%s at %d: %.4f; fitted curve %.4f)" % (
                        r["int8_mse"] / front[1], front[2],
                        "-x%d" % front[3] if front[3] else "", front[0], front[1],
                        published_mse_at(r["params"]))
            else:
                verdict = "- (no published counterpart)"
            pcols = "- | - | -"
        L.append("| %s | %d | %d | %s | %.5f | %s | %s | %s | %s |" % (
            r["name"], r["params"], r["bytes"],
            "%.5f" % r["float_mse"] if r.get("float_mse") is not None else "-",
            r["int8_mse"], fmt_acc(r["judged"]), fmt_every(r), pcols, verdict))
    L.append("")
    L.append("## Targets (int8, decoded by the C reference)\n")
    small = [r for r in rows if r["params"] <= 1000 and r["judged"] is not None]
    best_small = max(small, key=lambda r: r["judged"]) if small else None
    mid = [r for r in rows if r["params"] <= 4000]
    best_mid = min(mid, key=lambda r: r["int8_mse"]) if mid else None
    if best_small:
        L.append("- judged >= 99%% with <= 1000 parameters: best is %s, %d params, %s%s: **%s**." % (
            best_small["name"], best_small["params"], fmt_acc(best_small["judged"]),
            "" if best_small.get("judged_all") is None else
            "; %.2f%% of the %d images it can draw, %d misread" % (
                100 * best_small["judged_all"], best_small["judged_all_images"],
                sum(best_small["judged_all_misread"].values())),
            "met" if best_small["judged"] >= 0.99 else "not met"))
    else:
        L.append("- judged >= 99% with <= 1000 parameters: not measured (no judge or no model).")
    if best_mid:
        L.append("- MSE <= 0.0024 with <= 4000 parameters: best is %s, %d params, MSE %.5f: **%s**." % (
            best_mid["name"], best_mid["params"], best_mid["int8_mse"],
            "met" if best_mid["int8_mse"] <= 0.0024 else "not met"))
    bars = [(r, published_bar(r)) for r in rows]
    above = [r["name"] for r, bar in bars if bar is not None and r["int8_mse"] > bar]
    unheld = [r["name"] for r, bar in bars if bar is None]
    L.append("- every zoo model at or below the published MSE for its size (its own layout's, "
             "else the lowest published at <= its size): **%s**%s%s." % (
                 "met" if not above else "not met",
                 "" if not above else " (above: %s)" % ", ".join(above),
                 "" if not unheld else "; no published counterpart: %s" % ", ".join(unheld)))
    L.append("")
    L.append("## Size/quality curve\n")
    L.append("Least-squares fit of log10(int8 MSE) on log10(params) over the angle-conditioned "
             "zoo: slope **%.3f** (published float sweep: %.3f; the build log reports about "
             "-2/3).\n" % (fit[0], a_pub))
    L.append("![params vs MSE](params_mse.png)\n")
    L.append("![params vs judged accuracy](params_acc.png)\n")
    L.append("## Dice\n")
    L.append("Each block: rows are pip counts 1..6, columns angles -45 .. 33.75 degrees in "
             "steps of 11.25 (angle models) or the first 8 rolls of that pip count (CVAE); "
             "all int8 through the C reference. The first block is the renderer's nominal "
             "die (the training target).\n")
    L.append("![zoo dice](zoo_dice.png)\n")
    L.append("## Per pip count judged accuracy\n")
    L.append("| model | 1 | 2 | 3 | 4 | 5 | 6 |")
    L.append("|---|---|---|---|---|---|---|")
    for r in rows:
        per = r["judged_per_pip"] or {}
        L.append("| %s | %s |" % (r["name"], " | ".join(
            fmt_acc(per.get(p, per.get(str(p)))) for p in range(1, 7))))
    L.append("")
    L.append("## Recipes\n")
    L.append("Each model's exact command, seed and epochs are in `models/NAME.json` and in "
             "the comment of `models/NAME.h`; `tools/train/sweep.sh` retrains the whole zoo.\n")
    L.append("Start, epochs and polish count every train.py run that made the model: "
             "its command and the commands of the checkpoints it started from "
             "(`--init-from`), back to a random start or to the run that took its channels "
             "from a trained model (`--prune-from`). Epochs: float + QAT, summed. Pip "
             "loss: the weight of the pip reader's cross-entropy in the model's "
             "training (`--pip-weight` in the last of those runs that used it, "
             "tools/train/pipreader.py; the reader is a training loss, not the judge, "
             "which takes part in no training). Polish: the integer polish stages "
             "(tools/train/polish.py), first to last: `--polish N` (the last N layers) "
             "or `--polish-layers K,..` (layer 0: the dense one), times its rounds. "
             "Seconds: the last run only.\n")
    L.append("| model | mode | L | start | epochs (float + QAT) | train images | pip loss | "
             "polish | seconds (last run) |")
    L.append("|---|---|---|---|---|---|---|---|---|")
    for r in rows:
        start, fe, qe, pip, pol = recipe_columns(r)
        L.append("| %s | %s | %d | %s | %d + %d | %d | %s | %s | %s |" % (
            r["name"], r["mode"], r["L"], start, fe, qe, r["n_train"], pip, pol,
            "%.0f" % r["train_seconds"] if r.get("train_seconds") else "-"))
    L.append("")
    with open(os.path.join(out, "zoo.md"), "w") as f:
        f.write("\n".join(L))


def plots(rows, out):
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    ang = [r for r in rows if r["mode"] == "angle"]
    fit = (float("nan"), float("nan"))
    fig, ax = plt.subplots(figsize=(7, 5), dpi=110)
    pp = np.array([r[2] for r in PUBLISHED], float)
    pm = np.array([r[3] for r in PUBLISHED], float)
    ax.scatter(pp, pm, marker="x", color="grey", label="published (float)")
    a, b = published_fit()
    xs = np.logspace(2.4, 5.2, 50)
    ax.plot(xs, 10 ** (a * np.log10(xs) + b), "--", color="grey",
            label="published fit, slope %.2f" % a)
    if ang:
        x = np.array([r["params"] for r in ang], float)
        y = np.array([r["int8_mse"] for r in ang], float)
        yf = np.array([r["float_mse"] for r in ang], float)
        fit = np.polyfit(np.log10(x), np.log10(y), 1)
        ax.scatter(x, yf, marker="o", facecolors="none", edgecolors="tab:blue",
                   label="tvae float")
        ax.scatter(x, y, color="tab:red", label="tvae int8 (C reference)")
        xs2 = np.logspace(math.log10(x.min() * 0.8), math.log10(x.max() * 1.2), 50)
        ax.plot(xs2, 10 ** (fit[0] * np.log10(xs2) + fit[1]), color="tab:red",
                label="tvae int8 fit, slope %.2f" % fit[0])
    for r in rows:
        if r["mode"] != "angle":
            ax.scatter([r["params"]], [r["int8_mse"]], marker="s", color="tab:green",
                       label="%s (recon.)" % r["name"])
    ax.axhline(0.0024, color="tab:orange", lw=0.8)
    ax.axvline(4000, color="tab:orange", lw=0.8)
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xlabel("parameters (spec 4.4)")
    ax.set_ylabel("MSE (pixels in [0, 1])")
    ax.set_title("tvae zoo: parameters vs MSE (target box: <= 4000 params, <= 0.0024)")
    ax.grid(True, which="both", alpha=0.3)
    ax.legend(fontsize=7)
    place_labels(fig, ax, [(r["params"], r["int8_mse"], r["name"].replace("dice-", ""))
                           for r in ang])
    fig.savefig(os.path.join(out, "params_mse.png"))
    plt.close(fig)

    fig, ax = plt.subplots(figsize=(7, 4.5), dpi=110)
    ax.scatter(pp, [100 * r[4] for r in PUBLISHED], marker="x", color="grey",
               label="published (float)")
    jr = [r for r in rows if r["judged"] is not None]
    for r in jr:
        c = "tab:red" if r["mode"] == "angle" else "tab:green"
        ax.scatter([r["params"]], [100 * r["judged"]], color=c)
    ax.scatter([], [], color="tab:red", label="tvae int8 angle-conditioned")
    ax.scatter([], [], color="tab:green", label="tvae int8 CVAE")
    ax.axhline(99, color="tab:orange", lw=0.8)
    ax.axvline(1000, color="tab:orange", lw=0.8)
    ax.set_xscale("log")
    ax.set_xlabel("parameters (spec 4.4)")
    ax.set_ylabel("judged accuracy, %")
    ax.set_title("tvae zoo: parameters vs judged accuracy (target: >= 99% at <= 1000)")
    ax.grid(True, which="both", alpha=0.3)
    ax.legend(fontsize=7, loc="lower right")
    place_labels(fig, ax, [(r["params"], 100 * r["judged"], r["name"].replace("dice-", ""))
                           for r in jr])
    fig.savefig(os.path.join(out, "params_acc.png"))
    plt.close(fig)

    import render
    target = np.stack([render.render_batch(p, SHEET_ANGLES, [1.0] * 8, [0.0] * 8, [0.0] * 8)
                       for p in range(1, 7)])
    blocks = [("renderer (target)", target)] + [(r["name"] + " (%d p)" % r["params"], r["block"])
                                                for r in rows]
    cols = 3
    nrow = (len(blocks) + cols - 1) // cols
    fig, axs = plt.subplots(nrow, cols, figsize=(cols * 4.6, nrow * 3.7), dpi=100)
    for i, ax in enumerate(np.array(axs).reshape(-1)):
        ax.axis("off")
        if i < len(blocks):
            ax.imshow(tile(blocks[i][1]), cmap="gray", vmin=0, vmax=255, interpolation="nearest")
            ax.set_title(blocks[i][0], fontsize=10)
    fig.tight_layout()
    fig.savefig(os.path.join(out, "zoo_dice.png"))
    plt.close(fig)
    return fit


def main(argv=None):
    ap = argparse.ArgumentParser(description="Regenerate reports/zoo.md and its plots.")
    ap.add_argument("--models", default=os.path.join(ROOT, "models"))
    ap.add_argument("--out", default=os.path.join(ROOT, "reports"))
    args = ap.parse_args(argv)
    try:
        rows = measure_all(args.models, log=lambda m: print(m, flush=True))
    except (OSError, ValueError, KeyError, RuntimeError) as e:
        print("report.py: error: %s" % e, file=sys.stderr)
        return 1
    if not rows:
        print("report.py: error: no models in %s" % args.models, file=sys.stderr)
        return 1
    os.makedirs(args.out, exist_ok=True)
    fit = plots(rows, args.out)
    write_markdown(rows, args.out, fit)
    print("wrote %s/zoo.md, params_mse.png, params_acc.png, zoo_dice.png" % args.out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
