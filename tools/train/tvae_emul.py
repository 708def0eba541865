#!/usr/bin/python3
"""Integer emulation of the tvae 1.0 decoder, written from spec/tvae-spec.md.

This is the second, independent implementation of the spec (the first is
ref/tvae.c).  It is used three ways:

* to parse and validate .tvm model files (spec 4) in Python;
* to decode images exactly (spec 5), batched, with torch float64 tensors that
  only ever hold integers: by spec 5.7 every intermediate value is below 2^47
  in magnitude, so float64 (53-bit mantissa) holds them all exactly, and the
  requantization's division by 2^S is an exact power-of-two scaling followed
  by an exact floor.  `check_integral` asserts this on every tensor;
* as the forward pass of quantization-aware training (train.py calls
  `requantize` and the operators on tensors that carry gradients).

Also: the roll profile (spec 6) and the order-independent layer hash (9.2).

Layout: tensors inside this module are NCHW (torch's convention); hashes and
C-facing byte buffers are converted to HWC (spec 3) explicitly.
"""

import struct
import zlib

import numpy as np
import torch
import torch.nn.functional as F

MAGIC = b"TVAE"
DENSE, CONVT_S2, CONVT_S1, CONV = 1, 2, 3, 4
KIND_NAMES = {DENSE: "DENSE", CONVT_S2: "CONVT_S2", CONVT_S1: "CONVT_S1",
              CONV: "CONV"}
BIAS_LIMIT = 1 << 30
EXACT_LIMIT = float(1 << 53)

# spec 8: status codes (names as in ref/tvae.h)
STATUS = {
    "TVAE_E_TRUNCATED": -2, "TVAE_E_MAGIC": -3, "TVAE_E_VERSION": -4,
    "TVAE_E_FILE_SIZE": -5, "TVAE_E_CRC": -6, "TVAE_E_RESERVED": -7,
    "TVAE_E_LATENT_LEN": -8, "TVAE_E_LAYER_COUNT": -9,
    "TVAE_E_LATENT_FRAC": -10, "TVAE_E_ROLL": -11, "TVAE_E_LAYER_KIND": -12,
    "TVAE_E_CHANNELS": -13, "TVAE_E_SHAPE": -14, "TVAE_E_CHAIN": -15,
    "TVAE_E_OFFSET": -16, "TVAE_E_PARAM_SIZE": -17, "TVAE_E_WEIGHT": -18,
    "TVAE_E_BIAS": -19, "TVAE_E_SHIFT": -20,
}


class ModelError(ValueError):
    """A model file broke a rule of spec 4.5; .code is the status name."""

    def __init__(self, code, msg):
        super().__init__("%s: %s" % (code, msg))
        self.code = code
        self.status = STATUS[code]


# ---------------------------------------------------------------- spec 4.4

def align4(x):
    return (x + 3) & ~3


def block_length(kind, in_c, out_c, n_dense=None, latent=None):
    """Parameter block bytes without padding (spec 4.4)."""
    if kind == DENSE:
        n = n_dense
        return 24 * n + 3 * out_c + n * latent
    return 7 * out_c + 9 * out_c * in_c


def param_count(layers, latent):
    """Published parameter count (spec 4.4): weights + biases, with the
    6 x N dense bias table counted as the one-hot columns."""
    total = 0
    for ly in layers:
        if ly["kind"] == DENSE:
            total += (latent + 6) * 16 * ly["out_c"]
        else:
            total += 9 * ly["in_c"] * ly["out_c"] + ly["out_c"]
    return total


def family_shapes(dims, extra, latent):
    """Layer descriptors of section 2 for dims = (d1, d2, d3, d4)."""
    d1, d2, d3, d4 = dims
    shapes = [(DENSE, latent, d4, 1, 4),
              (CONVT_S2, d4, d3, 4, 8),
              (CONVT_S2, d3, d2, 8, 16),
              (CONVT_S1, d2, d1, 16, 16)]
    shapes += [(CONV, d1, d1, 16, 16)] * extra
    shapes += [(CONVT_S2, d1, 1, 16, 32)]
    return [dict(kind=k, in_c=i, out_c=o, in_h=ih, in_w=ih, out_h=oh,
                 out_w=oh) for (k, i, o, ih, oh) in shapes]


def expected_kind(k, n):
    if k == 0:
        return DENSE
    if k in (1, 2) or k == n - 1:
        return CONVT_S2
    if k == 3:
        return CONVT_S1
    return CONV


# ---------------------------------------------------------------- spec 4.5

