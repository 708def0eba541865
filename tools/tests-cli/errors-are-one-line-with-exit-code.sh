#!/bin/sh
# Claim: every error path of tvae-decode prints exactly one line on stderr,
# starting "tvae-decode: " and naming the problem, and exits with its
# documented code: 1 usage, 2 model invalid, 3 input/output.
. "${top_srcdir:-$(dirname "$0")/../..}/tools/tests-cli/common.sh"

model "$tmp/m.tvm" --latent 2 --dims 4_4_4_4 --seed 1
m=$tmp/m.tvm
size=$(wc -c <"$m" | tr -d ' ')

# --- usage (1) ---
expect_error 1 "no model file given"
expect_error 1 "nothing to do" "$m"
expect_error 1 "unknown or ambiguous option '--bogus'" "$m" --bogus
expect_error 1 "unknown option -x" "$m" -x
expect_error 1 "option '--pips' needs a value" "$m" --pips
expect_error 1 "option -p needs a value" "$m" -p
expect_error 1 "option '--sheet' needs a value" "$m" --sheet
expect_error 1 "one model file expected" "$m" "$m" --seed 1
expect_error 1 "--pips: '0' out of range 1..6" "$m" --pips 0 --latent 1,2
expect_error 1 "--pips: '7' out of range 1..6" "$m" --pips 7 --latent 1,2
expect_error 1 "--pips: bad number text 'three'" "$m" --pips three --latent 1,2
expect_error 1 "--pips: bad number text ''" "$m" --pips "" --latent 1,2
expect_error 1 "--latent needs --pips" "$m" --latent 1,2
expect_error 1 "--real needs --pips" "$m" --real 1,2
expect_error 1 "--pips needs a latent" "$m" --pips 3
expect_error 1 "exactly 2 values (L = 2), got 1" "$m" --pips 3 --latent 5
expect_error 1 "exactly 2 values (L = 2), got 3" "$m" --pips 3 --latent 5,6,7
expect_error 1 "got more than 16" "$m" --pips 3 --latent 1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1
expect_error 1 "value '128' out of int8 range" "$m" --pips 3 --latent 128,0
expect_error 1 "value '-129' out of int8 range" "$m" --pips 3 --latent 0,-129
expect_error 1 "value '99999999999999999999' out of int8 range" "$m" --pips 3 --latent 0,99999999999999999999
expect_error 1 "bad number text 'x'" "$m" --pips 3 --latent x,1
expect_error 1 "bad number text ''" "$m" --pips 3 --latent 1,
expect_error 1 "bad number text '1.5'" "$m" --pips 3 --latent 1.5,1
expect_error 1 "bad number text ' 1'" "$m" --pips 3 --latent " 1,1"
expect_error 1 "bad number text 'garbage'" "$m" --pips 3 --real garbage,1
expect_error 1 "--seed: bad number text '-1'" "$m" --seed -1
expect_error 1 "--seed: bad number text '0x'" "$m" --seed 0x
expect_error 1 "--seed: bad number text '12ab'" "$m" --seed 12ab
expect_error 1 "--seed: '4294967296' out of range" "$m" --seed 4294967296
expect_error 1 "--seed: '0x100000000' out of range" "$m" --seed 0x100000000
expect_error 1 "--latent and --seed cannot be combined" "$m" --pips 1 --latent 1,1 --seed 3
expect_error 1 "--seed and --real cannot be combined" "$m" --seed 3 --real 1,1
expect_error 1 "--scale: '0' out of range 1..32" "$m" --seed 1 --scale 0
expect_error 1 "--scale: '33' out of range 1..32" "$m" --seed 1 --scale 33
expect_error 1 "--columns: '65' out of range 1..64" "$m" --sheet "$tmp/s.png" --columns 65
expect_error 1 "--preview: unknown mode 'sixel'" "$m" --seed 1 --preview=sixel
expect_error 1 "nothing to decode" "$m" -o "$tmp/x.png"
expect_error 1 "need an input" "$m" --info --pips 3
expect_error 1 "need an input" "$m" --sheet "$tmp/s.png" -o "$tmp/x.png"
expect_error 1 "--sheet-seeds needs --sheet" "$m" --seed 1 --sheet-seeds
expect_error 1 "--columns needs --sheet" "$m" --seed 1 --columns 4
expect_error 1 "cannot both use standard output" "$m" --seed 1 -o - --pgm -
expect_error 1 "cannot be mixed with --preview" "$m" --seed 1 -o - --preview
expect_error 1 "too large" "$m" --sheet "$tmp/s.png" --columns 64 --scale 32
# a control character in user text does not break the one-line rule
expect_error 1 "bad number text '1?2'" "$m" --pips 3 --latent "$(printf '1\n2'),1"

