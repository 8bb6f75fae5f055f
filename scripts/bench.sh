#!/usr/bin/env bash
# Runs every benchmark executable the build produced and prints its figures.
#
#   scripts/bench.sh BUILD_DIR        e.g. scripts/bench.sh build   (make bench does this)
#
# Each bench/*.cpp builds to BUILD_DIR/bench/<name>. Budgets are in shared/DESIGN.md; the
# benchmarks report, they do not fail on a slow machine.
set -euo pipefail

if [ $# -ne 1 ]; then
  echo "usage: $0 BUILD_DIR" >&2
  exit 2
fi
bench_dir="$1/bench"
if [ ! -d "$bench_dir" ]; then
  echo "bench: $bench_dir does not exist (configure with -DMUSTER_BUILD_BENCH=ON and build first)" >&2
  exit 1
fi

# Executables directly in bench/, in name order; CMake's own files there are not executable.
mapfile -t benches < <(find "$bench_dir" -maxdepth 1 -type f -perm -u+x | sort)
if [ ${#benches[@]} -eq 0 ]; then
  echo "bench: no benchmark executables in $bench_dir (build first)" >&2
  exit 1
fi

out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
for exe in "${benches[@]}"; do
  echo "== $(basename "$exe")"
  # benchmark 1.7.1 takes --benchmark_min_time as plain seconds (later versions want "0.2s").
  "$exe" --benchmark_min_time=0.2 --benchmark_out="$out/$(basename "$exe").json" --benchmark_out_format=json
  echo
done

# The figure of counter KEY of the first benchmark in FILE whose name starts with NAME ("" when
# absent, e.g. skipped with an error). Google Benchmark's JSON puts one member on each line.
figure() {
  [ -f "$out/$1.json" ] || return 0
  awk -v want="$2" -v key="\"$3\":" '
    /"name":/ { name = $2; gsub(/[",]/, "", name); here = index(name, want) == 1 }
    /"error_occurred": true/ && here { exit }
    here && $1 == key { v = $2; gsub(/,/, "", v); print v; exit }' "$out/$1.json"
}

# One line per target of issue 16 / DESIGN.md "Budgets": the figure, the target, met or not.
# Machines differ and the host may be busy: a figure below its target here says "look", not "fail".
target() {  # LABEL VALUE SCALE UNIT OP LIMIT
  awk -v label="$1" -v v="$2" -v scale="$3" -v unit="$4" -v op="$5" -v limit="$6" 'BEGIN {
    if (v == "") { printf "  %-62s %14s   target %s %s %s\n", label, "(no figure)", op, limit, unit; exit }
    x = v / scale
    met = (op == ">=" ? x >= limit : x <= limit)
    printf "  %-62s %10.2f %-3s   target %s %s %s   %s\n", label, x, unit, op, limit, unit, met ? "met" : "NOT MET"
  }'
}

# Loading both as a host does (compile_rules_files: the registry's YAML parsed while the policy
# compiles), wall clock; the two compiles one after the other are printed beside it.
compile_s="$(figure bench_policy_compile BM_compile_rules/compile_rules_files time_per_compile)"
serial_s="$(figure bench_policy_compile BM_compile_rules/one_after_the_other time_per_compile)"

echo "== targets (issue 16; figures of this run, CPU time of the driving thread where the benchmark says so)"
target "core: bench_engine, 100,000 open call plans (events/s)" "$(figure bench_engine BM_engine_call_plans/100000 items_per_second)" 1e6 M ">=" 10
target "core: bytes per open request" "$(figure bench_engine BM_engine_call_plans/100000 bytes_per_open_request)" 1 B "<=" 256
target "C API, call plans, in memory: p99 latency per event" "$(figure bench_c_api bm_call_plans/memory p99_us)" 1 us "<=" 20
target "C API, call plans, journal batch, one by one (drained/s)" "$(figure bench_c_api bm_call_plans/journal_batch_4096 drained_events_per_s)" 1e6 M ">=" 1
target "C API, call plans, journal batch, submit_batch 64 (drained/s)" "$(figure bench_c_api bm_batches/plans_journal_batch_4096/64 drained_events_per_s)" 1e6 M ">=" 1
target "C API, reports, journal batch, one by one (drained/s)" "$(figure bench_c_api bm_submit/journal_batch_4096 drained_events_per_s)" 1e6 M ">=" 0.5
target "C API, reports, journal batch, submit_batch 64 (drained/s)" "$(figure bench_c_api bm_batches/reports_journal_batch_4096/64 drained_events_per_s)" 1e6 M ">=" 0.5
target "replay: reopening a 1 M-event journal (events/s)" "$(figure bench_replay BM_journal_replay/call_plans items_per_second)" 1e6 M ">=" 2
target "compile: reference policy + registry (compile_rules_files)" "$compile_s" 1e-3 ms "<=" 10
[ -n "$serial_s" ] && awk -v s="$serial_s" 'BEGIN { printf "  %-62s %10.2f ms   (one after the other, for comparison)\n", "compile: the same, one after the other", s * 1e3 }'
echo "  (the ratio to XState: make bench-peers)"
