// Replay of a recorded journal: what reopening costs after a crash (docs/journal.md
// "Opening and recovery"). Budget context: issue "journal, replay" asks for the replay of a
// 1 M-event journal. Reported, not asserted. Two journals:
// - reports/100000: incident.report events spread over the nine county-level jurisdictions
//   (5 effects each; ~1.7 KB of journal per event, so 1 M of them would be ~1.7 GB: the time
//   for 1 M is ten times the time shown);
// - call_plans/1000000: the mixed workload of call_plans.hpp (the life of a call plan; ~1.2
//   effects per event, ~0.65 KB per event): a 1 M-event journal, replayed whole.
//
// And open_from_snapshot/<events>/<tail>/<retention>: the call-plan journal with a snapshot
// (docs/journal.md "Snapshots") taken <tail> events before its end; opening loads it and
// replays only the tail (issue 15, item 3; issue 16, target 3). Loading takes time in
// proportion to the state the snapshot holds: without retention every outcome, event id and
// record; with limits.retention (1 day, a plan every 10 s, each plan closing its incident) only
// the last day's outcomes and ids and the incidents not yet released, so opening a journal of
// 3 M events costs what opening one of 1 M does: the tail, and a day of state.
//
// Setup (untimed): a session with a journal (durability none) takes the events. Timed:
// session::open on that file — verify the hash chain, decode each event, apply it, re-encode
// its outcome records and compare them with the recorded ones. items_per_second: events
// replayed per second of wall-clock time (target, issue 16: >= 2 M/s).
#include "call_plans.hpp"
#include "reports.hpp"

#include <muster/session.hpp>

#include <benchmark/benchmark.h>

#include <algorithm>
#include <cstdio>
#include <string>
#include <sys/stat.h>
#include <unistd.h>