def parse_model(blob):
    """Validate a model file (spec 4.5, rules in order) and return a dict:
    latent L, frac F, roll_kind, roll_mult, roll_shift, layers (list of dicts
    with kind, shapes, bias int64 array, mult, shift, weights int64 array in
    the file's order: DENSE [N][L] / others [co][ky][kx][ci])."""
    b = bytes(blob)
    size = len(b)
    if size < 32:
        raise ModelError("TVAE_E_TRUNCATED", "shorter than the 32-byte header")
    if b[0:4] != MAGIC:
        raise ModelError("TVAE_E_MAGIC", "magic is not TVAE")
    if b[4] != 1 or b[5] != 0:
        raise ModelError("TVAE_E_VERSION", "version %d.%d" % (b[4], b[5]))
    file_size, crc = struct.unpack_from("<II", b, 8)
    if file_size > size:
        raise ModelError("TVAE_E_TRUNCATED", "file_size %d > %d bytes" % (file_size, size))
    if file_size != size or file_size % 4:
        raise ModelError("TVAE_E_FILE_SIZE", "file_size %d, blob %d" % (file_size, size))
    if zlib.crc32(b[16:file_size]) & 0xFFFFFFFF != crc:
        raise ModelError("TVAE_E_CRC", "CRC-32 mismatch")
    if struct.unpack_from("<H", b, 6)[0] or b[23] or any(b[24:32]):
        raise ModelError("TVAE_E_RESERVED", "reserved header field not 0")
    L, n, frac, roll_kind = b[16], b[17], b[18], b[19]
    roll_mult = struct.unpack_from("<H", b, 20)[0]
    roll_shift = b[22]
    if not 1 <= L <= 16:
        raise ModelError("TVAE_E_LATENT_LEN", "L = %d" % L)
    if not 5 <= n <= 8:
        raise ModelError("TVAE_E_LAYER_COUNT", "n = %d" % n)
    if frac > 7:
        raise ModelError("TVAE_E_LATENT_FRAC", "F = %d" % frac)
    if roll_kind > 1 or not 1 <= roll_shift <= 40:
        raise ModelError("TVAE_E_ROLL", "roll kind %d shift %d" % (roll_kind, roll_shift))
    if 32 + 16 * n > file_size:
        raise ModelError("TVAE_E_TRUNCATED", "layer table past the end")
    layers = []
    prev = (L, 1, 1)
    offset = 32 + 16 * n
    end = offset
    for k in range(n):
        (kind, res, in_c, out_c, in_h, in_w, out_h, out_w, off,
         length) = struct.unpack_from("<8BII", b, 32 + 16 * k)
        if res:
            raise ModelError("TVAE_E_RESERVED", "layer %d reserved byte" % k)
        if kind != expected_kind(k, n):
            raise ModelError("TVAE_E_LAYER_KIND", "layer %d kind %d" % (k, kind))
        if not (1 <= in_c <= 64 and 1 <= out_c <= 64) or \
                (k == n - 1 and out_c != 1) or (kind == CONV and out_c != in_c):
            raise ModelError("TVAE_E_CHANNELS", "layer %d channels %d -> %d" % (k, in_c, out_c))
        if kind == DENSE:
            ok = out_h == 4 and out_w == 4
        elif kind == CONVT_S2:
            ok = out_h == 2 * in_h and out_w == 2 * in_w
        else:
            ok = out_h == in_h and out_w == in_w
        if not ok:
            raise ModelError("TVAE_E_SHAPE", "layer %d shape" % k)
        if (in_c, in_h, in_w) != prev:
            raise ModelError("TVAE_E_CHAIN", "layer %d input != previous output" % k)
        if off != offset:
            raise ModelError("TVAE_E_OFFSET", "layer %d offset %d, canonical %d" % (k, off, offset))
        nd = out_h * out_w * out_c
        want = block_length(kind, in_c, out_c, nd, L)
        if length != want or off + length > file_size:
            raise ModelError("TVAE_E_PARAM_SIZE", "layer %d length %d, want %d" % (k, length, want))
        end = align4(off + length)
        if end > file_size or any(b[off + length:end]):
            raise ModelError("TVAE_E_RESERVED", "layer %d padding" % k)
        layers.append(dict(kind=kind, in_c=in_c, out_c=out_c, in_h=in_h,
                           in_w=in_w, out_h=out_h, out_w=out_w, offset=off,
                           length=length))
        prev = (out_c, out_h, out_w)
        offset = end
    if end != file_size:
        raise ModelError("TVAE_E_FILE_SIZE", "last block ends at %d, file %d" % (end, file_size))
    for k, ly in enumerate(layers):
        p = ly["offset"]
        oc = ly["out_c"]
        nb = 6 * ly["out_h"] * ly["out_w"] * oc if ly["kind"] == DENSE else oc
        bias = np.frombuffer(b, "<i4", nb, p).astype(np.int64)
        p += 4 * nb
        mult = np.frombuffer(b, "<u2", oc, p).astype(np.int64)
        p += 2 * oc
        shift = np.frombuffer(b, "u1", oc, p).astype(np.int64)
        p += oc
        nw = ly["length"] - (p - ly["offset"])
        w = np.frombuffer(b, "i1", nw, p).astype(np.int64)
        if np.any(np.abs(bias) > BIAS_LIMIT):
            raise ModelError("TVAE_E_BIAS", "layer %d bias out of range" % k)
        if np.any(shift < 1) or np.any(shift > 40):
            raise ModelError("TVAE_E_SHIFT", "layer %d shift out of range" % k)
        if np.any(w == -128):
            raise ModelError("TVAE_E_WEIGHT", "layer %d weight -128" % k)
        if ly["kind"] == DENSE:
            ly["bias"] = bias.reshape(6, ly["out_h"] * ly["out_w"] * oc)
            ly["weights"] = w.reshape(ly["out_h"] * ly["out_w"] * oc, L)
        else:
            ly["bias"] = bias
            ly["weights"] = w.reshape(oc, 3, 3, ly["in_c"])
        ly["mult"] = mult
        ly["shift"] = shift
    return dict(latent=L, frac=frac, roll_kind=roll_kind, roll_mult=roll_mult,
                roll_shift=roll_shift, layers=layers, size=file_size)


