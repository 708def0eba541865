# tools/dice/local.mk -- included by the top Makefile.am (non-recursive build).
# Owner: dataset/judge engineer (tools/dice/).  Only the owner edits this
# file.  Created by the build/tests engineer so that the renderer and the
# judge, which the training tools and their tests import, are in the
# distribution (make distcheck builds and tests from the tarball).
#
# Append (+=) to the shared lists declared in Makefile.am; write paths
# relative to the top directory.  A test script ending in .py runs with
# $(PYTHON); put torch-only parts under "if HAVE_TORCH ... endif".

EXTRA_DIST += \
	tools/dice/README.md \
	tools/dice/render.py \
	tools/dice/judge.py \
	tools/dice/judge.json \
	tools/dice/judge.pt \
	tools/dice/test_dice.py \
	tools/dice/dice_sheet.png

# The renderer's recorded hashes, pip layouts and the committed judge's
# accuracy on a fresh clean set (about 7 s; reads only).
if HAVE_TORCH
TESTS += tools/dice/test_dice.py
endif
