#!/usr/bin/python3
"""ctypes bridge to the C reference decoder (ref/tvae.c).

Builds tools/train/build/libtvae_ref.so from ref/tvae.c + cref_shim.c when
it is missing or older than its sources (cc -O2 -shared -fPIC), then offers
validate(), decode() with per-layer hashes, and roll() over numpy arrays.
"""

import ctypes
import os
import subprocess

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
SOURCES = [os.path.join(ROOT, "ref", "tvae.c"), os.path.join(ROOT, "ref", "tvae.h"),
           os.path.join(HERE, "cref_shim.c")]

def build_dir():
    """Writable scratch directory: $TVAE_TRAIN_BUILD, else a temporary
    directory removed at exit when run by make check (which sets
    $top_builddir; the source tree may be read-only there and distcheck
    wants no leftovers), else tools/train/build (git-ignored)."""
    d = os.environ.get("TVAE_TRAIN_BUILD")
    if d:
        return d
    if os.environ.get("top_builddir"):
        import atexit
        import shutil
        import tempfile
        d = tempfile.mkdtemp(prefix="tvae-train-")
        atexit.register(shutil.rmtree, d, True)
        return d
    return os.path.join(HERE, "build")


BUILD = build_dir()
LIB = os.path.join(BUILD, "libtvae_ref.so")
MAX_LAYERS = 8

_lib = None


def _build():
    os.makedirs(BUILD, exist_ok=True)
    if os.path.exists(LIB) and all(os.path.getmtime(LIB) >= os.path.getmtime(s)
                                   for s in SOURCES):
        return
    cc = os.environ.get("CC", "cc")
    tmp = LIB + ".%d.tmp" % os.getpid()
    subprocess.run([cc, "-std=c99", "-O2", "-shared", "-fPIC", "-o", tmp,
                    SOURCES[0], SOURCES[2]], check=True)
    os.replace(tmp, LIB)


def lib():
    global _lib
    if _lib is None:
        _build()
        _lib = ctypes.CDLL(LIB)
        u8p = ctypes.POINTER(ctypes.c_uint8)
        _lib.tvae_model_validate.argtypes = [ctypes.c_void_p, u8p, ctypes.c_size_t]
        _lib.tvae_model_validate.restype = ctypes.c_int
        _lib.tvae_strerror.argtypes = [ctypes.c_int]
        _lib.tvae_strerror.restype = ctypes.c_char_p
        _lib.tvae_train_decode_batch.restype = ctypes.c_int
        _lib.tvae_train_roll_batch.restype = ctypes.c_int
    return _lib


def _buf(blob):
    a = np.frombuffer(bytes(blob), np.uint8).copy()
    return a, a.ctypes.data_as(ctypes.POINTER(ctypes.c_uint8))


def strerror(rc):
    return lib().tvae_strerror(rc).decode()


def validate(blob):
    """Status code of tvae_model_validate on blob (0 = valid)."""
    a, p = _buf(blob)
    model = ctypes.create_string_buffer(64)
    return lib().tvae_model_validate(model, p, ctypes.c_size_t(len(a)))


def decode(blob, latents, pips):
    """C reference decode of a batch: (pixels uint8 [n,32,32], hashes uint32
    [n, 8]).  Raises RuntimeError with the C status text on failure."""
    a, _ = _buf(blob)
    pp = np.ascontiguousarray(np.asarray(pips, np.uint8).reshape(-1))
    n = len(pp)
    lat = np.ascontiguousarray(np.asarray(latents, np.int8).reshape(n, -1))
    pix = np.zeros((n, 32, 32), np.uint8)
    hs = np.zeros((n, MAX_LAYERS), np.uint32)
    rc = lib().tvae_train_decode_batch(
        a.ctypes.data_as(ctypes.c_void_p), ctypes.c_size_t(len(a)),
        ctypes.c_uint32(n), lat.ctypes.data_as(ctypes.c_void_p),
        pp.ctypes.data_as(ctypes.c_void_p), pix.ctypes.data_as(ctypes.c_void_p),
        hs.ctypes.data_as(ctypes.c_void_p))
    if rc != 0:
        raise RuntimeError("C reference decode failed: %s (%d)" % (strerror(rc), rc))
    return pix, hs


def roll(blob, seeds, latent_len):
    """C reference roll profile for each seed: (pips uint8 [n], latents int8 [n, L])."""
    a, _ = _buf(blob)
    sd = np.ascontiguousarray(np.asarray(seeds, np.uint32).reshape(-1))
    n = len(sd)
    pp = np.zeros(n, np.uint8)
    lat = np.zeros((n, latent_len), np.int8)
    rc = lib().tvae_train_roll_batch(
        a.ctypes.data_as(ctypes.c_void_p), ctypes.c_size_t(len(a)),
        ctypes.c_uint32(n), sd.ctypes.data_as(ctypes.c_void_p),
        pp.ctypes.data_as(ctypes.c_void_p), lat.ctypes.data_as(ctypes.c_void_p))
    if rc != 0:
        raise RuntimeError("C reference roll failed: %s (%d)" % (strerror(rc), rc))
    return pp, lat