# ---------------------------------------------------------------- writer

def write_model(latent, frac, roll_kind, roll_mult, roll_shift, layers):
    """Serialize integer parameters to a canonical .tvm file (spec 4).
    layers: dicts from family_shapes() plus bias, mult, shift, weights
    (integer arrays in the file's order, see parse_model)."""
    n = len(layers)
    table = b""
    blocks = b""
    offset = 32 + 16 * n
    for ly in layers:
        kind, oc = ly["kind"], ly["out_c"]
        bias = np.asarray(ly["bias"], np.int64).reshape(-1)
        mult = np.asarray(ly["mult"], np.int64).reshape(-1)
        shift = np.asarray(ly["shift"], np.int64).reshape(-1)
        w = np.asarray(ly["weights"], np.int64).reshape(-1)
        assert np.all(np.abs(bias) <= BIAS_LIMIT)
        assert np.all((mult >= 0) & (mult <= 65535)) and len(mult) == oc
        assert np.all((shift >= 1) & (shift <= 40)) and len(shift) == oc
        assert np.all((w >= -127) & (w <= 127))
        blk = (bias.astype("<i4").tobytes() + mult.astype("<u2").tobytes()
               + shift.astype("u1").tobytes() + w.astype("i1").tobytes())
        nd = ly["out_h"] * ly["out_w"] * oc
        assert len(blk) == block_length(kind, ly["in_c"], oc, nd, latent)
        table += struct.pack("<8BII", kind, 0, ly["in_c"], oc, ly["in_h"],
                             ly["in_w"], ly["out_h"], ly["out_w"], offset,
                             len(blk))
        pad = align4(len(blk)) - len(blk)
        blocks += blk + b"\0" * pad
        offset += len(blk) + pad
    body = struct.pack("<BBBBHBB8x", latent, n, frac, roll_kind, roll_mult,
                       roll_shift, 0) + table + blocks
    size = 16 + len(body)
    head = MAGIC + struct.pack("<BBHII", 1, 0, 0, size, zlib.crc32(body) & 0xFFFFFFFF)
    return head + body


# ---------------------------------------------------------------- spec 5

def check_integral(t, what="tensor"):
    """Assert a float64 tensor holds integers small enough to be exact."""
    if t.dtype != torch.float64:
        raise AssertionError("%s is %s, not float64" % (what, t.dtype))
    d = t.detach()
    if d.numel() and (torch.any(d != torch.floor(d)) or
                      torch.any(d.abs() >= EXACT_LIMIT)):
        raise AssertionError("%s is not an exact integer tensor" % what)


class _Floor(torch.autograd.Function):
    """floor() with a straight-through gradient."""

    @staticmethod
    def forward(ctx, x):
        return torch.floor(x)

    @staticmethod
    def backward(ctx, g):
        return g


