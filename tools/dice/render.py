#!/usr/bin/python3
"""Deterministic renderer of 32x32 greyscale dice (pip count 1..6).

This is the training/test data of tvae (issue 3, "Models").  The published
design (shared/background.md, "Data") draws synthetic dice at 128x128 and
downscales them to 32x32; this module does the same with plain numpy so that
the bytes do not depend on an imaging library's version.

Rendering rules (see tools/dice/README.md for the same text with numbers):

* Canvas: 32x32 output pixels, each sampled by SUPER x SUPER = 4x4 sub-samples
  (a 128x128 supersampled canvas).  Every sub-sample gets an analytic coverage
  from the signed distance to each shape (a linear ramp one sub-sample wide),
  then the 4x4 sub-samples of an output pixel are averaged (area average) and
  rounded half up to uint8.  Because coverage is a continuous function of the
  geometry, the image is a continuous function of angle, scale and offset
  (up to the final rounding to 8 bits).
* Coordinates: x to the right, y up, origin at the image centre, unit = one
  output pixel.  Positive angle = counter-clockwise on screen.
* Die: rounded square, corner radius CORNER * h, where h is the half-width of
  the face.  A dark outline band OUTLINE * h wide lies inside the silhouette.
  Pips are discs of radius PIP_RADIUS * h on the 3x3 grid {-GRID, 0, GRID} * h
  in die coordinates (u right, v up before rotation):
      1: centre
      2: (-g,-g) (g,g)                       lower-left, upper-right
      3: (-g,-g) (0,0) (g,g)
      4: (+-g, +-g)
      5: (+-g, +-g) and centre
      6: (+-g, -g) (+-g, 0) (+-g, g)         two columns of three
* Size: "rotated dice drawn slightly smaller so they are not clipped".  The
  face half-width is chosen so that the rotated silhouette's bounding box has
  half-extent EXTENT * scale output pixels:
      h(angle, scale) = EXTENT * scale / ((1 - CORNER) * (|cos a| + |sin a|) + CORNER)
  At scale 1.0 (NOMINAL_SCALE) a die at 0 degrees is 26 px wide, at 45 degrees
  its face is 19.5 px wide (bounding box 26 px).
* Angle: uniform in [-45, 45) degrees for every pip count.  For pip counts
  1, 4 and 5 this covers every distinct orientation (the pattern has 4-fold
  symmetry and the images at -45 and +45 are the same).  For 2, 3 and 6 the
  pattern has only 2-fold symmetry: the interval covers half of the distinct
  orientations (a "2" always runs between the lower-left and upper-right
  quadrants of the die, never the other diagonal).  The interval is the same
  for all pip counts on purpose: the conditional decoder takes the angle as
  its latent z = angle / 45, which lies in [-1, 1).
* Jitter (training data only): scale uniform in [SCALE_JITTER], offsets
  dx, dy uniform in [OFFSET_JITTER] output pixels.  The worst case keeps the
  silhouette 0.45 px inside the frame.  render(pips, angle) with the defaults
  (scale 1.0, dx = dy = 0) is the nominal, un-jittered die.
* Colours: background 255, face 208, outline 48, pips 0.

Determinism: trigonometry is evaluated per image with Python's math module
(float64); everything per sub-sample is float32 +, -, *, sqrt, min, max and
clip, which IEEE 754 defines exactly, and the 4x4 average is summed in a fixed
order.  No library transcendental runs per pixel, so SIMD dispatch of numpy's
sin/cos cannot change a pixel.
"""

import argparse
import hashlib
import json
import math
import os
import struct
import sys
import time
import zlib

import numpy as np

FORMAT_VERSION = 1

SIZE = 32            # output image side, pixels
SUPER = 4            # sub-samples per output pixel per axis (128x128 canvas)

EXTENT = 13.0        # half-extent of the rotated silhouette at scale 1, px
CORNER = 0.20        # corner radius / face half-width
OUTLINE = 0.085      # outline band width / face half-width
GRID = 0.52          # pip grid spacing / face half-width
PIP_RADIUS = 0.165   # pip radius / face half-width