# --- model invalid (2) ---
: >"$tmp/empty.tvm"
expect_error 2 "model truncated (TVAE_E_TRUNCATED, -2)" "$tmp/empty.tvm" --seed 1
head -c 100 "$m" >"$tmp/trunc.tvm"
expect_error 2 "model truncated (TVAE_E_TRUNCATED, -2)" "$tmp/trunc.tvm" --seed 1
cat "$m" >"$tmp/magic.tvm"; printf 'X' | dd of="$tmp/magic.tvm" bs=1 count=1 conv=notrunc 2>/dev/null
expect_error 2 "bad magic) (TVAE_E_MAGIC, -3)" "$tmp/magic.tvm" --seed 1
"$CHECK" setbyte "$m" "$tmp/ver.tvm" 5 1
expect_error 2 "(TVAE_E_VERSION, -4)" "$tmp/ver.tvm" --seed 1
cat "$m" >"$tmp/crc.tvm"; printf '\377' | dd of="$tmp/crc.tvm" bs=1 seek=$((size - 1)) count=1 conv=notrunc 2>/dev/null
expect_error 2 "CRC-32 mismatch (TVAE_E_CRC, -6)" "$tmp/crc.tvm" --seed 1
"$CHECK" setbyte "$m" "$tmp/lat.tvm" 16 17
expect_error 2 "latent length out of range (TVAE_E_LATENT_LEN, -8)" "$tmp/lat.tvm" --seed 1
"$CHECK" setbyte "$m" "$tmp/frac.tvm" 18 8
expect_error 2 "(TVAE_E_LATENT_FRAC, -10)" "$tmp/frac.tvm" --info
"$CHECK" setbyte "$m" "$tmp/roll.tvm" 22 41
expect_error 2 "(TVAE_E_ROLL, -11)" "$tmp/roll.tvm" --info
"$CHECK" setbyte "$m" "$tmp/kind.tvm" 48 4
expect_error 2 "(TVAE_E_LAYER_KIND, -12)" "$tmp/kind.tvm" --seed 1
expect_error 2 "model '$tmp/kind.tvm' invalid:" "$tmp/kind.tvm" --seed 1
# decode and sheet read the model before anything is written
expect_error 2 "(TVAE_E_CRC, -6)" "$tmp/crc.tvm" --sheet "$tmp/never.png"
check "no sheet is written for an invalid model" test ! -e "$tmp/never.png"
# too large: a sparse 10 MB file, and /dev/zero (a stream without end)
dd if=/dev/null of="$tmp/huge.tvm" bs=1 seek=10000000 2>/dev/null
expect_error 2 "too large" "$tmp/huge.tvm" --seed 1
if [ -r /dev/zero ]; then
    expect_error 2 "too large" /dev/zero --seed 1
fi

# --- input/output (3) ---
expect_error 3 "cannot open model '$tmp/missing.tvm': No such file or directory" "$tmp/missing.tvm" --seed 1
expect_error 3 "Is a directory" "$tmp" --seed 1
expect_error 3 "cannot write '$tmp/no/such/dir/x.png'" "$m" --seed 1 -o "$tmp/no/such/dir/x.png"
expect_error 3 "cannot write '$tmp/no/such/dir/x.pgm'" "$m" --seed 1 --pgm "$tmp/no/such/dir/x.pgm"
expect_error 3 "cannot write '$tmp/no/such/dir/s.png'" "$m" --sheet "$tmp/no/such/dir/s.png"
if [ -w /dev/full ]; then
    expect_error 3 "cannot write '/dev/full'" "$m" --seed 1 -o /dev/full
    expect_error 3 "cannot write '/dev/full'" "$m" --seed 1 --pgm /dev/full
    # big enough for libpng itself to see the failed write (its error path)
    expect_error 3 "cannot write '/dev/full': libpng: Write Error" "$m" --seed 1 -o /dev/full --scale 32
    expect_error 3 "cannot write '/dev/full'" "$m" --sheet /dev/full
fi
# a write that fails half-way (file size limit, SIGXFSZ ignored) leaves no
# truncated picture behind
(trap '' XFSZ; ulimit -f 1 && exec "$DECODE" "$m" --seed 1 --scale 32 --pgm "$tmp/big.pgm") >"$tmp/out" 2>"$tmp/err"
rc=$?
# (a --coverage build adds libgcov's own complaint about the .gcda file)
expect_eq "write over the file size limit exits 3 with one line" "3:1" \
    "$rc:$(grep -v '^libgcov profiling error' "$tmp/err" | wc -l | tr -d ' ')"
check "write over the file size limit names the file" grep -q "^tvae-decode: cannot write '$tmp/big.pgm': " "$tmp/err"
check "the half-written image is removed" test ! -e "$tmp/big.pgm"
finish
