#!/bin/sh
# readme-tables.sh BENCH.md -- refresh the "Measured" tables of
# ports/riscv/README.md and ports/arm/README.md from a `make bench-ports`
# table (ports/bench-ports.sh --publish runs it).
#
# Each README marks its table with two lines:
#     <!-- bench-ports: TABLE -->
#     <!-- /bench-ports -->
# and everything between them is replaced.  TABLE is
#   riscv  the streaming decoder (port kernel) linked for the CH32V003,
#          every model; a model that does not fit gets the reason, and
#          its row on the conformance map (virt) follows;
#   arm    the streaming decoder on the Cortex-M0 (STM32F030F4, else the
#          STM32F030K6) and the Cortex-M4 (STM32F301K8), every model.
# Rows are ordered by MACs per image (then name); counts get thousands
# separators.  Nothing else in the READMEs is touched; the prose beside
# the tables is the author's to keep true.
set -eu
bench=${1:?usage: readme-tables.sh BENCH.md}
top=$(cd "$(dirname "$0")/.." && pwd)
[ -f "$bench" ] || { echo "readme-tables.sh: $bench: no such file" >&2; exit 1; }

# rows TABLE: the Markdown rows (header included) of one table
rows() {
    awk -F'|' -v table="$1" '
    function trim(s) { gsub(/^ +| +$/, "", s); return s }
    function commas(n,   s) {
        s = n ""
        while (s ~ /[0-9][0-9][0-9][0-9]/) sub(/[0-9][0-9][0-9]($|,)/, ",&", s)
        sub(/^,/, "", s)
        return s
    }
    function total(s) { sub(/ .*/, "", s); return s }
    # $2 port, $3 model, $4 flash, $5 SRAM, $6 count (or why it does not
    # fit), $7 unit, $8 MACs, $9 per MAC
    /^\| / {
        for (i = 2; i <= 9; i++) $i = trim($i)
        if ($2 !~ / stream$/) next
        port = $2; model = $3
        if (!(model in macs) && $8 ~ /^[0-9]+$/) macs[model] = $8
        key = port SUBSEP model
        seen[key] = 1
        flash[key] = $4; sram[key] = $5; count[key] = $6; permac[key] = $9
        fit[key] = ($4 != "does not fit" && $5 != "does not fit")
        models[model] = 1
    }
    function row(label, port, model,   key, f) {
        key = port SUBSEP model
        if (!(key in seen)) return 0
        if (fit[key]) {
            printf "| %s | %s | %s | %s | %s | %s |\n", label, model, flash[key],
                total(sram[key]), commas(count[key]), permac[key]
            return 1
        }
        f = count[key]                              # why it does not fit
        if (flash[key] == "does not fit") {
            if (match(f, /overflowed by [0-9]+/))
                f = "flash " substr(f, RSTART + 14, RLENGTH - 14) " B over"
            printf "| %s | %s | does not fit: %s | | | |\n", label, model, f
        } else {
            printf "| %s | %s | %s | does not fit: %s | | |\n", label, model,
                flash[key], f
        }
        return 0
    }
    END {
        n = 0
        for (m in models) { order[++n] = sprintf("%012d %s", (m in macs) ? macs[m] : 0, m) }
        for (i = 2; i <= n; i++) {                    # insertion sort: few rows
            v = order[i]
            for (j = i - 1; j >= 1 && order[j] > v; j--) order[j + 1] = order[j]
            order[j + 1] = v
        }
        print "| " (table == "riscv" ? "part" : "core, part") " | model | flash B | SRAM B | instructions per image | per MAC |"
        print "|---|---|---|---|---|---|"
        if (table == "riscv") {
            for (i = 1; i <= n; i++) {
                m = substr(order[i], 14)
                if (!row("CH32V003", "RV32EC CH32V003 stream", m))
                    row("virt map", "RV32EC virt (conformance map) stream", m)
            }
        } else {
            for (i = 1; i <= n; i++) {
                m = substr(order[i], 14)
                if (!row("M0 STM32F030F4", "Cortex-M0 STM32F030F4 stream", m))
                    row("M0 STM32F030K6", "Cortex-M0 STM32F030K6 stream", m)
            }
            for (i = 1; i <= n; i++)
                row("M4 STM32F301K8", "Cortex-M4 STM32F301K8 stream", substr(order[i], 14))
        }
    }' "$bench"
}

# replace FILE TABLE: the marked block of FILE by the rows of TABLE
replace() {
    file=$1 table=$2
    grep -q "^<!-- bench-ports: $table -->\$" "$file" \
        || { echo "readme-tables.sh: $file has no '<!-- bench-ports: $table -->' line" >&2; exit 1; }
    rows "$table" > "$file.rows"
    if ! grep -q '^| ' "$file.rows"; then
        rm -f "$file.rows"
        echo "readme-tables.sh: no $table rows in $bench" >&2; exit 1
    fi
    awk -v table="$table" -v rows="$file.rows" '
        $0 == "<!-- bench-ports: " table " -->" {
            print; while ((getline l < rows) > 0) print l; skip = 1; next
        }
        skip && $0 == "<!-- /bench-ports -->" { skip = 0 }
        !skip { print }
        END { if (skip) { print "readme-tables.sh: unterminated block" > "/dev/stderr"; exit 1 } }
    ' "$file" > "$file.tmp"
    rm -f "$file.rows"
    mv "$file.tmp" "$file"
    echo "readme-tables.sh: refreshed the $table table of $file" >&2
}

replace "$top/ports/riscv/README.md" riscv
replace "$top/ports/arm/README.md" arm
