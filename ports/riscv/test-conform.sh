#!/bin/sh
# RV32EC (CH32V003 class) under qemu-system-riscv32: every golden vector.
exec "${SHELL:-/bin/sh}" "$(dirname "$0")/conform.sh" rv32ec
