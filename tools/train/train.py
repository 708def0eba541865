#!/usr/bin/python3
"""Train one tvae decoder configuration (float warm-up, then QAT).

Two model families, both exported to the same spec file (spec 2, 4):

* angle-conditioned decoder ("--mode angle", as published): latent L = 1 is
  the rotation angle, q = clamp(floor(angle / 45 * 128 + 1/2), -128, 127)
  (spec 10 with F = 7), roll kind 0 uniform, M = 2, S = 1.  Trained without
  an encoder on dice rendered at nominal scale and position
  (render(p, angle, 1.0, 0, 0)), since the angle is all the decoder gets.
* CVAE ("--mode cvae"): encoder of 4 strided 3x3 convs + fc to mu/logvar,
  the one-hot pip count as 6 extra input planes and again at the fc; KL
  term; learned latent of L values with latent_frac F = 6 (z = q / 64);
  roll kind 1 (bell) with M / 2^S = 32 / 147.8 so that the rolled z has
  standard deviation 0.5 (the published sampling mu + eps * std * 0.5 from
  the N(0, 1) prior); trained on the jittered data set.

Phases: `--float-epochs` of float32 training (ReLU hidden layers, the
output stage's hard clamp to [0, 1] with a small leak in the gradient only;
with `--act-noise`, `--weight-noise` or `--weight-ste` the forward pass
sees the integer model's rounding as noise on grids calibrated every
epoch, `Decoder.quant_noise`, and the last epoch's scales are kept), then
calibration of one uint8 scale per hidden activation (a high
percentile of the float activations; `--scale-search` then tunes each for
the integer model's MSE; frozen from here on), then `--qat-epochs` of
quantization-aware training whose forward pass is the exact integer
arithmetic of the spec (tvae_emul.requantize on float64 integer tensors,
straight-through gradients for round and floor), which hands back the
best of its epochs (integer MSE on 1024 training images), then optionally
`--final-search` of the scales again.  The checkpoint holds the
float weights and the frozen scales; `quantize()` turns them into the
integer parameters, and the same function feeds both the QAT forward pass
and the exporter, so the exported file decodes to exactly the pixels QAT
trained against.

Deterministic given --seed: torch.manual_seed, use_deterministic_algorithms,
one thread (--threads), and a seeded generator for shuffling.

Example:
    nice /usr/bin/python3 tools/train/train.py --dims 4_4_4_4 --seed 1 \\
        --out tools/train/build/dice-4_4_4_4.pt
"""

import argparse
import copy
import math
import os
import pickle
import sys
import time

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(ROOT, "tools", "dice"))
import tvae_emul as emul  # noqa: E402

ANGLE_FRAC = 7
CVAE_FRAC = 6
CVAE_ROLL_STD = 0.5           # std of the rolled real z (prior N(0,1) * 0.5)
BELL_STD = 147.8              # spec 6.3: std of the bell v
OUT_LEAK = 0.05               # gradient leak of the output clamp (training only)
CALIB_QUANTILE = 0.9999
PIP_TERM_SEED = 20261201      # augmentations of the pip term in integer-model choices
# --scale-search: multipliers tried for each hidden channel's calibrated
# activation maximum (below 1 clips more, above 1 gives the next layer's
# int8 weights of that channel more levels at the cost of activation levels)
SCALE_SEARCH_STEPS = (0.5, 0.7, 0.85, 1.25, 1.6, 2.0, 3.0, 4.0, 6.0, 8.0, 12.0, 16.0, 24.0)
# --search-clip: also these, which clip a channel hard.  A decoder that
# drives the white background far past 1 before the output clamp gives the
# last layer's inputs ranges of hundreds (dice-3_3_3_3 after 400 epochs:
# 349) of which only the first few units reach an unclamped pixel; spread
# over 255 uint8 levels they lose the detail.
SCALE_SEARCH_CLIP_STEPS = (0.01, 0.02, 0.035, 0.05, 0.075, 0.1, 0.15, 0.2, 0.3, 0.4)


# ---------------------------------------------------------------- helpers

def parse_dims(s):
    d = tuple(int(x) for x in s.split("_"))
    if len(d) != 4 or not all(1 <= x <= 64 for x in d):
        raise argparse.ArgumentTypeError("dims must be d1_d2_d3_d4, each 1..64")
    return d


def angle_to_q(angles):
    """Spec 10 with F = 7 on x = angle / 45: the latent byte of an angle."""
    x = np.asarray(angles, np.float64) / 45.0
    return np.clip(np.floor(x * 128.0 + 0.5), -128, 127).astype(np.int64)


def q_to_angle(q):
    return np.asarray(q, np.float64) * 45.0 / 128.0


def choose_mult_shift(ratio):
    """Largest S in 1..40 with M = round(ratio * 2^S) <= 65535 (spec 5.8)."""
    ratio = np.asarray(ratio, np.float64)
    m = np.zeros(ratio.shape, np.int64)
    s = np.ones(ratio.shape, np.int64)
    for i, r in np.ndenumerate(ratio):
        if r <= 0:
            m[i], s[i] = 0, 40
            continue
        for sh in range(40, 0, -1):
            mm = int(np.floor(r * 2.0 ** sh + 0.5))
            if mm <= 65535:
                m[i], s[i] = mm, sh
                break
        else:
            m[i], s[i] = 65535, 1
    return m, s


def roll_mult_shift(mode):
    if mode == "angle":
        return 0, 2, 1
    m, s = choose_mult_shift(CVAE_ROLL_STD * 2 ** CVAE_FRAC / BELL_STD)
    return 1, int(m), int(s)


class _Round(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x):
        return torch.round(x)

    @staticmethod
    def backward(ctx, g):
        return g


def ste_round(x):
    return _Round.apply(x)


# ---------------------------------------------------------------- fast ops

# Phase taps of a stride-2 transposed conv (spec 5.3): output row 2m + py
# takes kernel row ky from input row m + dy, {py: {dy: ky}}.
_PHASE_TAPS = {0: {0: 1}, 1: {0: 2, 1: 0}}
EXACT_F32 = 1 << 24


def convt_fast(x, w_ohwi, bias, stride):
    """Same values as tvae_emul.convt (spec 5.3), computed with conv2d
    (oneDNN on this torch build, much faster than conv_transpose2d with the
    reference BLAS).  Stride 1: cross-correlation with the flipped kernel.
    Stride 2: one 2x2 conv producing the 4 output phases, then
    pixel_shuffle (4x fewer multiplies than zero insertion)."""
    wc = w_ohwi.permute(0, 3, 1, 2)                      # [co, ci, ky, kx]
    if stride == 1:
        return F.conv2d(x, torch.flip(wc, (2, 3)), bias, padding=1)
    zero = torch.zeros_like(wc[:, :, 0, 0])
    phases = []
    for py in (0, 1):
        for px in (0, 1):
            rows = []
            for dy in (0, 1):
                cols = []
                for dx in (0, 1):
                    ky = _PHASE_TAPS[py].get(dy)
                    kx = _PHASE_TAPS[px].get(dx)
                    cols.append(zero if ky is None or kx is None else wc[:, :, ky, kx])
                rows.append(torch.stack(cols, -1))
            phases.append(torch.stack(rows, -2))         # [co, ci, 2, 2]
    k = torch.stack(phases, 1).reshape(-1, wc.shape[1], 2, 2)
    b = bias.repeat_interleave(4) if bias is not None else None
    y = F.conv2d(F.pad(x, (0, 1, 0, 1)), k, b)
    return F.pixel_shuffle(y, 2)


def conv_any(x, w_ohwi, bias, kind):
    if kind == emul.CONV:
        return F.conv2d(x, w_ohwi.permute(0, 3, 1, 2), bias, padding=1)
    return convt_fast(x, w_ohwi, bias, 2 if kind == emul.CONVT_S2 else 1)


def conv_int(x, w_int, b_int, kind):
    """Exact integer accumulator of a conv layer.  The sum of products is
    done in float32 when every partial sum is below 2^24 in magnitude
    (|w a| <= 127 * 255, at most 9 in_c terms), which makes every float32
    addition exact in any order; the bias (up to 2^30) is added in float64.
    Otherwise everything runs in float64."""
    if 9 * x.shape[1] * 127 * 255 < EXACT_F32:
        acc = conv_any(x.float(), w_int.float(), None, kind).double()
        return acc + b_int.view(1, -1, 1, 1)
    return conv_any(x, w_int, b_int, kind)


# ---------------------------------------------------------------- decoder

