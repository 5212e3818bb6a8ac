#!/usr/bin/env bash
# Builds and runs the exhaustive check of the canonical exp (see exp_check.c).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
kernels="$here/../../Sources/CKelvinKernels"
out="$(mktemp -d)"
clang -O2 -I"$kernels/include" -I"$kernels" "$here/exp_check.c" "$kernels"/kernels.c "$kernels"/level_*.c \
  -lm -o "$out/exp_check"
"$out/exp_check"