BACKGROUND = 255.0
FACE = 208.0
EDGE = 48.0
PIP = 0.0

ANGLE_RANGE = (-45.0, 45.0)     # degrees, [low, high)
NOMINAL_SCALE = 1.0
SCALE_JITTER = (0.92, 1.08)
OFFSET_JITTER = (-1.5, 1.5)     # px, for dx and dy independently

PARAMS = {
    "format_version": FORMAT_VERSION,
    "size": SIZE, "super": SUPER, "extent": EXTENT, "corner": CORNER,
    "outline": OUTLINE, "grid": GRID, "pip_radius": PIP_RADIUS,
    "background": BACKGROUND, "face": FACE, "edge": EDGE, "pip": PIP,
    "angle_range": list(ANGLE_RANGE), "nominal_scale": NOMINAL_SCALE,
    "scale_jitter": list(SCALE_JITTER), "offset_jitter": list(OFFSET_JITTER),
}

# Sub-sample centres in output-pixel units, origin at the image centre.
_SUB = ((np.arange(SIZE * SUPER, dtype=np.float32) + np.float32(0.5))
        / np.float32(SUPER) - np.float32(SIZE / 2))
_X = _SUB[None, :]                 # column -> x (right)
_Y = -_SUB[:, None]                # row -> y (up)


def face_half_width(angle_deg, scale=NOMINAL_SCALE):
    """Half-width h of the die face, in output pixels (see module doc)."""
    a = math.radians(angle_deg)
    fit = (1.0 - CORNER) * (abs(math.cos(a)) + abs(math.sin(a))) + CORNER
    return EXTENT * scale / fit


def _coverage(dist):
    """Coverage of a sub-sample at signed distance `dist` (px, < 0 inside).

    A linear ramp one sub-sample wide, clip(0.5 - dist * SUPER, 0, 1),
    computed in place."""
    np.multiply(dist, np.float32(-SUPER), out=dist)
    np.add(dist, np.float32(0.5), out=dist)
    np.clip(dist, np.float32(0.0), np.float32(1.0), out=dist)
    return dist


def _rounded_square_sdf(au, av, half, radius):
    """Signed distance to a rounded square centred at 0; au = |u|, av = |v|.

    half and radius are per-image float32 arrays of shape [n, 1, 1]."""
    k = half - radius
    qx = au - k
    qy = av - k
    inner = np.maximum(qx, qy)
    np.minimum(inner, np.float32(0.0), out=inner)
    np.maximum(qx, np.float32(0.0), out=qx)
    np.maximum(qy, np.float32(0.0), out=qy)
    np.multiply(qx, qx, out=qx)
    np.multiply(qy, qy, out=qy)
    np.add(qx, qy, out=qx)
    np.sqrt(qx, out=qx)
    np.add(qx, inner, out=qx)
    np.subtract(qx, radius, out=qx)
    return qx


def _pip_dist2(pips, u, v, au, av, g):
    """Squared distance to the nearest pip centre of layout `pips`.

    The layouts are symmetric, so the minimum over pips folds into a few
    terms instead of one distance per pip."""
    r2 = u * u + v * v
    if pips == 1:
        return r2
    if pips in (2, 3):
        # pips (g,g) and (-g,-g) swap under p -> -p: fold onto the half-plane
        # u + v >= 0, then the nearest is (g,g).  (A closed form with
        # |p|^2 - 2g|u+v| cancels and can go negative in float32.)
        s = np.copysign(np.float32(1.0), u + v)
        d = np.square(u * s - g) + np.square(v * s - g)
        return np.minimum(d, r2, out=d) if pips == 3 else d
    if pips in (4, 5):
        d = np.square(au - g) + np.square(av - g)
        return np.minimum(d, r2, out=d) if pips == 5 else d
    if pips == 6:
        return np.square(au - g) + np.minimum(np.square(av - g), av * av)
    raise ValueError("pips must be 1..6, got %r" % (pips,))