class Decoder(nn.Module):
    """The spec family (section 2) with float weights stored in the file's
    orders: dense W [N][L] and one-hot table H [6][N] with N in HWC order of
    the 4x4 output; conv weights [co][ky][kx][ci] (OHWI)."""

    def __init__(self, dims, extra, latent, frac, act_scale="channel"):
        super().__init__()
        self.dims, self.extra, self.latent, self.frac = tuple(dims), extra, latent, frac
        if act_scale not in ("layer", "channel"):
            raise ValueError("act_scale must be layer or channel")
        self.act_scale = act_scale
        self.shapes = emul.family_shapes(dims, extra, latent)
        d4 = dims[3]
        n = 16 * d4
        g = 1.0 / math.sqrt(latent + 1)
        self.w0 = nn.Parameter(torch.randn(n, latent) * g)
        self.h0 = nn.Parameter(torch.randn(6, n) * g + 0.1)
        self.ws = nn.ParameterList()
        self.bs = nn.ParameterList()
        for ly in self.shapes[1:]:
            ci, co = ly["in_c"], ly["out_c"]
            # fan-in of a stride-2 transposed conv is about 9 ci / 4
            fan = 9 * ci / (4.0 if ly["kind"] == emul.CONVT_S2 else 1.0)
            self.ws.append(nn.Parameter(torch.randn(co, 3, 3, ci) * math.sqrt(2.0 / fan)))
            self.bs.append(nn.Parameter(torch.zeros(co)))
        with torch.no_grad():
            self.bs[-1].fill_(0.5)
        # activation maxima (real units) of the hidden layers, set by calibrate()
        self.register_buffer("act_max", torch.zeros(len(self.shapes) - 1, dtype=torch.float64))
        # per-channel maxima of the hidden layers, concatenated (act_scale "channel")
        self.register_buffer("act_max_ch", torch.zeros(
            sum(ly["out_c"] for ly in self.shapes[:-1]), dtype=torch.float64))

    def n_layers(self):
        return len(self.shapes)

    # float path ---------------------------------------------------------
    def forward_float(self, z, pips, collect=None, pre=None, last_in=None, acts=None,
                      noise=None):
        """z: float [n, L] real latent; pips long [n] 1..6.  Returns pixels
        in [0, 1], [n, 1, 32, 32]; pre (a list) receives the output before
        its clamp, last_in (a list) the last layer's input (not detached),
        acts (a list) every hidden layer's output (not detached).  noise
        (from quant_noise()) makes it the noisy forward pass of --act-noise,
        --weight-noise and --weight-ste."""
        acc = emul.dense(z, pips, self.w0, self.h0)
        x = F.relu(acc)
        if noise is not None:
            x = self.noisy_act(x, 0, noise)
        if collect is not None:
            collect.append(x.detach())
        if acts is not None:
            acts.append(x)
        for k, ly in enumerate(self.shapes[1:], start=1):
            w, b = self.ws[k - 1], self.bs[k - 1]
            if noise is not None and noise["ste"]:
                w = w + (noise["wq"][k - 1] - w).detach()
            elif noise is not None and noise["weight"] > 0:
                w = w + noise["weight"] * noise["wstep"][k - 1] * (torch.rand_like(w) - 0.5)
            if k == len(self.shapes) - 1 and last_in is not None:
                last_in.append(x)
            acc = conv_any(x, w, b, ly["kind"])
            if k == len(self.shapes) - 1:
                if pre is not None:
                    pre.append(acc)
                return emul.leaky_clamp(acc, 0.0, 1.0, OUT_LEAK)
            x = F.relu(acc)
            if noise is not None:
                x = self.noisy_act(x, k, noise)
            if collect is not None:
                collect.append(x.detach())
            if acts is not None:
                acts.append(x)

    @staticmethod
    def noisy_act(x, k, noise):
        """Hidden layer k's output as the integer model sees it, with the
        rounding replaced by noise: clipped at its uint8 grid's top (255
        steps; no gradient above, as in the integer model), and every
        positive value moved by uniform noise of noise["act"][k] grid steps
        (1: the rounding's spread), kept >= 0.  Zeros stay zero: the
        integer model's ReLU gives an exact 0 there."""
        s = noise["ascale"][k].view(1, -1, 1, 1)
        x = torch.minimum(x, 255.0 * s)
        a = noise["act"][k]
        if a > 0:
            u = (torch.rand_like(x) - 0.5) * (a * s)
            x = torch.where(x > 0, F.relu(x + u), x)
        return x

    @torch.no_grad()
    def quant_noise(self, act, weight, ste=False):
        """The grid steps of the integer model made from the float weights
        and the current activation scales (calibrate() first): per hidden
        layer, its channels' activation step s_a (float32 [C]); per conv
        layer, each weight's int8 step in float units, s_w[co] / s_a[ci]
        (spec 5.8: W_eff = W s_a[ci] gets one scale s_w[co] =
        max|W_eff[co]| / 127).  The dense layer's weights get no noise.
        With ste, wq holds instead each conv layer's integer weights as
        float weights, wi s_w[co] / s_a[ci] (wi computed as quantize_channel
        does, in float64), which the forward pass uses with a
        straight-through gradient.  act: the activation noise's amplitude,
        one number for every hidden layer or a list of one per hidden layer
        (returned as that list)."""
        sa = self.channel_scales()
        wstep, wq = [], []
        for k in range(1, len(self.shapes)):
            co = self.shapes[k]["out_c"]
            sin = sa[k - 1].view(1, 1, 1, -1)
            w, sw = self.conv_weight_grid(k, sa)
            sw = sw.view(co, 1, 1, 1)
            wstep.append((sw / sin).float())
            if ste:
                wi = torch.clamp(torch.round(w / sw), -127, 127)
                wq.append((wi * sw / sin).float())
        n_hidden = len(self.shapes) - 1
        act = [float(a) for a in act] if isinstance(act, (list, tuple)) else [float(act)] * n_hidden
        assert len(act) == n_hidden
        return dict(act=act, weight=weight, ste=ste, ascale=[s.float() for s in sa[:-1]],
                    wstep=wstep, wq=wq)

    # quantization -------------------------------------------------------
    def scales(self):
        """Real scale of each layer's output (last: 1/255)."""
        s = [float(m) / 255.0 if m > 0 else 1.0 / 255.0 for m in self.act_max.tolist()]
        return s + [1.0 / 255.0]

    def channel_scales(self):
        """Per-channel real scale of each layer's output, float64 tensors."""
        out, pos = [], 0
        for ly in self.shapes[:-1]:
            m = self.act_max_ch[pos:pos + ly["out_c"]]
            pos += ly["out_c"]
            out.append(torch.where(m > 0, m, torch.ones_like(m)) / 255.0)
        return out + [torch.full((1,), 1.0 / 255.0, dtype=torch.float64)]

    def quantize(self, grad=False):
        if self.act_scale == "channel":
            return self.quantize_channel(grad)
        return self.quantize_layer(grad)

    def conv_weight_grid(self, k, out_s):
        """Conv layer k's weights with its input channels' activation
        scales folded in, W_eff = W s_a[ci] (float64, keeping the gradient),
        and its int8 step per output channel, s_w[co] = max|W_eff[co]| / 127
        (detached; spec 5.8).  out_s: channel_scales()."""
        co = self.shapes[k]["out_c"]
        w = self.ws[k - 1].double() * out_s[k - 1].view(1, 1, 1, -1)
        sw = w.detach().reshape(co, -1).abs().max(1).values.clamp_min(1e-12) / 127.0
        return w, sw

    def quantize_channel(self, grad=False):
        """Integer parameters with one uint8 scale per activation channel.
        A channel's scale s_a[ci] is folded into the next layer's weights
        before they are quantized (W_eff[co][..][ci] = W s_a[ci], one int8
        scale s_w[co] = max|W_eff[co]| / 127), so the accumulator of output
        channel co has the single scale s_w[co] that spec 5.8 needs, and
        M[co] / 2^S[co] = s_w[co] / s_out[co]."""
        out_s = self.channel_scales()
        layers = []
        for k, ly in enumerate(self.shapes):
            co = ly["out_c"]
            if k == 0:
                w = self.w0.double() * 2.0 ** -self.frac
                b = self.h0.double()
                wc = w.view(16, co, self.latent).permute(1, 0, 2).reshape(co, -1)
                sw = wc.detach().abs().max(1).values.clamp_min(1e-12) / 127.0     # [co]
            else:
                w, sw = self.conv_weight_grid(k, out_s)
                b = self.bs[k - 1].double()
            if not grad:
                w, b = w.detach(), b.detach()
            if k == 0:
                sw_o = sw.repeat(16)                           # HWC: o % co = c
                wi = torch.clamp(ste_round(w / sw_o[:, None]), -127, 127)
                bi = torch.clamp(ste_round(b / sw_o[None, :]), -emul.BIAS_LIMIT, emul.BIAS_LIMIT)
            else:
                wi = torch.clamp(ste_round(w / sw.view(co, 1, 1, 1)), -127, 127)
                bi = torch.clamp(ste_round(b / sw), -emul.BIAS_LIMIT, emul.BIAS_LIMIT)
            m, s = choose_mult_shift((sw / out_s[k]).numpy())
            layers.append(dict(ly, w=wi, b=bi, mult=m, shift=s))
        return layers

    def quantize_layer(self, grad=False):
        """Integer parameters of every layer from the float weights and the
        frozen activation scales.  With grad=True the integer tensors carry
        straight-through gradients to the float weights (QAT); values are
        identical either way.  Returns a list of dicts (float64 tensors
        w, b holding integers; numpy int64 mult, shift)."""
        out_s = self.scales()
        in_s = [2.0 ** -self.frac] + out_s[:-1]
        layers = []
        for k, ly in enumerate(self.shapes):
            co = ly["out_c"]
            if k == 0:
                w = self.w0.double()
                b = self.h0.double()
                wc = w.view(16, co, self.latent).permute(1, 0, 2).reshape(co, -1)
            else:
                w = self.ws[k - 1].double()
                b = self.bs[k - 1].double()
                wc = w.reshape(co, -1)
            if not grad:
                w, b = w.detach(), b.detach()
            amax = wc.detach().abs().max(1).values.clamp_min(1e-12)
            sw = amax / 127.0                                  # [co]
            acc_scale = in_s[k] * sw                           # [co]
            if k == 0:
                sw_o = sw.repeat(16)                           # HWC: o % co = c
                wi = torch.clamp(ste_round(w / sw_o[:, None]), -127, 127)
                bi = torch.clamp(ste_round(b / (in_s[0] * sw_o)[None, :]),
                                 -emul.BIAS_LIMIT, emul.BIAS_LIMIT)
            else:
                wi = torch.clamp(ste_round(w / sw.view(co, 1, 1, 1)), -127, 127)
                bi = torch.clamp(ste_round(b / acc_scale), -emul.BIAS_LIMIT, emul.BIAS_LIMIT)
            m, s = choose_mult_shift((acc_scale / out_s[k]).numpy())
            layers.append(dict(ly, w=wi, b=bi, mult=m, shift=s))
        return layers

    def forward_int(self, q, pips, grad=True, layers=None, start=0, x=None, collect=None):
        """Exact integer forward (spec 5) in float64.  q: latent bytes
        [n, L] (float64 integer-valued, may carry gradients for the CVAE);
        returns pixel values 0..255 [n, 1, 32, 32] float64.  With start > 0,
        x is layer start - 1's output and the layers before start are not
        run; collect (a list) receives every layer's input."""
        if layers is None:
            layers = self.quantize(grad=grad)
        last = len(layers) - 1
        for k, ly in enumerate(layers):
            if k < start:
                continue
            if collect is not None:
                collect.append(x)
            if ly["kind"] == emul.DENSE:
                acc = emul.dense(q, pips, ly["w"], ly["b"])
            else:
                acc = conv_int(x, ly["w"], ly["b"], ly["kind"])
            x = emul.requantize(acc, ly["mult"], ly["shift"], 0, 255,
                                OUT_LEAK if k == last else 0.0)
        return x

    @torch.no_grad()
    def calibrate(self, z, pips):
        acts = []
        self.forward_float(z, pips, collect=acts)
        m = []
        for a in acts:
            v = a.flatten()
            if v.numel() > 4_000_000:
                v = v[torch.linspace(0, v.numel() - 1, 4_000_000).long()]
            m.append(max(float(torch.quantile(v.double(), CALIB_QUANTILE)), 1e-3))
        self.act_max.copy_(torch.tensor(m, dtype=torch.float64))
        ch = []
        for a in acts:
            v = a.transpose(0, 1).reshape(a.shape[1], -1)
            if v.shape[1] > 1_000_000:
                v = v[:, torch.linspace(0, v.shape[1] - 1, 1_000_000).long()]
            ch.append(torch.quantile(v.double(), CALIB_QUANTILE, dim=1).clamp_min(1e-3))
        self.act_max_ch.copy_(torch.cat(ch))

    @torch.no_grad()
    def search_scales(self, q, pips, img, rounds, log=print, clip=False):
        """Per-channel activation scales chosen for the integer model, not
        for the float activations alone.  The calibrated maxima give every
        channel all 255 uint8 levels, but a channel whose real range is
        small then meets the next layer with tiny folded weights
        (W_eff = W s_a[ci]) that round to a few int8 levels beside the
        other channels' large ones (one weight scale per output channel,
        spec 5.8).  Coordinate descent, last layer first: each hidden
        channel's maximum is multiplied by the SCALE_SEARCH_STEPS value
        that lowers the integer model's MSE on (q, pips, img), kept if it
        does (with clip, SCALE_SEARCH_CLIP_STEPS as well).
        Deterministic; rounds passes over all channels."""
        if self.act_scale != "channel":
            raise ValueError("--scale-search needs --act-scale channel")

        # channel c of hidden layer k changes layer k's requantization and
        # layer k + 1's weights only: the search runs from layer k on,
        # from the inputs of layer k cached at the start of each layer
        layer_of = [k for k, ly in enumerate(self.shapes[:-1]) for _ in range(ly["out_c"])]

        def mse(start=0, x=None, collect=None):
            out = self.forward_int(q, pips, grad=False, start=start, x=x, collect=collect)
            return float(((out / 255.0 - img) ** 2).mean())
        base = mse()
        log("scale search: integer MSE %.5f on %d training images" % (base, len(pips)))
        t0 = time.time()
        n = self.act_max_ch.numel()
        steps = (SCALE_SEARCH_CLIP_STEPS if clip else ()) + SCALE_SEARCH_STEPS
        for r in range(rounds):
            changed = 0
            inputs = None
            for c in reversed(range(n)):
                k = layer_of[c]
                if c == n - 1 or layer_of[c + 1] != k:
                    inputs = []
                    mse(collect=inputs)
                orig = float(self.act_max_ch[c])
                best = (base, orig)
                for t in steps:
                    self.act_max_ch[c] = orig * t
                    m = mse(k, inputs[k])
                    if m < best[0]:
                        best = (m, orig * t)
                self.act_max_ch[c] = best[1]
                changed += best[1] != orig
                base = best[0]
                if c == 0 or layer_of[c - 1] != k:
                    log("scale search: round %d/%d, layer %d done: integer MSE %.5f  %.0f s" %
                        (r + 1, rounds, k, base, time.time() - t0))
            log("scale search: round %d/%d: %d of %d scales changed, integer MSE %.5f  %.0f s" %
                (r + 1, rounds, changed, n, base, time.time() - t0))
        return base

    def export_layers(self):
        """Integer parameters in the file's orders (spec 4.4) for emul.write_model."""
        out = []
        for ly in self.quantize(grad=False):
            d = {k: ly[k] for k in ("kind", "in_c", "out_c", "in_h", "in_w", "out_h", "out_w")}
            d["weights"] = ly["w"].numpy().astype(np.int64)
            d["bias"] = ly["b"].numpy().astype(np.int64)
            d["mult"], d["shift"] = ly["mult"], ly["shift"]
            out.append(d)
        return out


