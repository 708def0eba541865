#!/usr/bin/python3
"""Cross-check the golden vectors against an independent implementation.

    crosscheck.py [--stats] [--numpy-only] VECTOR_DIR

Every vector in VECTOR_DIR (the .tvm/.tvv pairs named in MANIFEST) is
recomputed from the spec text with numpy (int64 arithmetic, written from
spec/tvae-spec.md, not from ref/tvae.c) and, when it has landed, with the
training tool's integer emulation tools/train/tvae_emul.py; any difference
in pips, latent, layer hash or pixel fails.  Exit 0 all equal, 1 a
difference, 2 bad input, 77 (automake SKIP) when numpy is missing.
--stats prints, per stress model and layer, how often the requantization
hit a tie, the lower clamp and the upper clamp, so one can see that each
stress model reaches the edge it claims.
"""
import os
import struct
import sys

try:
    import numpy as np
except ImportError:  # pragma: no cover
    print("SKIP: numpy not available", file=sys.stderr)
    sys.exit(77)

M32 = 0xFFFFFFFF


def fmix32(h):
    h &= M32
    h ^= h >> 16
    h = (h * 0x85EBCA6B) & M32
    h ^= h >> 13
    h = (h * 0xC2B2AE35) & M32
    h ^= h >> 16
    return h


def fmix32_np(h):
    h = h.astype(np.uint64) & M32
    h ^= h >> np.uint64(16)
    h = (h * np.uint64(0x85EBCA6B)) & np.uint64(M32)
    h ^= h >> np.uint64(13)
    h = (h * np.uint64(0xC2B2AE35)) & np.uint64(M32)
    h ^= h >> np.uint64(16)
    return h


def layer_hash(values):
    """spec 9.2: sum of fmix32(((i*256+v) mod 2^32) ^ 0x9E3779B9) mod 2^32."""
    v = np.asarray(values, dtype=np.uint64).reshape(-1)
    i = np.arange(v.size, dtype=np.uint64)
    m = fmix32_np(((i * np.uint64(256) + v) & np.uint64(M32)) ^ np.uint64(0x9E3779B9))
    return int(m.sum() & np.uint64(M32))


def requantize(acc, mult, shift, lo, hi, stats=None):
    """spec 5.1: clamp(floor((acc*M + 2^(S-1)) / 2^S), lo, hi), exactly."""
    acc = np.asarray(acc, dtype=np.int64)
    mult = np.asarray(mult, dtype=np.int64)
    shift = np.asarray(shift, dtype=np.int64)
    p = acc * mult + (np.int64(1) << (shift - 1))
    q = np.floor_divide(p, np.int64(1) << shift)  # floor division, exact
    if stats is not None:
        tie = (acc * mult) % (np.int64(1) << shift) == (np.int64(1) << (shift - 1))
        stats["ties"] = stats.get("ties", 0) + int(tie.sum())
        stats["ties_even"] = stats.get("ties_even", 0) + int((tie & (q % 2 == 1)).sum())
        stats["lo"] = stats.get("lo", 0) + int((q < lo).sum())
        stats["hi"] = stats.get("hi", 0) + int((q > hi).sum())
        stats["n"] = stats.get("n", 0) + int(q.size)
    return np.clip(q, lo, hi)


