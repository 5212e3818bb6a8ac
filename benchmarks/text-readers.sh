#!/usr/bin/env bash
# Times the CSV and JSON readers per value on one long line and on many short lines (the same
# 4,000,000 values), with `kelvin inspect` (a full read), peak memory included.
#   benchmarks/text-readers.sh [path/to/kelvin]
set -euo pipefail
kelvin="${1:-.build/release/kelvin}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
python3 - "$work" <<'PY'
import random, sys
random.seed(1)
values = [f"{random.gauss(0, 3):.7g}" for _ in range(4_000_000)]
folder = sys.argv[1]
open(f"{folder}/long.csv", "w").write(",".join(values) + "\n")
open(f"{folder}/long.json", "w").write("[" + ",".join(values) + "]\n")
rows = [values[i:i + 8] for i in range(0, len(values), 8)]
open(f"{folder}/short.csv", "w").write("".join(",".join(r) + "\n" for r in rows))
open(f"{folder}/short.json", "w").write("[" + ",\n".join("[" + ",".join(r) + "]" for r in rows) + "]\n")
PY
for name in long.csv long.json short.csv short.json; do
  /usr/bin/time -f "$name: %e s, %M KB peak" "$kelvin" inspect "$work/$name" --quiet > /dev/null
done