class Encoder(nn.Module):
    """CVAE encoder: 4 strided 3x3 convs on image ++ one-hot planes, then fc
    on features ++ one-hot to mu and logvar (float only; never exported)."""

    def __init__(self, latent, width=16):
        super().__init__()
        c = [7, width, 2 * width, 2 * width, 2 * width]
        self.convs = nn.ModuleList(nn.Conv2d(c[i], c[i + 1], 3, stride=2, padding=1)
                                   for i in range(4))
        self.fc = nn.Linear(c[4] * 4 + 6, 2 * latent)
        self.latent = latent
        # latent standardisation (see standardize_latent), identity at first
        self.register_buffer("z_shift", torch.zeros(latent))
        self.register_buffer("z_scale", torch.ones(latent))

    def forward(self, img, pips):
        oh = F.one_hot(pips - 1, 6).float()
        x = torch.cat([img, oh[:, :, None, None].expand(-1, 6, 32, 32)], 1)
        for cv in self.convs:
            x = F.relu(cv(x))
        h = self.fc(torch.cat([x.flatten(1), oh], 1))
        mu = (h[:, :self.latent] - self.z_shift) / self.z_scale
        logvar = h[:, self.latent:].clamp(-12, 6) - 2.0 * torch.log(self.z_scale)
        return mu, logvar


