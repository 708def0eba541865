#!/bin/sh
# test-stream.sh -- runs ports/common/test_stream (streaming decoder ==
# reference, bit for bit and hash for hash) on its random and extreme
# models and on every model file that exists: the golden vector models
# (vectors/*.tvm) and the zoo (models/*.tvm), in both builds of the
# decoder (tap pointers, tap offsets).  Wrapped in a script so
# that `make check-valgrind` does not run the long property test.
set -eu
top=${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}
build=${top_builddir:-$top}
list=
for f in "$top"/vectors/*.tvm "$top"/models/*.tvm; do
    [ -f "$f" ] && list="$list $f"
done
n=$(echo $list | wc -w)
echo "test-stream.sh: $n model files from vectors/ and models/"
export TVAE_STREAM_MODELS="$list"
"$build/ports/common/test_stream"
# the build with 16-bit tap offsets (TVAE_STREAM_TAP_OFFSETS, RV32EC)
echo "test-stream.sh: again with TVAE_STREAM_TAP_OFFSETS"
exec "$build/ports/common/test_stream_offsets"
