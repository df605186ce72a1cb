#!/usr/bin/env bash
# Native comparison, whole processes: `llm-ledger tokens` (release build) vs gpt-tokenizer under node, on the
# same generated mixed text (default 8 MB, from llm_ledger::tokenizer::bench_corpus). Prints the best of
# RUNS wall-clock times for each, the tokens/s and the ratio, and checks that the counts agree.
# Usage: tests/tools/node/native.sh   (BYTES=8000000 RUNS=3 by default; needs cargo, node and npm)
set -euo pipefail
cd "$(dirname "$0")/../../.."
BYTES=${BYTES:-8000000}
RUNS=${RUNS:-3}

cargo build --quiet --release --bin llm-ledger --example tokenizer_bench
if [ ! -d tests/tools/node/node_modules/gpt-tokenizer ]; then
  (cd tests/tools/node && npm install --no-audit --no-fund --silent)
fi
corpus=$(mktemp --suffix=.txt)
trap 'rm -f "$corpus"' EXIT
target/release/examples/tokenizer_bench corpus "$BYTES" > "$corpus"
echo "corpus: $(wc -c < "$corpus") bytes; node $(node --version); gpt-tokenizer $(node -p "require('./tests/tools/node/node_modules/gpt-tokenizer/package.json').version")"

# best_ms CMD...: runs CMD RUNS times; sets BEST_MS (best wall-clock ms) and OUTPUT (its stdout).
best_ms() {
  BEST_MS=""
  for _ in $(seq "$RUNS"); do
    local start end ms
    start=$(date +%s%N)
    OUTPUT=$("$@")
    end=$(date +%s%N)
    ms=$(( (end - start) / 1000000 ))
    if [ -z "$BEST_MS" ] || [ "$ms" -lt "$BEST_MS" ]; then BEST_MS=$ms; fi
  done
}

for encoding in cl100k_base o200k_base; do
  best_ms target/release/llm-ledger tokens --encoding "$encoding" "$corpus" --format json
  ours_ms=$BEST_MS
  ours_tokens=$(echo "$OUTPUT" | sed -E 's/.*"tokens":([0-9]+).*/\1/')
  best_ms node tests/tools/node/count-gpt-tokenizer.mjs "$encoding" "$corpus"
  js_ms=$BEST_MS
  js_tokens=$OUTPUT
  if [ "$ours_tokens" != "$js_tokens" ]; then
    echo "$encoding: counts differ: llm-ledger $ours_tokens, gpt-tokenizer $js_tokens" >&2
    exit 1
  fi
  awk -v e="$encoding" -v n="$ours_tokens" -v o="$ours_ms" -v j="$js_ms" 'BEGIN {
    printf "%s: %d tokens; llm-ledger tokens %d ms (%.2f M tokens/s); gpt-tokenizer (node) %d ms (%.2f M tokens/s); ratio %.2fx\n",
      e, n, o, n / o / 1000, j, n / j / 1000, j / o }'
done