@torch.no_grad()
def standardize_latent(dec, enc, imgs, pips):
    """Match the aggregate posterior to the prior the roll profile samples.

    After the float phase the encoder means of the training set have some
    mean m and spread (total std sd = sqrt(var(mu) + mean(sigma^2)) per
    latent element) that a weak KL term leaves away from N(0, 1).  The
    latent is re-expressed as z' = (z - m) / sd, exactly compensated in the
    decoder (dense weights W' = W sd, one-hot table H' = H + W m), so the
    float model is unchanged, and then z' ~ N(0, 1) matches the prior; the
    roll profile draws z' with std 0.5 (the published mu + eps std 0.5)."""
    mus, vars_ = [], []
    for s in range(0, imgs.shape[0], 1024):
        mu, logvar = enc(imgs[s:s + 1024], pips[s:s + 1024])
        mus.append(mu)
        vars_.append(logvar.exp())
    mu = torch.cat(mus)
    m = mu.mean(0)
    sd = torch.sqrt(mu.var(0) + torch.cat(vars_).mean(0)).clamp_min(1e-3)
    # undo in real units, compose with the encoder's current transform
    dec.h0.add_((dec.w0 @ m)[None, :])
    dec.w0.mul_(sd[None, :])
    enc.z_shift.add_(enc.z_scale * m)
    enc.z_scale.mul_(sd)
    return m, sd


# ---------------------------------------------------------------- data

def cache_dir():
    import cref
    d = cref.BUILD
    os.makedirs(d, exist_ok=True)
    return d


def load_data(mode, n_train, n_test, seed_data, log=print):
    """Images uint8, labels, angles, for train and test.  angle mode: nominal
    (un-jittered) dice rendered with tools/dice/render.py (cached under
    tools/train/build/); cvae mode: the jittered data set data/dice.npz when
    it exists (else rendered the same way with jitter)."""
    import render
    jitter = mode == "cvae"
    name = "%s_%d_%d_%d.npz" % ("jit" if jitter else "nom", n_train, n_test, seed_data)
    path = os.path.join(cache_dir(), name)
    if jitter and seed_data == 1:
        shared = os.path.join(ROOT, "data", "dice.npz")
        if os.path.exists(shared):
            d = np.load(shared)
            if len(d["train_labels"]) >= n_train and len(d["test_labels"]) >= n_test:
                return {s: dict(images=d[s + "_images"][:n], labels=d[s + "_labels"][:n],
                                angles=d[s + "_angles"][:n])
                        for s, n in (("train", n_train), ("test", n_test))}
    if not os.path.exists(path):
        t0 = time.time()
        out = {}
        for split, n, seed in (("train", n_train, seed_data), ("test", n_test, [seed_data, 1])):
            log("rendering %d %s %s images (seed %s)" % (n, "jittered" if jitter else "nominal",
                                                       split, seed))
            d = render.make_dataset(n, seed, jitter=jitter)
            for k in ("images", "labels", "angles"):
                out[split + "_" + k] = d[k]
        tmp = path + ".%d.tmp.npz" % os.getpid()
        np.savez_compressed(tmp, **out)
        os.replace(tmp, path)
        log("rendered in %.1f s -> %s" % (time.time() - t0, path))
    d = np.load(path)
    return {s: dict(images=d[s + "_images"], labels=d[s + "_labels"], angles=d[s + "_angles"])
            for s in ("train", "test")}


# ---------------------------------------------------------------- pruning

@torch.no_grad()
def prune_into(dec, src, z, pips):
    """Initialise the narrower decoder `dec` from the wider trained `src`
    (same family, extra layers and L): in each hidden layer keep the
    channels with the largest mean activation times the norm of their
    outgoing weights, and copy the weights between kept channels.  Returns
    the kept channel indices per hidden layer."""
    acts = []
    src.forward_float(z, pips, collect=acts)
    shapes_d, shapes_s = dec.shapes, src.shapes
    kept = []
    for k in range(len(shapes_s) - 1):
        cd = shapes_d[k]["out_c"]
        mean = acts[k].mean((0, 2, 3))                    # activations are NCHW
        w_next = src.ws[k]                                # next layer [co][ky][kx][ci]
        score = mean * w_next.abs().sum((0, 1, 2))
        kept.append(sorted(torch.argsort(score, descending=True)[:cd].tolist()))
    keep0 = torch.tensor(kept[0])
    cs0 = shapes_s[0]["out_c"]
    sel = (torch.arange(16)[:, None] * cs0 + keep0[None, :]).reshape(-1)
    dec.w0.copy_(src.w0[sel])
    dec.h0.copy_(src.h0[:, sel])
    for k in range(1, len(shapes_s)):
        w = src.ws[k - 1][:, :, :, torch.tensor(kept[k - 1])]
        b = src.bs[k - 1]
        if k < len(shapes_s) - 1:
            w, b = w[torch.tensor(kept[k])], b[torch.tensor(kept[k])]
        dec.ws[k - 1].copy_(w)
        dec.bs[k - 1].copy_(b)
    return kept


# ---------------------------------------------------------------- training

def setup(seed, threads):
    torch.manual_seed(seed)
    np.random.seed(seed)
    torch.use_deterministic_algorithms(True)
    torch.set_num_threads(threads)


def lr_at(step, total, base, warm=0.03):
    w = max(1, int(total * warm))
    if step < w:
        return base * (step + 1) / w
    t = (step - w) / max(1, total - w)
    return base * (0.02 + 0.98 * 0.5 * (1 + math.cos(math.pi * t)))


def kl_term(mu, logvar):
    return 0.5 * torch.sum(mu * mu + logvar.exp() - 1.0 - logvar, 1).mean()


def build(cfg):
    frac = ANGLE_FRAC if cfg["mode"] == "angle" else CVAE_FRAC
    dec = Decoder(cfg["dims"], cfg["extra"], cfg["latent"], frac,
                  cfg.get("act_scale", "layer"))
    enc = Encoder(cfg["latent"], cfg["enc_width"]) if cfg["mode"] == "cvae" else None
    return dec, enc


def latent_q(z, frac, grad):
    """Real latent -> int8 byte (spec 10 rounding), STE when grad."""
    v = z.double() * 2.0 ** frac
    q = torch.clamp(emul.ste_floor(v + 0.5) if grad else torch.floor(v + 0.5), -128, 127)
    return q


def overshoot_term(pre, margin):
    """Mean squared distance of the float output before its clamp from
    [-margin, 1 + margin] (--overshoot, --overshoot-margin)."""
    lo = F.relu(-margin - pre)
    hi = F.relu(pre - (1.0 + margin))
    return torch.mean(lo * lo + hi * hi)


def contrib_term(dec, x, cap):
    """Mean squared excess over cap of the last layer's largest
    contributions |w[tap][ci]| * max(x[ci]) (output units, one per weight;
    x the last layer's input, max over the batch): --contrib-cap.  spec 5.8
    gives the last layer one int8 weight scale, whose step is about the
    largest of these over 127; a float decoder left alone drives the white
    background far past 1 with a few large ones, and every weight that
    draws an edge or a pip then rounds on that coarse grid.  The product is
    what int8 sees (a channel's scale folds into the weights), so the term
    cannot be met by moving size between w and x."""
    return contrib_excess(dec.ws[-1], x, cap)


def contrib_excess(w, x, cap, out_range=None):
    """Mean squared excess over cap of |w[co][tap][ci]| * max(x[ci]) (max
    over the batch of the NCHW input x), divided by out_range[co] when
    given: the term of --contrib-cap and --hidden-cap."""
    r = x.amax(dim=(0, 2, 3))                       # [ci]
    c = w.abs() * r.view(1, 1, 1, -1)               # w: [co][ky][kx][ci]
    if out_range is not None:
        c = c / out_range.view(-1, 1, 1, 1)
    e = F.relu(c - cap)
    return torch.mean(e * e)


def hidden_contrib_term(dec, acts, cap):
    """Mean squared excess over cap of the hidden conv layers' largest
    contributions in units of their output channel's range:
    |w[co][tap][ci]| * max(x[ci]) / max(y[co]) (maxima over the batch; x
    the layer's input, y its output after the ReLU): --hidden-cap.  A
    hidden layer's int8 weights get one scale per output channel (spec
    5.8), about the largest of these contributions over 127 in real units,
    while its output is requantized on a grid of max(y[co]) / 255; an
    output channel built from large contributions that cancel (seen at
    10-30x its range in dice-8_8_8_8-x2) rounds every weight on a grid
    many output steps wide.  The output maximum is a constant here (no
    gradient), so the term shrinks the weights, not grows the output.
    Summed over the layers, each a mean over its weights."""
    tot = torch.zeros(())
    for k in range(1, len(dec.shapes) - 1):
        ym = acts[k].detach().amax(dim=(0, 2, 3)).clamp_min(1e-3)   # [co]
        tot = tot + contrib_excess(dec.ws[k - 1], acts[k - 1], cap, ym)
    return tot


