#!/bin/sh
# Claim: --preview shows the decoded pixels: the ASCII ramp (16 lines of
# 32 characters, two pixel rows averaged per line, dark = dense), U+2580
# half blocks with 24-bit colours equal to the top and bottom pixels, and
# the nearest xterm 256-colour greys; NO_COLOR selects ASCII, and with no
# output option the preview is the default.
. "${top_srcdir:-$(dirname "$0")/../..}/tools/tests-cli/common.sh"

model "$tmp/m.tvm" --latent 1 --dims 4_4_8_8 --seed 8
"$DECODE" "$tmp/m.tvm" --seed 3 --pgm "$tmp/p.pgm" -q || exit 1

# ascii: expected text built from the PGM with awk
y=0
: >"$tmp/expect.txt"
while [ "$y" -lt 32 ]; do
    t=$("$CHECK" row "$tmp/p.pgm" "$y"); b=$("$CHECK" row "$tmp/p.pgm" $((y + 1)))
    printf '%s\n%s\n' "$t" "$b" | awk 'BEGIN { ramp = "@%#*+=-:. " }
        NR == 1 { for (i = 1; i <= NF; i++) top[i] = $i }
        NR == 2 { s = ""; for (i = 1; i <= NF; i++) {
                      avg = int((top[i] + $i + 1) / 2)
                      s = s substr(ramp, int(avg * 10 / 256) + 1, 1) }
                  print s }' >>"$tmp/expect.txt"
    y=$((y + 2))
done
run "$tmp/m.tvm" --seed 3 --preview=ascii -q
check "ascii preview is the ramp of the averaged pixel pairs" cmp -s "$tmp/expect.txt" "$tmp/out"
expect_eq "ascii preview has 16 lines" 16 "$(wc -l <"$tmp/out" | tr -d ' ')"
NO_COLOR=1 "$DECODE" "$tmp/m.tvm" --seed 3 -q >"$tmp/nc.txt" 2>&1
check "NO_COLOR and no output option: the default preview is ascii" cmp -s "$tmp/expect.txt" "$tmp/nc.txt"

# truecolor: line 5 (pixel rows 10 and 11) rebuilt from the PGM
esc=$(printf '\033')
t=$("$CHECK" row "$tmp/p.pgm" 10); b=$("$CHECK" row "$tmp/p.pgm" 11)
expect=$(printf '%s\n%s\n' "$t" "$b" | awk -v e="$esc" '
    NR == 1 { for (i = 1; i <= NF; i++) top[i] = $i }
    NR == 2 { s = ""; for (i = 1; i <= NF; i++)
                  s = s sprintf("%s[38;2;%d;%d;%dm%s[48;2;%d;%d;%dm\342\226\200", e, top[i], top[i], top[i], e, $i, $i, $i)
              print s e "[0m" }')
run "$tmp/m.tvm" --seed 3 --preview=truecolor -q
expect_eq "truecolor preview line 5 carries pixel rows 10 and 11" "$expect" "$(sed -n 6p "$tmp/out")"
expect_eq "truecolor preview has 16 lines" 16 "$(wc -l <"$tmp/out" | tr -d ' ')"
COLORTERM=truecolor NO_COLOR= TERM=xterm "$DECODE" "$tmp/m.tvm" --seed 3 -q --preview >"$tmp/ct.txt" 2>&1
check "COLORTERM=truecolor selects the truecolor preview" cmp -s "$tmp/out" "$tmp/ct.txt"
COLORTERM=24bit NO_COLOR= TERM=xterm "$DECODE" "$tmp/m.tvm" --seed 3 -q --preview >"$tmp/ct.txt" 2>&1
check "COLORTERM=24bit selects the truecolor preview" cmp -s "$tmp/out" "$tmp/ct.txt"

# 256 greys: nearest of 16+43k (levels 0,95,135,175,215,255) and 232+k (8+10k)
expect=$(printf '%s\n%s\n' "$t" "$b" | awk -v e="$esc" '
    function idx(v,   best, bd, k, l, d) {
        best = 16; bd = 256
        for (k = 0; k < 24; k++) { l = 8 + 10 * k; d = l > v ? l - v : v - l
                                   if (d < bd) { bd = d; best = 232 + k } }
        split("0 95 135 175 215 255", c, " ")
        for (k = 0; k < 6; k++) { l = c[k + 1]; d = l > v ? l - v : v - l
                                  if (d < bd) { bd = d; best = 16 + 43 * k } }
        return best }
    NR == 1 { for (i = 1; i <= NF; i++) top[i] = $i }
    NR == 2 { s = ""; for (i = 1; i <= NF; i++)
                  s = s sprintf("%s[38;5;%dm%s[48;5;%dm\342\226\200", e, idx(top[i]), e, idx($i))
              print s e "[0m" }')
run "$tmp/m.tvm" --seed 3 --preview=256 -q
expect_eq "256-grey preview line 5 uses the nearest xterm greys" "$expect" "$(sed -n 6p "$tmp/out")"

# the roll line comes first unless -q
run "$tmp/m.tvm" --seed 3 --preview=ascii
expect_eq "without -q the first line is the roll" "seed 3: " "$(head -n 1 "$tmp/out" | cut -c1-8)"
expect_eq "without -q: 1 + 16 lines" 17 "$(wc -l <"$tmp/out" | tr -d ' ')"
finish