def render_batch(pips, angles, scales, dxs, dys):
    """Render n dice with the same pip count; returns uint8[n, 32, 32]."""
    # Any NaN/overflow would silently become an arbitrary uint8: refuse it.
    with np.errstate(invalid="raise", over="raise", divide="raise", under="ignore"):
        return _render_batch(pips, angles, scales, dxs, dys)


def _render_batch(pips, angles, scales, dxs, dys):
    pips = int(pips)
    if not 1 <= pips <= 6:
        raise ValueError("pips must be 1..6, got %r" % (pips,))
    n = len(angles)
    # Per-image scalars in float64 with math (deterministic), then float32.
    cs = np.empty(n)
    sn = np.empty(n)
    hs = np.empty(n)
    for i in range(n):
        a = float(angles[i])
        r = math.radians(a)
        cs[i] = math.cos(r)
        sn[i] = math.sin(r)
        hs[i] = face_half_width(a, float(scales[i]))

    def col(x):
        return np.asarray(x, np.float64).astype(np.float32).reshape(n, 1, 1)

    cs, sn, h = col(cs), col(sn), col(hs)
    px = _X - col(dxs)              # [n, 1, W]
    py = _Y - col(dys)              # [n, H, 1]
    # Rotate the sample point by -angle into die coordinates (u right, v up).
    u = cs * px + sn * py           # [n, H, W]
    v = cs * py - sn * px
    au = np.abs(u)
    av = np.abs(v)
    rad = h * np.float32(CORNER)
    band = h * np.float32(OUTLINE)
    a_out = _coverage(_rounded_square_sdf(au, av, h, rad))
    a_in = _coverage(_rounded_square_sdf(au, av, h - band, rad - band))
    pip_d = np.sqrt(_pip_dist2(pips, u, v, au, av, h * np.float32(GRID)))
    np.subtract(pip_d, h * np.float32(PIP_RADIUS), out=pip_d)
    a_pip = _coverage(pip_d)
    del u, v, au, av
    # Paint back to front: background, silhouette in outline colour, face
    # (inset by the outline band), pips.  value += coverage * (colour - value)
    val = np.full(a_out.shape, np.float32(BACKGROUND), np.float32)
    for cov, colour in ((a_out, EDGE), (a_in, FACE), (a_pip, PIP)):
        t = np.float32(colour) - val
        np.multiply(t, cov, out=t)
        np.add(val, t, out=val)
    # Area average of the SUPER x SUPER sub-samples, summed in a fixed order,
    # then rounded half up.
    acc = np.zeros((n, SIZE, SIZE), np.float32)
    for j in range(SUPER):
        for i in range(SUPER):
            np.add(acc, val[:, j::SUPER, i::SUPER], out=acc)
    np.multiply(acc, np.float32(1.0 / (SUPER * SUPER)), out=acc)
    np.add(acc, np.float32(0.5), out=acc)
    np.floor(acc, out=acc)
    np.clip(acc, np.float32(0.0), np.float32(255.0), out=acc)
    return acc.astype(np.uint8)


def render(pips, angle_deg, scale=NOMINAL_SCALE, dx=0.0, dy=0.0):
    """One die: uint8[32, 32].  Defaults give the nominal, un-jittered die,
    the target the conditional decoder is trained against."""
    return render_batch(pips, [angle_deg], [scale], [dx], [dy])[0]


def angle_to_z(angle_deg):
    """Decoder latent for an angle: angle / 45, in [-1, 1)."""
    return np.asarray(angle_deg, np.float32) / np.float32(45.0)


