// The full path through the C API (bindings/c, libmuster.so): one JSON event in through
// muster_engine_submit, the outcome (its JSON, and where each effect's lies in it) out, freed
// with muster_outcome_free. Budget (shared/DESIGN.md): p99 <= 20 us per call in memory; >= 1 M
// events/s for the full path. Reported, not asserted.
//
// Two workloads, three ways in:
// - bm_submit (report-heavy, the original): each iteration reports a new incident
//   (incident.report, ~5 effects: routes, command, first response) in one of the nine
//   county-level jurisdictions of rules/weihai.yaml, all at one time (no timers fire).
// - bm_call_plans (mixed, added with journal format 2): the life of a call plan (call_plans.hpp:
//   report, draft, approval, consents, acks, releases; ~9 events per plan, ~1.2 effects per
//   event). The driver reads request and order numbers, addressees and forces from the
//   effects' JSON, untimed.
// - bm_batches: the call plans' events recorded once (the engine is deterministic), then
//   replayed through muster_engine_submit_batch, 64 or 256 lines a call (and one by one through
//   muster_engine_submit, for comparison on the same stream); and the report-heavy events the
//   same way, 64 a call.
// The event text is written before the clock starts; only submit + free are timed, per call,
// with std::chrono::steady_clock into a preallocated vector.
//
// Counters: events_per_s = calls / the sum of their latencies; drained_events_per_s = calls /
// (the sum of their latencies + the time the journal's thread then needed to write what was
// still queued: drain_us) — with a journal, submit returns before the records are written
// (docs/journal.md), so this is the rate the disk side sustains too; p50_us, p99_us, p999_us,
// max_us; effects per call; journal_bytes per call. Variants: in memory; with a journal
// (durability none: written by the journal's thread in big chunks, no fsync); with a journal
// and group commit as the C API's defaults set it (batch: fsync every 256 records or 5 ms); and
// with the session's defaults (batch_4096: fsync every 4096 records or 10 ms). Durable figures
// are bound by fsync latency (DESIGN.md "Known traps"): a batch can only be as large as the
// records it may lose, and when the journal's thread falls behind, submit waits for room in its
// queue.
#include "call_plans.hpp"

#include <muster/muster.h>

#include <benchmark/benchmark.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <sys/stat.h>
#include <unistd.h>
#include <vector>

namespace {

constexpr const char* policy_path = MUSTER_SOURCE_DIR "/rules/weihai.yaml";
constexpr const char* forces_path = MUSTER_SOURCE_DIR "/rules/weihai-forces.yaml";
constexpr long long t0 = 1791594000;  // 2026-10-10T09:00:00+08:00
constexpr const char* counties[] = {"huancui", "wendeng", "rongcheng", "rushan", "econ_zone",
                                    "hitech_zone", "lingang_zone", "bonded_zone", "nanhai"};

enum class mode { memory, journal_none, journal_batch, journal_batch_4096 };

double percentile(std::vector<double>& v, double p) {
  if (v.empty()) return 0;
  const auto k = static_cast<std::size_t>(p * static_cast<double>(v.size() - 1));
  std::nth_element(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(k), v.end());
  return v[k];
}

/// An engine as the variant wants it, and its journal file (removed at the end).
struct bench_engine {
  muster_engine* engine = nullptr;
  std::string journal;

  bench_engine(benchmark::State& state, mode m, const char* name) {
    muster_options opt = MUSTER_OPTIONS_INIT;
    if (m != mode::memory) {
      const char* tmp = std::getenv("TMPDIR");
      journal = std::string(tmp != nullptr && *tmp != '\0' ? tmp : "/tmp") + "/muster-bench-" + name + "-" +
                std::to_string(::getpid()) + ".journal";
      std::remove(journal.c_str());
      opt.journal_path = journal.c_str();
      opt.durability = m == mode::journal_none ? MUSTER_DURABILITY_NONE : MUSTER_DURABILITY_BATCH;
      if (m == mode::journal_batch_4096) {
        opt.batch_size = 4096;
        opt.batch_interval_us = 10000;
      }
    }
    if (muster_engine_open(&engine, policy_path, forces_path, &opt) != MUSTER_OK) state.SkipWithError(muster_error_last());
  }
  ~bench_engine() {
    muster_engine_close(engine);
    if (!journal.empty()) std::remove(journal.c_str());
  }
  bench_engine(const bench_engine&) = delete;
  bench_engine& operator=(const bench_engine&) = delete;

  double journal_bytes() const {
    struct stat st {};
    return !journal.empty() && ::stat(journal.c_str(), &st) == 0 ? static_cast<double>(st.st_size) : 0;
  }
};

/// Latencies of the timed calls, and what the outcomes held.
struct tally {
  std::vector<double> latency_us;
  std::uint64_t calls = 0, effects = 0, refused = 0;