namespace {

struct recorded {
  std::shared_ptr<const muster::policy> policy;
  std::shared_ptr<const muster::force_registry> forces;
  std::string path;
  std::size_t events = 0;
};

enum class workload { reports, call_plans };

/// `snapshot_tail` > 0: a snapshot is taken that many events before the end. `retention`: the
/// policy keeps a day of outcomes and ids (limits.retention), and a plan starts every 10 s of
/// engine time (1 M events are about 11 days) and closes its incident, released a day later, so
/// most of the history is forgotten.
recorded record_journal(workload w, std::size_t n, std::size_t snapshot_tail = 0, bool retention = false) {
  recorded r;
  r.policy = muster_bench::weihai_policy(retention);
  if (!r.policy) return r;
  r.forces = muster::compile_forces_file(*r.policy, MUSTER_SOURCE_DIR "/rules/weihai-forces.yaml").value;
  r.path = "/tmp/muster-bench-replay-" + std::to_string(::getpid()) + ".journal";
  std::remove(r.path.c_str());
  muster::session_options options;
  options.journal_path = r.path;
  options.mode = muster::durability::none;
  auto opened = muster::session::open(r.policy, r.forces, options);
  if (!opened) return r;
  const std::unique_ptr<muster::session> s = std::move(*opened);
  if (w == workload::reports) {
    for (std::size_t i = 0; i < n; ++i) s->submit_json(muster_bench::report_event(i));
  } else {
    const auto plans = muster_bench::plan_counties(MUSTER_SOURCE_DIR "/rules/weihai.yaml", MUSTER_SOURCE_DIR "/rules/weihai-forces.yaml");
    if (plans.empty()) return r;
    muster::outcome_text out;
    muster_bench::plan_driver d([&](const char* json, std::size_t len, std::vector<std::string>& effects) {
      s->submit_json(std::string_view(json, len), out);
      effects.clear();
      for (const auto& e : out.effects) effects.emplace_back(out.json, e.offset, e.length);
      return out.accepted;
    });
    if (retention) {
      d.pace(10);
      d.close_incidents(true);
    }
    bool taken = snapshot_tail == 0;
    for (std::size_t k = 0; d.events() < n; ++k) {
      if (!taken && d.events() + snapshot_tail >= n) {
        if (!s->snapshot()) return r;
        taken = true;
      }
      if (!d.run(plans[k % plans.size()])) return r;
    }
    n = d.events();
  }
  if (!s->flush()) return r;
  r.events = n;
  return r;
}

void BM_journal_replay(benchmark::State& state, workload w) {
  const recorded r = record_journal(w, static_cast<std::size_t>(state.range(0)));
  if (r.events == 0) {
    state.SkipWithError("could not record the journal");
    return;
  }
  std::uint64_t replayed = 0;
  for (auto _ : state) {
    muster::session_options options;
    options.journal_path = r.path;
    options.mode = muster::durability::none;
    auto s = muster::session::open(r.policy, r.forces, options);
    if (!s) {
      state.SkipWithError(s.error().message().c_str());
      break;
    }
    replayed += (*s)->recovery().events_replayed;
    benchmark::DoNotOptimize((*s)->state_digest());
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(replayed));
  state.counters["events_replayed"] = static_cast<double>(r.events);
  struct stat st {};
  state.counters["journal_MB"] = ::stat(r.path.c_str(), &st) == 0 ? static_cast<double>(st.st_size) / 1e6 : 0;
  std::remove(r.path.c_str());
}

void BM_open_from_snapshot(benchmark::State& state) {
  const recorded r = record_journal(workload::call_plans, static_cast<std::size_t>(state.range(0)), static_cast<std::size_t>(state.range(1)),
                                    state.range(2) != 0);
  if (r.events == 0) {
    state.SkipWithError("could not record the journal");
    return;
  }
  std::uint64_t replayed = 0, at = 0;
  for (auto _ : state) {
    muster::session_options options;
    options.journal_path = r.path;
    options.mode = muster::durability::none;
    auto s = muster::session::open(r.policy, r.forces, options);
    if (!s || (*s)->recovery().snapshot_seq == 0) {
      state.SkipWithError(s ? ("the snapshot was not used: " + (*s)->recovery().snapshot_note).c_str() : s.error().message().c_str());
      break;
    }
    replayed += (*s)->recovery().events_replayed;
    at = (*s)->recovery().snapshot_seq;
    benchmark::DoNotOptimize((*s)->state_digest());
  }
  state.counters["events"] = static_cast<double>(r.events);
  state.counters["tail_replayed"] = static_cast<double>(replayed) / static_cast<double>(std::max<std::int64_t>(state.iterations(), 1));
  struct stat st {};
  state.counters["journal_MB"] = ::stat(r.path.c_str(), &st) == 0 ? static_cast<double>(st.st_size) / 1e6 : 0;
  const std::string snap = r.path + ".snapshot-" + std::string(20 - std::to_string(at).size(), '0') + std::to_string(at);
  state.counters["snapshot_MB"] = ::stat(snap.c_str(), &st) == 0 ? static_cast<double>(st.st_size) / 1e6 : 0;
  std::remove(snap.c_str());
  std::remove(r.path.c_str());
}

}  // namespace

// Wall-clock time: opening may use more than the calling thread (the journal reads ahead on its
// own), and what a host waits for is the time until the session is open.
BENCHMARK_CAPTURE(BM_journal_replay, reports, workload::reports)->Arg(100000)->Unit(benchmark::kMillisecond)->Iterations(2)->UseRealTime();
BENCHMARK_CAPTURE(BM_journal_replay, call_plans, workload::call_plans)->Arg(1000000)->Unit(benchmark::kMillisecond)->Iterations(2)->UseRealTime();
BENCHMARK(BM_open_from_snapshot)->ArgNames({"events", "tail", "retention"})->Args({1000000, 10000, 0})->Args({1000000, 100000, 0})
    ->Args({1000000, 10000, 1})->Args({3000000, 10000, 1})->Unit(benchmark::kMillisecond)->Iterations(2)->UseRealTime();
BENCHMARK_MAIN();