class Model:
    """spec 4: parse a model file (the files here are trusted: they come
    from MANIFEST and were validated when generated; only shapes are used)."""

    def __init__(self, blob):
        if blob[:4] != b"TVAE":
            raise ValueError("bad magic")
        self.L, self.n, self.frac, self.roll_kind = blob[16], blob[17], blob[18], blob[19]
        self.roll_mult = struct.unpack_from("<H", blob, 20)[0]
        self.roll_shift = blob[22]
        self.layers = []
        for k in range(self.n):
            d = blob[32 + 16 * k: 48 + 16 * k]
            kind, _, in_c, out_c, in_h, in_w, out_h, out_w = d[:8]
            off, length = struct.unpack_from("<II", d, 8)
            nb = 6 * out_h * out_w * out_c if kind == 1 else out_c
            p = off
            bias = np.frombuffer(blob, dtype="<i4", count=nb, offset=p).astype(np.int64)
            p += 4 * nb
            mult = np.frombuffer(blob, dtype="<u2", count=out_c, offset=p).astype(np.int64)
            p += 2 * out_c
            shift = np.frombuffer(blob, dtype="u1", count=out_c, offset=p).astype(np.int64)
            p += out_c
            nw = out_h * out_w * out_c * in_c if kind == 1 else out_c * 9 * in_c
            w = np.frombuffer(blob, dtype="i1", count=nw, offset=p).astype(np.int64)
            if kind == 1:
                bias = bias.reshape(6, out_h, out_w, out_c)
                w = w.reshape(out_h, out_w, out_c, in_c)
            else:
                w = w.reshape(out_c, 3, 3, in_c)
            self.layers.append(dict(kind=kind, in_c=in_c, out_c=out_c, in_h=in_h,
                                    in_w=in_w, out_h=out_h, out_w=out_w,
                                    bias=bias, mult=mult, shift=shift, w=w))

    def roll(self, seed):
        """spec 6."""
        x = fmix32(seed) if seed != 0 else 0x6D2B79F5

        def draw():
            nonlocal x
            x ^= (x << 13) & M32
            x ^= x >> 17
            x ^= (x << 5) & M32
            return x
        pips = 1 + (((draw() >> 16) * 6) >> 16)
        z = []
        for _ in range(self.L):
            u = draw()
            if self.roll_kind == 0:
                v = (u >> 24) - 128
            else:
                v = (u & 255) + ((u >> 8) & 255) + ((u >> 16) & 255) + (u >> 24) - 510
            z.append(int(requantize(v, self.roll_mult, self.roll_shift, -128, 127)))
        return pips, z

    def decode(self, z, pips, stats=None):
        """spec 5: returns the list of layer outputs (HWC arrays)."""
        outs = []
        a = None
        for k, l in enumerate(self.layers):
            st = None if stats is None else stats.setdefault(k, {})
            if l["kind"] == 1:  # spec 5.2 DENSE
                acc = l["bias"][pips - 1] + np.einsum("hwci,i->hwc", l["w"],
                                                      np.asarray(z, dtype=np.int64))
            elif l["kind"] == 4:  # spec 5.4 CONV, cross-correlation, pad 1
                h, w = l["in_h"], l["in_w"]
                pad = np.zeros((h + 2, w + 2, l["in_c"]), dtype=np.int64)
                pad[1:h + 1, 1:w + 1] = a
                acc = np.zeros((h, w, l["out_c"]), dtype=np.int64) + l["bias"]
                for ky in range(3):
                    for kx in range(3):
                        # input (oy + ky - 1, ox + kx - 1) = pad[oy + ky, ox + kx]
                        acc += np.einsum("hwi,ci->hwc", pad[ky:ky + h, kx:kx + w],
                                         l["w"][:, ky, kx, :])
            else:  # spec 5.3 CONVT, oy = s*iy - 1 + ky
                s = 2 if l["kind"] == 2 else 1
                oh, ow = l["out_h"], l["out_w"]
                # scatter form: each input pixel adds W[:, ky, kx, :] . in to its output
                big = np.zeros((oh + 2, ow + 2, l["out_c"]), dtype=np.int64)
                for ky in range(3):
                    for kx in range(3):
                        contrib = np.einsum("hwi,ci->hwc", a, l["w"][:, ky, kx, :])
                        # output index o = s*i - 1 + k, stored at o + 1
                        ys = slice(ky, ky + s * l["in_h"], s)
                        xs = slice(kx, kx + s * l["in_w"], s)
                        big[ys, xs] += contrib
                acc = big[1:oh + 1, 1:ow + 1] + l["bias"]
            a = requantize(acc, l["mult"], l["shift"], 0, 255, st)
            outs.append(a)
        return outs


def read_vectors(path):
    data = open(path, "rb").read()
    if data[:4] != b"TVVF" or data[4] != 1:
        raise ValueError("%s: not a version-1 vector file" % path)
    rsize = struct.unpack_from("<H", data, 6)[0]
    count, mcrc, msize = struct.unpack_from("<III", data, 12)
    recs = []
    for i in range(count):
        p = 32 + i * rsize
        kind, pips, L, n = data[p:p + 4]
        seed = struct.unpack_from("<I", data, p + 4)[0]
        z = [b - 256 if b >= 128 else b for b in data[p + 8:p + 8 + L]]
        hashes = list(struct.unpack_from("<8I", data, p + 24))[:n]
        img = np.frombuffer(data, dtype="u1", count=1024, offset=p + 56)
        recs.append(dict(kind=kind, pips=pips, z=z, seed=seed, hashes=hashes, img=img))
    return mcrc, recs


