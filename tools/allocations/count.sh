#!/usr/bin/env bash
# Heap allocations per sampled token in the steady state, for a few sampler chains.
#
# Runs `kelvin bench` twice per chain under an allocation-counting LD_PRELOAD shim, with 100 and
# 1,100 timed calls; the difference over 1,000 is what one more call allocates (set-up, warm-up
# and output cancel out; the list of timings grows by 8 bytes per call, under one allocation
# per hundred calls). Linux with glibc and a C compiler; build Kelvin first:
#   swift build -c release && tools/allocations/count.sh
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
kelvin="${KELVIN:-$here/../../.build/release/kelvin}"
shim="$(mktemp -d)/count.so"
cc -shared -fPIC -O2 -o "$shim" "$here/count.c" -ldl
count() {
  LD_PRELOAD="$shim" "$kelvin" bench "$@" 2>&1 >/dev/null | awk '/^allocations/ {print $2, $4}'
}
printf '%-58s %14s %14s\n' "chain (V = 128,256)" "allocs/token" "bytes/token"
for chain in 'temperature=0.7;top_k=40;top_p=0.95;min_p=0.05;dist' \
  'min_p=0.05;temperature=0.7;dist' 'greedy' 'temperature=0.7;top_p=0.95;dist'; do
  read -r calls0 bytes0 < <(count --chain "$chain" --iterations 100)
  read -r calls1 bytes1 < <(count --chain "$chain" --iterations 1100)
  awk -v c="$chain" -v a="$((calls1 - calls0))" -v b="$((bytes1 - bytes0))" \
    'BEGIN { printf "%-58s %14.3f %14.1f\n", c, a / 1000, b / 1000 }'
done
