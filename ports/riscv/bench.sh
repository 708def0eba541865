#!/bin/sh
# bench.sh -- the RV32EC rows of the ports table (see bench-port.sh).
echo "| port | model | flash B | SRAM B | count per image | unit | MACs | per MAC |"
echo "|---|---|---|---|---|---|---|---|"
exec "${SHELL:-/bin/sh}" "$(dirname "$0")/bench-port.sh" rv32ec
