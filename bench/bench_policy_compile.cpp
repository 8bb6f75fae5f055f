// Load + compile of the reference policy and of its force registry, from the file each time,
// as `muster validate` and an engine reload do. Budget (shared/DESIGN.md): ≤ 10 ms for the policy;
// issue 16: ≤ 10 ms for the policy and the registry together (BM_compile_rules).
//
// Counters: `time_per_compile` (the figure to hold against the budget), `pass_<name>_us` (each
// named compiler pass, mean per compile, to see where the time goes) and bytes/s of YAML read.
#include <muster/policy.hpp>
#include <muster/rules.hpp>

#include <benchmark/benchmark.h>

#include <filesystem>
#include <map>
#include <string>

namespace {

const std::string policy_path = MUSTER_SOURCE_DIR "/rules/weihai.yaml";
const std::string forces_path = MUSTER_SOURCE_DIR "/rules/weihai-forces.yaml";

/// Stops the benchmark with the first diagnostic: timing a compile that fails measures nothing.
template <class Result>
bool compiled(benchmark::State& state, const Result& r) {
  if (r.ok()) return true;
  state.SkipWithError((r.diagnostics.empty() ? std::string("compile failed") : muster::render(r.diagnostics.front())).c_str());
  return false;
}

/// Seconds per iteration, as a counter: the console prints it as e.g. `4.2ms` and JSON output
/// carries it as a number, ready to compare with the budget.
benchmark::Counter time_per_iteration() {
  // An iteration-invariant rate is iterations / seconds; inverted, seconds per iteration.
  return benchmark::Counter(1, benchmark::Counter::kIsIterationInvariantRate | benchmark::Counter::kInvert);
}

/// Microseconds per named pass, summed over the iterations (one run alone is too noisy).
using pass_times = std::map<std::string, double>;

template <class Result>
void add_passes(pass_times& sum, const Result& r) {
  for (const auto& p : r.passes) sum[p.name] += p.microseconds;
}

void report(benchmark::State& state, const std::string& path, const pass_times& sum) {
  state.counters["time_per_compile"] = time_per_iteration();
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations()) *
                          static_cast<std::int64_t>(std::filesystem::file_size(path)));
  for (const auto& [name, us] : sum) state.counters["pass_" + name + "_us"] = benchmark::Counter(us, benchmark::Counter::kAvgIterations);
}

void BM_compile_policy(benchmark::State& state) {
  muster::policy_result last;
  pass_times passes;
  for (auto _ : state) {
    last = muster::compile_policy_file(policy_path);
    benchmark::DoNotOptimize(last.value);
    add_passes(passes, last);
  }
  if (compiled(state, last)) report(state, policy_path, passes);
}
BENCHMARK(BM_compile_policy)->Unit(benchmark::kMillisecond);

void BM_compile_forces(benchmark::State& state) {
  // The registry is checked against a compiled policy; that compile is not what is measured.
  const muster::policy_result policy = muster::compile_policy_file(policy_path);
  if (!compiled(state, policy)) return;
  muster::registry_result last;
  pass_times passes;
  for (auto _ : state) {
    last = muster::compile_forces_file(*policy.value, forces_path);
    benchmark::DoNotOptimize(last.value);
    add_passes(passes, last);
  }
  if (compiled(state, last)) report(state, forces_path, passes);
}
BENCHMARK(BM_compile_forces)->Unit(benchmark::kMillisecond);

/// Both, as an engine starts: one after the other, and compile_rules_files (rules.hpp: the
/// registry's YAML parsed on a second thread while the policy compiles). Wall-clock time: that
/// is what a host waits for; the CPU time of the parallel load is still about the sum.
void BM_compile_rules(benchmark::State& state, bool together) {
  muster::rules_result last;
  for (auto _ : state) {
    if (together) {
      last = muster::compile_rules_files(policy_path, forces_path);
    } else {
      last.policy = muster::compile_policy_file(policy_path);
      last.forces = muster::compile_forces_file(*last.policy.value, forces_path);
    }
    benchmark::DoNotOptimize(last.forces);
  }
  if (!last.ok()) {
    state.SkipWithError("the reference rules did not compile");
    return;
  }
  state.counters["time_per_compile"] = time_per_iteration();
}
BENCHMARK_CAPTURE(BM_compile_rules, one_after_the_other, false)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK_CAPTURE(BM_compile_rules, compile_rules_files, true)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace

BENCHMARK_MAIN();
