#!/bin/sh
# bench.sh -- the Cortex-M0 and Cortex-M4 rows of the ports table (see
# ports/riscv/bench-port.sh).
echo "| port | model | flash B | SRAM B | count per image | unit | MACs | per MAC |"
echo "|---|---|---|---|---|---|---|---|"
sh=${SHELL:-/bin/sh}
"$sh" "$(dirname "$0")/../riscv/bench-port.sh" m0 || exit $?
exec "$sh" "$(dirname "$0")/../riscv/bench-port.sh" m4
