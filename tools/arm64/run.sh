#!/bin/bash
# The C kernels on arm64: compiles CKelvinKernels for aarch64 (the portable level, NEON), runs
# tools/arm64/digest.c under qemu-user, and requires its digests of every kernel's output bits
# to equal those of every level this x86-64 machine has (so the same seed draws the same
# tokens on arm64). Needs Debian's gcc-aarch64-linux-gnu, libc6-dev-arm64-cross and
# qemu-user-static (apt-get install -y gcc-aarch64-linux-gnu libc6-dev-arm64-cross
# qemu-user-static), installed here when absent (needs root and the package mirror, as the
# browser test's chromium); exits 2, saying so, when they cannot be had. The Swift code above the
# kernels is portable and is not cross-compiled here (no arm64 Swift SDK on this machine).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
kernels="$here/../../Sources/CKelvinKernels"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
if ! command -v aarch64-linux-gnu-gcc > /dev/null || ! command -v qemu-aarch64-static > /dev/null; then
  echo "installing Debian's arm64 cross compiler and qemu-user for the arm64 check" >&2
  export DEBIAN_FRONTEND=noninteractive
  packages=(gcc-aarch64-linux-gnu libc6-dev-arm64-cross qemu-user-static)
  apt-get install -y -q "${packages[@]}" > /dev/null 2>&1 ||
    { apt-get update -q > /dev/null 2>&1 && apt-get install -y -q "${packages[@]}" > /dev/null 2>&1; } || true
fi
for tool in aarch64-linux-gnu-gcc qemu-aarch64-static clang; do
  if ! command -v "$tool" > /dev/null; then
    echo "tools/arm64/run.sh: $tool is missing (see the comment at the top)" >&2
    exit 2
  fi
done
sources=("$here/digest.c" "$kernels"/*.c)
# x86-64: every level the CPU has.
clang -O2 -Wno-psabi -I"$kernels/include" -I"$kernels" -o "$work/digest-x86" "${sources[@]}" -lm
"$work/digest-x86" > "$work/x86.txt"
# arm64: clang's aarch64 target (as the Swift toolchain compiles the package there), linked
# statically with the cross C library, run under qemu.
objects=()
for source in "${sources[@]}"; do
  object="$work/$(basename "$source" .c).o"
  clang --target=aarch64-linux-gnu --sysroot=/usr/aarch64-linux-gnu -O2 -Wall -Werror \
    -Wno-psabi -I"$kernels/include" -I"$kernels" -c "$source" -o "$object"
  objects+=("$object")
done
aarch64-linux-gnu-gcc -static -o "$work/digest-arm64" "${objects[@]}" -lm
qemu-aarch64-static "$work/digest-arm64" > "$work/arm64.txt"
# Every x86 level and arm64's one level must give the same digest for each kernel.
awk '{print $1, $3}' "$work/x86.txt" "$work/arm64.txt" | sort -u > "$work/pairs.txt"
kernels_count=$(awk '{print $1}' "$work/pairs.txt" | sort -u | wc -l)
pairs_count=$(wc -l < "$work/pairs.txt")
levels=$(awk '{print $2}' "$work/x86.txt" | sort -u | tr '\n' ' ')
if [ "$kernels_count" != "$pairs_count" ]; then
  echo "tools/arm64/run.sh: the kernels' bits differ between levels or CPUs:" >&2
  paste "$work/x86.txt" >&2
  echo "arm64:" >&2
  cat "$work/arm64.txt" >&2
  exit 1
fi
echo "arm64 (NEON, under qemu) and x86-64 levels ${levels}give the same bits: $kernels_count kernels, $(wc -l < "$work/x86.txt") x86 digests, $(wc -l < "$work/arm64.txt") arm64 digests"
