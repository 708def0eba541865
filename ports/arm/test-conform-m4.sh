#!/bin/sh
# Cortex-M4 under qemu-system-arm: every golden vector.
exec "${SHELL:-/bin/sh}" "$(dirname "$0")/../riscv/conform.sh" m4
