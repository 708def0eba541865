#!/bin/sh
# tools/install-deps.sh -- install the Debian 12 packages tvae needs.
#
# Idempotent: asks dpkg which packages are missing and does nothing (no
# apt-get update, no network) when all are present.  Otherwise runs
# "apt-get update" once and "apt-get install -y --no-install-recommends"
# for the missing ones, through sudo when not root.
#
# Extra packages: TVAE_EXTRA_PACKAGES="pkg1 pkg2" tools/install-deps.sh
set -eu

PACKAGES="
build-essential make git autoconf automake libtool pkg-config autoconf-archive
check lcov valgrind libpng-dev libfixmath-dev clang
gcc-avr avr-libc binutils-avr simavr libsimavr-dev libelf-dev
gcc-riscv64-unknown-elf picolibc-riscv64-unknown-elf
gcc-arm-none-eabi picolibc-arm-none-eabi
qemu-system-misc qemu-system-arm
python3 python3-numpy python3-torch python3-matplotlib python3-pil
xxd
${TVAE_EXTRA_PACKAGES:-}
"

if ! command -v dpkg-query >/dev/null 2>&1 || ! command -v apt-get >/dev/null 2>&1; then
    echo "install-deps.sh: this script needs Debian's dpkg-query and apt-get;" \
         "install the packages listed in tools/install-deps.sh by hand" >&2
    exit 1
fi

missing=""
for p in $PACKAGES; do
    status=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
    case "$status" in
        *"install ok installed"*) ;;
        *) missing="$missing $p" ;;
    esac
done

if [ -z "$missing" ]; then
    echo "install-deps.sh: all $(echo "$PACKAGES" | wc -w | tr -d " ") Debian packages are installed"
    exit 0
fi

if [ "$(id -u)" -eq 0 ]; then
    SUDO=""
elif command -v sudo >/dev/null 2>&1; then
    SUDO="sudo"
else
    echo "install-deps.sh: missing packages:$missing; run as root or install sudo" >&2
    exit 1
fi

echo "install-deps.sh: installing:$missing"
$SUDO env DEBIAN_FRONTEND=noninteractive apt-get update
# shellcheck disable=SC2086
$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends $missing
echo "install-deps.sh: done"
