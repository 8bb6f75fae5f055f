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
// And open_compacted/<events>/<tail>: that retention journal rotating every 16 MB
// (session_options::segment_bytes), compacted behind its snapshot (compact_journal): what stays
// beside the journal, what went to the archive, and opening it (docs/journal.md "Segments").
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
#include <filesystem>
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
recorded record_journal(workload w, std::size_t n, std::size_t snapshot_tail = 0, bool retention = false,
                        std::uint64_t segment_bytes = 0) {
  recorded r;
  r.policy = muster_bench::weihai_policy(retention);
  if (!r.policy) return r;
  r.forces = muster::compile_forces_file(*r.policy, MUSTER_SOURCE_DIR "/rules/weihai-forces.yaml").value;
  r.path = "/tmp/muster-bench-replay-" + std::to_string(::getpid()) + ".journal";
  std::remove(r.path.c_str());
  muster::session_options options;
  options.journal_path = r.path;
  options.mode = muster::durability::none;
  options.segment_bytes = segment_bytes;
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

/// The timed loop: opening the journal, which must start from a snapshot. Sets the counters
/// `events` and `tail_replayed`; returns the snapshot's seq (0 when it was not used: skipped).
std::uint64_t time_opening_from_snapshot(benchmark::State& state, const recorded& r) {
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
  return at;
}

void BM_open_from_snapshot(benchmark::State& state) {
  const recorded r = record_journal(workload::call_plans, static_cast<std::size_t>(state.range(0)), static_cast<std::size_t>(state.range(1)),
                                    state.range(2) != 0);
  if (r.events == 0) {
    state.SkipWithError("could not record the journal");
    return;
  }
  const std::uint64_t at = time_opening_from_snapshot(state, r);
  struct stat st {};
  state.counters["journal_MB"] = ::stat(r.path.c_str(), &st) == 0 ? static_cast<double>(st.st_size) / 1e6 : 0;
  const std::string snap = r.path + ".snapshot-" + std::string(20 - std::to_string(at).size(), '0') + std::to_string(at);
  state.counters["snapshot_MB"] = ::stat(snap.c_str(), &st) == 0 ? static_cast<double>(st.st_size) / 1e6 : 0;
  std::remove(snap.c_str());
  std::remove(r.path.c_str());
}

/// Bytes of the files in `dir` whose names start with `prefix`.
double megabytes_of(const std::string& dir, const std::string& prefix) {
  namespace fs = std::filesystem;
  std::uintmax_t bytes = 0;
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(dir, ec))
    if (e.path().filename().string().rfind(prefix, 0) == 0 && e.is_regular_file(ec)) bytes += e.file_size(ec);
  return static_cast<double>(bytes) / 1e6;
}

/// The retention journal rotating every 16 MB, compacted behind its snapshot (docs/journal.md
/// "Segments"): what stays on the journal's disk, what went to the archive, and opening it.
void BM_open_compacted(benchmark::State& state) {
  const recorded r = record_journal(workload::call_plans, static_cast<std::size_t>(state.range(0)), static_cast<std::size_t>(state.range(1)),
                                    true, 16U << 20);
  if (r.events == 0) {
    state.SkipWithError("could not record the journal");
    return;
  }
  namespace fs = std::filesystem;
  const std::string dir = fs::path(r.path).parent_path().string(), name = fs::path(r.path).filename().string();
  const std::string archive = r.path + ".archive";
  muster::compact_report done;
  if (const muster::status compacted = muster::compact_journal(r.policy, r.forces, r.path, archive, done); !compacted) {
    state.SkipWithError(compacted.message().c_str());
    return;
  }
  time_opening_from_snapshot(state, r);
  state.counters["segments_archived"] = static_cast<double>(done.archived.size());
  state.counters["archived_MB"] = static_cast<double>(done.archived_bytes) / 1e6;
  // The journal's file and the segments kept (the archive is a directory: not counted).
  state.counters["kept_journal_MB"] = megabytes_of(dir, name) - megabytes_of(dir, name + ".snapshot-");
  state.counters["snapshots_MB"] = megabytes_of(dir, name + ".snapshot-");
  fs::remove_all(archive);
  for (const auto& e : fs::directory_iterator(dir))
    if (e.path().filename().string().rfind(name, 0) == 0) fs::remove(e.path());
}

}  // namespace

// Wall-clock time: opening may use more than the calling thread (the journal reads ahead on its
// own), and what a host waits for is the time until the session is open.
BENCHMARK_CAPTURE(BM_journal_replay, reports, workload::reports)->Arg(100000)->Unit(benchmark::kMillisecond)->Iterations(2)->UseRealTime();
BENCHMARK_CAPTURE(BM_journal_replay, call_plans, workload::call_plans)->Arg(1000000)->Unit(benchmark::kMillisecond)->Iterations(2)->UseRealTime();
BENCHMARK(BM_open_from_snapshot)->ArgNames({"events", "tail", "retention"})->Args({1000000, 10000, 0})->Args({1000000, 100000, 0})
    ->Args({1000000, 10000, 1})->Args({3000000, 10000, 1})->Unit(benchmark::kMillisecond)->Iterations(2)->UseRealTime();
BENCHMARK(BM_open_compacted)->ArgNames({"events", "tail"})->Args({1000000, 10000})->Args({3000000, 10000})
    ->Unit(benchmark::kMillisecond)->Iterations(2)->UseRealTime();
BENCHMARK_MAIN();
