"""Integer polish: coordinate descent on the exported integers themselves.

QAT moves float weights with straight-through gradients, which cannot see
that an int8 weight is one step too high; the scale search (train.py
--scale-search) tunes one scale per channel.  The polish works on what the
C reference will run: it changes one integer of the quantized model at a
time (an int8 weight by +-1, a bias by about 4, 1, 1/4 or 1/16 output
steps) and keeps the change when the exact integer MSE (spec 5
arithmetic, tvae_emul.requantize) on a set of training images falls.  It is deterministic and can only lower that
training MSE; the test images take no part.

Layers are polished from the last one back.  For layer k the inputs of
layer k are cached, and one output channel's accumulator is updated
incrementally (a weight step adds +-1 times one input channel shifted by
one kernel tap), so a trial costs one requantization of that channel plus
the layers after k.  That makes the last layer cheap and the early layers
expensive; `layers` picks which to polish.  The squared error is kept per
image (exact integers), and a trial that moves only some images (a
per-pip bias of the dense layer) runs the later layers on those alone.

The result is written back into the decoder's float parameters so that
Decoder.quantize() returns exactly the polished integers (checked): every
output channel keeps its largest-magnitude weight at +-127, so its weight
scale, and with it M and S, do not move.
"""

import time

import numpy as np
import torch

import tvae_emul as emul
import train as T

ALL = slice(None)       # every image (polish()'s trials index images by this or a tensor)


def _tap_response(x_ci, ky, kx, kind, dtype=torch.float64):
    """Accumulator change of one output channel when the weight at kernel
    tap (ky, kx) of input channel x_ci [n, 1, h, w] grows by one."""
    w = torch.zeros(1, 3, 3, 1, dtype=torch.float32)
    w[0, ky, kx, 0] = 1.0
    return T.conv_any(x_ci.float(), w, None, kind).to(dtype)


def _requant_ch(acc, mult, shift, lo=0.0, hi=255.0):
    """Spec 5.1 for one channel (acc [n, 1, h, w] float64 integers)."""
    return torch.clamp(torch.floor((acc * float(mult) + 2.0 ** (shift - 1)) * 2.0 ** -shift), lo, hi)


