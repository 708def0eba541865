#!/usr/bin/python3
"""Where a checkpoint's int8 MSE comes from.

    /usr/bin/python3 tools/train/gap.py CKPT [--images N]

Runs the decoder on the test split with each layer's weights and each
layer's activations either as the float model has them or as the integer
model (spec 5) has them, and prints the MSE (pixels in [0, 1]) of:
the float model, the integer model, the integer weights alone (every
activation continuous), the integer activations alone, and per layer k
its weights alone / its activations alone / everything integer but k's
weights / everything integer but k's activations.

Every activation is carried in units of its channel's uint8 grid (the
scales `quantize()` uses; the output's grid is the pixel, 1/255).  A layer
with integer weights computes the spec's accumulator from its input in
those units (spec 5.2-5.4) and scales it by its M / 2^S (spec 5.1); with
float weights it computes the float layer and divides by the output grid.
An integer activation is then floor(v + 1/2) clamped to [0, 255] (the
spec's requantization); a float one is max(v, 0) for a hidden layer and
the clamp to [0, 255] for the output.  Both models get the latent bytes
(the CVAE: its encoder mean rounded to them, as the integer decoder does).
With everything integer this is the
spec's arithmetic exactly (`test_smoke.py` checks equality with
`Decoder.forward_int`)."""

import argparse
import os
import sys

import numpy as np
import torch
import torch.nn.functional as F

sys.dont_write_bytecode = True
HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import train  # noqa: E402
import tvae_emul as emul  # noqa: E402


def mixed_forward(dec, q, pips, int_weights, int_acts, layers=None):
    """Pixels 0..255 (float64 [n, 1, 32, 32]) of the decoder whose layers
    in int_weights use the integer weights and whose layers in int_acts
    round their output to the uint8 grid; q: latent bytes [n, L] float64.
    layers: dec.quantize() (computed when None)."""
    q_layers = dec.quantize(grad=False) if layers is None else layers
    scales = dec.channel_scales()
    last = len(q_layers) - 1
    u = None                                    # input in grid units
    for k, ly in enumerate(q_layers):
        view = (1, ly["out_c"], 1, 1)
        if k in int_weights:
            if k == 0:
                acc = emul.dense(q, pips, ly["w"], ly["b"])
            else:
                acc = train.conv_int(u, ly["w"], ly["b"], ly["kind"])
            m = torch.as_tensor(np.asarray(ly["mult"], np.float64)).view(view)
            inv = torch.as_tensor(np.ldexp(1.0, -np.asarray(ly["shift"], np.int64))).view(view)
            v = acc * m * inv
        else:
            if k == 0:
                acc = emul.dense(q * 2.0 ** -dec.frac, pips, dec.w0.double(), dec.h0.double())
            else:
                x = u * scales[k - 1].view(1, -1, 1, 1)
                acc = train.conv_any(x, dec.ws[k - 1].double(), dec.bs[k - 1].double(),
                                     ly["kind"])
            v = acc / scales[k].view(view)
        if k in int_acts:
            u = torch.clamp(torch.floor(v + 0.5), 0.0, 255.0)
        elif k == last:
            u = torch.clamp(v, 0.0, 255.0)
        else:
            u = F.relu(v)
    return u


def test_latents(cfg, dec, enc, data, limit=None):
    d = data["test"]
    n = len(d["labels"]) if limit is None else min(limit, len(d["labels"]))
    img = torch.from_numpy(d["images"][:n].astype(np.float64) / 255.0)[:, None]
    pips = torch.from_numpy(d["labels"][:n].astype(np.int64))
    if enc is None:
        q = torch.from_numpy(train.angle_to_q(d["angles"][:n])).double()[:, None]
    else:
        with torch.no_grad():
            q = train.latent_q(enc(img.float(), pips)[0], dec.frac, False)
    return q, pips, img


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("checkpoint")
    ap.add_argument("--images", type=int, default=None, metavar="N",
                    help="the first N test images (default: all)")
    args = ap.parse_args(argv)
    if args.images is not None and args.images < 1:
        ap.error("--images must be >= 1")
    torch.set_num_threads(1)
    try:
        cfg, dec, enc, _ = train.load_checkpoint(args.checkpoint)
    except (OSError, ValueError) as e:
        print("gap.py: error: %s" % e, file=sys.stderr)
        return 1
    data = train.load_data(cfg["mode"], cfg["n_train"], cfg["n_test"], cfg["data_seed"],
                           log=lambda m: print(m, file=sys.stderr, flush=True))
    q, pips, img = test_latents(cfg, dec, enc, data, args.images)
    with torch.no_grad():
        layers = dec.quantize(grad=False)
        nl = len(layers)
        every = set(range(nl))

        def mse(wk, ak):
            out = mixed_forward(dec, q, pips, wk, ak, layers)
            return float(((out / 255.0 - img) ** 2).mean())
        exact = float(((dec.forward_int(q, pips, grad=False) / 255.0 - img) ** 2).mean())
        print("%s: %d test images" % (args.checkpoint, len(pips)))
        print("float %.5f   integer %.5f (spec arithmetic: %.5f)" % (
            mse(set(), set()), mse(every, every), exact))
        print("integer weights alone %.5f   integer activations alone %.5f" % (
            mse(every, set()), mse(set(), every)))
        print("layer  its weights  its activations  all but its weights  all but its activations")
        for k in range(nl):
            print("%5d  %11.5f  %15.5f  %19.5f  %23.5f" % (
                k, mse({k}, set()), mse(set(), {k}), mse(every - {k}, every),
                mse(every, every - {k})), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