def noisy_float(cfg):
    """Whether the float phase runs the noisy forward pass (--act-noise,
    --act-noise-layers, --weight-noise, --weight-ste)."""
    return cfg.get("act_noise", 0.0) > 0 or cfg.get("weight_noise", 0.0) > 0 or \
        cfg.get("weight_ste", False) or any(a > 0 for a in cfg.get("act_noise_layers") or [])


def act_noise_amp(cfg, n_hidden):
    """The activation noise's amplitude for each of the n_hidden hidden
    layers: --act-noise-layers' list where it is given, else --act-noise's
    one amplitude for all."""
    return list(cfg.get("act_noise_layers") or [cfg.get("act_noise", 0.0)] * n_hidden)


def noise_factor(cfg, epoch):
    """--noise-ramp: the share of --act-noise / --weight-noise that float
    epoch `epoch` (0-based) uses, rising linearly to 1 over the first
    --noise-ramp epochs (1 throughout when it is 0)."""
    ramp = cfg.get("noise_ramp", 0)
    return 1.0 if ramp <= 0 else min(1.0, (epoch + 1) / ramp)


def run_batch(cfg, dec, enc, img, pips, angq, phase, train=True, dark_weight=0.0,
              noise_scale=1.0):
    """Loss terms for one batch.  img float [n,1,32,32] in [0,1].  With
    dark_weight > 0 (early float epochs only, see --dark-weight) pixels of
    the target darker than 0.5 (outline, pips) weigh 1 + dark_weight in the
    squared error; the evaluated MSE is always the plain one.  Returns
    (mse, kl, out, penalty): penalty is --overshoot W times overshoot_term()
    (float phase, training only; else 0).  noise_scale multiplies
    --act-noise and --weight-noise (noise_factor())."""
    kl = torch.zeros(())
    penalty = torch.zeros(())
    if cfg["mode"] == "angle":
        q = angq.double()[:, None]
        z = (q / 2.0 ** dec.frac).float()
    else:
        mu, logvar = enc(img, pips)
        if train:
            z = mu + torch.randn_like(mu) * torch.exp(0.5 * logvar)
        else:
            z = mu
        kl = kl_term(mu, logvar)
        q = latent_q(z, dec.frac, grad=True)
    if phase == "float":
        pre, last_in, acts = [], [], []
        noise = None
        if train and noisy_float(cfg):
            amp = [noise_scale * a for a in act_noise_amp(cfg, dec.n_layers() - 1)]
            noise = dec.quant_noise(amp,
                                    noise_scale * cfg.get("weight_noise", 0.0),
                                    cfg.get("weight_ste", False))
        out = dec.forward_float(z.float(), pips, pre=pre, last_in=last_in, acts=acts,
                                noise=noise)
        if dark_weight > 0:
            wt = 1.0 + dark_weight * (img < 0.5).float()
            mse = torch.mean(wt * (out - img) ** 2) / torch.mean(wt)
        else:
            mse = F.mse_loss(out, img)
        if train and cfg.get("overshoot", 0.0) > 0:
            penalty = cfg["overshoot"] * overshoot_term(pre[0], cfg["overshoot_margin"])
        if train and cfg.get("contrib_cap", 0.0) > 0:
            penalty = penalty + cfg.get("contrib_weight", 1.0) * contrib_term(
                dec, last_in[0], cfg["contrib_cap"])
        if train and cfg.get("hidden_cap", 0.0) > 0:
            penalty = penalty + cfg.get("contrib_weight", 1.0) * hidden_contrib_term(
                dec, acts, cfg["hidden_cap"])
    else:
        out = dec.forward_int(q, pips, grad=train) / 255.0
        mse = F.mse_loss(out, img.double())
    return mse, kl, out, penalty


def evaluate(cfg, dec, enc, data, phase, batch=512):
    """Mean squared error (pixels in [0,1]) on the test split."""
    d = data["test"]
    n = len(d["labels"])
    tot = 0.0
    with torch.no_grad():
        for s in range(0, n, batch):
            img = torch.from_numpy(d["images"][s:s + batch].astype(np.float32) / 255.0)[:, None]
            pips = torch.from_numpy(d["labels"][s:s + batch].astype(np.int64))
            angq = torch.from_numpy(angle_to_q(d["angles"][s:s + batch]))
            mse, _, _, _ = run_batch(cfg, dec, enc, img, pips, angq, phase, train=False)
            tot += float(mse) * len(pips)
    return tot / n