def sample_params(n, seed, jitter=True):
    """Labels and geometry of a data set of n dice (no pixels).

    rng = numpy.random.Generator(PCG64(seed)); draws, in this order: a
    permutation of the balanced labels (1..6 repeated, n % 6 extra labels
    1, 2, ... for the remainder), angles, scales, dx, dy (each n uniforms).
    With jitter=False the same draws are made but scale/dx/dy are replaced
    by the nominal values, so the angles and labels match the jittered set
    of the same seed."""
    rng = np.random.Generator(np.random.PCG64(seed))
    labels = (np.arange(n) % 6 + 1).astype(np.uint8)
    labels = labels[rng.permutation(n)]
    angles = rng.uniform(ANGLE_RANGE[0], ANGLE_RANGE[1], n)
    scales = rng.uniform(SCALE_JITTER[0], SCALE_JITTER[1], n)
    dx = rng.uniform(OFFSET_JITTER[0], OFFSET_JITTER[1], n)
    dy = rng.uniform(OFFSET_JITTER[0], OFFSET_JITTER[1], n)
    if not jitter:
        scales[:] = NOMINAL_SCALE
        dx[:] = 0.0
        dy[:] = 0.0
    # The angle is stored as float32 (the decoder's input precision) and the
    # image is rendered from that stored value, so (label, angle) -> image is
    # reproducible from the file alone.
    return dict(labels=labels, angles=angles.astype(np.float32),
                scales=scales.astype(np.float32), dx=dx.astype(np.float32),
                dy=dy.astype(np.float32))


def render_params(p, chunk=256, progress=None):
    """Render the images of a parameter dict from sample_params."""
    labels = p["labels"]
    n = len(labels)
    images = np.empty((n, SIZE, SIZE), np.uint8)
    done = 0
    for pips in range(1, 7):
        idx = np.nonzero(labels == pips)[0]
        for s in range(0, len(idx), chunk):
            k = idx[s:s + chunk]
            images[k] = render_batch(pips, p["angles"][k], p["scales"][k],
                                     p["dx"][k], p["dy"][k])
            done += len(k)
            if progress:
                progress(done, n)
    return images


def make_dataset(n, seed, jitter=True, progress=None):
    """dict(images uint8[n,32,32], labels uint8[n] in 1..6, angles float32[n]
    degrees, scales, dx, dy float32[n]); labels balanced (counts differ by at
    most one)."""
    p = sample_params(n, seed, jitter)
    p["images"] = render_params(p, progress=progress)
    return p


def images_sha256(images):
    return hashlib.sha256(np.ascontiguousarray(images, np.uint8).tobytes()).hexdigest()


def contact_sheet(rows, zoom=3, gap=1, grid=128):
    """Tile rows (lists of uint8[32,32]) into one image; nearest-neighbour
    zoom, `gap`-pixel grey grid lines between and around tiles."""
    ncol = max(len(r) for r in rows)
    t = SIZE * zoom
    sheet = np.full((gap + len(rows) * (t + gap), gap + ncol * (t + gap)),
                    grid, np.uint8)
    for r, row in enumerate(rows):
        for c, img in enumerate(row):
            y = gap + r * (t + gap)
            x = gap + c * (t + gap)
            sheet[y:y + t, x:x + t] = np.kron(img, np.ones((zoom, zoom), np.uint8))
    return sheet


def write_png(path, grey):
    """Minimal deterministic 8-bit greyscale PNG writer (no PIL)."""
    grey = np.ascontiguousarray(grey, np.uint8)
    h, w = grey.shape
    raw = b"".join(b"\x00" + grey[y].tobytes() for y in range(h))

    def chunk(tag, data):
        return (struct.pack(">I", len(data)) + tag + data
                + struct.pack(">I", zlib.crc32(tag + data) & 0xffffffff))

    png = (b"\x89PNG\r\n\x1a\n"
           + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 0, 0, 0, 0))
           + chunk(b"IDAT", zlib.compress(raw, 9))
           + chunk(b"IEND", b""))
    with open(path, "wb") as f:
        f.write(png)


