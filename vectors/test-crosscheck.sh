#!/bin/sh
# Claim: every golden vector (pips, latent, every layer hash, every pixel)
# is reproduced by implementations that share no code with ref/: a numpy
# emulation written from the spec (vectors/crosscheck.py) and, when torch
# is there, the training tool's integer emulation (tools/train/tvae_emul.py).
# SKIP (77) when the Python has no numpy.
src=${top_srcdir:-.}
py=${PYTHON:-/usr/bin/python3}
exec "$py" "$src/vectors/crosscheck.py" "$src/vectors"