def train(cfg, log=print):
    setup(cfg["seed"], cfg["threads"])
    data = load_data(cfg["mode"], cfg["n_train"], cfg["n_test"], cfg["data_seed"], log)
    dec, enc = build(cfg)
    init_stats = init_cfg = None
    if cfg.get("init_from"):
        icfg, idec, ienc, init_stats = load_checkpoint(cfg["init_from"])
        init_cfg = icfg
        for k in ("mode", "dims", "extra", "latent"):
            if icfg[k] != cfg[k]:
                raise SystemExit("train.py: error: --init-from has %s %s, not %s" %
                                 (k, icfg[k], cfg[k]))
        # the recipe chain: what made the starting point
        cfg["init_recipe"] = [icfg.get("command")] + list(icfg.get("init_recipe", []))
        dec.load_state_dict(idec.state_dict())
        if enc is not None:
            enc.load_state_dict(ienc.state_dict())
        log("initialised from %s (its float MSE %.5f)" % (cfg["init_from"],
                                                        init_stats["float_mse"]))
    params = list(dec.parameters()) + (list(enc.parameters()) if enc else [])
    reader = None
    if cfg.get("pip_weight", 0.0) > 0:
        import pipreader
        reader = pipreader.load_reader(os.path.join(ROOT, cfg["pip_reader"]))
        log("pip reader %s (sha256 %s), weight %g" % (
            cfg["pip_reader"], cfg["pip_reader_sha256"][:16], cfg["pip_weight"]))
    tr = data["train"]
    n = len(tr["labels"])
    imgs = torch.from_numpy(tr["images"].astype(np.float32) / 255.0)[:, None]
    pips_all = torch.from_numpy(tr["labels"].astype(np.int64))
    angq_all = torch.from_numpy(angle_to_q(tr["angles"]))
    if cfg.get("prune_from"):
        if cfg.get("init_from") or enc is not None:
            raise ValueError("--prune-from: angle mode only, and not with --init-from")
        icfg, idec, _, _ = load_checkpoint(cfg["prune_from"])
        if icfg["mode"] != "angle" or icfg["extra"] != cfg["extra"] or \
                any(a > b for a, b in zip(cfg["dims"], icfg["dims"])):
            raise ValueError("--prune-from needs an angle-mode checkpoint with the same "
                             "--extra and dims at least %s (it has %s, extra %d)" %
                             (cfg["dims"], icfg["dims"], icfg["extra"]))
        cfg["init_recipe"] = [icfg.get("command")] + list(icfg.get("init_recipe", []))
        z0 = (angq_all[:2048].double()[:, None] / 2.0 ** dec.frac).float()
        kept = prune_into(dec, idec, z0, pips_all[:2048])
        log("pruned from %s (dims %s): kept channels %s; float test MSE %.5f" % (
            cfg["prune_from"], "_".join(map(str, icfg["dims"])), kept,
            evaluate(cfg, dec, enc, data, "float")))
    if cfg.get("keep_calibration") and (
            init_stats is None or cfg["float_epochs"] != 0 or enc is not None or
            init_cfg.get("act_scale", "layer") != cfg["act_scale"]):
        raise ValueError("--keep-calibration continues the QAT of an angle-mode "
                         "--init-from checkpoint with --float-epochs 0 and the "
                         "same --act-scale")

    def sub_latent(sub):
        if enc is None:
            return angq_all[sub].double()[:, None]
        return latent_q(enc(imgs[sub], pips_all[sub])[0], dec.frac, False)

    def calibrate_on(sub):
        # on the latents the integer decoder gets (CVAE: the encoder mean
        # rounded to the latent bytes)
        with torch.no_grad():
            dec.calibrate((sub_latent(sub) / 2.0 ** dec.frac).float(), pips_all[sub])

    def search(rounds, sub):
        with torch.no_grad():
            dec.search_scales(sub_latent(sub), pips_all[sub], imgs[sub].double(), rounds, log,
                              clip=cfg.get("search_clip", False))

    def pip_term(out01, pips):
        # the pip reader's loss for QAT's choice of its best epoch: with the
        # augmentations, so that faint pips do not pass, drawn from a fixed
        # seed so that it is a fixed function of the pixels, in a forked RNG
        # that training's draws never see
        with torch.random.fork_rng():
            torch.manual_seed(PIP_TERM_SEED)
            return float(pipreader.pip_loss(reader, out01, pips, cfg["pip_aug"]))

    sel_name = "MSE + pip term" if reader is not None and cfg["qat_select"] == "objective" \
        else "MSE"

    def sub_int_objective(sub):
        """Integer MSE on training images, plus --pip-weight times the
        reader's loss when training with it (the objective QAT's best
        epoch is chosen by)."""
        with torch.no_grad():
            out = dec.forward_int(sub_latent(sub), pips_all[sub], grad=False) / 255.0
            m = float(((out - imgs[sub].double()) ** 2).mean())
            if reader is not None and cfg["qat_select"] == "objective":
                m += cfg["pip_weight"] * pip_term(out, pips_all[sub])
            return m

    def snapshot():
        return (copy.deepcopy(dec.state_dict()),
                copy.deepcopy(enc.state_dict()) if enc is not None else None)

    gen = torch.Generator().manual_seed(cfg["seed"])
    bs = cfg["batch"]
    steps_per_epoch = (n + bs - 1) // bs
    t0 = time.time()
    hist = []
    stats = {}
    total_epochs = cfg["float_epochs"] + cfg["qat_epochs"]
    done_epochs = 0
    for phase, epochs, base_lr in (("float", cfg["float_epochs"], cfg["lr"]),
                                   ("qat", cfg["qat_epochs"], cfg["lr"] * cfg["qat_lr_scale"])):
        if epochs == 0:
            continue
        if phase == "qat":
            stats["float_mse"] = evaluate(cfg, dec, enc, data, "float")
            log("float test MSE %.5f" % stats["float_mse"])
            if init_stats is not None and cfg["float_epochs"] == 0:
                # QAT only: the float model is the one before the first QAT run
                stats["float_mse"] = init_stats["float_mse"]
            if enc is not None:
                m, sd = standardize_latent(dec, enc, imgs, pips_all)
                log("latent standardised: mean %s std %s; float test MSE after %.5f" % (
                    np.round(m.numpy(), 3).tolist(), np.round(sd.numpy(), 3).tolist(),
                    evaluate(cfg, dec, enc, data, "float")))
            idx = torch.randperm(n, generator=gen)[:2048]
            if cfg.get("keep_calibration"):
                log("kept the checkpoint's activation scales (QAT continues)")
            elif noisy_float(cfg) and cfg["float_epochs"] > 0:
                # the noisy float phase trained on the grids of these
                # scales (with --weight-ste, on the very integer weights
                # they give): a new calibration would move every grid
                log("kept the activation scales of the noisy float phase's last epoch")
            else:
                calibrate_on(idx)
            stats["int_mse_calibrated"] = evaluate(cfg, dec, enc, data, "qat")
            log("int8 test MSE after calibration, before QAT: %.5f" % stats["int_mse_calibrated"])
            if cfg.get("scale_search", 0) > 0 and not cfg.get("keep_calibration"):
                search(cfg["scale_search"], idx[:1024])
                stats["int_mse_searched"] = evaluate(cfg, dec, enc, data, "qat")
                log("int8 test MSE after the scale search: %.5f" % stats["int_mse_searched"])
            # QAT keeps the best integer model seen at the end of an epoch
            # (or before the first), judged on the training images of the
            # search; the test set stays out of every choice
            val = idx[:1024]
            best = (sub_int_objective(val), 0, snapshot())
            log("activation maxima (per layer): " +
                " ".join("%.3g" % v for v in dec.act_max.tolist()) +
                "; scales used: per %s" % dec.act_scale)
        opt = torch.optim.Adam(params, lr=base_lr)
        total = epochs * steps_per_epoch
        step = 0
        noisy = phase == "float" and noisy_float(cfg)
        if noisy:
            calib_idx = torch.randperm(n, generator=gen)[:2048]
        for ep in range(epochs):
            if noisy:
                # the noise follows the integer model's grids, which follow
                # the float weights: activation scales calibrated again at
                # the start of every epoch (as QAT's calibration does)
                calibrate_on(calib_idx)
            perm = torch.randperm(n, generator=gen)
            run_mse = run_kl = run_ce = run_pen = 0.0
            for s in range(0, n, bs):
                idx = perm[s:s + bs]
                for gp in opt.param_groups:
                    gp["lr"] = lr_at(step, total, base_lr)
                dw = 0.0
                if phase == "float" and cfg["dark_weight"] > 0:
                    frac_done = step / max(1, total * cfg["dark_anneal"])
                    dw = cfg["dark_weight"] * max(0.0, 1.0 - frac_done)
                mse, kl, out, pen = run_batch(cfg, dec, enc, imgs[idx], pips_all[idx],
                                              angq_all[idx], phase, dark_weight=dw,
                                              noise_scale=noise_factor(cfg, ep))
                loss = mse + cfg["beta"] * kl / 1024.0 + pen
                if reader is not None:
                    ce = pipreader.pip_loss(reader, out, pips_all[idx], cfg["pip_aug"])
                    loss = loss + cfg["pip_weight"] * ce
                    run_ce += float(ce) * len(idx)
                opt.zero_grad(set_to_none=True)
                loss.backward()
                opt.step()
                run_mse += float(mse) * len(idx)
                run_pen += float(pen) * len(idx)
                run_kl += float(kl) * len(idx)
                step += 1
            done_epochs += 1
            el = time.time() - t0
            eta = el / done_epochs * (total_epochs - done_epochs)
            msg = "epoch %3d/%d %-5s train MSE %.5f" % (done_epochs, total_epochs, phase, run_mse / n)
            if enc is not None:
                msg += " KL %.3f" % (run_kl / n)
            if reader is not None:
                msg += " pip CE %.4f" % (run_ce / n)
            # the penalty terms summed: --overshoot, --contrib-cap, --hidden-cap
            names = [nm for nm, key in (("overshoot", "overshoot"), ("contrib", "contrib_cap"),
                                        ("hidden", "hidden_cap"))
                     if cfg.get(key, 0.0) > 0]
            if phase == "float" and names:
                msg += " %s %.5f" % ("+".join(names), run_pen / n)
            if noisy and cfg.get("noise_ramp", 0) > 0:
                msg += " noise x%.2f" % noise_factor(cfg, ep)
            if ep == epochs - 1 or (ep + 1) % cfg["eval_every"] == 0:
                msg += "  test MSE %.5f" % evaluate(cfg, dec, enc, data, phase)
            if phase == "qat":
                m = sub_int_objective(val)
                msg += "  int8 %s %.5f on the search images" % (sel_name, m)
                if m < best[0]:
                    best = (m, ep + 1, snapshot())
            log(msg + "  %6.1f s  ETA %6.1f s" % (el, eta), )
            hist.append(run_mse / n)
        if phase == "qat" and best[1] != epochs:
            dec.load_state_dict(best[2][0])
            if enc is not None:
                enc.load_state_dict(best[2][1])
            log("QAT: kept the model after QAT epoch %d of %d (int8 %s %.5f on the search "
                "images)" % (best[1], epochs, sel_name, best[0]))
            stats["qat_best_epoch"] = best[1]
    if cfg["qat_epochs"] == 0 and cfg.get("keep_calibration"):
        stats["float_mse"] = init_stats["float_mse"]
        log("kept the checkpoint's activation scales")
    elif cfg["qat_epochs"] == 0 and noisy_float(cfg) and cfg["float_epochs"] > 0:
        stats["float_mse"] = evaluate(cfg, dec, enc, data, "float")
        log("kept the activation scales of the noisy float phase's last epoch")
    elif cfg["qat_epochs"] == 0:
        stats["float_mse"] = evaluate(cfg, dec, enc, data, "float")
        calibrate_on(torch.arange(min(n, 2048)))
    if cfg.get("final_search", 0) > 0:
        log("int8 test MSE before the final scale search: %.5f" %
            evaluate(cfg, dec, enc, data, "qat"))
        search(cfg["final_search"], torch.randperm(n, generator=gen)[:1024])
    if cfg.get("polish", 0) > 0 or cfg.get("polish_layers"):
        import polish
        if enc is not None:
            raise ValueError("--polish: angle mode only")
        log("int8 test MSE before the integer polish: %.5f" % evaluate(cfg, dec, enc, data, "qat"))
        sub = torch.randperm(n, generator=gen)[:cfg["polish_images"]]
        nl = dec.n_layers()
        # the integer MSE alone, also for a model trained with --pip-weight:
        # thousands of kept-if-better integer changes judged by the reader
        # (even through its augmentations, from a fixed seed) learn to
        # please the reader rather than to draw pips (4_4_4_2-x2: judged
        # 98.3% -> 97.8% and int8 MSE 0.0247 -> 0.0255 with the pip term)
        polish.polish(dec, sub_latent(sub), pips_all[sub], imgs[sub].double(),
                      layers=(cfg["polish_layers"] if cfg.get("polish_layers") else
                              list(range(max(0, nl - cfg["polish"]), nl))),
                      rounds=cfg["polish_rounds"], log=log)
    stats["int_mse_emul"] = evaluate(cfg, dec, enc, data, "qat")
    stats["train_seconds"] = time.time() - t0
    log("int8 (emulation) test MSE %.5f  float %.5f  in %.0f s" %
        (stats["int_mse_emul"], stats["float_mse"], stats["train_seconds"]))
    return dec, enc, stats


