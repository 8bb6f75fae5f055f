// The journal's two stores side by side (docs/journal.md "PostgreSQL"): events per second
// through a session — JSON in, outcome out, every record journaled — into a local file and
// into a PostgreSQL partition, both in batch durability (group commit: fdatasync per batch for
// the file, one transaction per batch for PostgreSQL), both ending with flush() inside the
// timed loop so every event counted is durable; and the file rotating into segments. Reported,
// not asserted.
//
// The PostgreSQL runs need a server: MUSTER_BENCH_PG=<libpq URI> (e.g. one started by
// tests/pg/pg_server.sh start DIR); without it they are skipped with a message. Each run
// writes a partition of its own.
#include "reports.hpp"

#include <muster/session.hpp>

#include <benchmark/benchmark.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include <unistd.h>

namespace {

struct rules {
  std::shared_ptr<const muster::policy> policy;
  std::shared_ptr<const muster::force_registry> forces;
};

const rules& weihai() {
  static const rules r = [] {
    rules x;
    x.policy = muster::compile_policy_file(MUSTER_SOURCE_DIR "/rules/weihai.yaml").value;
    x.forces = muster::compile_forces_file(*x.policy, MUSTER_SOURCE_DIR "/rules/weihai-forces.yaml").value;
    return x;
  }();
  return r;
}

/// file_segments: the file rotating every 4 MiB (docs/journal.md "Segments"; ~8 rotations in a
/// run of 20,000 reports), to show what sealing segments costs.
enum class store { file, file_segments, postgresql };

void BM_journal_store(benchmark::State& state, store where) {
  const char* pg = std::getenv("MUSTER_BENCH_PG");
  if (where == store::postgresql && (pg == nullptr || *pg == '\0')) {
    state.SkipWithError("MUSTER_BENCH_PG is not set (a libpq URI; tests/pg/pg_server.sh start DIR prints one)");
    return;
  }
  std::vector<std::string> events;
  for (std::size_t i = 0; i < static_cast<std::size_t>(state.range(0)); ++i) events.push_back(muster_bench::report_event(i));
  static unsigned run = 0;
  std::size_t done = 0;
  for (auto _ : state) {
    state.PauseTiming();
    const std::string tag = std::to_string(::getpid()) + "-" + std::to_string(++run);
    const std::string file = "/tmp/muster-bench-store-" + tag + ".journal";
    muster::session_options o;
    o.journal_path = where == store::postgresql ? std::string(pg) + "#bench-" + tag : file;
    o.mode = muster::durability::batch;
    if (where == store::file_segments) o.segment_bytes = 4U << 20;
    auto opened = muster::session::open(weihai().policy, weihai().forces, o);
    if (!opened) {
      state.SkipWithError(opened.error().message().c_str());
      return;
    }
    std::unique_ptr<muster::session> s = std::move(*opened);
    muster::outcome_text out;
    state.ResumeTiming();
    for (const auto& e : events) s->submit_json(e, out);
    if (const muster::status flushed = s->flush(); !flushed) state.SkipWithError(flushed.message().c_str());
    state.PauseTiming();
    const auto c = s->journal().counters;
    state.counters["records"] = static_cast<double>(c.records);
    state.counters["commits"] = static_cast<double>(c.fsyncs);
    s.reset();
    std::remove(file.c_str());
    for (const auto& e : std::filesystem::directory_iterator("/tmp"))
      if (e.path().string().rfind(file + ".segment-", 0) == 0) std::filesystem::remove(e.path());
    state.ResumeTiming();
    done += events.size();
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(done));
}

}  // namespace

BENCHMARK_CAPTURE(BM_journal_store, file, store::file)->Arg(20000)->Unit(benchmark::kMillisecond)->Iterations(3)->UseRealTime();
BENCHMARK_CAPTURE(BM_journal_store, file_segments, store::file_segments)->Arg(20000)->Unit(benchmark::kMillisecond)->Iterations(3)->UseRealTime();
BENCHMARK_CAPTURE(BM_journal_store, postgresql, store::postgresql)->Arg(20000)->Unit(benchmark::kMillisecond)->Iterations(3)->UseRealTime();

BENCHMARK_MAIN();
