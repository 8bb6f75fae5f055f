// The full path through the C API (bindings/c, libmuster.so): one JSON event in through
// muster_engine_submit, the outcome (its JSON, and where each effect's lies in it) out, freed
// with muster_outcome_free. Budget (shared/DESIGN.md): p99 <= 20 us per call in memory; >= 1 M
// events/s for the full path. Reported, not asserted.
//
// Two workloads:
// - bm_submit (report-heavy, the original): each iteration reports a new incident
//   (incident.report, ~5 effects: routes, command, first response) in one of the nine
//   county-level jurisdictions of rules/weihai.yaml, all at one time (no timers fire).
// - bm_call_plans (mixed, added with journal format 2): the life of a call plan (3.1.2) in flood
//   season, one incident after another: report, plan.draft naming two forces of the county,
//   the county EM's approval, each industry authority's consent, each order's acknowledgement
//   and release — ~11 events per plan, ~2 effects per event. The driver reads request and
//   order numbers, addressees and forces from the effects' JSON (untimed).
// The event text is written before the clock starts; only submit + free are timed, per call,
// with std::chrono::steady_clock into a preallocated vector.
//
// Counters: events_per_s = calls / the sum of their latencies; p50_us, p99_us, p999_us, max_us;
// effects per call; journal_bytes per call. Variants: in memory; with a journal (durability
// none: one write() per event, no fsync); with a journal and group commit as the C API's
// defaults set it (batch: fsync every 256 records or 5 ms); and with the session's defaults
// (batch_4096: fsync every 4096 records or 10 ms). Durable figures are bound by fsync latency
// (DESIGN.md "Known traps"): a batch can only be as large as the records it may lose.
#include <muster/muster.h>
#include <muster/policy.hpp>

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
constexpr long long t0 = 1791594000;            // 2026-10-10T09:00:00+08:00
constexpr long long flood_season = 1783645200;  // 2026-07-10T09:00:00+08:00: authorities must consent
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
    double total_us = 0;
    for (double v : latency_us) total_us += v;
    state.counters["events_per_s"] = total_us > 0 ? static_cast<double>(latency_us.size()) / (total_us * 1e-6) : 0;
    state.counters["p50_us"] = percentile(latency_us, 0.50);
    state.counters["p99_us"] = percentile(latency_us, 0.99);
    state.counters["p999_us"] = percentile(latency_us, 0.999);
    state.counters["max_us"] = latency_us.empty() ? 0 : *std::max_element(latency_us.begin(), latency_us.end());
    state.counters["effects"] = calls != 0 ? static_cast<double>(effects) / static_cast<double>(calls) : 0;
    state.counters["journal_bytes"] = calls != 0 ? e.journal_bytes() / static_cast<double>(calls) : 0;
    state.SetItemsProcessed(static_cast<std::int64_t>(calls));
  }
};

void bm_submit(benchmark::State& state, mode m) {
  bench_engine e(state, m, "c-api");
  if (e.engine == nullptr) return;
  tally t(static_cast<std::size_t>(state.max_iterations));
  char event[512];
  for (auto _ : state) {
    const char* county = counties[t.calls % 9];
    const auto n = static_cast<unsigned long long>(t.calls);
    const int len = std::snprintf(event, sizeof event,
                                  "{\"id\":\"b%llu\",\"kind\":\"incident.report\",\"at\":%lld,\"actor\":\"%s_em\","
                                  "\"incident\":\"INC-%llu\",\"jurisdiction\":\"%s\",\"incident_type\":\"building_fire\","
                                  "\"grade\":\"general\"}",
                                  n, t0, county, n, county);
    ++t.calls;
    muster_outcome* out = nullptr;
    const auto start = std::chrono::steady_clock::now();
    const int rc = muster_engine_submit(e.engine, event, static_cast<std::size_t>(len), &out);
    t.effects += muster_outcome_effect_count(out);
    muster_outcome_free(out);
    const auto stop = std::chrono::steady_clock::now();
    if (rc != MUSTER_OK) ++t.refused;
    t.add(stop - start);
  }
  t.report(state, e);
}

// ---- the mixed workload: the life of a call plan --------------------------------------------

/// Per county: its EM, its fire team (the drafter and commander) and two of its forces.
struct county_plan {
  std::string county, em, fire;
  std::array<std::string, 2> forces;
};

std::vector<county_plan> plan_counties() {
  std::vector<county_plan> v;
  auto p = muster::compile_policy_file(policy_path);
  if (!p.ok()) return v;
  auto r = muster::compile_forces_file(*p.value, forces_path);
  if (!r.ok()) return v;
  for (const char* c : counties) {
    county_plan cp{c, std::string(c) + "_em", std::string(c) + "_fire", {}};
    std::size_t n = 0;
    for (const auto& f : r.value->forces)
      if (n < cp.forces.size() && f.jurisdiction != muster::no_index && p.value->jurisdictions[f.jurisdiction].id == c)
        cp.forces[n++] = f.id;
    if (n == cp.forces.size()) v.push_back(std::move(cp));
  }
  return v;
}

/// The string value of `"key":"…"` in `json` from `from` on ("" when absent).
std::string string_member(const std::string& json, const char* key) {
  const std::string k = std::string("\"") + key + "\":\"";
  const std::size_t at = json.find(k);
  if (at == std::string::npos) return {};
  const std::size_t b = at + k.size();
  return json.substr(b, json.find('"', b) - b);
}