def save_checkpoint(path, cfg, dec, enc, stats):
    d = os.path.dirname(path)
    if d:
        os.makedirs(d, exist_ok=True)
    blob = {"format": "tvae-train-1", "config": cfg, "stats": stats,
            "decoder": dec.state_dict(),
            "encoder": enc.state_dict() if enc is not None else None}
    tmp = path + ".tmp"
    torch.save(blob, tmp)
    os.replace(tmp, path)


class _SafeUnpickler(pickle.Unpickler):
    ALLOWED = {("torch._utils", "_rebuild_tensor_v2"), ("torch._utils", "_rebuild_parameter"),
               ("collections", "OrderedDict"), ("torch", "FloatStorage"),
               ("torch", "DoubleStorage"), ("torch", "LongStorage")}

    def find_class(self, module, name):
        if (module, name) not in self.ALLOWED:
            raise pickle.UnpicklingError("refusing global %s.%s" % (module, name))
        return super().find_class(module, name)


class _SafePickle:
    """pickle_module for torch.load: every unpickling goes through
    _SafeUnpickler (torch subclasses .Unpickler for zip checkpoints and calls
    .load for legacy ones)."""
    Unpickler = _SafeUnpickler
    __name__ = "tvae_safe_pickle"

    @staticmethod
    def load(f, **kw):
        return _SafeUnpickler(f, **kw).load()


def _safe_torch_load(path):
    """torch.load of a zip checkpoint through _SafeUnpickler.  torch 1.13's
    torch.load ignores pickle_module unless weights_only (whose unpickler
    rejects plain floats), so this calls its zip loader directly; legacy
    (non-zip) files are refused."""
    ser = torch.serialization
    with open(path, "rb") as f:
        if not ser._is_zipfile(f):
            raise ValueError("not a zip checkpoint")
        with ser._open_zipfile_reader(f) as z:
            return ser._load(z, "cpu", _SafePickle, encoding="utf-8")


def load_checkpoint(path):
    # A restricted unpickler (only tensors, their storages and OrderedDict
    # besides plain data), so a hostile file cannot run code; any malformed
    # file is a ValueError with one line of text.
    try:
        blob = _safe_torch_load(path)
    except (FileNotFoundError, PermissionError, IsADirectoryError):
        raise
    except Exception as e:  # noqa: BLE001 -- unpickling raises many kinds
        msg = str(e).splitlines()[0] if str(e) else type(e).__name__
        raise ValueError("%s: not a tvae training checkpoint (%s)" % (path, msg))
    if not isinstance(blob, dict) or blob.get("format") != "tvae-train-1" or \
            not all(k in blob for k in ("config", "stats", "decoder", "encoder")):
        raise ValueError("%s: not a tvae training checkpoint" % path)
    cfg = blob["config"]
    dec, enc = build(cfg)
    sd = dict(blob["decoder"])
    if "act_max_ch" not in sd:          # checkpoints from before act_scale
        sd["act_max_ch"] = dec.act_max_ch.clone()
    dec.load_state_dict(sd)
    if enc is not None:
        enc.load_state_dict(blob["encoder"])
    dec.eval()
    return cfg, dec, enc, blob["stats"]


def make_parser():
    ap = argparse.ArgumentParser(description="Train one tvae decoder (float warm-up + QAT).")
    ap.add_argument("--mode", choices=("angle", "cvae"), default="angle")
    ap.add_argument("--dims", type=parse_dims, default=(4, 4, 4, 4), help="d1_d2_d3_d4")
    ap.add_argument("--extra", type=int, default=0, choices=(0, 1, 2, 3),
                    help="extra CONV layers at 16x16 (spec 2)")
    ap.add_argument("--latent", type=int, default=None,
                    help="latent length L (angle mode: 1; cvae default 4)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--data-seed", type=int, default=1)
    ap.add_argument("--n-train", type=int, default=16384)
    ap.add_argument("--n-test", type=int, default=2048)
    ap.add_argument("--float-epochs", type=int, default=30)
    ap.add_argument("--qat-epochs", type=int, default=10)
    ap.add_argument("--batch", type=int, default=64)
    ap.add_argument("--lr", type=float, default=1e-2)
    ap.add_argument("--qat-lr-scale", type=float, default=0.2)
    ap.add_argument("--beta", type=float, default=1.0, help="CVAE KL weight")
    ap.add_argument("--dark-weight", type=float, default=0.0,
                    help="extra loss weight of dark target pixels (pips, outline) at the "
                    "start of the float phase, annealed linearly to 0")
    ap.add_argument("--dark-anneal", type=float, default=0.5,
                    help="share of the float phase over which --dark-weight falls to 0")
    ap.add_argument("--overshoot", type=float, default=0.0, metavar="W",
                    help="float phase: add W * the mean squared excess of the output "
                    "before its clamp beyond [-MARGIN, 1 + MARGIN] (a white background "
                    "driven far past 1 makes the last layer's int8 weights coarse)")
    ap.add_argument("--overshoot-margin", type=float, default=1.0, metavar="MARGIN",
                    help="see --overshoot (default 1.0)")
    ap.add_argument("--contrib-cap", type=float, default=0.0, metavar="C",
                    help="float phase: add --contrib-weight times the mean squared excess "
                    "over C (output units, 1 = white) of the last layer's contributions "
                    "|weight| x its input channel's batch maximum (0: off)")
    ap.add_argument("--contrib-weight", type=float, default=1.0, metavar="W",
                    help="see --contrib-cap and --hidden-cap (default 1.0)")
    ap.add_argument("--hidden-cap", type=float, default=0.0, metavar="C",
                    help="float phase: add --contrib-weight times the mean squared excess "
                    "over C of every hidden conv layer's contributions |weight| x its input "
                    "channel's batch maximum, in units of the output channel's batch "
                    "maximum (0: off)")
    ap.add_argument("--act-noise", type=float, default=0.0, metavar="A",
                    help="float phase: every hidden activation clipped at the top of its "
                    "calibrated uint8 grid and, where positive, moved by uniform noise of A "
                    "grid steps (1: the spread of the integer model's rounding); scales "
                    "calibrated again every epoch, the last epoch's kept (0: off)")
    ap.add_argument("--act-noise-layers", default=None, metavar="A0,A1,..",
                    help="float phase: --act-noise with its own amplitude for each hidden "
                    "layer (layer 0 = the dense layer's output), in place of --act-noise's "
                    "one; as many values as hidden layers")
    ap.add_argument("--weight-noise", type=float, default=0.0, metavar="A",
                    help="float phase: uniform noise of A int8 steps on every conv weight "
                    "(the step the integer model's per-output-channel scale gives it; 0: off)")
    ap.add_argument("--noise-ramp", type=int, default=0, metavar="E",
                    help="--act-noise and --weight-noise rise linearly from 0 to their "
                    "full value over the first E float epochs (0: full from the start)")
    ap.add_argument("--weight-ste", action="store_true",
                    help="float phase: every conv weight rounded to its int8 grid with a "
                    "straight-through gradient (the integer model's weights; instead of "
                    "--weight-noise); activation scales calibrated every epoch")
    ap.add_argument("--init-from", default=None, metavar="CKPT",
                    help="start from this checkpoint's weights (same mode/dims/extra/L); "
                    "with --float-epochs 0 this re-runs calibration and QAT only")
    ap.add_argument("--prune-from", default=None, metavar="CKPT",
                    help="start from the channels of a wider trained angle-mode checkpoint "
                    "(same --extra) that matter most, then train as usual")
    ap.add_argument("--keep-calibration", action="store_true",
                    help="with --init-from and --float-epochs 0: keep the checkpoint's "
                    "frozen activation scales and continue its QAT (no recalibration)")
    ap.add_argument("--act-scale", choices=("channel", "layer"), default="channel",
                    help="uint8 activation scale per channel (folded into the next "
                    "layer's weights) or one per layer")
    ap.add_argument("--scale-search", type=int, default=0, metavar="ROUNDS",
                    help="after calibration, search each hidden channel's activation "
                         "scale for the lowest integer MSE (ROUNDS passes; --act-scale channel)")
    ap.add_argument("--final-search", type=int, default=0, metavar="ROUNDS",
                    help="the same search once more after QAT (also with --keep-calibration "
                         "and --qat-epochs 0)")
    ap.add_argument("--search-clip", action="store_true",
                    help="--scale-search / --final-search also try clipping a channel "
                    "at 0.01 .. 0.4 of its calibrated maximum")
    ap.add_argument("--polish", type=int, default=0, metavar="LAYERS",
                    help="at the end, integer polish (tools/train/polish.py) of the last "
                    "LAYERS layers: int8 weights +-1 and biases kept when the exact "
                    "integer MSE on training images falls (angle mode)")
    ap.add_argument("--polish-layers", default=None, metavar="K,K,...",
                    help="instead of --polish: polish these layers (0: the dense one), "
                    "from the last named back")
    ap.add_argument("--polish-rounds", type=int, default=2, metavar="N")
    ap.add_argument("--polish-images", type=int, default=1024, metavar="N")
    ap.add_argument("--pip-weight", type=float, default=0.0, metavar="W",
                    help="add W * cross-entropy of the pip reader (tools/train/pipreader.py, "
                    "a training loss only, not the judge) to the loss of every phase")
    ap.add_argument("--pip-reader", default=None, metavar="PT",
                    help="pip reader for --pip-weight (default tools/train/pipreader.pt)")
    ap.add_argument("--pip-aug", choices=("strong", "basic", "none"), default="strong",
                    help="degradations of the generated images the pip reader sees "
                    "(pipreader.pip_loss)")
    ap.add_argument("--qat-select", choices=("objective", "mse"), default="objective",
                    help="QAT's best epoch by the integer MSE plus the pip term (with "
                    "--pip-weight), or by the integer MSE alone")
    ap.add_argument("--enc-width", type=int, default=16)
    ap.add_argument("--eval-every", type=int, default=5)
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--out", required=True, help="checkpoint path (.pt)")
    return ap