def polish(dec, q, pips, img, layers=None, rounds=2, bias_steps=(4.0, 1.0, 0.25, 1.0 / 16),
           log=print):
    """Polish dec's integers on (q, pips, img) (latent bytes float64 [n, L],
    pips long [n], target pixels float64 [n, 1, 32, 32] in [0, 1], each a
    whole number of 255ths as the data sets' uint8 pixels are).
    Returns (integer MSE before, after) on these images."""
    qz = dec.quantize(grad=False)
    nl = len(qz)
    if layers is None:
        layers = list(range(nl))
    # the pixels as the integers they are (img holds them divided by 255,
    # which float does not undo exactly): every squared error is then an
    # integer, and a trial's total, updated from the images it changes,
    # is exact
    target = torch.round(img * 255.0)
    if float((target - img * 255.0).abs().max()) > 1e-3:
        raise ValueError("polish: target pixels must be whole numbers of 255ths")
    t0 = time.time()

    npix = target.numel()

    def sse_rows(out, rows):
        # per-image sums of squared pixel errors: integers below 2^53, so
        # their sums and differences in float64 are exact
        return ((out - target[rows]) ** 2).flatten(1).sum(1)

    ins = []
    with torch.no_grad():
        out = dec.forward_int(q, pips, grad=False, layers=qz, collect=ins)
    per_img = sse_rows(out, ALL)
    best = float(per_img.sum())
    start_mse = best / npix / 255.0 ** 2
    log("polish: integer MSE %.6f on %d training images" % (start_mse, len(pips)))
    for k in sorted(layers, reverse=True):
        ly = qz[k]
        co_n = ly["out_c"]
        x = ins[k]
        last = k == nl - 1
        changed = 0
        if not last:
            # the layer's output, one channel of which a trial replaces
            with torch.no_grad():
                y_all = emul.requantize(T.conv_int(x, ly["w"], ly["b"], ly["kind"])
                                        if ly["kind"] != emul.DENSE else
                                        emul.dense(q, pips, ly["w"], ly["b"]),
                                        ly["mult"], ly["shift"], 0, 255)
        for r in range(rounds):
            changed_r = 0
            t_round = t_said = time.time()
            for co in range(co_n):
                if co and time.time() - t_said >= 30:
                    # progress inside a round (at most every 30 s): a round
                    # of an early layer on thousands of images runs for
                    # many minutes
                    t_said = time.time()
                    spent = t_said - t_round
                    log("polish: layer %d round %d/%d: channel %d/%d, %d changes, integer "
                        "MSE %.6f  %.0f s, round ETA %.0f s" %
                        (k, r + 1, rounds, co, co_n, changed_r, best / npix / 255.0 ** 2,
                         time.time() - t0, spent / co * (co_n - co)))
                # the channel's accumulator, kept exact as integers change
                if ly["kind"] == emul.DENSE:
                    acc = emul.dense(q, pips, ly["w"], ly["b"])[:, co:co + 1]
                else:
                    acc = T.conv_int(x, ly["w"][co:co + 1], ly["b"][co:co + 1], ly["kind"])
                mult, shift = int(ly["mult"][co]), int(ly["shift"][co])

                def trial(acc_new, rows=ALL):
                    """The total squared error with the channel's
                    accumulator acc_new, and the per-image errors of the
                    images it changes (rows: an index tensor, or all);
                    the other images keep theirs."""
                    out = _requant_ch(acc_new[rows], mult, shift)
                    if not last:
                        y = y_all[rows].clone()
                        y[:, co:co + 1] = out
                        with torch.no_grad():
                            out = dec.forward_int(q[rows], pips[rows], grad=False, layers=qz,
                                                  start=k + 1, x=y)
                    e = sse_rows(out, rows)
                    return best - float(per_img[rows].sum()) + float(e.sum()), e

                def accept(acc_new, e, rows=ALL):
                    nonlocal acc
                    acc = acc_new
                    per_img[rows] = e
                    if not last:
                        y_all[:, co:co + 1] = _requant_ch(acc_new, mult, shift)

                # weights
                if ly["kind"] == emul.DENSE:
                    wv = ly["w"].view(16, co_n, -1)[:, co]          # [16 positions, L]
                    idx = [(p, l) for p in range(16) for l in range(wv.shape[1])]
                else:
                    wv = ly["w"][co]                                # [3, 3, ci]
                    idx = [(ky, kx, ci) for ci in range(ly["in_c"])
                           for ky in range(3) for kx in range(3)]
                pinned = float(wv.abs().max())       # keep one weight at the max
                for ix in idx:
                    v = float(wv[ix])
                    if abs(v) >= pinned:       # the pinned maximum keeps s_w
                        continue
                    if ly["kind"] == emul.DENSE:
                        p, l = ix
                        resp = torch.zeros_like(acc)
                        resp.view(len(pips), 16)[:, p] = q[:, l]
                    else:
                        ky, kx, ci = ix
                        resp = _tap_response(x[:, ci:ci + 1], ky, kx, ly["kind"])
                    for d in (1.0, -1.0):
                        if abs(v + d) >= pinned:
                            continue
                        e, e_img = trial(acc + d * resp)
                        if e < best:
                            best = e
                            accept(acc + d * resp, e_img)
                            wv[ix] = v + d
                            changed_r += 1
                            break
                # bias (dense: per pip count)
                if ly["kind"] == emul.DENSE:
                    bslots = [(pp, p) for pp in range(6) for p in range(16)]
                else:
                    bslots = [None]
                for bs in bslots:
                    if bs is None:
                        b0 = float(ly["b"][co])
                        mask, rows = None, ALL
                    else:
                        # a per-pip bias moves only the images of that pip
                        # count: the trials run the later layers on those
                        pp, p = bs
                        b0 = float(ly["b"][pp, p * co_n + co])
                        mask = torch.zeros_like(acc)
                        mask.view(len(pips), 16)[pips == pp + 1, p] = 1.0
                        rows = torch.nonzero(pips == pp + 1).flatten()
                        if len(rows) == 0:
                            continue
                    # steps of about 4, 1, 1/4, 1/16 output LSBs (2^S / M
                    # accumulator units each), each taken while it helps
                    lsb = 2.0 ** shift / max(mult, 1)
                    bcur = b0
                    for f in bias_steps:
                        step = float(max(1, int(lsb * f)))
                        moved = True
                        while moved:
                            moved = False
                            for d in (step, -step):
                                nb = bcur + d
                                if abs(nb) > emul.BIAS_LIMIT:
                                    continue
                                dacc = torch.full_like(acc, d) if mask is None else mask * d
                                e, e_img = trial(acc + dacc, rows)
                                if e < best:
                                    best = e
                                    accept(acc + dacc, e_img, rows)
                                    bcur = nb
                                    moved = True
                                    changed_r += 1
                                    break
                    if bs is None:
                        ly["b"][co] = bcur
                    else:
                        ly["b"][pp, p * co_n + co] = bcur
            changed += changed_r
            log("polish: layer %d round %d/%d: %d changes, integer MSE %.6f  %.0f s" %
                (k, r + 1, rounds, changed_r, best / npix / 255.0 ** 2, time.time() - t0))
            if changed_r == 0:
                break
        # write this layer back; the cached inputs of the layers polished
        # next (earlier ones) do not depend on it
        write_back(dec, qz, k)
    check = dec.quantize(grad=False)
    for k in range(nl):
        for key in ("w", "b"):
            if not torch.equal(check[k][key], qz[k][key]):
                raise AssertionError("polish: write-back of layer %d %s is not exact" % (k, key))
        for key in ("mult", "shift"):
            if not np.array_equal(check[k][key], qz[k][key]):
                raise AssertionError("polish: layer %d %s moved" % (k, key))
    return start_mse, best / npix / 255.0 ** 2


@torch.no_grad()
def write_back(dec, qz, k):
    """Float parameters of layer k such that quantize() gives qz[k]'s
    integers: W_eff = w_int * s_w (s_w unchanged, the pinned maximum
    stays at +-127), unfolded from the input channel scales."""
    ly = qz[k]
    co = ly["out_c"]
    if dec.act_scale != "channel":
        raise ValueError("polish needs --act-scale channel")
    out_s = dec.channel_scales()
    if k == 0:
        wc = (dec.w0.double() * 2.0 ** -dec.frac).view(16, co, dec.latent).permute(1, 0, 2).reshape(co, -1)
        sw = wc.abs().max(1).values.clamp_min(1e-12) / 127.0
        sw_o = sw.repeat(16)
        dec.w0.copy_((ly["w"] * sw_o[:, None] * 2.0 ** dec.frac).float())
        dec.h0.copy_((ly["b"] * sw_o[None, :]).float())
    else:
        _, sw = dec.conv_weight_grid(k, out_s)
        dec.ws[k - 1].copy_((ly["w"] * sw.view(co, 1, 1, 1) / out_s[k - 1].view(1, 1, 1, -1)).float())
        dec.bs[k - 1].copy_((ly["b"] * sw).float())
