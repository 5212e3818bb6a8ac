#!/usr/bin/env bash
# The streaming benchmark of issue 3: kelvin softmax over a 1 GiB float32 .npy
# ([8192, 32768]), with its peak resident memory, against `cp` of the same file (the disk's
# own speed for reading and writing 1 GiB) and `kelvin inspect` (reading and parsing only).
#
# Usage: benchmarks/stream-softmax.sh [DIR]   (DIR defaults to $TMPDIR or /tmp; needs 3 GiB)
# Needs /usr/bin/time (Debian's `time` package). Run by hand, not by CI.
set -euo pipefail
cd "$(dirname "$0")/.."
dir="${1:-${TMPDIR:-/tmp}}/kelvin-stream-bench"
rows=8192
vocab=32768
mkdir -p "$dir"
trap 'rm -rf "$dir"' EXIT

swift build -c release >/dev/null
kelvin=.build/release/kelvin
timed() { /usr/bin/time -f "%e s wall, %U s user, %S s system, peak RSS %M KiB" "$@"; }

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
echo "generating $rows x $vocab float32 logits (1 GiB) ..."
$kelvin synth --rows $rows --vocab $vocab --seed 1 --output "$dir/logits.npy" >/dev/null
sync

echo "cp (the disk: read 1 GiB, write 1 GiB):"
timed cp "$dir/logits.npy" "$dir/copy.npy"
rm -f "$dir/copy.npy"
sync

echo "kelvin inspect (read and parse 1 GiB, statistics):"
timed $kelvin inspect "$dir/logits.npy" >/dev/null

echo "kelvin softmax --output (read, softmax at tau 0.7, write 1 GiB):"
timed $kelvin softmax --input "$dir/logits.npy" --temperature 0.7 --output "$dir/probs.npy"
sync
