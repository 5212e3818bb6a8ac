#!/usr/bin/env bash
# The explorer in a real browser: writes explorer pages with `kelvin explore`, loads them in
# headless Chromium at 24 states given in the URL fragment (both limits, both orders), checks
# every probability, survivor, entropy and Boltzmann figure shown in the DOM against
# `kelvin softmax`, `kelvin thermo` and `kelvin process --format json`, fails on horizontal
# overflow at 375 and 1,280 px, and saves screenshots at both widths.
#
#   Tests/Browser/run.sh [path/to/kelvin] [output directory]
#
# Installs Debian's chromium when it is absent (needs root and the package mirror).
set -euo pipefail
cd "$(dirname "$0")/../.."
kelvin="${1:-.build/release/kelvin}"
out="${2:-.build/browser-test}"
if [ ! -x "$kelvin" ]; then
  swift build -c release
fi
browser="$(command -v chromium || command -v chromium-browser || true)"
if [ -z "$browser" ]; then
  echo "installing Debian's chromium for the browser test" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get install -y -q chromium >/dev/null 2>&1 || { apt-get update -q >/dev/null && apt-get install -y -q chromium >/dev/null; }
  browser="$(command -v chromium)"
fi
python3 Tests/Browser/check_explorer.py --kelvin "$kelvin" --browser "$browser" --out "$out"
