#!/usr/bin/env bash
# bench_engine beside its workload in XState 5 (bench/peers/README.md), interleaved on one machine:
# PAIRS pairs (muster, xstate) at 100,000 open call plans; prints each pair's events/s, the
# medians and the ratio of the medians.
#
#   scripts/bench-peers.sh BUILD_DIR      e.g. scripts/bench-peers.sh build   (make bench-peers)
#
# BUILD_DIR/bench/bench_engine must be built. Node (≥ 18) comes from Debian if missing, xstate
# from npm at the version pinned in bench/peers/xstate/package-lock.json (npm ci, on first use).
# Environment: PAIRS (5), XSTATE_ITERATIONS (1 per pair; bench_engine always runs 3),
# XSTATE_MODEL (plan | records), XSTATE_HEAP_MB (V8 old space, 8192).
# Figures are events per CPU second of the driving thread on both sides; the wall-clock figures
# follow for reference. Reported, not asserted.
set -euo pipefail

if [ $# -ne 1 ]; then
  echo "usage: $0 BUILD_DIR" >&2
  exit 2
fi
root="$(cd "$(dirname "$0")/.." && pwd)"
engine="$1/bench/bench_engine"
peer="$root/bench/peers/xstate"
pairs="${PAIRS:-5}"
xstate_iterations="${XSTATE_ITERATIONS:-1}"
xstate_model="${XSTATE_MODEL:-plan}"
heap_mb="${XSTATE_HEAP_MB:-8192}"
plans=100000  # bench_engine's BM_engine_call_plans/100000

if [ ! -x "$engine" ]; then
  echo "bench-peers: $engine not built (cmake --build $1 --target bench_engine)" >&2
  exit 1
fi

if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
  echo "bench-peers: installing nodejs and npm (Debian)" >&2
  if [ "$(id -u)" -eq 0 ]; then apt-get update -qq && apt-get install -y -qq nodejs npm >/dev/null
  else sudo apt-get update -qq && sudo apt-get install -y -qq nodejs npm >/dev/null; fi
fi
if [ "$(node -p 'process.versions.node.split(".")[0]')" -lt 18 ]; then
  echo "bench-peers: node $(node --version) is too old for xstate 5 (18 or later)" >&2
  exit 1
fi
pinned="$(node -p "require('$peer/package-lock.json').packages['node_modules/xstate'].version")"
have="$(node -p "try { require('$peer/node_modules/xstate/package.json').version } catch { '' }")"
if [ "$have" != "$pinned" ]; then
  echo "bench-peers: npm ci (xstate $pinned)" >&2
  (cd "$peer" && npm ci --no-audit --no-fund --silent)
fi

out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
echo "bench-peers: $pairs pairs, $plans open call plans; muster $(basename "$engine") (3 iterations), xstate $pinned on node $(node --version) (model $xstate_model, $xstate_iterations iteration(s))"
for ((p = 1; p <= pairs; ++p)); do
  "$engine" --benchmark_filter="^BM_engine_call_plans/$plans/" --benchmark_format=json >"$out/muster.$p.json" 2>"$out/muster.$p.err" ||
    { cat "$out/muster.$p.err" >&2; exit 1; }
  node --expose-gc --max-old-space-size="$heap_mb" "$peer/bench.mjs" --plans "$plans" --iterations "$xstate_iterations" \
    --model "$xstate_model" >"$out/xstate.$p.txt"
  echo "  pair $p done" >&2
done

# The table, the medians and the ratio.
node - "$out" "$pairs" <<'EOF'
const fs = require('fs');
const [dir, pairs] = [process.argv[2], Number(process.argv[3])];
const median = (v) => { const s = [...v].sort((a, b) => a - b); const m = s.length >> 1; return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2; };
const n = (x) => Math.round(x).toLocaleString('en-US');
const rows = [];
for (let p = 1; p <= pairs; ++p) {
  const j = JSON.parse(fs.readFileSync(`${dir}/muster.${p}.json`, 'utf8'));
  const b = j.benchmarks.find((x) => x.name.startsWith('BM_engine_call_plans'));
  if (!b || b.error_occurred) { console.error(`bench-peers: bench_engine: ${b ? b.error_message : 'no result'}`); process.exit(1); }
  const ms = (t) => t * { ns: 1e-6, us: 1e-3, ms: 1, s: 1e3 }[b.time_unit];
  const x = Object.fromEntries(fs.readFileSync(`${dir}/xstate.${p}.txt`, 'utf8').trim().split(/\s+/).slice(1).map((kv) => kv.split('=')));
  rows.push({
    m_cpu: b.items_per_second, m_wall: b.events / (ms(b.real_time) / 1000), m_events: b.events, m_effects: b.effects, m_bytes: b.bytes_per_open_request,
    x_cpu: Number(x.events_per_cpu_s), x_wall: Number(x.events_per_wall_s), x_events: Number(x.events), x_effects: Number(x.effects), x_heap: Number(x.heap_bytes_per_open_request),
  });
}
const w = [6, 16, 16, 9, 18, 18];
const line = (...c) => console.log(c.map((s, i) => String(s).padStart(w[i])).join(' '));
console.log('\nevents per CPU second of the driving thread (wall-clock in the last columns)');
line('pair', 'muster ev/s', 'xstate ev/s', 'ratio', 'muster ev/s wall', 'xstate ev/s wall');
rows.forEach((r, i) => line(i + 1, n(r.m_cpu), n(r.x_cpu), (r.m_cpu / r.x_cpu).toFixed(1) + 'x', n(r.m_wall), n(r.x_wall)));
const med = (k) => median(rows.map((r) => r[k]));
line('median', n(med('m_cpu')), n(med('x_cpu')), (med('m_cpu') / med('x_cpu')).toFixed(1) + 'x', n(med('m_wall')), n(med('x_wall')));
console.log(`\nratio of medians (CPU): ${(med('m_cpu') / med('x_cpu')).toFixed(1)}x   (wall-clock: ${(med('m_wall') / med('x_wall')).toFixed(1)}x)`);
console.log(`per iteration: muster ${n(rows[0].m_events)} events, ${n(rows[0].m_effects)} effects; xstate ${n(rows[0].x_events)} events, ${n(rows[0].x_effects)} effects`);
if (rows.some((r) => r.m_events !== r.x_events || r.m_effects !== r.x_effects))
  console.log('WARNING: the two sides did not see the same events or produce the same effects; the ratio compares different work');
console.log(`memory at the peak (100,000 open requests): muster ${n(med('m_bytes'))} B per open request (state_bytes); xstate ${n(med('x_heap'))} B of V8 heap per open request`);
EOF
