// Core engine throughput and footprint (DESIGN.md "Budgets": ≥ 10 M events/s on one core,
// ≤ 256 B per open request). Reported, not asserted.
//
// One iteration drives N concurrently open call plans (3.1.2) through their whole life on the
// reference policy rules/weihai.yaml, in flood season so every plan needs its industry
// authorities' consent:
//   A  N incidents reported, spread over the nine county-level jurisdictions, and N call plans
//      drafted by the county fire teams, each naming 3 forces        → N open requests (peak)
//   B  9 plans in 10: the county EM approves, the 3 industry authorities consent (orders go
//      out), the 3 forces acknowledge, the 3 orders are released
//   C  advance_to(+15m): the silent tenth is reminded; advance_to(+30m): escalated to the city EM
//   D  the city EM approves the escalated plans; consents, acknowledgements, releases as in B
// Releasing frees the forces for the next plans that name them: the engine refuses a force
// committed to an open order, and a registry holds at most 65,535 forces (index_t), so the
// synthetic registry (9 × 6,000 forces, compiled from generated YAML with compile_forces_text)
// is shared round-robin: a plan's forces are released before a later plan naming them is approved.
//
// Counters: items_per_second = events (submit + advance_to calls) per CPU second of the
// driving thread (the engine is single-threaded; CPU time keeps the figure honest on a busy box);
// bytes_per_open_request = state_bytes() / open_requests() measured at the peak (after A,
// outside the timed region); effects = effects produced per iteration; history_bytes_per_event =
// history_bytes() / events at the end of an iteration (what remembering every outcome costs).
#include <muster/engine.hpp>
#include <muster/policy.hpp>

#include <benchmark/benchmark.h>

#include <array>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace {

using muster::effect_kind;
using muster::event;
using muster::event_kind;
using muster::index_t;
using muster::no_index;
using muster::timestamp;

/// 2026-07-10T09:00:00+08:00: inside the flood season (06-01 … 09-30) of rules/weihai.yaml.
constexpr timestamp flood_season = 1783645200;
constexpr int forces_per_county = 6000;
constexpr std::size_t slow_every = 10;  // every tenth plan waits for the timeout escalation

struct world {
  std::shared_ptr<const muster::policy> policy;
  std::shared_ptr<const muster::force_registry> forces;
  std::vector<index_t> counties, county_em, county_fire;
  std::vector<std::vector<index_t>> pool;  // forces per county, registry order
  index_t city_em = no_index;
  index_t flood = no_index;
  index_t general = no_index;
  std::size_t registry_yaml_bytes = 0;
  std::string error;
};

std::string diagnostics_text(const std::vector<muster::diagnostic>& diags) {
  std::string s;
  for (std::size_t i = 0; i < diags.size() && i < 5; ++i) s += muster::render(diags[i]) + "\n";
  return s;
}