  explicit tally(std::size_t capacity) { latency_us.reserve(capacity); }
  void add(std::chrono::steady_clock::duration d) {
    if (latency_us.size() < latency_us.capacity()) latency_us.push_back(std::chrono::duration<double, std::micro>(d).count());
  }

  void report(benchmark::State& state, const bench_engine& e) {
    if (refused != 0) state.SkipWithError("some events were refused");
    // What the journal's thread still had to write when the last call returned: waiting for it
    // (muster_engine_journal_seq drains the queue; no fsync) is charged to the whole run.
    std::uint64_t next = 0, durable = 0;
    const auto drain_start = std::chrono::steady_clock::now();
    if (muster_engine_journal_seq(&next, &durable, e.engine) != MUSTER_OK) state.SkipWithError(muster_error_last());
    const double drain_us = std::chrono::duration<double, std::micro>(std::chrono::steady_clock::now() - drain_start).count();
    double total_us = 0;
    for (double v : latency_us) total_us += v;
    state.counters["events_per_s"] = total_us > 0 ? static_cast<double>(latency_us.size()) / (total_us * 1e-6) : 0;
    state.counters["drained_events_per_s"] =
        total_us > 0 ? static_cast<double>(latency_us.size()) / ((total_us + drain_us) * 1e-6) : 0;
    state.counters["drain_us"] = drain_us;
    state.counters["p50_us"] = percentile(latency_us, 0.50);
    state.counters["p99_us"] = percentile(latency_us, 0.99);
    state.counters["p999_us"] = percentile(latency_us, 0.999);
    state.counters["max_us"] = latency_us.empty() ? 0 : *std::max_element(latency_us.begin(), latency_us.end());
    state.counters["effects"] = calls != 0 ? static_cast<double>(effects) / static_cast<double>(calls) : 0;
    state.counters["journal_bytes"] = calls != 0 ? e.journal_bytes() / static_cast<double>(calls) : 0;
    state.SetItemsProcessed(static_cast<std::int64_t>(calls));
  }
};

/// The report-heavy workload's event number `n` (from 0): a new building fire in one of the nine
/// counties, into `event`; returns its length.
int report_event(unsigned long long n, char (&event)[512]) {
  const char* county = counties[n % 9];
  return std::snprintf(event, sizeof event,
                       "{\"id\":\"b%llu\",\"kind\":\"incident.report\",\"at\":%lld,\"actor\":\"%s_em\","
                       "\"incident\":\"INC-%llu\",\"jurisdiction\":\"%s\",\"incident_type\":\"building_fire\","
                       "\"grade\":\"general\"}",
                       n, t0, county, n, county);
}

void bm_submit(benchmark::State& state, mode m) {
  bench_engine e(state, m, "c-api");
  if (e.engine == nullptr) return;
  tally t(static_cast<std::size_t>(state.max_iterations));
  char event[512];
  for (auto _ : state) {
    const int len = report_event(t.calls, event);
    ++t.calls;
    muster_outcome* out = nullptr;
    const auto start = std::chrono::steady_clock::now();
    const int rc = muster_engine_submit(&out, e.engine, event, static_cast<std::size_t>(len));
    t.effects += muster_outcome_effect_count(out);
    muster_outcome_free(out);
    const auto stop = std::chrono::steady_clock::now();
    if (rc != MUSTER_OK) ++t.refused;
    t.add(stop - start);
  }
  t.report(state, e);
}

// ---- the mixed workload: the life of a call plan (call_plans.hpp) ---------------------------

/// Each effect's JSON of `out`, into `effects` (replaced); returns how many.
std::size_t copy_effects(const muster_outcome* out, std::vector<std::string>& effects) {
  effects.clear();
  const std::size_t n = muster_outcome_effect_count(out);
  for (std::size_t i = 0; i < n; ++i) {
    std::size_t need = 0;
    muster_outcome_effect_json(nullptr, 0, &need, out, i);
    std::string one(need + 1, '\0');
    muster_outcome_effect_json(one.data(), one.size(), &need, out, i);
    one.resize(need);
    effects.push_back(std::move(one));
  }
  return n;
}

/// Submits one event through the C API, timing submit + free, copying the effects' JSON out untimed.
class c_api_submitter {
 public:
  c_api_submitter(muster_engine* e, tally& t) : e_(e), t_(t) {}

