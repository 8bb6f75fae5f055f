// Replay of a recorded journal: what reopening costs after a crash (docs/journal.md
// "Opening and recovery"). Budget context: issue "journal, replay" asks for the replay of a
// 1 M-event journal; at ~3.3 KB of journal per incident.report that file is ~3.3 GB, more than
// a CI machine should write per run, so this replays 100,000 events and reports events/s —
// the time for 1 M events is ten times the time shown. Reported, not asserted.
//
// Setup (untimed): a session with a journal (durability none) takes 100,000 incident.report
// events spread over the nine county-level jurisdictions. Timed: session::open on that file —
// verify the hash chain, decode each event, apply it, re-encode and compare its outcome.
#include <muster/session.hpp>

#include <benchmark/benchmark.h>

#include <cstdio>
#include <string>
#include <unistd.h>

namespace {

constexpr const char* counties[] = {"huancui", "wendeng", "rongcheng", "rushan", "econ_zone",
                                    "hitech_zone", "lingang_zone", "bonded_zone", "nanhai"};
constexpr long long t0 = 1791594000;  // 2026-10-10T09:00:00+08:00

struct recorded {
  std::shared_ptr<const muster::policy> policy;
  std::shared_ptr<const muster::force_registry> forces;
  std::string path;
  std::size_t events = 0;
};

recorded record_journal(std::size_t n) {
  recorded r;
  r.policy = muster::compile_policy_file(MUSTER_SOURCE_DIR "/rules/weihai.yaml").value;
  r.forces = muster::compile_forces_file(*r.policy, MUSTER_SOURCE_DIR "/rules/weihai-forces.yaml").value;
  r.path = "/tmp/muster-bench-replay-" + std::to_string(::getpid()) + ".journal";
  std::remove(r.path.c_str());
  muster::session_options options;
  options.journal_path = r.path;
  options.mode = muster::durability::none;
  std::string err;
  auto s = muster::session::open(r.policy, r.forces, options, err);
  if (!s) return r;
  for (std::size_t i = 0; i < n; ++i) {
    const std::string json = R"({"id":)" + std::to_string(i + 1) + R"(,"kind":"incident.report","at":)" + std::to_string(t0) +
                             R"(,"actor":"weihai_em","incident":"inc-)" + std::to_string(i + 1) + R"(","jurisdiction":")" +
                             counties[i % 9] + R"(","incident_type":"flood","grade":"general"})";
    s->submit_json(json);
  }
  s->flush();
  r.events = n;
  return r;
}

void BM_journal_replay(benchmark::State& state) {
  const recorded r = record_journal(static_cast<std::size_t>(state.range(0)));
  if (r.events == 0) {
    state.SkipWithError("could not record the journal");
    return;
  }
  std::uint64_t replayed = 0;
  for (auto _ : state) {
    std::string err;
    muster::session_options options;
    options.journal_path = r.path;
    options.mode = muster::durability::none;
    auto s = muster::session::open(r.policy, r.forces, options, err);
    if (!s) {
      state.SkipWithError(err.c_str());
      break;
    }
    replayed += s->recovery().events_replayed;
    benchmark::DoNotOptimize(s->state_digest());
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(replayed));
  state.counters["events_replayed"] = static_cast<double>(r.events);
  std::remove(r.path.c_str());
}

}  // namespace

BENCHMARK(BM_journal_replay)->Arg(100000)->Unit(benchmark::kMillisecond)->Iterations(2);
BENCHMARK_MAIN();
