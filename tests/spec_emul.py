#!/usr/bin/env python3
"""spec_emul.py -- a second, independent implementation of tvae spec 1.0
(sections 4, 5, 6, 9.2) in plain Python (no numpy), written from the spec
text, not from ref/tvae.c, for cross-checking pinned values in the C tests.

Differences in method from the reference, on purpose:
  - requantization uses Python's unbounded integers and its floor shift
    (>> is floor division for negative numbers in Python);
  - the transposed convolutions are computed by *scattering* each input
    pixel's taps to oy = s*iy - 1 + ky (the defining formula of spec 5.3),
    not by gathering, so an index slip in either would show.

Usage:
  spec_emul.py MODEL.tvm roll SEED        -> prints "pips z... ; hashes"
  spec_emul.py MODEL.tvm decode PIPS Z... -> same, for a given latent
Output: one line "layer K HASH" per layer (hex), then "image HASH".
"""
import struct
import sys

M32 = 0xFFFFFFFF


def fmix32(h):
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


def requantize(acc, m, s, lo, hi):
    y = (acc * m + (1 << (s - 1))) >> s  # Python >> floors
    return max(lo, min(hi, y))


def crc32(data):
    crc = 0xFFFFFFFF
    for b in data:
        crc ^= b
        for _ in range(8):
            crc = (crc >> 1) ^ 0xEDB88320 if crc & 1 else crc >> 1
    return crc ^ 0xFFFFFFFF


def layer_hash(values):
    return sum(fmix32(((i * 256 + v) & M32) ^ 0x9E3779B9)
               for i, v in enumerate(values)) & M32


class Layer:
    pass


def parse(blob):
    assert blob[0:4] == b"TVAE", "bad magic"
    size = struct.unpack_from("<I", blob, 8)[0]
    assert size == len(blob), "file size"
    assert struct.unpack_from("<I", blob, 12)[0] == crc32(blob[16:]), "crc"
    hdr = {
        "L": blob[16], "n": blob[17], "F": blob[18], "roll_kind": blob[19],
        "roll_mult": struct.unpack_from("<H", blob, 20)[0],
        "roll_shift": blob[22],
    }
    layers = []
    for k in range(hdr["n"]):
        d = 32 + 16 * k
        ly = Layer()
        (ly.kind, _, ly.in_c, ly.out_c, ly.in_h, ly.in_w, ly.out_h,
         ly.out_w, off, length) = struct.unpack_from("<8BII", blob, d)
        if ly.kind == 1:
            n = ly.out_h * ly.out_w * ly.out_c
            nb, nw = 6 * n, n * ly.in_c
        else:
            nb, nw = ly.out_c, ly.out_c * 9 * ly.in_c
        p = off
        ly.bias = list(struct.unpack_from("<%di" % nb, blob, p)); p += 4 * nb
        ly.mult = list(struct.unpack_from("<%dH" % ly.out_c, blob, p)); p += 2 * ly.out_c
        ly.shift = list(blob[p:p + ly.out_c]); p += ly.out_c
        ly.w = list(struct.unpack_from("<%db" % nw, blob, p)); p += nw
        assert p - off == length, "block length"
        layers.append(ly)
    return hdr, layers


def roll(hdr, seed):
    x = fmix32(seed) if seed != 0 else 0x6D2B79F5
    x = xorshift32(x)
    pips = 1 + (((x >> 16) * 6) >> 16)
    z = []
    for _ in range(hdr["L"]):
        x = xorshift32(x)
        if hdr["roll_kind"] == 0:
            v = (x >> 24) - 128
        else:
            v = sum((x >> (8 * j)) & 0xFF for j in range(4)) - 510
        z.append(requantize(v, hdr["roll_mult"], hdr["roll_shift"], -128, 127))
    return pips, z


def dense(ly, z, pips):
    n = ly.out_h * ly.out_w * ly.out_c
    out = []
    for o in range(n):
        acc = ly.bias[(pips - 1) * n + o]
        acc += sum(ly.w[o * ly.in_c + i] * z[i] for i in range(ly.in_c))
        c = o % ly.out_c
        out.append(requantize(acc, ly.mult[c], ly.shift[c], 0, 255))
    return out


def wt(ly, co, ky, kx, ci):
    return ly.w[((co * 3 + ky) * 3 + kx) * ly.in_c + ci]


def convt(ly, act, stride):
    """Scatter form of spec 5.3: input (iy, ix), tap (ky, kx) adds to
    output (s*iy - 1 + ky, s*ix - 1 + kx) when that lies inside."""
    oh, ow, oc, ic = ly.out_h, ly.out_w, ly.out_c, ly.in_c
    acc = [ly.bias[i % oc] for i in range(oh * ow * oc)]
    for iy in range(ly.in_h):
        for ix in range(ly.in_w):
            a = act[(iy * ly.in_w + ix) * ic:(iy * ly.in_w + ix + 1) * ic]
            for ky in range(3):
                oy = stride * iy - 1 + ky
                if not 0 <= oy < oh:
                    continue
                for kx in range(3):
                    ox = stride * ix - 1 + kx
                    if not 0 <= ox < ow:
                        continue
                    base = (oy * ow + ox) * oc
                    for co in range(oc):
                        acc[base + co] += sum(wt(ly, co, ky, kx, ci) * a[ci]
                                              for ci in range(ic))
    return [requantize(v, ly.mult[i % oc], ly.shift[i % oc], 0, 255)
            for i, v in enumerate(acc)]


def conv(ly, act):
    oh, ow, oc, ic = ly.out_h, ly.out_w, ly.out_c, ly.in_c
    out = []
    for oy in range(oh):
        for ox in range(ow):
            for co in range(oc):
                acc = ly.bias[co]
                for ky in range(3):
                    iy = oy + ky - 1
                    if not 0 <= iy < ly.in_h:
                        continue
                    for kx in range(3):
                        ix = ox + kx - 1
                        if not 0 <= ix < ly.in_w:
                            continue
                        for ci in range(ic):
                            acc += wt(ly, co, ky, kx, ci) * act[(iy * ly.in_w + ix) * ic + ci]
                out.append(requantize(acc, ly.mult[co], ly.shift[co], 0, 255))
    return out


def decode(layers, z, pips):
    hashes = []
    act = None
    for ly in layers:
        if ly.kind == 1:
            act = dense(ly, z, pips)
        elif ly.kind == 2:
            act = convt(ly, act, 2)
        elif ly.kind == 3:
            act = convt(ly, act, 1)
        else:
            act = conv(ly, act)
        hashes.append(layer_hash(act))
    return act, hashes


def main(argv):
    if len(argv) < 4:
        sys.stderr.write(__doc__)
        return 2
    with open(argv[1], "rb") as f:
        blob = f.read()
    hdr, layers = parse(blob)
    if argv[2] == "roll":
        pips, z = roll(hdr, int(argv[3], 0))
    else:
        pips = int(argv[3])
        z = [int(v) for v in argv[4:]]
    image, hashes = decode(layers, z, pips)
    print("pips %d z %s" % (pips, " ".join(str(v) for v in z)))
    for k, h in enumerate(hashes):
        print("layer %d 0x%08X" % (k, h))
    print("image 0x%08X" % layer_hash(image))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
