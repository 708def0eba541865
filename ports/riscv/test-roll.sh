#!/bin/sh
# RV32EC example firmware: seed in, the reference's image out.
exec "${SHELL:-/bin/sh}" "$(dirname "$0")/roll.sh" rv32ec
