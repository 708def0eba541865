#!/bin/sh
# test-stream.sh -- runs ports/common/test_stream (streaming decoder ==
# reference, bit for bit and hash for hash) on its random and extreme
# models and on every model file that exists: the golden vector models
# (vectors/*.tvm) and the zoo (models/*.tvm).  Wrapped in a script so
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
TVAE_STREAM_MODELS="$list" exec "$build/ports/common/test_stream"
