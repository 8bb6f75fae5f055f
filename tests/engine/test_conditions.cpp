// Conditions in the engine (issue 11, item 4): a step gated `forces > 3` (the district
// government's approval, only for plans with more than 3 forces) is skipped for 3 forces and
// asked for 4; a per-force condition asks only the forces it holds for. On the minimal policy
// (tests/policy/fixtures), edited in one place.
#include "engine/scenario.hpp"
#include "policy/test_compiler_support.hpp"

#include <muster/engine.hpp>

using muster::event;
using muster::event_kind;
using muster::index_t;

namespace {

/// Requires `o` accepted, showing the engine's reason when it is not.
void require_accepted(const muster::outcome& o) {
  INFO(o.detail);
  REQUIRE(o.accepted);
}

/// The minimal policy and registry with `extra` inserted after the call plan's EM approval,
/// and `consent_when` as the consent step's condition; an engine on them, in October (no
/// special period, forest-fire prevention runs November to May).
class gated_plan {
 public:
  explicit gated_plan(const std::string& extra, const std::string& consent_when = "special_period") {
    std::string text = compiler_test::edit(compiler_test::policy_text(), compiler_test::em_approval, std::string(compiler_test::em_approval) + extra);
    text = compiler_test::edit(text, "        when: special_period\n", "        when: " + consent_when + "\n");
    auto [p, r] = compiler_test::compile_pair(text);
    policy_ = p;
    registry_ = r;
    engine_ = std::make_unique<muster::engine>(policy_, registry_);
  }

  index_t org(std::string_view id) const { return policy_->find_organisation(id); }
  index_t force(std::string_view id) const {
    const index_t f = engine_registry().find_force(id);
    REQUIRE(f != muster::no_index);
    return f;
  }
  index_t step(std::string_view id) const {
    for (const auto& c : policy_->chains)
      for (std::size_t s = 0; s < c.steps.size(); ++s)
        if (c.steps[s].id == id) return static_cast<index_t>(s);
    FAIL("no step " << id);
    return muster::no_index;
  }

  muster::outcome submit(event e) {
    e.id = ++id_;
    e.at = muster_test::no_special_period + static_cast<muster::timestamp>(id_) * 60;
    return engine_->submit(e);
  }

  void report() {
    event e;
    e.kind = event_kind::incident_report;
    e.by.organisation = org("east_em");
    e.incident = 1;
    e.jurisdiction = policy_->find_jurisdiction("east");
    e.incident_type = policy_->find_incident_type("flood");
    e.grade = policy_->find_grade("general");
    require_accepted(submit(e));
  }

  /// The east fire brigade opens a call plan naming `names`; returns the outcome.
  muster::outcome draft(std::initializer_list<std::string_view> names) {
    forces_.clear();
    for (auto n : names) forces_.push_back(force(n));
    event e;
    e.kind = event_kind::chain_open;
    e.chain = policy_->find_chain("call_plan");
    e.by.organisation = org("east_fire");
    e.incident = 1;
    e.forces = forces_.data();
    e.force_count = static_cast<std::uint32_t>(forces_.size());
    return submit(e);
  }

  muster::outcome approve(std::uint32_t request, std::string_view by) {
    event e;
    e.kind = event_kind::request_approve;
    e.by.organisation = org(by);
    e.incident = 1;
    e.target = request;
    return submit(e);
  }

  /// "<kind> to=<org> step=<step> [force=<force>]" for every request the outcome makes.
  std::vector<std::string> asked(const muster::outcome& o) const {
    std::vector<std::string> out;
    for (const auto& e : o.effects) {
      if (e.kind != muster::effect_kind::request_approval && e.kind != muster::effect_kind::request_consent) continue;
      std::string line = std::string(e.kind == muster::effect_kind::request_approval ? "approval" : "consent") + " to=" +
                         policy_->organisations[e.to].id + " step=" + policy_->chains[e.chain == muster::no_index ? 0 : e.chain].steps[e.step].id;
      if (e.force != muster::no_index) line += " force=" + engine_registry().forces[e.force].id;
      out.push_back(line);
    }
    return out;
  }
  std::size_t orders(const muster::outcome& o) const {
    std::size_t n = 0;
    for (const auto& e : o.effects) n += e.kind == muster::effect_kind::issue_order ? 1 : 0;
    return n;
  }

 private:
  const muster::force_registry& engine_registry() const { return *registry_; }
  std::shared_ptr<const muster::policy> policy_;
  std::shared_ptr<const muster::force_registry> registry_;
  std::unique_ptr<muster::engine> engine_;
  std::vector<index_t> forces_;
  muster::event_id id_ = 0;
};

const std::string district_government_step =
    "      - id: district_government\n"
    "        kind: approve\n"
    "        by: { role: party_government, of: incident }\n"
    "        when: forces > 3\n"
    "        timeout: 30m\n"
    "        on_timeout: [remind]\n"
    "        clause: 3.1.2\n";

}  // namespace

TEST_CASE("conditions: a step gated forces > 3 is skipped for a plan of 3 forces") {
  gated_plan g(district_government_step);
  g.report();
  require_accepted(g.draft({"east_brigade", "grid_repair_team", "west_volunteers"}));
  const auto o = g.approve(1, "east_em");
  require_accepted(o);
  CHECK(g.asked(o).empty());
  CHECK(g.orders(o) == 3);  // approved: orders go out at once
}

TEST_CASE("conditions: a step gated forces > 3 asks the district government for a plan of 4 forces") {
  gated_plan g(district_government_step);
  g.report();
  require_accepted(g.draft({"east_brigade", "grid_repair_team", "west_volunteers", "hydrology_expert"}));
  const auto o = g.approve(1, "east_em");
  require_accepted(o);
  CHECK(g.asked(o) == std::vector<std::string>{"approval to=east_gov step=district_government"});
  CHECK(g.orders(o) == 0);
  const auto done = g.approve(1, "east_gov");
  require_accepted(done);
  CHECK(g.orders(done) == 4);  // approved: one order per force
}

TEST_CASE("conditions: a per-force condition asks only the forces it holds for, and others are not awaited") {
  gated_plan g("", "force.category == enterprise");
  g.report();
  require_accepted(g.draft({"east_brigade", "grid_repair_team"}));
  const auto o = g.approve(1, "east_em");
  require_accepted(o);
  CHECK(g.asked(o) == std::vector<std::string>{"consent to=city_water step=authority_consent force=grid_repair_team"});
}

TEST_CASE("conditions: a per-force condition that holds for no force skips the step") {
  gated_plan g("", "force.category == social");
  g.report();
  require_accepted(g.draft({"east_brigade", "grid_repair_team"}));
  const auto o = g.approve(1, "east_em");
  require_accepted(o);
  CHECK(g.asked(o).empty());
  CHECK(g.orders(o) == 2);
}
