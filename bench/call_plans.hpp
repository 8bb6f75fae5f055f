// A mixed workload for the full-path benchmarks: the life of a call plan (3.1.2) in flood
// season on rules/weihai.yaml, one incident after another, as JSON events —
//   incident.report by the county EM; plan.draft by the county fire team naming two forces of
//   the county; request.approve by whoever the request_approval effect addresses; each
//   request.consent the request_consent effects ask for; each order (issue_order effects)
//   acknowledged by its addressee (the force's owner) and released by its issuer —
// ~9 events per plan, ~1.2 effects per event, every force released before it is named again.
// The driver reads request and order numbers, addressees and forces from the effects' JSON,
// so it goes wherever the policy sends it. Used by bench_c_api (through the C API) and
// bench_replay (through a session) with a `Submit` callable:
//   bool submit(const char* json, std::size_t len, std::vector<std::string>& effects_json);
#pragma once

#include <muster/codec.hpp>
#include <muster/engine.hpp>
#include <muster/policy.hpp>

#include <array>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

namespace muster_bench {

/// rules/weihai.yaml compiled, with `limits.retention: 1d` added when `retention` (the engine
/// then forgets outcomes and event ids older than a day); nullptr when it does not compile.
inline std::shared_ptr<const muster::policy> weihai_policy(bool retention) {
  std::ifstream in(MUSTER_SOURCE_DIR "/rules/weihai.yaml", std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  std::string text = s.str();
  const std::string limit = "  max_clock_step: 31d\n";
  if (retention) {
    if (text.find(limit) == std::string::npos) return nullptr;
    text.replace(text.find(limit), limit.size(), limit + "  retention: 1d\n");
  }
  auto p = muster::compile_policy_text(MUSTER_SOURCE_DIR "/rules/weihai.yaml", text).value;
  return p && (!retention || p->retention == 86400) ? p : nullptr;
}

/// 2026-07-10T09:00:00+08:00: inside the flood season, so the industry authorities must consent.
inline constexpr long long flood_season = 1783645200;

/// Per county: its EM, its fire team (the drafter and commander) and two of its forces.
struct county_plan {
  std::string county, em, fire;
  std::array<std::string, 2> forces;
};

/// Whether the county's fire team may name `force` in a call plan in flood season: asked of a
/// scratch engine (a report and a draft naming the force alone), so the dispatch checks the
/// policy sets (1.3 registration, 3.2.1 current data, 4.4 insurance …) decide, not this file.
inline bool dispatchable(muster::codec& c, muster::engine& e, const county_plan& cp, const std::string& force) {
  static unsigned probe = 0;
  const std::string inc = "probe-" + std::to_string(++probe);
  const std::string head = "{\"id\":\"" + inc + "-";
  const std::string at = "\",\"at\":" + std::to_string(flood_season) + ",\"incident\":\"" + inc + "\"";
  const std::string lines[] = {
      head + "r" + at + ",\"kind\":\"incident.report\",\"actor\":\"" + cp.em + "\",\"jurisdiction\":\"" + cp.county +
          "\",\"incident_type\":\"flood\",\"grade\":\"general\"}",
      head + "d" + at + ",\"kind\":\"plan.draft\",\"actor\":\"" + cp.fire + "\",\"forces\":[\"" + force + "\"]}"};
  for (const std::string& line : lines) {
    muster::owned_event ev;
    if (!c.decode_event(line, ev) || !e.submit(ev.ev).accepted) return false;
  }
  return true;
}

/// The nine county-level jurisdictions of rules/weihai.yaml, each with the first two of its own
/// forces (registry order) that its fire team may name.
inline std::vector<county_plan> plan_counties(const char* policy_path, const char* forces_path) {
  static const char* const counties[] = {"huancui", "wendeng", "rongcheng", "rushan", "econ_zone",
                                         "hitech_zone", "lingang_zone", "bonded_zone", "nanhai"};
  std::vector<county_plan> v;
  auto p = muster::compile_policy_file(policy_path);
  if (!p.ok()) return v;
  auto r = muster::compile_forces_file(*p.value, forces_path);
  if (!r.ok()) return v;
  muster::codec probe_codec(p.value, r.value);
  muster::engine probe_engine(p.value, r.value);
  for (const char* c : counties) {
    county_plan cp{c, std::string(c) + "_em", std::string(c) + "_fire", {}};
    std::size_t n = 0;
    for (const auto& f : r.value->forces)
      if (n < cp.forces.size() && f.jurisdiction != muster::no_index && p.value->jurisdictions[f.jurisdiction].id == c &&
          dispatchable(probe_codec, probe_engine, cp, f.id))
        cp.forces[n++] = f.id;
    if (n == cp.forces.size()) v.push_back(std::move(cp));
  }
  return v;
}

/// The string value of `"key":"…"` in `json` ("" when absent). The codec writes compact JSON
/// with keys in a fixed order, so the first match is the effect's own.
inline std::string string_member(const std::string& json, const char* key) {
  const std::string k = std::string("\"") + key + "\":\"";
  const std::size_t at = json.find(k);
  if (at == std::string::npos) return {};
  const std::size_t b = at + k.size();
  return json.substr(b, json.find('"', b) - b);
}

inline unsigned long number_member(const std::string& json, const char* key) {
  const std::string k = std::string("\"") + key + "\":";
  const std::size_t at = json.find(k);
  return at == std::string::npos ? 0 : std::strtoul(json.c_str() + at + k.size(), nullptr, 10);
}

template <class Submit>
class plan_driver {
 public:
  explicit plan_driver(Submit submit) : submit_(std::move(submit)) {}

  std::uint64_t events() const { return id_; }
  /// Seconds of engine time from one plan to the next (0, the default: a second per 1,000 plans).
  void pace(long long seconds_per_plan) { pace_ = seconds_per_plan; }
  /// Each plan also closes its incident once its orders are released: concluded by the county
  /// EM, then every review report the conclusion asks for filed (3.3.3). Off by default: the
  /// speed benchmarks keep the mix their figures were measured on.
  void close_incidents(bool on) { close_ = on; }

  /// One whole plan on a new incident in `c`; false when something was refused.
  bool run(const county_plan& c) {
    const std::string inc = "P-" + std::to_string(++incident_);
    const long long at = flood_season + static_cast<long long>(pace_ ? incident_ * pace_ : incident_ / 1000);  // time moves on, slowly
    if (!submit(at, "incident.report", c.em, inc,
                ",\"jurisdiction\":\"" + c.county + "\",\"incident_type\":\"flood\",\"grade\":\"general\""))
      return false;
    if (!submit(at, "plan.draft", c.fire, inc, ",\"forces\":[\"" + c.forces[0] + "\",\"" + c.forces[1] + "\"]")) return false;
    const unsigned long request = first_number("request_approval", "request");
    const std::string approver = first_string("request_approval", "to");
    if (request == 0 || !submit(at, "request.approve", approver, inc, ",\"request\":" + std::to_string(request))) return false;
    consents_.clear();
    orders_.clear();
    collect();
    for (std::size_t i = 0; i < consents_.size(); ++i) {
      const auto [authority, force] = consents_[i];
      if (!submit(at, "request.consent", authority, inc, ",\"request\":" + std::to_string(request) + ",\"force\":\"" + force + "\""))
        return false;
      collect();
    }
    for (const auto& o : orders_)
      if (!submit(at, "order.ack", o.owner, inc, ",\"order\":" + std::to_string(o.number))) return false;
    for (const auto& o : orders_)
      if (!submit(at, "order.release", o.issuer, inc, ",\"order\":" + std::to_string(o.number))) return false;
    return !orders_.empty() && (!close_ || close(at, c, inc));
  }

 private:
  struct order {
    unsigned long number;
    std::string owner, issuer;
  };

  bool close(long long at, const county_plan& c, const std::string& incident) {
    if (!submit(at, "incident.conclude", c.em, incident, "")) return false;
    std::vector<std::string> owed;
    for (const auto& e : effects_)
      if (string_member(e, "kind") == "request_report") owed.push_back(string_member(e, "to"));
    for (const auto& team : owed)
      if (!submit(at, "incident.review_filed", team, incident, "")) return false;
    return !owed.empty();
  }

  bool submit(long long at, const char* kind, const std::string& actor, const std::string& incident, const std::string& rest) {
    const int len = std::snprintf(event_, sizeof event_, "{\"id\":%llu,\"kind\":\"%s\",\"at\":%lld,\"actor\":\"%s\",\"incident\":\"%s\"%s}",
                                  ++id_, kind, at, actor.c_str(), incident.c_str(), rest.c_str());
    return len > 0 && static_cast<std::size_t>(len) < sizeof event_ && submit_(event_, static_cast<std::size_t>(len), effects_);
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
  /// The consents asked and the orders issued by the last outcome.
  void collect() {
    for (const auto& e : effects_) {
      const std::string kind = string_member(e, "kind");
      if (kind == "request_consent") consents_.emplace_back(string_member(e, "to"), string_member(e, "force"));
      else if (kind == "issue_order") orders_.push_back({number_member(e, "order"), string_member(e, "to"), string_member(e, "from")});
    }
  }

  Submit submit_;
  unsigned long long id_ = 0, incident_ = 0;
  long long pace_ = 0;
  bool close_ = false;
  char event_[1024];
  std::vector<std::string> effects_;
  std::vector<std::pair<std::string, std::string>> consents_;  ///< (authority, force)
  std::vector<order> orders_;
};

}  // namespace muster_bench