class _Clamp(torch.autograd.Function):
    """clamp() whose gradient leaks `leak` outside the range (forward is the
    exact clamp; leak = 0 is the true clamp gradient)."""

    @staticmethod
    def forward(ctx, x, lo, hi, leak):
        ctx.save_for_backward(x)
        ctx.lo, ctx.hi, ctx.leak = lo, hi, leak
        return torch.clamp(x, lo, hi)

    @staticmethod
    def backward(ctx, g):
        (x,) = ctx.saved_tensors
        inside = (x >= ctx.lo) & (x <= ctx.hi)
        scale = torch.where(inside, torch.ones_like(x),
                            torch.full_like(x, ctx.leak))
        return g * scale, None, None, None


def ste_floor(x):
    return _Floor.apply(x)


def leaky_clamp(x, lo, hi, leak=0.0):
    return _Clamp.apply(x, lo, hi, leak)


def requantize(acc, mult, shift, lo=0, hi=255, leak=0.0):
    """Spec 5.1: clamp(floor((acc*M + 2^(S-1)) / 2^S), lo, hi) per channel.

    acc: float64 [n, C, ...] integer-valued; mult, shift: length-C (int
    sequences or float64 tensors).  Exact in float64 because |acc*M| < 2^47
    (spec 5.7).  Gradients pass straight through the floor."""
    c = acc.shape[1]
    view = (1, c) + (1,) * (acc.dim() - 2)
    m = torch.as_tensor(np.asarray(mult, np.float64)).view(view)
    s = np.asarray(shift, np.int64)
    half = torch.as_tensor(np.ldexp(1.0, s - 1)).view(view)
    inv = torch.as_tensor(np.ldexp(1.0, -s)).view(view)
    if not acc.requires_grad:
        check_integral(acc, "accumulator")
        prod = acc * m
        assert float(prod.abs().max()) < 2.0 ** 47 if prod.numel() else True
    y = ste_floor((acc * m + half) * inv)
    return leaky_clamp(y, float(lo), float(hi), leak)


