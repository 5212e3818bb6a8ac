#!/usr/bin/env bash
# Builds the fuzz targets with libFuzzer and AddressSanitizer and runs one.
#   Fuzz/run.sh npy|safetensors|text|csv|specification|constraint|tokenizer|model-config [SECONDS]   (default 600)
# Seeds: the committed fixtures and hostile corpus, and Fuzz/Seeds/specification for the
# specification grammar. Findings go to Fuzz/findings/.
set -euo pipefail
cd "$(dirname "$0")"
target="${1:?usage: Fuzz/run.sh npy|safetensors|text|csv|specification|constraint|tokenizer|model-config [SECONDS]}"
seconds="${2:-600}"
case "$target" in
  npy) product=FuzzNpy; pattern='*.npy' ;;
  safetensors) product=FuzzSafetensors; pattern='*.safetensors' ;;
  text) product=FuzzText; pattern='*.json' ;;
  csv) product=FuzzCSV; pattern='*.csv' ;;
  specification) product=FuzzSpecification; pattern='' ;;
  constraint) product=FuzzConstraint; pattern='' ;;
  tokenizer) product=FuzzTokenizer; pattern='' ;;
  model-config) product=FuzzModelConfig; pattern='' ;;
  *) echo "unknown target $target" >&2; exit 64 ;;
esac
swift build -c debug -Xswiftc -sanitize=fuzzer,address --product "$product" 2>&1 | grep -E "error|Compiling|complete" || true
if [ ! -x ".build/debug/$product" ]; then echo "build of $product failed" >&2; exit 1; fi
corpus="corpus/$target"
mkdir -p "$corpus" findings
if [ -n "$pattern" ]; then
  find ../Tests/KelvinIOTests/Fixtures -name "$pattern" -exec cp {} "$corpus/" \;
else
  cp "Seeds/$target"/* "$corpus/"
fi
if [ "$target" = tokenizer ]; then export LSAN_OPTIONS="suppressions=$PWD/lsan-tokenizer.supp"; fi
".build/debug/$product" "$corpus" -max_total_time="$seconds" -max_len=65536 -rss_limit_mb=2048 \
  -timeout=10 -artifact_prefix=findings/ -print_final_stats=1
