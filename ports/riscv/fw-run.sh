#!/bin/sh
# fw-run.sh TARGET FIRMWARE.elf -- run a tvae firmware under QEMU with the
# UART on stdin/stdout and the firmware's exit status as QEMU's (via
# semihosting).  -icount shift=0: the virtual clock advances one
# nanosecond per retired instruction, which is what the firmware's counter
# reads; it also makes every run deterministic.
# Environment: QEMU_RISCV32, QEMU_ARM (emulators).
set -eu
[ $# -eq 2 ] || { echo "usage: fw-run.sh rv32ec|m0|m4 FIRMWARE.elf" >&2; exit 1; }
[ -r "$2" ] || { echo "fw-run.sh: cannot read $2" >&2; exit 1; }
common="-nographic -monitor none -serial stdio -icount shift=0 -semihosting-config enable=on,target=native"
case $1 in
rv32ec) exec ${QEMU_RISCV32:-qemu-system-riscv32} -M virt -bios none $common -kernel "$2";;
m0)     exec ${QEMU_ARM:-qemu-system-arm} -M microbit $common -kernel "$2";;
m4)     exec ${QEMU_ARM:-qemu-system-arm} -M mps2-an386 $common -kernel "$2";;
*)      echo "fw-run.sh: unknown target '$1' (rv32ec, m0, m4)" >&2; exit 1;;
esac