world build_world() {
  world w;
  auto p = muster::compile_policy_file(std::string(MUSTER_SOURCE_DIR) + "/rules/weihai.yaml");
  if (!p.ok()) {
    w.error = "rules/weihai.yaml does not compile: " + diagnostics_text(p.diagnostics);
    return w;
  }
  w.policy = p.value;
  const muster::policy& pol = *w.policy;
  w.city_em = pol.holder(pol.find_role("emergency_management"), pol.root);
  w.flood = pol.find_incident_type("flood");
  w.general = pol.find_grade("general");

  // Every industry authority but the county EM bureaus (they govern only their own teams): the
  // same authorities, and so the same workload, as before those bureaus held the role.
  std::vector<std::string> authorities;
  const muster::index_t industry = pol.find_role("industry_authority"), em = pol.find_role("emergency_management");
  for (const auto& o : pol.organisations)
    if (o.holds(industry) && !(o.holds(em) && o.jurisdiction != pol.root)) authorities.push_back(o.id);
  const char* const caps[] = {"water_rescue", "flood_drainage", "medical_first_aid", "shelter_relief", "heavy_machinery"};

  std::string yaml = "muster_forces: 1\nupdated: 2026-11-20\nforces:\n";
  std::size_t n = 0;
  for (index_t j = 0; j < pol.jurisdictions.size(); ++j) {
    if (pol.jurisdictions[j].parent == no_index) continue;
    w.counties.push_back(j);
    w.county_em.push_back(pol.holder(pol.find_role("emergency_management"), j));
    w.county_fire.push_back(pol.holder(pol.find_role("fire_rescue"), j));
    const std::string& jid = pol.jurisdictions[j].id;
    const std::string& owner = pol.organisations[w.county_fire.back()].id;
    for (int k = 0; k < forces_per_county; ++k, ++n) {
      yaml += "  - {id: f_" + jid + "_" + std::to_string(k) + ", en: Synthetic force " + std::to_string(n) +
              ", category: government, owner: " + owner + ", authority: " + authorities[n % authorities.size()] +
              ", jurisdiction: " + jid + ", capabilities: [" + caps[n % 5] + "], personnel: " + std::to_string(10 + n % 90) +
              ", data_updated: 2026-11-01, insured_until: 2027-06-30}\n";
    }
  }
  w.registry_yaml_bytes = yaml.size();
  muster::compile_options options;
  options.limits.max_bytes = std::size_t{256} << 20;
  options.limits.max_nodes = std::size_t{50} << 20;
  auto r = muster::compile_forces_text(pol, "synthetic-forces.yaml", yaml, options);
  if (!r.ok()) {
    w.error = "synthetic registry does not compile: " + diagnostics_text(r.diagnostics);
    return w;
  }
  w.forces = r.value;
  for (std::size_t c = 0; c < w.counties.size(); ++c) {
    const std::string& jid = pol.jurisdictions[w.counties[c]].id;
    std::vector<index_t> forces;
    for (int k = 0; k < forces_per_county; ++k) forces.push_back(w.forces->find_force("f_" + jid + "_" + std::to_string(k)));
    w.pool.push_back(std::move(forces));
  }
  return w;
}

const world& the_world() {
  static const world w = build_world();
  return w;
}

/// One pass of the whole scenario on a fresh engine.
class driver {
 public:
  driver(muster::engine& eng, const world& w, std::size_t n) : eng_(eng), w_(w), n_(n) {}

  std::uint64_t events = 0;
  std::uint64_t effects = 0;
  std::string error;

  bool open_all() {
    requests_.resize(n_);
    for (std::size_t i = 0; i < n_; ++i) {
      const std::size_t c = i % w_.counties.size();
      event r = make(event_kind::incident_report, w_.county_em[c], 0);
      r.incident = i + 1;
      r.jurisdiction = w_.counties[c];
      r.incident_type = w_.flood;
      r.grade = w_.general;
      if (!submit(r)) return false;

      const std::size_t k = (3 * (i / w_.counties.size())) % forces_per_county;
      const std::array<index_t, 3> named{w_.pool[c][k], w_.pool[c][(k + 1) % forces_per_county],
                                         w_.pool[c][(k + 2) % forces_per_county]};
      event d = make(event_kind::plan_draft, w_.county_fire[c], 0);
      d.incident = i + 1;
      d.forces = named.data();
      d.force_count = 3;
      const muster::outcome* o = submit(d);
      if (!o) return false;
      requests_[i] = o->effects.empty() ? 0 : o->effects.back().request;
    }
    return true;
  }

  /// Approves plan i by `approver`, then consents, acknowledges and releases its orders.
  bool complete(std::size_t i, index_t approver, timestamp t) {
    const std::size_t c = i % w_.counties.size();
    event a = make(event_kind::request_approve, approver, t);
    a.incident = i + 1;
    a.target = requests_[i];
    const muster::outcome* o = submit(a);
    if (!o) return false;
    struct ask { index_t to, force; };
    std::array<ask, 3> asks{};
    std::size_t nasks = 0;
    for (const auto& e : o->effects)
      if (e.kind == effect_kind::request_consent && nasks < asks.size()) asks[nasks++] = {e.to, e.force};
    std::array<muster::order_id, 3> orders{};
    std::size_t norders = 0;
    for (std::size_t k = 0; k < nasks; ++k) {
      event x = make(event_kind::request_consent, asks[k].to, t);
      x.incident = i + 1;
      x.target = requests_[i];
      x.force = asks[k].force;
      o = submit(x);
      if (!o) return false;
      for (const auto& e : o->effects)
        if (e.kind == effect_kind::issue_order && norders < orders.size()) orders[norders++] = e.order;
    }
    if (norders != 3) return fail("plan " + std::to_string(i) + ": " + std::to_string(norders) + " orders issued, expected 3");
    for (std::size_t k = 0; k < norders; ++k) {
      event x = make(event_kind::order_ack, w_.county_fire[c], t);  // the synthetic forces' owner
      x.incident = i + 1;
      x.target = orders[k];
      if (!submit(x)) return false;
    }
    for (std::size_t k = 0; k < norders; ++k) {
      event x = make(event_kind::order_release, w_.county_fire[c], t);  // the commander and issuer
      x.incident = i + 1;
      x.target = orders[k];
      if (!submit(x)) return false;
    }
    return true;
  }

