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

for exe in "${benches[@]}"; do
  echo "== $(basename "$exe")"
  # benchmark 1.7.1 takes --benchmark_min_time as plain seconds (later versions want "0.2s").
  "$exe" --benchmark_min_time=0.2
  echo
done
