#!/usr/bin/env bash
# Runs each libFuzzer target of a fuzz build for a set time (docs/fuzzing.md).
#   scripts/fuzz.sh BUILD_DIR SECONDS [TARGET...]     (default: every fuzz_* binary in BUILD_DIR/fuzz)
#   FUZZ_TIMEOUT=60 scripts/fuzz.sh …                 (seconds one input may take; default 10)
# libFuzzer's timeout is wall-clock: a run niced beside a build can starve for seconds, so give
# long background runs a larger one, or a slow input is reported as a hang.
# The checked-in corpus (fuzz/corpus/<target>) and regressions are read, never written: what the
# fuzzer finds goes to BUILD_DIR/fuzz-work/<target>/corpus, a crashing input to .../artifacts.
# Exits non-zero at the first target that crashes, leaks, times out or runs out of memory.
set -euo pipefail
build=${1:?usage: fuzz.sh BUILD_DIR SECONDS [TARGET...]}
seconds=${2:?usage: fuzz.sh BUILD_DIR SECONDS [TARGET...]}
shift 2
src=$(cd "$(dirname "$0")/.." && pwd)
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
  for bin in "$build"/fuzz/fuzz_*; do targets+=("$(basename "$bin" | sed 's/^fuzz_//')"); done
fi

for t in "${targets[@]}"; do
  work="$build/fuzz-work/$t"
  mkdir -p "$work/corpus" "$work/artifacts"
  inputs=("$work/corpus" "$src/fuzz/corpus/$t")
  [ -d "$src/fuzz/regressions/$t" ] && inputs+=("$src/fuzz/regressions/$t")
  echo "fuzz: $t for ${seconds}s (log: $work/log)"
  # -timeout: one input taking this long is a hang; leaks are reported by ASan at each input's end.
  if ! "$build/fuzz/fuzz_$t" -max_total_time="$seconds" -timeout="${FUZZ_TIMEOUT:-10}" -rss_limit_mb=2048 -print_final_stats=1 \
       -artifact_prefix="$work/artifacts/" "${inputs[@]}" >"$work/log" 2>&1; then
    tail -n 60 "$work/log"
    echo "fuzz: $t FAILED; the input is in $work/artifacts/ (docs/fuzzing.md: replay a crash)" >&2
    exit 1
  fi
  # The last status line (executions, coverage, features, corpus) and the final counters.
  grep -E '^#[0-9]+' "$work/log" | tail -n 1
  grep -E 'stat::(number_of_executed_units|average_exec_per_sec|peak_rss_mb)' "$work/log" | tr '\n' ' '
  echo
done
