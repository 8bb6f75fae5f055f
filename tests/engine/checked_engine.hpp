// Test driver for dispatch checks and the live registry (tests/engine/test_dispatch_checks.cpp,
// test_force_update.cpp): the minimal policy (tests/policy/fixtures) citing 1.3, 3.2.1 and 4.4
// with a `checks:` block appended, on the minimal registry edited per case, and one incident.
#pragma once

#include "engine/scenario.hpp"
#include "policy/test_compiler_support.hpp"

#include <muster/engine.hpp>

#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace checks_test {

using muster::event;
using muster::event_kind;
using muster::index_t;
using muster::timestamp;


constexpr std::string_view clause_14 = "    - { id: \"1.4\",";

/// The minimal policy citing 1.3, 3.2.1 and 4.4, with `checks` appended.
/// The engine's first event: 2026-10-10 09:00 local, outside every special period.
constexpr timestamp t0 = muster_test::no_special_period;
constexpr timestamp minutes(int n) { return static_cast<timestamp>(n) * 60; }

inline std::string policy_with(std::string_view checks) {
  return compiler_test::edit(compiler_test::policy_text(), clause_14,
                             "    - { id: \"1.3\", zh: 社会应急救援力量, en: Social forces }\n"
                             "    - { id: \"3.2.1\", zh: 指挥平台, en: Command platform }\n"
                             "    - { id: \"4.4\", zh: 人员待遇保障, en: Personnel }\n" +
                                 std::string(clause_14)) +
         "\nchecks:\n" + std::string(checks);
}

inline const char* const registered_excludes =
    "  - { id: registered, clause: 1.3, check: registered, categories: [social], then: exclude }\n";
inline const char* const insured_breaks_glass =
    "  - { id: insured, clause: 4.4, check: insured, categories: [enterprise, social], then: break_glass }\n";
inline const char* const data_current_warns = "  - { id: data_current, clause: 3.2.1, check: data_current, max_age: 180d, then: warn }\n";

// Snippets of tests/policy/fixtures/minimal-forces.yaml, unique in it.
constexpr std::string_view volunteers_registered = "    registered: true\n";
constexpr std::string_view volunteers_insured = "    insured_until: 2027-01-31\n";
constexpr std::string_view brigade_updated = "    data_updated: 2026-11-01\n";
constexpr std::string_view brigade_insured = "    insured_until: 2027-06-30\n  - id: grid_repair_team";

/// An engine on policy_with(checks) and the minimal registry with the given edits; incident 1 is a
/// flood in `where`, reported at `start` by that jurisdiction's EM department.
class checked {
 public:
  checked(std::string_view checks, std::vector<std::pair<std::string_view, std::string>> edits,
          timestamp start = muster_test::no_special_period, std::string_view where = "west") {
    std::string forces = compiler_test::forces_text();
    for (const auto& [from, to] : edits) forces = compiler_test::edit(forces, from, to);
    auto [p, r] = compiler_test::compile_pair(policy_with(checks), forces);
    policy_ = p;
    registry_ = r;
    engine_ = std::make_unique<muster::engine>(policy_, registry_);
    where_ = std::string(where);
    event e;
    e.kind = event_kind::incident_report;
    e.by.organisation = org(where_ + "_em");
    e.incident = 1;
    e.jurisdiction = policy_->find_jurisdiction(where_);
    e.incident_type = policy_->find_incident_type("flood");
    e.grade = policy_->find_grade("general");
    REQUIRE(submit(e, start).accepted);
  }

  muster::engine& engine() { return *engine_; }
  std::string rule_id(muster::rule_index r) const { return engine_->rules()[r]->id; }
  index_t org(std::string_view id) const { return policy_->find_organisation(id); }
  index_t force(std::string_view id) const {
    const index_t f = registry_->find_force(id);
    REQUIRE(f != muster::no_index);
    return f;
  }

  /// The fire team of the incident's jurisdiction opens a call plan at `t`.
  muster::outcome draft(timestamp t, std::vector<std::string_view> names, std::vector<std::string_view> wanted = {},
                        bool break_glass = false, std::string_view reason = {}) {
    named_.clear();
    for (auto n : names) named_.push_back(force(n));
    event e;
    e.kind = event_kind::chain_open;
    e.chain = policy_->find_chain("call_plan");
    e.by.organisation = org(where_ + "_fire");
    e.incident = 1;
    e.forces = named_.data();
    e.force_count = static_cast<std::uint32_t>(named_.size());
    for (auto c : wanted) e.capabilities |= std::uint64_t{1} << policy_->find_capability(c);
    e.break_glass = break_glass;
    e.reason = reason;
    return submit(e, t);
  }

  muster::outcome approve(timestamp t, std::uint32_t request) {
    event e;
    e.kind = event_kind::request_approve;
    e.by.organisation = org(where_ + "_em");
    e.incident = 1;
    e.target = request;
    return submit(e, t);
  }

  /// "kind topic to=… [force=…] because=a,b" for each effect.
  std::vector<std::string> lines_of(const muster::outcome& o) const {
    std::vector<std::string> v;
    for (const auto& e : o.effects) {
      std::string s = std::string(muster::to_string(e.kind)) + " " + std::string(muster::to_string(e.about)) +
                      " to=" + policy_->organisations[e.to].id;
      if (e.force != muster::no_index) s += " force=" + registry_->forces[e.force].id;
      s += " because=";
      for (std::uint8_t i = 0; i < e.because_count; ++i) s += (i ? "," : "") + engine_->rules()[e.because[i]]->id;
      v.push_back(s);
    }
    return v;
  }

  /// A force.update of `force` by `by` at `t`; `set` fills in the changes.
  template <class Changes>
  muster::outcome update(timestamp t, std::string_view by, std::string_view force_id, Changes set) {
    event e;
    e.kind = event_kind::force_update;
    e.by.organisation = org(by);
    e.force = force(force_id);
    set(e);
    return submit(e, t);
  }

  const muster::policy& policy() const { return *policy_; }
  const muster::force_registry& registry() const { return *registry_; }

  muster::outcome submit(event e, timestamp t) {
    e.id = ++id_;
    e.at = t;
    return engine_->submit(e);
  }

 private:
  std::shared_ptr<const muster::policy> policy_;
  std::shared_ptr<const muster::force_registry> registry_;
  std::unique_ptr<muster::engine> engine_;
  std::vector<index_t> named_;
  std::string where_;
  muster::event_id id_ = 0;
};

}  // namespace checks_test