  bool operator()(const char* json, std::size_t len, std::vector<std::string>& effects) {
    muster_outcome* out = nullptr;
    const auto start = std::chrono::steady_clock::now();
    const int rc = muster_engine_submit(&out, e_, json, len);
    const auto stop = std::chrono::steady_clock::now();
    ++t_.calls;
    t_.effects += copy_effects(out, effects);
    const auto free_start = std::chrono::steady_clock::now();
    muster_outcome_free(out);
    const auto free_stop = std::chrono::steady_clock::now();
    t_.add((stop - start) + (free_stop - free_start));
    if (rc == MUSTER_OK) return true;
    ++t_.refused;
    std::fprintf(stderr, "bench_c_api: refused: %s\n", muster_error_last());
    return false;
  }

 private:
  muster_engine* e_;
  tally& t_;
};

void bm_call_plans(benchmark::State& state, mode m) {
  static const std::vector<muster_bench::county_plan> plans = muster_bench::plan_counties(policy_path, forces_path);
  if (plans.empty()) {
    state.SkipWithError("rules/weihai-forces.yaml has no two forces per county");
    return;
  }
  bench_engine e(state, m, "c-api-plans");
  if (e.engine == nullptr) return;
  tally t(static_cast<std::size_t>(state.max_iterations) * 16);
  muster_bench::plan_driver<c_api_submitter> d(c_api_submitter(e.engine, t));
  std::size_t k = 0;
  for (auto _ : state)
    if (!d.run(plans[k++ % plans.size()])) break;
  t.report(state, e);
}

// ---- the same workload recorded, then replayed in batches ----------------------------------

/// The call-plan workload's events, recorded once from an in-memory engine (the engine is
/// deterministic, so replaying them anywhere gives the same outcomes): `plans` plans, one JSON
/// line each.
const std::vector<std::string>& recorded_plans() {
  static const std::vector<std::string> lines = [] {
    std::vector<std::string> v;
    const auto plans = muster_bench::plan_counties(policy_path, forces_path);
    muster_engine* e = nullptr;
    muster_options opt = MUSTER_OPTIONS_INIT;
    if (plans.empty() || muster_engine_open(&e, policy_path, forces_path, &opt) != MUSTER_OK) return v;
    muster_bench::plan_driver d([&](const char* json, std::size_t len, std::vector<std::string>& effects) {
      v.emplace_back(json, len);
      muster_outcome* out = nullptr;
      const int rc = muster_engine_submit(&out, e, json, len);
      copy_effects(out, effects);
      muster_outcome_free(out);
      return rc == MUSTER_OK;
    });
    for (std::size_t k = 0; k < 40000; ++k)
      if (!d.run(plans[k % plans.size()])) {
        v.clear();
        break;
      }
    muster_engine_close(e);
    return v;
  }();
  return lines;
}

/// The report-heavy workload's first 320,000 events, one JSON line each.
const std::vector<std::string>& recorded_reports() {
  static const std::vector<std::string> lines = [] {
    std::vector<std::string> v;
    char event[512];
    for (unsigned long long n = 0; n < 320000; ++n) v.emplace_back(event, static_cast<std::size_t>(report_event(n, event)));
    return v;
  }();
  return lines;
}

enum class stream { plans, reports };

/// A recorded stream through muster_engine_submit_batch, `state.range(0)` lines a call (1:
/// muster_engine_submit, one call per event, for comparison on the same stream). Each call's
/// text is joined before the clock starts; the call, reading each outcome's status and effect
/// count, and the free are timed.
void bm_batches(benchmark::State& state, mode m, stream which) {
  const auto& lines = which == stream::plans ? recorded_plans() : recorded_reports();
  if (lines.empty()) {
    state.SkipWithError("could not record the workload");
    return;
  }
  const auto per_call = static_cast<std::size_t>(state.range(0));
  std::vector<std::string> calls;
  for (std::size_t i = 0; i < lines.size(); i += per_call) {
    std::string text;
    for (std::size_t k = i; k < std::min(lines.size(), i + per_call); ++k) (text += lines[k]) += '\n';
    calls.push_back(std::move(text));
  }
  bench_engine e(state, m, "c-api-batch");
  if (e.engine == nullptr) return;
  tally t(calls.size());
  double total_us = 0;
  std::size_t next = 0;
  for (auto _ : state) {
    if (next == calls.size()) {
      state.SkipWithError("the recorded stream ran out: fewer iterations, please");
      break;
    }
    const std::string& text = calls[next++];
    const auto start = std::chrono::steady_clock::now();
    std::size_t events = 0;
    int rc = MUSTER_OK;
    if (per_call == 1) {
      muster_outcome* out = nullptr;
      rc = muster_engine_submit(&out, e.engine, text.data(), text.size() - 1);
      t.effects += muster_outcome_effect_count(out);
      muster_outcome_free(out);
      events = 1;
    } else {
      muster_batch* out = nullptr;
      rc = muster_engine_submit_batch(&out, e.engine, text.data(), text.size());
      events = muster_batch_count(out);
      for (std::size_t i = 0; i < events; ++i) {
        const muster_outcome* o = nullptr;
        if (muster_batch_outcome(&o, out, i) == MUSTER_OK) t.effects += muster_outcome_effect_count(o);
      }
      muster_batch_free(out);
    }
    const auto stop = std::chrono::steady_clock::now();
    if (rc != MUSTER_OK) ++t.refused;
    t.calls += events;
    total_us += std::chrono::duration<double, std::micro>(stop - start).count();
    t.add(stop - start);
  }
  t.report(state, e);
  // report() counts calls; here a call carries per_call events.
  std::uint64_t next_seq = 0, durable = 0;
  muster_engine_journal_seq(&next_seq, &durable, e.engine);
  state.counters["events_per_s"] = total_us > 0 ? static_cast<double>(t.calls) / (total_us * 1e-6) : 0;
  state.counters["drained_events_per_s"] =
      total_us > 0 ? static_cast<double>(t.calls) / ((total_us + state.counters["drain_us"].value) * 1e-6) : 0;
  state.counters["events_per_call"] = static_cast<double>(per_call);
}

// Fixed iteration counts: every iteration adds an incident (and, with a journal, ~1.7 KB on disk
// per incident.report; ~11 events and ~5 KB per call plan).
BENCHMARK_CAPTURE(bm_submit, memory, mode::memory)->Iterations(100000)->Unit(benchmark::kMicrosecond);
BENCHMARK_CAPTURE(bm_submit, journal_none, mode::journal_none)->Iterations(20000)->Unit(benchmark::kMicrosecond);
BENCHMARK_CAPTURE(bm_submit, journal_batch, mode::journal_batch)->Iterations(20000)->Unit(benchmark::kMicrosecond);
BENCHMARK_CAPTURE(bm_submit, journal_batch_4096, mode::journal_batch_4096)->Iterations(20000)->Unit(benchmark::kMicrosecond);
BENCHMARK_CAPTURE(bm_call_plans, memory, mode::memory)->Iterations(10000)->Unit(benchmark::kMicrosecond);
BENCHMARK_CAPTURE(bm_call_plans, journal_none, mode::journal_none)->Iterations(2000)->Unit(benchmark::kMicrosecond);
BENCHMARK_CAPTURE(bm_call_plans, journal_batch, mode::journal_batch)->Iterations(2000)->Unit(benchmark::kMicrosecond);
BENCHMARK_CAPTURE(bm_call_plans, journal_batch_4096, mode::journal_batch_4096)->Iterations(2000)->Unit(benchmark::kMicrosecond);
// 360,000 recorded events (40,000 plans): 320,000 of them per batched variant, the first 18,000
// one by one.
BENCHMARK_CAPTURE(bm_batches, plans_memory, mode::memory, stream::plans)->Arg(1)->Iterations(18000)->Unit(benchmark::kMicrosecond);
BENCHMARK_CAPTURE(bm_batches, plans_memory, mode::memory, stream::plans)->Arg(64)->Iterations(320000 / 64)->Unit(benchmark::kMicrosecond);
BENCHMARK_CAPTURE(bm_batches, plans_journal_none, mode::journal_none, stream::plans)->Arg(1)->Iterations(18000)->Unit(benchmark::kMicrosecond);
BENCHMARK_CAPTURE(bm_batches, plans_journal_none, mode::journal_none, stream::plans)->Arg(64)->Iterations(320000 / 64)->Unit(benchmark::kMicrosecond);
BENCHMARK_CAPTURE(bm_batches, plans_journal_batch_4096, mode::journal_batch_4096, stream::plans)->Arg(64)->Iterations(320000 / 64)->Unit(benchmark::kMicrosecond);
BENCHMARK_CAPTURE(bm_batches, plans_journal_batch, mode::journal_batch, stream::plans)->Arg(256)->Iterations(320000 / 256)->Unit(benchmark::kMicrosecond);
// The report-heavy stream the same way (~5 effects an event): 64,000 reports per variant.
BENCHMARK_CAPTURE(bm_batches, reports_memory, mode::memory, stream::reports)->Arg(64)->Iterations(64000 / 64)->Unit(benchmark::kMicrosecond);
BENCHMARK_CAPTURE(bm_batches, reports_journal_batch_4096, mode::journal_batch_4096, stream::reports)->Arg(64)->Iterations(64000 / 64)->Unit(benchmark::kMicrosecond);

}  // namespace

BENCHMARK_MAIN();