def config_from_args(args):
    latent = args.latent if args.latent is not None else (1 if args.mode == "angle" else 4)
    if args.mode == "angle" and latent != 1:
        raise SystemExit("train.py: error: angle mode has L = 1")
    reader = reader_sha = None
    if not args.pip_weight >= 0:
        raise SystemExit("train.py: error: --pip-weight must be >= 0")
    if not args.overshoot >= 0:
        raise SystemExit("train.py: error: --overshoot must be >= 0")
    if args.search_clip and not (args.scale_search > 0 or args.final_search > 0):
        raise SystemExit("train.py: error: --search-clip needs --scale-search or --final-search")
    if not args.contrib_cap >= 0 or not args.contrib_weight >= 0 or not args.hidden_cap >= 0:
        raise SystemExit("train.py: error: --contrib-cap, --hidden-cap and --contrib-weight "
                         "must be >= 0")
    if not (0 <= args.act_noise < math.inf and 0 <= args.weight_noise < math.inf):
        raise SystemExit("train.py: error: --act-noise and --weight-noise must be finite "
                         "and >= 0")
    act_noise_layers = None
    if args.act_noise_layers is not None:
        try:
            act_noise_layers = [float(v) for v in args.act_noise_layers.split(",")]
        except ValueError:
            raise SystemExit("train.py: error: --act-noise-layers takes numbers "
                             "separated by commas")
        n_hidden = len(emul.family_shapes(args.dims, args.extra, latent)) - 1
        if len(act_noise_layers) != n_hidden or \
                not all(0 <= a < math.inf for a in act_noise_layers):
            raise SystemExit("train.py: error: --act-noise-layers: %d values (one per hidden "
                             "layer), each finite and >= 0" % n_hidden)
        if args.act_noise > 0:
            raise SystemExit("train.py: error: --act-noise-layers replaces --act-noise")
        if not any(a > 0 for a in act_noise_layers):
            act_noise_layers = None
    if (args.act_noise > 0 or act_noise_layers or args.weight_noise > 0 or args.weight_ste) and \
            args.act_scale != "channel":
        raise SystemExit("train.py: error: --act-noise, --weight-noise and --weight-ste "
                         "need --act-scale channel")
    if args.noise_ramp < 0 or (args.noise_ramp > 0 and not (args.act_noise > 0 or act_noise_layers
                                                            or args.weight_noise > 0)):
        raise SystemExit("train.py: error: --noise-ramp must be >= 0 and needs "
                         "--act-noise or --weight-noise")
    if args.weight_ste and args.weight_noise > 0:
        raise SystemExit("train.py: error: --weight-ste replaces --weight-noise")
    polish_layers = None
    if args.polish_layers is not None:
        try:
            polish_layers = sorted(set(int(v) for v in args.polish_layers.split(",")))
        except ValueError:
            raise SystemExit("train.py: error: --polish-layers takes layer numbers "
                             "separated by commas")
        n_layers = len(emul.family_shapes(args.dims, args.extra, latent))
        if not polish_layers or polish_layers[0] < 0 or polish_layers[-1] >= n_layers:
            raise SystemExit("train.py: error: --polish-layers: layers 0..%d" % (n_layers - 1))
        if args.polish > 0:
            raise SystemExit("train.py: error: --polish-layers replaces --polish")
    if not args.overshoot_margin >= 0:
        raise SystemExit("train.py: error: --overshoot-margin must be >= 0")
    if args.pip_weight > 0:
        import hashlib
        reader = args.pip_reader or "tools/train/pipreader.pt"
        if not os.path.isabs(reader) and not os.path.exists(reader):
            reader = os.path.join(ROOT, reader)      # the default, from any directory
        if os.path.abspath(reader).startswith(ROOT + os.sep):
            reader = os.path.relpath(os.path.abspath(reader), ROOT)   # recipes stay portable
        else:
            reader = os.path.abspath(reader)
        try:
            with open(os.path.join(ROOT, reader), "rb") as f:
                reader_sha = hashlib.sha256(f.read()).hexdigest()
        except OSError as e:
            raise SystemExit("train.py: error: --pip-reader: %s" % e)
    elif args.pip_reader:
        raise SystemExit("train.py: error: --pip-reader needs --pip-weight")
    return dict(mode=args.mode, dims=list(args.dims), extra=args.extra, latent=latent,
                seed=args.seed, data_seed=args.data_seed, n_train=args.n_train,
                n_test=args.n_test, float_epochs=args.float_epochs,
                qat_epochs=args.qat_epochs, batch=args.batch, lr=args.lr,
                qat_lr_scale=args.qat_lr_scale, beta=args.beta,
                enc_width=args.enc_width, dark_weight=args.dark_weight,
                overshoot=args.overshoot, overshoot_margin=args.overshoot_margin,
                contrib_cap=args.contrib_cap, contrib_weight=args.contrib_weight,
                hidden_cap=args.hidden_cap,
                act_noise=args.act_noise, act_noise_layers=act_noise_layers,
                weight_noise=args.weight_noise,
                noise_ramp=args.noise_ramp,
                weight_ste=args.weight_ste,
                dark_anneal=args.dark_anneal, act_scale=args.act_scale,
                init_from=args.init_from, prune_from=args.prune_from,
                keep_calibration=args.keep_calibration,
                scale_search=args.scale_search, final_search=args.final_search,
                search_clip=args.search_clip,
                polish=args.polish, polish_layers=polish_layers,
                polish_rounds=args.polish_rounds,
                polish_images=args.polish_images,
                pip_weight=args.pip_weight, pip_reader=reader, pip_reader_sha256=reader_sha,
                pip_aug=args.pip_aug, qat_select=args.qat_select,
                eval_every=args.eval_every,
                threads=args.threads)


def main(argv=None):
    args = make_parser().parse_args(argv)
    cfg = config_from_args(args)
    cfg["command"] = "tools/train/train.py " + " ".join(sys.argv[1:] if argv is None else argv)
    try:
        dec, enc, stats = train(cfg, log=lambda m: print(m, flush=True))
        save_checkpoint(args.out, cfg, dec, enc, stats)
    except (OSError, ValueError, KeyError, RuntimeError) as e:
        print("train.py: error: %s" % e, file=sys.stderr)
        return 1
    print("wrote %s" % args.out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
