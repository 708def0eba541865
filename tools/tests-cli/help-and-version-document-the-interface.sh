#!/bin/sh
# Claim: --help prints the usage (every option, the exit statuses 1, 2, 3)
# on stdout and exits 0; --version names the spec and format version 1.0.
. "${top_srcdir:-$(dirname "$0")/../..}/tools/tests-cli/common.sh"

run --help
expect_eq "--help exits 0 with nothing on stderr" "0:" "$rc:$(cat "$tmp/err")"
for opt in --pips --latent --real --seed --output --pgm --scale --preview \
           --hashes --quiet --info --sheet --columns --sheet-seeds --help --version; do
    check "--help documents $opt" grep -q -e "$opt" "$tmp/out"
done
check "--help documents exit status 1" grep -q "1 usage error" "$tmp/out"
check "--help documents exit status 2" grep -q "2 model invalid" "$tmp/out"
check "--help documents exit status 3" grep -q "3 input/output" "$tmp/out"
run -h
check "-h is --help" test "$rc" -eq 0 -a -s "$tmp/out"
run --version
expect_eq "--version exits 0" 0 "$rc"
check "--version names spec 1.0" grep -q "^tvae specification 1.0, model format 1.0$" "$tmp/out"
check "--version names the program" grep -q "^tvae-decode (tvae) " "$tmp/out"
finish