  bool run_rest() {
    for (std::size_t i = 0; i < n_; ++i)
      if (i % slow_every != 0 && !complete(i, w_.county_em[i % w_.counties.size()], 60)) return false;
    if (!advance(15 * 60) || !advance(30 * 60)) return false;
    for (std::size_t i = 0; i < n_; i += slow_every)
      if (!complete(i, w_.city_em, 31 * 60)) return false;
    return true;
  }

 private:
  event make(event_kind kind, index_t by, timestamp offset) {
    event e;
    e.id = next_id_++;
    e.kind = kind;
    e.at = flood_season + offset;
    e.by.organisation = by;
    return e;
  }

  const muster::outcome* submit(const event& e) {
    ++events;
    const muster::outcome& o = eng_.submit(e);
    effects += o.effects.size();
    if (!o.accepted) {
      fail(std::string("event ") + std::to_string(e.id) + " (" + muster::to_string(e.kind) + ") rejected: " +
           muster::to_string(o.reason) + ": " + o.detail);
      return nullptr;
    }
    return &o;
  }

  bool advance(timestamp offset) {
    ++events;
    const muster::outcome& o = eng_.advance_to(flood_season + offset);
    effects += o.effects.size();
    if (!o.accepted) return fail(std::string("advance_to rejected: ") + muster::to_string(o.reason) + ": " + o.detail);
    return true;
  }

  bool fail(std::string why) {
    if (error.empty()) error = std::move(why);
    return false;
  }

  muster::engine& eng_;
  const world& w_;
  std::size_t n_;
  muster::event_id next_id_ = 1;
  std::vector<muster::request_id> requests_;
};

void BM_engine_call_plans(benchmark::State& state) {
  const world& w = the_world();
  if (!w.error.empty()) {
    state.SkipWithError(w.error.c_str());
    return;
  }
  const auto n = static_cast<std::size_t>(state.range(0));
  std::uint64_t events = 0, effects = 0;
  double peak_open = 0, peak_bytes = 0, history_bytes = 0, iteration_events = 0;
  for (auto _ : state) {
    state.PauseTiming();
    auto eng = std::make_unique<muster::engine>(w.policy, w.forces);
    driver d(*eng, w, n);
    state.ResumeTiming();

    bool ok = d.open_all();
    state.PauseTiming();
    peak_open = static_cast<double>(eng->open_requests());
    peak_bytes = static_cast<double>(eng->state_bytes());
    state.ResumeTiming();
    ok = ok && d.run_rest();

    state.PauseTiming();
    events += d.events;
    effects += d.effects;
    history_bytes = static_cast<double>(eng->history_bytes());
    iteration_events = static_cast<double>(d.events);
    if (!ok) {
      state.SkipWithError(d.error.c_str());
      break;
    }
    eng.reset();
    state.ResumeTiming();
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(events));
  state.counters["open_requests_peak"] = peak_open;
  state.counters["state_bytes_peak"] = peak_bytes;
  state.counters["bytes_per_open_request"] = peak_open > 0 ? peak_bytes / peak_open : 0;
  state.counters["events"] = benchmark::Counter(static_cast<double>(events), benchmark::Counter::kAvgIterations);
  state.counters["effects"] = benchmark::Counter(static_cast<double>(effects), benchmark::Counter::kAvgIterations);
  state.counters["history_bytes_per_event"] = iteration_events > 0 ? history_bytes / iteration_events : 0;
  state.counters["registry_forces"] = static_cast<double>(w.forces->forces.size());
}

BENCHMARK(BM_engine_call_plans)->Arg(100000)->Unit(benchmark::kMillisecond)->Iterations(3);

}  // namespace

BENCHMARK_MAIN();