unsigned long number_member(const std::string& json, const char* key) {
  const std::string k = std::string("\"") + key + "\":";
  const std::size_t at = json.find(k);
  return at == std::string::npos ? 0 : std::strtoul(json.c_str() + at + k.size(), nullptr, 10);
}

/// Drives plans through the C API, timing each submit (+ free), reading effects untimed.
class plan_driver {
 public:
  plan_driver(muster_engine* e, tally& t) : e_(e), t_(t) {}

  /// One whole plan on a new incident in `c`; false when something was refused.
  bool run(const county_plan& c) {
    const std::string inc = "P-" + std::to_string(++incident_);
    const long long at = flood_season + static_cast<long long>(incident_ / 1000);  // time moves on, slowly
    if (!submit(at, "incident.report", c.em, inc,
                ",\"jurisdiction\":\"" + c.county + "\",\"incident_type\":\"flood\",\"grade\":\"general\""))
      return false;
    if (!submit(at, "plan.draft", c.fire, inc, ",\"forces\":[\"" + c.forces[0] + "\",\"" + c.forces[1] + "\"]")) return false;
    const unsigned long request = first_number("request_approval", "request");
    const std::string approver = first_string("request_approval", "to");
    if (request == 0 || !submit(at, "request.approve", approver, inc, ",\"request\":" + std::to_string(request))) return false;
    std::vector<std::pair<std::string, std::string>> consents;  // (authority, force)
    std::vector<std::pair<unsigned long, std::pair<std::string, std::string>>> orders;  // (order, (owner, issuer))
    collect(consents, orders);
    for (std::size_t i = 0; i < consents.size(); ++i) {
      if (!submit(at, "request.consent", consents[i].first, inc,
                  ",\"request\":" + std::to_string(request) + ",\"force\":\"" + consents[i].second + "\""))
        return false;
      collect(consents, orders);
    }
    for (const auto& o : orders)
      if (!submit(at, "order.ack", o.second.first, inc, ",\"order\":" + std::to_string(o.first))) return false;
    for (const auto& o : orders)
      if (!submit(at, "order.release", o.second.second, inc, ",\"order\":" + std::to_string(o.first))) return false;
    return !orders.empty();
  }

 private:
  bool submit(long long at, const char* kind, const std::string& actor, const std::string& incident, const std::string& rest) {
    const int len = std::snprintf(event_, sizeof event_, "{\"id\":%llu,\"kind\":\"%s\",\"at\":%lld,\"actor\":\"%s\",\"incident\":\"%s\"%s}",
                                  ++id_, kind, at, actor.c_str(), incident.c_str(), rest.c_str());
    muster_outcome* out = nullptr;
    const auto start = std::chrono::steady_clock::now();
    const int rc = muster_engine_submit(e_, event_, static_cast<std::size_t>(len), &out);
    const auto stop = std::chrono::steady_clock::now();
    ++t_.calls;
    effects_.clear();
    const std::size_t n = muster_outcome_effect_count(out);
    t_.effects += n;
    for (std::size_t i = 0; i < n; ++i) {
      std::size_t need = 0;
      muster_outcome_effect_json(out, i, nullptr, 0, &need);
      std::string json(need + 1, '\0');
      muster_outcome_effect_json(out, i, json.data(), json.size(), &need);
      json.resize(need);
      effects_.push_back(std::move(json));
    }
    const auto free_start = std::chrono::steady_clock::now();
    muster_outcome_free(out);
    const auto free_stop = std::chrono::steady_clock::now();
    t_.add((stop - start) + (free_stop - free_start));
    if (rc != MUSTER_OK) {
      ++t_.refused;
      std::fprintf(stderr, "bench_c_api: %s refused: %s\n", kind, muster_error_last());
      return false;
    }
    return true;
  }

  unsigned long first_number(const char* kind, const char* key) const {
    for (const auto& e : effects_)
      if (string_member(e, "kind") == kind) return number_member(e, key);
    return 0;
  }
  std::string first_string(const char* kind, const char* key) const {
    for (const auto& e : effects_)
      if (string_member(e, "kind") == kind) return string_member(e, key);
    return {};
  }
  template <class Consents, class Orders>
  void collect(Consents& consents, Orders& orders) const {
    for (const auto& e : effects_) {
      const std::string kind = string_member(e, "kind");
      if (kind == "request_consent") consents.push_back({string_member(e, "to"), string_member(e, "force")});
      else if (kind == "issue_order") orders.push_back({number_member(e, "order"), {string_member(e, "to"), string_member(e, "from")}});
    }
  }

  muster_engine* e_;
  tally& t_;
  unsigned long long id_ = 0, incident_ = 0;
  char event_[1024];
  std::vector<std::string> effects_;
};

void bm_call_plans(benchmark::State& state, mode m) {
  static const std::vector<county_plan> plans = plan_counties();
  if (plans.empty()) {
    state.SkipWithError("rules/weihai-forces.yaml has no two forces per county");
    return;
  }
  bench_engine e(state, m, "c-api-plans");
  if (e.engine == nullptr) return;
  tally t(static_cast<std::size_t>(state.max_iterations) * 16);
  plan_driver d(e.engine, t);
  std::size_t k = 0;
  for (auto _ : state)
    if (!d.run(plans[k++ % plans.size()])) break;
  t.report(state, e);
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

}  // namespace

BENCHMARK_MAIN();
