// The full path through the C API (bindings/c, libmuster.so): one JSON event in through
// muster_engine_submit, the outcome (its JSON and each effect's, built once) out, freed with
// muster_outcome_free. Budget (shared/DESIGN.md): p99 <= 20 us per call in memory; >= 1 M
// events/s for the full path. Reported, not asserted.
//
// Each iteration reports a new incident (incident.report, ~5 effects: routes, command, first
// response) in one of the nine county-level jurisdictions of rules/weihai.yaml, all at one time
// (no timers fire). The event text is written before the clock starts; only submit + free are
// timed, per call, with std::chrono::steady_clock into a preallocated vector.
//
// Counters: events_per_s = calls / the sum of their latencies; p50_us, p99_us, p999_us, max_us;
// effects per call. Variants: in memory; with a journal (durability none: write(), no fsync);
// with a journal and group commit (batch: fsync every 256 records or 5 ms).
#include <muster/muster.h>

#include <benchmark/benchmark.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <unistd.h>
#include <vector>

namespace {

constexpr const char* policy_path = MUSTER_SOURCE_DIR "/rules/weihai.yaml";
constexpr const char* forces_path = MUSTER_SOURCE_DIR "/rules/weihai-forces.yaml";
constexpr long long t0 = 1791594000;  // 2026-10-10T09:00:00+08:00
constexpr const char* counties[] = {"huancui", "wendeng", "rongcheng", "rushan", "econ_zone",
                                    "hitech_zone", "lingang_zone", "bonded_zone", "nanhai"};

enum class mode { memory, journal_none, journal_batch };

double percentile(std::vector<double>& v, double p) {
  if (v.empty()) return 0;
  const auto k = static_cast<std::size_t>(p * static_cast<double>(v.size() - 1));
  std::nth_element(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(k), v.end());
  return v[k];
}

void bm_submit(benchmark::State& state, mode m) {
  std::string journal;
  muster_options opt = MUSTER_OPTIONS_INIT;
  if (m != mode::memory) {
    const char* tmp = std::getenv("TMPDIR");
    journal = std::string(tmp != nullptr && *tmp != '\0' ? tmp : "/tmp") + "/muster-bench-c-api-" +
              std::to_string(::getpid()) + ".journal";
    std::remove(journal.c_str());
    opt.journal_path = journal.c_str();
    opt.durability = m == mode::journal_none ? MUSTER_DURABILITY_NONE : MUSTER_DURABILITY_BATCH;
  }
  muster_engine* engine = nullptr;
  if (muster_engine_open(&engine, policy_path, forces_path, &opt) != MUSTER_OK) {
    state.SkipWithError(muster_error_last());
    return;
  }

  std::vector<double> latency_us;
  latency_us.reserve(static_cast<std::size_t>(state.max_iterations));
  std::size_t effects = 0, refused = 0;
  std::uint64_t n = 0;
  char event[512];
  for (auto _ : state) {
    const char* county = counties[n % 9];
    const int len = std::snprintf(event, sizeof event,
                                  "{\"id\":\"b%llu\",\"kind\":\"incident.report\",\"at\":%lld,\"actor\":\"%s_em\","
                                  "\"incident\":\"INC-%llu\",\"jurisdiction\":\"%s\",\"incident_type\":\"building_fire\","
                                  "\"grade\":\"general\"}",
                                  static_cast<unsigned long long>(n), t0, county, static_cast<unsigned long long>(n), county);
    ++n;
    muster_outcome* out = nullptr;
    const auto start = std::chrono::steady_clock::now();
    const int rc = muster_engine_submit(engine, event, static_cast<std::size_t>(len), &out);
    effects += muster_outcome_effect_count(out);
    muster_outcome_free(out);
    const auto stop = std::chrono::steady_clock::now();
    if (rc != MUSTER_OK) ++refused;
    if (latency_us.size() < latency_us.capacity())
      latency_us.push_back(std::chrono::duration<double, std::micro>(stop - start).count());
  }
  muster_engine_close(engine);
  if (!journal.empty()) std::remove(journal.c_str());
  if (refused != 0) state.SkipWithError("some events were refused");

  double total_us = 0;
  for (double v : latency_us) total_us += v;
  state.counters["events_per_s"] = total_us > 0 ? static_cast<double>(latency_us.size()) / (total_us * 1e-6) : 0;
  state.counters["p50_us"] = percentile(latency_us, 0.50);
  state.counters["p99_us"] = percentile(latency_us, 0.99);
  state.counters["p999_us"] = percentile(latency_us, 0.999);
  state.counters["max_us"] = latency_us.empty() ? 0 : *std::max_element(latency_us.begin(), latency_us.end());
  state.counters["effects"] = n != 0 ? static_cast<double>(effects) / static_cast<double>(n) : 0;
  state.SetItemsProcessed(static_cast<std::int64_t>(n));
}

// Fixed iteration counts: every iteration adds an incident (and, with a journal, ~3 KB on disk).
BENCHMARK_CAPTURE(bm_submit, memory, mode::memory)->Iterations(100000)->Unit(benchmark::kMicrosecond);
BENCHMARK_CAPTURE(bm_submit, journal_none, mode::journal_none)->Iterations(20000)->Unit(benchmark::kMicrosecond);
BENCHMARK_CAPTURE(bm_submit, journal_batch, mode::journal_batch)->Iterations(20000)->Unit(benchmark::kMicrosecond);

}  // namespace

BENCHMARK_MAIN();