def load_train_emul(root):
    path = os.path.join(root, "tools", "train")
    if not os.path.exists(os.path.join(path, "tvae_emul.py")):
        return None
    sys.path.insert(0, path)
    try:
        import tvae_emul  # noqa: F401  (the training engineer's emulation)
        return tvae_emul
    except Exception as e:  # report, do not hide
        print("crosscheck: tools/train/tvae_emul.py did not import: %s" % e, file=sys.stderr)
        return None


def main(argv):
    stats_mode = "--stats" in argv
    args = [a for a in argv[1:] if not a.startswith("--")]
    if len(args) != 1:
        print("usage: crosscheck.py [--stats] VECTOR_DIR", file=sys.stderr)
        return 2
    vdir = args[0]
    try:
        manifest = open(os.path.join(vdir, "MANIFEST")).read().splitlines()
    except OSError as e:
        print("crosscheck: %s" % e, file=sys.stderr)
        return 2
    names = [l.split()[1] for l in manifest if l.startswith("model ")]
    bad = total = 0
    for name in names:
        blob = open(os.path.join(vdir, name + ".tvm"), "rb").read()
        m = Model(blob)
        _, recs = read_vectors(os.path.join(vdir, name + ".tvv"))
        stats = {} if stats_mode else None
        for i, r in enumerate(recs):
            total += 1
            why = None
            if r["kind"] == 3:
                pips, z = m.roll(r["seed"])
                if pips != r["pips"] or z != r["z"]:
                    why = "roll gives pips %d latent %s, vector has %d %s" % (
                        pips, z, r["pips"], r["z"])
            if why is None:
                outs = m.decode(r["z"], r["pips"], stats)
                for k, o in enumerate(outs):
                    if layer_hash(o) != r["hashes"][k]:
                        why = "layer %d hash 0x%08x, vector has 0x%08x" % (
                            k, layer_hash(o), r["hashes"][k])
                        break
                if why is None and not np.array_equal(outs[-1].reshape(-1), r["img"]):
                    why = "image differs"
            if why is not None:
                bad += 1
                print("DIFF %s:%03d %s" % (name, i, why))
        if stats_mode:
            print("%s:" % name)
            for k in sorted(stats):
                s = stats[k]
                print("  layer %d: %6d outputs, ties %5d (half-even differs %5d), below lo %5.1f%%, "
                      "above hi %5.1f%%" % (k, s["n"], s["ties"], s["ties_even"],
                                            100.0 * s["lo"] / s["n"], 100.0 * s["hi"] / s["n"]))
    print("crosscheck (numpy emulation written from the spec): %d vectors, %d differ"
          % (total, bad))
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    emul = None if "--numpy-only" in argv else load_train_emul(os.environ.get("top_srcdir", root))
    if emul is None:
        print("crosscheck: tools/train/tvae_emul.py not used (absent, torch missing, or --numpy-only)")
        return 1 if bad else 0
    bad2 = total2 = 0
    for name in names:
        blob = open(os.path.join(vdir, name + ".tvm"), "rb").read()
        model = emul.parse_model(blob)
        _, recs = read_vectors(os.path.join(vdir, name + ".tvv"))
        total2 += len(recs)
        for i, r in enumerate(recs):
            if r["kind"] == 3:
                pips, z = emul.roll(model, r["seed"])
                if pips != r["pips"] or list(z) != r["z"]:
                    bad2 += 1
                    print("DIFF(train) %s:%03d roll gives %d %s" % (name, i, pips, z))
        lat = np.array([r["z"] for r in recs], dtype=np.int64)
        pp = np.array([r["pips"] for r in recs], dtype=np.int64)
        for b0 in range(0, len(recs), 16):
            img, outs = emul.decode(model, lat[b0:b0 + 16], pp[b0:b0 + 16], want_layers=True)
            for j in range(img.shape[0]):
                r = recs[b0 + j]
                why = None
                for k, o in enumerate(outs):
                    if emul.hash_elements(o[j]) != r["hashes"][k]:
                        why = "layer %d hash differs" % k
                        break
                if why is None and not np.array_equal(img[j].reshape(-1), r["img"]):
                    why = "image differs"
                if why:
                    bad2 += 1
                    print("DIFF(train) %s:%03d %s" % (name, b0 + j, why))
    print("crosscheck (tools/train/tvae_emul.py, the training engineer's emulation): "
          "%d vectors, %d differ" % (total2, bad2))
    return 1 if bad or bad2 else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