def read_png(path):
    """Reader for the PNGs write_png makes (8-bit grey, filter 0)."""
    with open(path, "rb") as f:
        data = f.read()
    pos, idat, w, h = 8, b"", 0, 0
    while pos < len(data):
        (ln,) = struct.unpack(">I", data[pos:pos + 4])
        tag = data[pos + 4:pos + 8]
        body = data[pos + 8:pos + 8 + ln]
        if tag == b"IHDR":
            w, h = struct.unpack(">II", body[:8])
        elif tag == b"IDAT":
            idat += body
        pos += 12 + ln
    raw = np.frombuffer(zlib.decompress(idat), np.uint8).reshape(h, w + 1)
    return raw[:, 1:].copy()


def sheet_rows(seed, cols=16, jitter=True):
    """One row per pip count: cols dice with angles evenly spaced over
    [-45, 45) and (if jitter) scale/offset drawn from PCG64([seed, 7])."""
    rng = np.random.Generator(np.random.PCG64([seed, 7]))
    rows = []
    for pips in range(1, 7):
        angles = ANGLE_RANGE[0] + (ANGLE_RANGE[1] - ANGLE_RANGE[0]) * np.arange(cols) / cols
        scales = rng.uniform(*SCALE_JITTER, cols) if jitter else np.full(cols, NOMINAL_SCALE)
        dx = rng.uniform(*OFFSET_JITTER, cols) if jitter else np.zeros(cols)
        dy = rng.uniform(*OFFSET_JITTER, cols) if jitter else np.zeros(cols)
        rows.append(list(render_batch(pips, angles, scales, dx, dy)))
    return rows


def _progress(name):
    t0 = time.time()
    last = [0.0]

    def report(done, n):
        now = time.time()
        if done == n or now - last[0] >= 2.0:
            last[0] = now
            el = now - t0
            eta = el / done * (n - done) if done else 0.0
            print("  %s: %6d/%d images  %5.1f s  ETA %4.1f s" % (name, done, n, el, eta),
                  flush=True)
    return report


def main(argv=None):
    ap = argparse.ArgumentParser(description="Render the tvae dice data set.")
    ap.add_argument("--out", default="data/dice.npz", help="output .npz")
    ap.add_argument("--train", type=int, default=16384, help="training images")
    ap.add_argument("--test", type=int, default=2048, help="test images")
    ap.add_argument("--seed", type=int, default=1,
                    help="train split uses PCG64(seed), test split PCG64([seed, 1])")
    ap.add_argument("--no-jitter", action="store_true",
                    help="nominal scale 1.0 and dx = dy = 0 for every image")
    ap.add_argument("--sheet", default=None, help="contact-sheet PNG to write")
    args = ap.parse_args(argv)
    jitter = not args.no_jitter

    t0 = time.time()
    out = {"format_version": np.int32(FORMAT_VERSION),
           "seed": np.int64(args.seed), "jitter": np.bool_(jitter),
           "params_json": np.array(json.dumps(PARAMS, sort_keys=True))}
    hashes = {}
    for split, n, seed in (("train", args.train, args.seed),
                           ("test", args.test, [args.seed, 1])):
        d = make_dataset(n, seed, jitter, progress=_progress(split))
        for k in ("images", "labels", "angles", "scales", "dx", "dy"):
            out[split + "_" + k] = d[k]
        hashes[split] = images_sha256(d["images"])
        print("  %s images sha256 %s" % (split, hashes[split]))
    el = time.time() - t0
    n = args.train + args.test
    print("rendered %d images in %.1f s (%.0f images/s)" % (n, el, n / max(el, 1e-9)))
    d = os.path.dirname(args.out)
    if d:
        os.makedirs(d, exist_ok=True)
    np.savez_compressed(args.out, **out)
    print("wrote %s" % args.out)
    if args.sheet:
        d = os.path.dirname(args.sheet)
        if d:
            os.makedirs(d, exist_ok=True)
        write_png(args.sheet, contact_sheet(sheet_rows(args.seed, jitter=jitter)))
        print("wrote %s" % args.sheet)
    return 0


if __name__ == "__main__":
    sys.exit(main())
