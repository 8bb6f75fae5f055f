// Memory over a long run (issue 15, item 3): what an engine holds after N events of the
// call-plan workload (call_plans.hpp), one plan every 2 s of engine time (10 M events are
// about 26 days), with and without the policy's limits.retention (1 day here).
//
// Counters (not timed figures: the time shown is the whole run's), each the most seen at any
// 10,000th event of the run:
//   history_MB   outcomes kept for repeated ids (engine::history_bytes)
//   names_MB     the codec's table of event-id names
//   state_MB     incidents, requests, orders and timers (engine::state_bytes), of which
//   records_MB   the incidents', requests', orders' and their forces' record blocks
//   timers_MB    pending deadlines, stale ones included until their time
//   kept_names   event-id names the codec still holds
//   case_names_MB  the codec's incident (and warning) names, with each one's JSON
// Every plan closes its incident (concluded, its review reports filed). With retention,
// everything peaks the same at 10 M events (about 20 days) and at 20 M: the engine keeps one
// day of outcomes and up to an eighth more (it forgets in bulk), the codec up to twice what the
// engine keeps (it rebuilds its table when half would go), and an incident with its requests
// and orders is released a day after it closes, their record blocks freed once every record in
// them is, and the codec forgets released incidents' names (in bulk, after 16,384 releases). Timers fill up over the first week (a review deadline stays queued, stale, until its
// 7 days are up), so 2 M events (4 days) is still below the peak. Without, all of it grows.
#include "call_plans.hpp"

#include "codec/codec_state.hpp"
#include "engine/engine_impl.hpp"

#include <muster/session.hpp>

#include <benchmark/benchmark.h>

#include <algorithm>
#include <string>

namespace {

void BM_memory(benchmark::State& state) {
  const std::size_t n = static_cast<std::size_t>(state.range(0)) * 1000000;
  const bool retention = state.range(1) != 0;
  const auto policy = muster_bench::weihai_policy(retention);
  if (!policy) return state.SkipWithError("the policy did not compile");
  auto forces = muster::compile_forces_file(*policy, MUSTER_SOURCE_DIR "/rules/weihai-forces.yaml").value;
  const auto plans = muster_bench::plan_counties(MUSTER_SOURCE_DIR "/rules/weihai.yaml", MUSTER_SOURCE_DIR "/rules/weihai-forces.yaml");
  if (!forces || plans.empty()) return state.SkipWithError("no registry or no plans");
  for (auto _ : state) {
    auto opened = muster::session::open(policy, forces, {});
    if (!opened) return state.SkipWithError("the session did not open");
    const std::unique_ptr<muster::session> s = std::move(*opened);
    muster::outcome_text out;
    const auto& names = muster::detail::codec_access::state(s->codec()).events;
    double history_mb = 0, names_mb = 0, state_mb = 0, kept_names = 0, records_mb = 0, timers_mb = 0, case_names_mb = 0;
    const auto& codec_state = muster::detail::codec_access::state(s->codec());
    std::size_t submitted = 0;
    muster_bench::plan_driver d([&](const char* json, std::size_t len, std::vector<std::string>& effects) {
      s->submit_json(std::string_view(json, len), out);
      if (++submitted % 10000 == 0) {
        history_mb = std::max(history_mb, static_cast<double>(s->engine().history_bytes()) / 1e6);
        names_mb = std::max(names_mb, static_cast<double>(names.bytes()) / 1e6);
        state_mb = std::max(state_mb, static_cast<double>(s->engine().state_bytes()) / 1e6);
        const auto& en = muster::detail::engine_access::of(const_cast<muster::engine&>(s->engine()));  // only read
        records_mb = std::max(records_mb, static_cast<double>(en.incidents.bytes() + en.requests.bytes() + en.orders.bytes() + en.force_pool.bytes()) / 1e6);
        timers_mb = std::max(timers_mb, static_cast<double>(en.timers.bytes()) / 1e6);
        case_names_mb = std::max(case_names_mb, static_cast<double>(codec_state.incidents.bytes() + codec_state.incident_json.capacity() * sizeof(std::string)) / 1e6);
        kept_names = std::max(kept_names, static_cast<double>(names.kept()));
      }
      effects.clear();
      for (const auto& e : out.effects) effects.emplace_back(out.json, e.offset, e.length);
      return out.accepted;
    });
    d.pace(2);
    d.close_incidents(true);
    for (std::size_t k = 0; d.events() < n; ++k)
      if (!d.run(plans[k % plans.size()])) return state.SkipWithError("a plan was refused");
    state.counters["events"] = static_cast<double>(d.events());
    state.counters["history_MB"] = history_mb;
    state.counters["names_MB"] = names_mb;
    state.counters["state_MB"] = state_mb;
    state.counters["kept_names"] = kept_names;
    state.counters["records_MB"] = records_mb;
    state.counters["timers_MB"] = timers_mb;
    state.counters["case_names_MB"] = case_names_mb;
  }
}

}  // namespace

BENCHMARK(BM_memory)->ArgNames({"M_events", "retention"})->Args({2, 1})->Args({10, 1})->Args({20, 1})->Args({2, 0})->Args({10, 0})
    ->Unit(benchmark::kMillisecond)->Iterations(1)->UseRealTime();
BENCHMARK_MAIN();
