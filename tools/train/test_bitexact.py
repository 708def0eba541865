#!/usr/bin/python3
"""Bit-exactness of every shipped model: C reference == PyTorch emulation.

For every models/*.tvm:
  * the C validator and the Python parser both accept it, and the C array
    models/NAME.h holds exactly the same bytes (and NAME.json the same size
    and parameter count);
  * for every pip count 1..6 and seeded random latents (plus the extremes
    -128, 0, 127), the C reference decoder and tvae_emul.decode give the
    same 32x32 pixels and the same layer hash (spec 9.2) for every layer;
  * the roll profile (spec 6) of seeds 0..255 gives the same (p, z) in C
    and in Python, and those rolls decode identically too.
Prints one line per model and a closing "N passed, M failed"; exits 1 on
any failure.  Run: /usr/bin/python3 tools/train/test_bitexact.py
"""

import glob
import json
import os
import re
import sys

sys.dont_write_bytecode = True
HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, HERE)

import numpy as np  # noqa: E402

import cref  # noqa: E402
import tvae_emul as emul  # noqa: E402

RANDOM_PER_PIP = 48


def header_bytes(path):
    text = open(path).read()
    body = text[text.index("= {") + 3:text.index("};")]
    m = re.search(r"_SIZE (\d+)u", text)
    return bytes(int(x, 16) for x in re.findall(r"0x([0-9a-f]{2})", body)), int(m.group(1))


def check_model(path):
    name = os.path.basename(path)[:-4]
    blob = open(path, "rb").read()
    rc = cref.validate(blob)
    assert rc == 0, "C validator: %s" % cref.strerror(rc)
    model = emul.parse_model(blob)
    L = model["latent"]
    hb, hsize = header_bytes(path[:-4] + ".h")
    assert hb == blob and hsize == len(blob), "%s.h differs from %s.tvm" % (name, name)
    meta = json.load(open(path[:-4] + ".json"))
    assert meta["bytes"] == len(blob), "json bytes"
    assert meta["params"] == emul.param_count(model["layers"], L), "json params"

    rng = np.random.Generator(np.random.PCG64(20261125))
    lat = rng.integers(-128, 128, (6 * RANDOM_PER_PIP, L))
    pips = np.repeat(np.arange(1, 7), RANDOM_PER_PIP)
    ext = np.array([-128, 0, 127])
    lat = np.concatenate([lat, np.repeat(ext, 6)[:, None].repeat(L, 1)])
    pips = np.concatenate([pips, np.tile(np.arange(1, 7), 3)])

    seeds = np.arange(0, 256, dtype=np.uint32)
    c_pp, c_lat = cref.roll(blob, seeds, L)
    for i, sd in enumerate(seeds):
        p, z = emul.roll(model, int(sd))
        assert p == int(c_pp[i]) and z == [int(v) for v in c_lat[i]], "roll seed %d" % sd
    lat = np.concatenate([lat, c_lat.astype(np.int64)])
    pips = np.concatenate([pips, c_pp.astype(np.int64)])

    c_pix, c_hash = cref.decode(blob, lat, pips)
    e_pix, layers = emul.decode(model, lat, pips, want_layers=True)
    bad = np.nonzero(np.any(c_pix != e_pix, axis=(1, 2)))[0]
    assert len(bad) == 0, "%d images differ, first: latent %s pips %d" % (
        len(bad), lat[bad[0]].tolist(), pips[bad[0]])
    for k, a in enumerate(layers):
        for i in range(len(pips)):
            if int(c_hash[i, k]) != emul.hash_elements(a[i]):
                raise AssertionError("layer %d hash differs at image %d" % (k, i))
    return "%s: %d images, %d layers, pixels and every layer hash equal" % (
        name, len(pips), len(layers))


def main():
    models = sorted(glob.glob(os.path.join(ROOT, "models", "*.tvm")))
    passed = failed = 0
    if not models:
        print("FAIL: no models/*.tvm found")
        failed += 1
    try:
        emul.self_check()
        print("PASS: tvae_emul spec check values")
        passed += 1
    except AssertionError as e:
        print("FAIL: tvae_emul spec check values: %s" % e)
        failed += 1
    for path in models:
        try:
            print("PASS: " + check_model(path), flush=True)
            passed += 1
        except (AssertionError, ValueError, RuntimeError, OSError) as e:
            print("FAIL: %s: %s" % (os.path.basename(path), e), flush=True)
            failed += 1
    print("%d passed, %d failed" % (passed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