def dense(z, pips, w, bias_table):
    """Spec 5.2 accumulator.  z: [n, L] float64 int8-valued; pips: [n] 1..6
    (long); w: [N, L] in HWC order of the 4x4 output; bias_table [6, N].
    Returns acc [n, C, 4, 4] (NCHW), C = N / 16."""
    acc = z @ w.t() + bias_table[pips - 1]
    n, N = acc.shape
    return acc.view(n, 4, 4, N // 16).permute(0, 3, 1, 2)


def convt(x, w_ohwi, bias, stride):
    """Spec 5.3 accumulator.  w_ohwi: [co, 3, 3, ci] (file order); the
    PyTorch ConvTranspose2d weight is Wt[ci][co][ky][kx] = W[co][ky][kx][ci]
    (spec 4.4, no flip)."""
    wt = w_ohwi.permute(3, 0, 1, 2)
    return F.conv_transpose2d(x, wt, bias, stride=stride, padding=1,
                              output_padding=1 if stride == 2 else 0)


def conv(x, w_ohwi, bias):
    """Spec 5.4 accumulator: Conv2d weight Wc[co][ci][ky][kx] = W[co][ky][kx][ci]."""
    return F.conv2d(x, w_ohwi.permute(0, 3, 1, 2), bias, stride=1, padding=1)


def _f64(a):
    return torch.as_tensor(np.asarray(a, np.float64))


def decode(model, latents, pips, want_layers=False):
    """Decode a batch exactly.  latents: int array [n, L] in [-128, 127];
    pips: int array [n] in 1..6.  Returns uint8 images [n, 32, 32] and, if
    want_layers, the list of every layer's output as uint8 HWC arrays
    [n, H, W, C]."""
    lat = np.asarray(latents, np.int64).reshape(len(pips), model["latent"])
    pp = np.asarray(pips, np.int64).reshape(-1)
    if np.any(lat < -128) or np.any(lat > 127):
        raise ValueError("latent outside int8")
    if np.any(pp < 1) or np.any(pp > 6):
        raise ValueError("pip count outside 1..6")
    outs = []
    x = None
    with torch.no_grad():
        for ly in model["layers"]:
            k = ly["kind"]
            if k == DENSE:
                acc = dense(_f64(lat), torch.as_tensor(pp), _f64(ly["weights"]),
                            _f64(ly["bias"]))
            elif k in (CONVT_S2, CONVT_S1):
                acc = convt(x, _f64(ly["weights"]), _f64(ly["bias"]),
                            2 if k == CONVT_S2 else 1)
            else:
                acc = conv(x, _f64(ly["weights"]), _f64(ly["bias"]))
            check_integral(acc, "accumulator")
            assert float(acc.abs().max()) < 2.0 ** 31
            x = requantize(acc, ly["mult"], ly["shift"], 0, 255)
            check_integral(x, "activation")
            if want_layers:
                outs.append(x.permute(0, 2, 3, 1).numpy().astype(np.uint8))
    img = x[:, 0].numpy().astype(np.uint8)
    return (img, outs) if want_layers else img


# ---------------------------------------------------------------- spec 6

M32 = 0xFFFFFFFF


def fmix32(h):
    h &= M32
    h ^= h >> 16
    h = (h * 0x85EBCA6B) & M32
    h ^= h >> 13
    h = (h * 0xC2B2AE35) & M32
    h ^= h >> 16
    return h


def xorshift32(x):
    x ^= (x << 13) & M32
    x ^= x >> 17
    x ^= (x << 5) & M32
    return x


def requantize_int(acc, mult, shift, lo, hi):
    """Spec 5.1 on Python integers (>> on Python ints is floor division)."""
    y = (acc * mult + (1 << (shift - 1))) >> shift
    return min(max(y, lo), hi)


def roll(model, seed):
    """Spec 6: seed (uint32) -> (pips, latent list of L ints)."""
    x = fmix32(seed) if seed & M32 else 0x6D2B79F5
    x = xorshift32(x)
    pips = 1 + (((x >> 16) * 6) >> 16)
    lat = []
    for _ in range(model["latent"]):
        x = xorshift32(x)
        if model["roll_kind"] == 0:
            v = (x >> 24) - 128
        else:
            v = (x & 255) + ((x >> 8) & 255) + ((x >> 16) & 255) + (x >> 24) - 510
        lat.append(requantize_int(v, model["roll_mult"], model["roll_shift"], -128, 127))
    return pips, lat


# ---------------------------------------------------------------- spec 9.2

def hash_elements(values):
    """Order-independent layer hash of a HWC uint8 array (any shape; the
    flattened C order is the HWC index)."""
    v = np.asarray(values, np.uint64).reshape(-1)
    i = np.arange(v.size, dtype=np.uint64)
    h = ((i * np.uint64(256) + v) & np.uint64(M32)) ^ np.uint64(0x9E3779B9)
    h ^= h >> np.uint64(16)
    h = (h * np.uint64(0x85EBCA6B)) & np.uint64(M32)
    h ^= h >> np.uint64(13)
    h = (h * np.uint64(0xC2B2AE35)) & np.uint64(M32)
    h ^= h >> np.uint64(16)
    return int(h.sum() & np.uint64(M32))


def self_check():
    """Check values printed in the spec (6.1, 6.2, 6.3, 9.2, 5.1, 4.1)."""
    assert fmix32(1) == 0x514E28B7
    x = fmix32(1)
    draws = []
    for _ in range(8):
        x = xorshift32(x)
        draws.append(x)
    assert draws == [0x1F48D1FB, 0xAB81DB40, 0x8DDBF5B4, 0x9ECC8C42,
                     0xE7DDB7E0, 0x75127170, 0x5CB1F12E, 0x30140CE4], draws
    assert xorshift32(1) == 0x00042021
    assert roll(dict(latent=1, roll_kind=0, roll_mult=2, roll_shift=1), 1) == (1, [43])
    assert hash_elements([0]) == 0x92CA2F0E
    assert hash_elements([0, 255]) == (0x92CA2F0E + 0xBBB6DF26) & M32
    for acc, want in ((5, 3), (3, 2), (1, 1), (-1, 0), (-3, -1), (-5, -2)):
        assert requantize_int(acc, 1, 1, -2**31, 2**31 - 1) == want
        t = torch.tensor([[float(acc)]], dtype=torch.float64)
        assert int(requantize(t, [1], [1], -2**31, 2**31 - 1)) == want
    for acc, m, s, want in ((1000, 3, 4, 188), (-1000, 3, 4, -187),
                            (-1001, 3, 4, -188), (7, 65535, 40, 0)):
        assert requantize_int(acc, m, s, -2**31, 2**31 - 1) == want
        t = torch.tensor([[float(acc)]], dtype=torch.float64)
        assert int(requantize(t, [m], [s], -2**31, 2**31 - 1)) == want
    assert zlib.crc32(b"123456789") == 0xCBF43926
    return True


if __name__ == "__main__":
    self_check()
    print("tvae_emul self-check: spec check values OK")
