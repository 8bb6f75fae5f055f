// Generic workflows in the engine (issue 11, items 1-3): any chain the policy defines runs.
// chain.open opens a chain by id (its shorthands plan.draft / reinforcement.apply are the same
// event); opened_on opens one by itself; the step kinds acknowledge and submit take only their
// own answers; actions open the next chain and set or clear incident flags, which `when:` reads;
// `{ of: owner }` is a force's owner; who may declare a period, and who may regrade, come from
// the policy (declared_by / announce_to, reassessed_by), not from role names in C++.
//
// On the reference policy (rules/weihai.yaml: the compensation claim of 4.1) and on
// tests/policy/fixtures/minimal.yaml with a few chains added (`workflow_policy()` below).
// Every rejection also checks that the state digest did not move (CHECK_REJECTS).
#include "engine/scenario.hpp"
#include "policy/test_compiler_support.hpp"

#include <muster/engine.hpp>

#include <algorithm>

using muster::effect;
using muster::effect_kind;
using muster::event;
using muster::event_kind;
using muster::index_t;
using muster::no_index;
using muster::outcome;
using muster::timestamp;
using muster_test::lines;
using muster_test::verdict;
using namespace muster_test;  // the _min / _h / _d literals, offset()

namespace {

/// One engine on a compiled policy and registry, with events built from the ids in the YAML.
/// Effects are checked and shown in the scenario notation (effect_notation, scenario.hpp).
class flow {
 public:
  flow(std::shared_ptr<const muster::policy> p, std::shared_ptr<const muster::force_registry> f, timestamp epoch)
      : policy_(std::move(p)), registry_(std::move(f)), engine_(std::make_unique<muster::engine>(policy_, registry_)), epoch_(epoch),
        notation_(policy_, registry_, epoch) {}

  /// The reference policy and registry.
  static flow weihai(timestamp epoch = no_special_period) { return flow(muster_test::weihai().policy, muster_test::weihai().forces, epoch); }

  /// `yaml` (a policy) with the minimal fixture's force registry.
  static flow on(const std::string& yaml, timestamp epoch = no_special_period) {
    auto p = compiler_test::compile(yaml);
    INFO(compiler_test::describe(p.diagnostics));
    REQUIRE(p.ok());
    auto r = muster::compile_forces_text(*p.value, "f.yaml", compiler_test::forces_text());
    INFO(compiler_test::describe(r.diagnostics));
    REQUIRE(r.ok());
    return flow(p.value, r.value, epoch);
  }

  const muster::policy& policy() const { return *policy_; }
  muster::engine& engine() { return *engine_; }

  index_t org(std::string_view id) const { return found(policy_->find_organisation(id), "organisation", id); }
  index_t force(std::string_view id) const { return found(registry_->find_force(id), "force", id); }
  std::vector<index_t> forces(std::initializer_list<std::string_view> ids) const {
    std::vector<index_t> v;
    for (auto id : ids) v.push_back(force(id));
    return v;
  }
  index_t chain(std::string_view id) const { return found(policy_->find_chain(id), "chain", id); }
  index_t period(std::string_view id) const { return found(policy_->find_period(id), "period", id); }

  event make(event_kind kind, std::string_view by, seconds_t t) {
    event e;
    e.id = next_id_++;
    e.kind = kind;
    e.at = epoch_ + t;
    if (!by.empty()) e.by.organisation = org(by);
    return e;
  }

  /// Submits `e` with `named` as its forces (kept alive here for the call).
  outcome submit(event e, std::vector<index_t> named = {}) {
    named_ = std::move(named);
    e.forces = named_.empty() ? nullptr : named_.data();
    e.force_count = static_cast<std::uint32_t>(named_.size());
    return engine_->submit(e);
  }

  outcome report(muster::incident_id id, std::string_view jurisdiction, std::string_view grade, std::string_view by, seconds_t t,
                 std::string_view type = "flood") {
    event e = make(event_kind::incident_report, by, t);
    e.incident = id;
    e.jurisdiction = found(policy_->find_jurisdiction(jurisdiction), "jurisdiction", jurisdiction);
    e.incident_type = found(policy_->find_incident_type(type), "incident type", type);
    e.grade = found(policy_->find_grade(grade), "grade", grade);
    return submit(e);
  }

  /// chain.open of `chain_id` on incident 1, with `named` forces and an amount or a quantity.
  outcome open(std::string_view chain_id, std::string_view by, std::initializer_list<std::string_view> named, seconds_t t,
               std::int64_t amount = 0, std::int64_t quantity = 0) {
    event e = make(event_kind::chain_open, by, t);
    e.incident = 1;
    e.chain = chain(chain_id);
    e.amount = amount;
    e.quantity = quantity;
    return submit(e, forces(named));
  }
  outcome shorthand(event_kind kind, std::string_view by, std::initializer_list<std::string_view> named, seconds_t t) {
    event e = make(kind, by, t);
    e.incident = 1;
    return submit(e, forces(named));
  }

  outcome answer(event_kind kind, muster::request_id r, std::string_view by, seconds_t t, std::string_view force_id = {}) {
    event e = make(kind, by, t);
    e.incident = 1;
    e.target = r;
    if (!force_id.empty()) e.force = force(force_id);
    return submit(e);
  }

  outcome incident_event(event_kind kind, std::string_view by, seconds_t t, std::string_view grade = {}) {
    event e = make(kind, by, t);
    e.incident = 1;
    if (!grade.empty()) e.grade = found(policy_->find_grade(grade), "grade", grade);
    return submit(e);
  }

  outcome period_event(event_kind kind, std::string_view period_id, std::string_view by, seconds_t t) {
    event e = make(kind, by, t);
    e.period = period(period_id);
    return submit(e);
  }

  outcome order_event(event_kind kind, muster::order_id o, std::string_view by, seconds_t t) {
    event e = make(kind, by, t);
    e.incident = 1;
    e.target = o;
    return submit(e);
  }

  outcome advance(seconds_t t) { return engine_->advance_to(epoch_ + t); }

  /// Each effect in full, in the scenario notation.
  std::vector<std::string> effects(const outcome& o) const { return notation_.lines(o, *engine_); }
  /// For CHECK_EFFECTS: "" when the effects are exactly the expected patterns.
  std::string effects_differ(const outcome& o, const std::vector<std::string>& expected) const {
    return notation_.differ(o, *engine_, expected);
  }
  /// The rule ids of effect `e`'s because, joined with ','.
  std::string because(const effect& e) const {
    std::string s;
    for (unsigned i = 0; i < e.because_count; ++i) s += (i ? "," : "") + engine_->rules()[e.because[i]]->id;
    return s;
  }

  std::string digest() const { return engine_->state_digest(); }
  std::string request_state(muster::request_id r) const {
    auto v = engine_->request(r);
    return v ? muster::to_string(v->state) : "missing";
  }
  std::string incident_state() const {
    auto v = engine_->incident(1);
    return v ? muster::to_string(v->state) : "missing";
  }

 private:
  static index_t found(index_t i, const char* what, std::string_view id) {
    if (i == no_index) FAIL("no " << what << " '" << std::string(id) << "' in the policy");
    return i;
  }

  std::shared_ptr<const muster::policy> policy_;
  std::shared_ptr<const muster::force_registry> registry_;
  std::unique_ptr<muster::engine> engine_;
  timestamp epoch_;
  effect_notation notation_;
  muster::event_id next_id_ = 1;
  std::vector<index_t> named_;
};

void require_accepted(const outcome& o) {
  INFO(o.detail);
  REQUIRE(o.accepted);
}

std::vector<std::string> org_names(const flow& f, const std::vector<index_t>& v) {
  std::vector<std::string> out;
  for (index_t i : v) out.push_back(i < f.policy().organisations.size() ? f.policy().organisations[i].id : "#" + std::to_string(i));
  return out;
}

// ---- the policies ---------------------------------------------------------------------------------

const std::string evacuation_flag = "  - { id: evacuation_ordered, zh: 已下令转移, en: Evacuation ordered }\n";

/// Chains added to the minimal fixture; each proves one primitive.
const std::string workflow_chains =
    // about: document, opened by itself when the incident is concluded; a submit step whose
    // ladder reminds, reminds and tells the government, escalates, then expires telling it.
    "  - id: debrief\n"
    "    en: Debrief\n"
    "    clause: 3.3.3\n"
    "    opened_by: { role: emergency_management, of: command }\n"
    "    about: document\n"
    "    opened_on: [incident.concluded]\n"
    "    steps:\n"
    "      - id: debrief_due\n"
    "        kind: submit\n"
    "        by: { role: fire_rescue, of: command }\n"
    "        timeout: 1d\n"
    "        on_timeout:\n"
    "          - remind\n"
    "          - { do: remind, notify: [{ role: party_government, of: command }] }\n"
    "          - escalate\n"
    "          - { do: expire, notify: [{ role: party_government, of: command }] }\n"
    "        clause: 3.3.3\n"
    "    on_approved:\n"
    "      - id: tell_government\n"
    "        do: notify\n"
    "        to: { role: party_government, of: command }\n"
    "        clause: 3.3.3\n"
    // about nothing: the government decides; then the flag is set and the shelter chain opens.
    "  - id: evacuation\n"
    "    en: Evacuation\n"
    "    clause: 3.1.3\n"
    "    opened_by: { role: emergency_management, of: command }\n"
    "    about: nothing\n"
    "    steps:\n"
    "      - id: government_decides\n"
    "        kind: approve\n"
    "        by: { role: party_government, of: command }\n"
    "        timeout: 1h\n"
    "        on_timeout: [remind]\n"
    "        clause: 3.1.3\n"
    "    on_approved:\n"
    "      - id: mark_evacuation\n"
    "        do: set_flag\n"
    "        flag: evacuation_ordered\n"
    "        clause: 3.1.3\n"
    "      - id: then_shelter\n"
    "        do: open_chain\n"
    "        chain: shelter\n"
    "        clause: 3.1.3\n"
    // Its only step runs while the flag is set; approval clears it.
    "  - id: shelter\n"
    "    en: Shelter\n"
    "    clause: 3.1.3\n"
    "    opened_by: { role: fire_rescue, of: command }\n"
    "    about: nothing\n"
    "    steps:\n"
    "      - id: government_receipt\n"
    "        kind: acknowledge\n"
    "        by: { role: party_government, of: command }\n"
    "        when: evacuation_ordered\n"
    "        timeout: 2h\n"
    "        on_timeout: [remind]\n"
    "        clause: 3.1.3\n"
    "    on_approved:\n"
    "      - id: end_evacuation\n"
    "        do: clear_flag\n"
    "        flag: evacuation_ordered\n"
    "        clause: 3.1.3\n"
    // about forces: each force's owner acknowledges for its own force.
    "  - id: roll_call\n"
    "    en: Roll call\n"
    "    clause: 3.2.2\n"
    "    opened_by: { role: emergency_management, of: command }\n"
    "    about: forces\n"
    "    steps:\n"
    "      - id: owners_answer\n"
    "        kind: acknowledge\n"
    "        by: { of: owner }\n"
    "        for_each: force\n"
    "        timeout: 30m\n"
    "        on_timeout: [remind, expire]\n"
    "        clause: 3.2.2\n"
    "    on_approved:\n"
    "      - id: thank_owners\n"
    "        do: notify\n"
    "        to: { of: owner }\n"
    "        for_each: force\n"
    "        clause: 3.2.2\n"
    // each force's authority is consulted; silence tells the force's owner.
    "  - id: consult\n"
    "    en: Consultation\n"
    "    clause: 3.1.2\n"
    "    opened_by: { role: emergency_management, of: command }\n"
    "    about: forces\n"
    "    steps:\n"
    "      - id: authority_view\n"
    "        kind: consent\n"
    "        by: { role: industry_authority, of: force }\n"
    "        for_each: force\n"
    "        timeout: 30m\n"
    "        on_timeout:\n"
    "          - { do: remind, notify: [{ of: owner }] }\n"
    "        clause: 3.1.2\n"
    // addressed to a position of the command, not to a role.
    "  - id: commander_sign_off\n"
    "    en: Commander sign-off\n"
    "    clause: 3.1.3\n"
    "    opened_by: { role: emergency_management, of: command }\n"
    "    about: nothing\n"
    "    steps:\n"
    "      - id: commander_signs\n"
    "        kind: approve\n"
    "        by: { position: commander }\n"
    "        timeout: 1h\n"
    "        on_timeout: [remind]\n"
    "        clause: 3.1.3\n"
    // opened by itself for each released order's force.
    "  - id: release_check\n"
    "    en: Release check\n"
    "    clause: 3.3.2\n"
    "    opened_by: { role: emergency_management, of: command }\n"
    "    about: forces\n"
    "    opened_on: [order.released]\n"
    "    steps:\n"
    "      - id: owner_confirms\n"
    "        kind: acknowledge\n"
    "        by: { of: owner }\n"
    "        for_each: force\n"
    "        timeout: 1h\n"
    "        on_timeout: [remind]\n"
    "        clause: 3.3.2\n"
    // 4.2-like: the force's authority is told when it sets off, and when it is back off the road.
    "  - id: on_the_road\n"
    "    en: On the road\n"
    "    clause: 3.3.2\n"
    "    opened_by: { role: emergency_management, of: command }\n"
    "    about: forces\n"
    "    opened_on: [order.departed]\n"
    "    steps:\n"
    "      - { id: authority_told, kind: notify, by: { role: industry_authority, of: force }, for_each: force, clause: 3.3.2 }\n"
    "  - id: off_the_road\n"
    "    en: Off the road\n"
    "    clause: 3.3.2\n"
    "    opened_by: { role: emergency_management, of: command }\n"
    "    about: forces\n"
    "    opened_on: [order.returned]\n"
    "    steps:\n"
    "      - { id: authority_told_back, kind: notify, by: { role: industry_authority, of: force }, for_each: force, clause: 3.3.2 }\n";

/// The minimal fixture with the evacuation flag and `workflow_chains`; `extra` more chains.
std::string workflow_policy_text(const std::string& extra = {}) {
  std::string text = compiler_test::edit(compiler_test::policy_text(), "\nperiods:\n", "\nflags:\n" + evacuation_flag + "\nperiods:\n");
  return compiler_test::edit(text, "\norders:\n", "\n" + workflow_chains + extra + "\norders:\n");
}

/// A flow on the workflow policy with a general flood reported in East District at +0
/// (coordinator east_em, commander east_fire).
flow east_flood(const std::string& extra = {}) {
  flow f = flow::on(workflow_policy_text(extra));
  require_accepted(f.report(1, "east", "general", "east_em", 0_min));
  return f;
}

/// Wendeng flood on the reference policy, reported by the district water bureau at +0.
flow wendeng_flood() {
  flow f = flow::weihai();
  require_accepted(f.report(1, "wendeng", "general", "wendeng_water", 0_min));
  return f;
}

/// The same flood once 家家悦's supply team has had its order (request 1) and the incident is
/// concluded: the team served, so its owner may claim for it (4.1).
flow wendeng_flood_served() {
  flow f = wendeng_flood();
  require_accepted(f.open("call_plan", "wendeng_fire", {"jiajiayue_supply_team"}, 1_min));
  require_accepted(f.answer(event_kind::request_approve, 1, "wendeng_em", 2_min));
  require_accepted(f.incident_event(event_kind::incident_conclude, "wendeng_em", 1_h));
  return f;
}

}  // namespace

// ---- chain.open on the reference policy: compensation (4.1) --------------------------------------

TEST_CASE("4.1 compensation: a force that served claims through its owner with chain.open; EM reviews, government approves, finance and the claimant are told") {
  flow f = wendeng_flood_served();
  CHECK(f.incident_state() == "under_review");

  // After the incident, with the amount claimed and the force it is for: the EM department of
  // the command level reviews.
  const outcome opened = f.open("compensation", "jiajiayue", {"jiajiayue_supply_team"}, 2_h, 120000);
  CHECK_EFFECTS(f, opened, {"request_approval at=+2h to=wendeng_em from=jiajiayue request=2 chain=compensation step=em_review due=+7d2h"});
  CHECK(f.because(opened.effects[0]) == "chains.compensation.steps.em_review,chains.compensation");
  CHECK(opened.effects[0].measure == 120000);  // the amount claimed travels with every word about the claim
  auto r = f.engine().request(2);
  REQUIRE(r);
  CHECK(r->chain == f.chain("compensation"));
  CHECK(r->drafted_by == f.org("jiajiayue"));
  CHECK(r->forces == std::vector<index_t>{f.force("jiajiayue_supply_team")});
  CHECK(f.request_state(2) == "awaiting");
  CHECK(f.incident_state() == "under_review");  // a claim is not part of the response

  CHECK_EFFECTS(f, f.answer(event_kind::request_approve, 2, "wendeng_em", 1_d),
                {"request_approval at=+1d to=wendeng_gov from=jiajiayue request=2 chain=compensation step=government_approval due=+15d"});
  const outcome approved = f.answer(event_kind::request_approve, 2, "wendeng_gov", 2_d);
  CHECK_EFFECTS(f, approved, {
      "notify request_approved at=+2d to=weihai_finance from=jiajiayue request=2 chain=compensation",
      "notify request_approved at=+2d to=wendeng_em from=jiajiayue request=2 chain=compensation",
      // News to the claimant, though the notice is about its own claim: another's answer granted it.
      "notify request_approved at=+2d to=jiajiayue from=jiajiayue force=jiajiayue_supply_team request=2 chain=compensation",
  });
  CHECK(f.because(approved.effects[0]) == "chains.compensation.on_approved.notify_finance,chains.compensation");
  CHECK(f.because(approved.effects[2]) == "chains.compensation.on_approved.notify_claimant,chains.compensation");
  CHECK(approved.effects[0].measure == 120000);
  CHECK(f.engine().request(2)->measure == 120000);
  CHECK(f.request_state(2) == "executed");
}

TEST_CASE("4.1 compensation: only the owner of the force named may file (actor_lacks_role), and nothing changes") {
  flow f = wendeng_flood_served();
  const outcome by_fire = f.open("compensation", "wendeng_fire", {"jiajiayue_supply_team"}, 2_h, 120000);
  CHECK_REJECTS(f, by_fire, "actor_lacks_role");
  CHECK(by_fire.detail == "wendeng_fire may not open compensation for jiajiayue_supply_team; jiajiayue does");
  CHECK_REJECTS(f, f.open("compensation", "wendeng_em", {"jiajiayue_supply_team"}, 2_h, 120000), "actor_lacks_role");
  CHECK_REJECTS(f, f.open("compensation", "sdhs_weihai", {"jiajiayue_supply_team"}, 2_h, 120000), "actor_lacks_role");  // another enterprise
  event stranger = f.make(event_kind::chain_open, "", 2_h);
  stranger.incident = 1;
  stranger.chain = f.chain("compensation");
  stranger.amount = 1;
  CHECK_REJECTS(f, f.submit(stranger, f.forces({"jiajiayue_supply_team"})), "unknown_organisation");
  CHECK(f.engine().open_requests() == 0);
}

TEST_CASE("4.1 compensation: a force that had no order on the incident has nothing to claim (force_not_deployed), and nothing changes") {
  flow f = wendeng_flood_served();
  const outcome never_sent = f.open("compensation", "sdhs_weihai", {"sdhs_weihai_clearance_team"}, 2_h, 80000);
  CHECK_REJECTS(f, never_sent, "force_not_deployed");
  CHECK(never_sent.detail.find("force sdhs_weihai_clearance_team had no order on incident") == 0);
  // One force that served and one that did not: the whole claim is refused.
  CHECK_REJECTS(f, f.open("compensation", "jiajiayue", {"jiajiayue_supply_team", "sdhs_weihai_clearance_team"}, 2_h, 80000), "actor_lacks_role");
  // The same force twice, and a claim that names no force (whose owner would file it?).
  CHECK_REJECTS(f, f.open("compensation", "jiajiayue", {"jiajiayue_supply_team", "jiajiayue_supply_team"}, 2_h, 80000), "malformed");
  const outcome nameless = f.open("compensation", "jiajiayue", {}, 2_h, 80000);
  CHECK_REJECTS(f, nameless, "malformed");
  CHECK(nameless.detail == "chain compensation is opened by force's owner: name the force in forces");
  // On an incident where the force was never sent, even its owner has nothing to claim.
  flow unsent = wendeng_flood();
  CHECK_REJECTS(unsent, unsent.open("compensation", "jiajiayue", {"jiajiayue_supply_team"}, 2_h, 80000), "force_not_deployed");
  CHECK(f.engine().open_requests() == 0);
}

TEST_CASE("chain.open: the event carries exactly what the chain is about (malformed, no_forces), and nothing changes") {
  flow f = wendeng_flood();
  flow served = wendeng_flood_served();
  // A claim carries an amount and the forces it is for: not capabilities, not a quantity; and the amount is positive.
  CHECK_REJECTS(served, served.open("compensation", "jiajiayue", {"jiajiayue_supply_team"}, 2_h), "malformed");
  CHECK_REJECTS(served, served.open("compensation", "jiajiayue", {"jiajiayue_supply_team"}, 2_h, -5), "malformed");
  CHECK_REJECTS(served, served.open("compensation", "jiajiayue", {"jiajiayue_supply_team"}, 2_h, 1000, 3), "malformed");
  event caps = served.make(event_kind::chain_open, "jiajiayue", 2_h);
  caps.incident = 1;
  caps.chain = served.chain("compensation");
  caps.amount = 1000;
  caps.capabilities = muster_test::capabilities({"supply_logistics"});
  const outcome by_capability = served.submit(caps, served.forces({"jiajiayue_supply_team"}));
  CHECK_REJECTS(served, by_capability, "malformed");
  CHECK(by_capability.detail == "chain compensation is a claim: name the forces it is for, not capabilities");
  CHECK(served.engine().open_requests() == 0);
  // A chain about forces carries forces or capabilities, and no amount.
  CHECK_REJECTS(f, f.open("call_plan", "wendeng_fire", {}, 1_min), "no_forces");
  CHECK_REJECTS(f, f.open("call_plan", "wendeng_fire", {"wendeng_flood_team"}, 1_min, 1000), "malformed");
  CHECK_REJECTS(f, f.open("call_plan", "wendeng_fire", {"wendeng_flood_team"}, 1_min, 0, 2), "malformed");
  CHECK(f.engine().open_requests() == 0);
  CHECK(f.incident_state() == "first_response");

  // What fits is accepted: the claim with its amount and its force.
  CHECK(verdict(served.open("compensation", "jiajiayue", {"jiajiayue_supply_team"}, 2_h, 1000)) == "accepted");
}

TEST_CASE("chain.open: an unknown chain is unknown_reference; an unknown incident unknown_incident; nothing changes") {
  flow f = wendeng_flood();
  event e = f.make(event_kind::chain_open, "wendeng_fire", 1_min);
  e.incident = 1;
  e.chain = static_cast<index_t>(f.policy().chains.size());
  e.amount = 1000;
  CHECK_REJECTS(f, f.submit(e), "unknown_reference");
  e = f.make(event_kind::chain_open, "wendeng_fire", 1_min);
  e.incident = 1;  // no chain at all
  CHECK_REJECTS(f, f.submit(e), "unknown_reference");
  e = f.make(event_kind::chain_open, "wendeng_fire", 1_min);
  e.incident = 2;
  e.chain = f.chain("compensation");
  e.amount = 1000;
  CHECK_REJECTS(f, f.submit(e), "unknown_incident");
}

TEST_CASE("chain.open: a chain about forces is part of the response, so not once the incident is concluded") {
  flow f = wendeng_flood();
  require_accepted(f.incident_event(event_kind::incident_conclude, "wendeng_em", 1_h));
  CHECK_REJECTS(f, f.open("call_plan", "wendeng_fire", {"wendeng_flood_team"}, 2_h), "not_allowed_in_state");
  CHECK_REJECTS(f, f.shorthand(event_kind::plan_draft, "wendeng_fire", {"wendeng_flood_team"}, 2_h), "not_allowed_in_state");
}

TEST_CASE("chain.open: a shorthand is chain.open of the chain that claims it (plan.draft = chain.open call_plan)") {
  flow by_shorthand = wendeng_flood();
  flow by_name = wendeng_flood();
  const outcome a = by_shorthand.shorthand(event_kind::plan_draft, "wendeng_fire", {"wendeng_flood_team", "weihai_emergency_medical"}, 1_min);
  const outcome b = by_name.open("call_plan", "wendeng_fire", {"wendeng_flood_team", "weihai_emergency_medical"}, 1_min);
  CHECK_EFFECTS(by_shorthand, a, {"request_approval at=+1m to=wendeng_em from=wendeng_fire request=1 chain=call_plan step=em_approval due=+16m"});
  CHECK(lines(by_shorthand.effects(a)) == lines(by_name.effects(b)));
  CHECK(by_shorthand.digest() == by_name.digest());

  // Through to the orders, answer for answer.
  const outcome a2 = by_shorthand.answer(event_kind::request_approve, 1, "wendeng_em", 5_min);
  const outcome b2 = by_name.answer(event_kind::request_approve, 1, "wendeng_em", 5_min);
  CHECK(verdict(a2) == "accepted");
  CHECK(lines(by_shorthand.effects(a2)) == lines(by_name.effects(b2)));
  CHECK(by_shorthand.digest() == by_name.digest());

  // reinforcement.apply = chain.open cross_region, with its check that forces come from outside.
  flow apply = wendeng_flood();
  flow apply_named = wendeng_flood();
  const outcome c = apply.shorthand(event_kind::reinforcement_apply, "wendeng_em", {"weihai_emergency_medical"}, 1_min);
  const outcome d = apply_named.open("cross_region", "wendeng_em", {"weihai_emergency_medical"}, 1_min);
  CHECK(verdict(c) == "accepted");
  CHECK(lines(apply.effects(c)) == lines(apply_named.effects(d)));
  CHECK(apply.digest() == apply_named.digest());
  CHECK_REJECTS(apply, apply.open("cross_region", "wendeng_em", {"wendeng_flood_team"}, 2_min), "force_in_own_jurisdiction");
}

TEST_CASE("chain.open: a shorthand no chain claims is unknown_reference; chain.open still opens that chain") {
  flow f = flow::on(compiler_test::edit(workflow_policy_text(), "    opened_with: reinforcement.apply\n", ""));
  require_accepted(f.report(1, "east", "general", "east_em", 0_min));
  CHECK_REJECTS(f, f.shorthand(event_kind::reinforcement_apply, "east_em", {"west_volunteers"}, 1_min), "unknown_reference");
  CHECK_EFFECTS(f, f.open("cross_region", "east_em", {"west_volunteers"}, 1_min),
                {"request_approval at=+1m to=city_em from=east_em request=1 chain=cross_region step=upper_em_approval due=+21m"});
}

// ---- opened_on: chains that open by themselves ------------------------------------------------------

TEST_CASE("opened_on incident.concluded: the debrief opens by itself; its opener is told (request_opened), the fire team is asked") {
  flow f = east_flood();
  const outcome concluded = f.incident_event(event_kind::incident_conclude, "east_em", 1_h);
  require_accepted(concluded);
  CHECK(f.effects_differ(last_effects(concluded, 2), {
      "notify request_opened at=+1h to=east_em request=1 chain=debrief",
      "request_submission at=+1h to=east_fire from=east_em request=1 chain=debrief step=debrief_due due=+1d1h",
  }) == "");
  CHECK(f.because(concluded.effects.back()) == "chains.debrief.steps.debrief_due,chains.debrief");
  CHECK(f.request_state(1) == "awaiting");
  CHECK(f.engine().request(1)->drafted_by == f.org("east_em"));
}

TEST_CASE("opened_on incident.reported: a chain opens by itself when the incident is reported") {
  const std::string sitrep =
      "  - id: situation_report\n"
      "    en: Situation report\n"
      "    clause: 3.3.1\n"
      "    opened_by: { role: emergency_management, of: incident }\n"
      "    about: nothing\n"
      "    opened_on: [incident.reported]\n"
      "    steps:\n"
      "      - id: first_report\n"
      "        kind: submit\n"
      "        by: { role: fire_rescue, of: incident }\n"
      "        timeout: 2h\n"
      "        on_timeout: [remind]\n"
      "        clause: 3.3.1\n";
  flow f = flow::on(workflow_policy_text(sitrep));
  const outcome reported = f.report(1, "east", "general", "east_em", 0_min);
  require_accepted(reported);
  CHECK(f.effects_differ(last_effects(reported, 2), {
      "notify request_opened at=+0 to=east_em request=1 chain=situation_report",
      "request_submission at=+0 to=east_fire from=east_em request=1 chain=situation_report step=first_report due=+2h",
  }) == "");
  CHECK(f.request_state(1) == "awaiting");
}

TEST_CASE("opened_on order.released: a chain about forces opens for the released order's force") {
  flow f = east_flood();
  require_accepted(f.open("call_plan", "east_fire", {"grid_repair_team"}, 1_min));
  require_accepted(f.answer(event_kind::request_approve, 1, "east_em", 2_min));  // order 1 to city_grid
  require_accepted(f.order_event(event_kind::order_ack, 1, "city_grid", 3_min));
  CHECK_EFFECTS(f, f.order_event(event_kind::order_release, 1, "east_fire", 1_h), {
      "notify request_opened at=+1h to=east_em force=grid_repair_team request=2 chain=release_check",
      "request_acknowledgement at=+1h to=city_grid from=east_em force=grid_repair_team request=2 chain=release_check step=owner_confirms due=+2h",
  });
  CHECK(f.engine().request(2)->forces == std::vector<index_t>{f.force("grid_repair_team")});
}

TEST_CASE("opened_on order.departed / order.returned: a notify step for_each force tells each force's party, naming it") {
  flow f = east_flood();
  require_accepted(f.open("call_plan", "east_fire", {"grid_repair_team"}, 1_min));
  require_accepted(f.answer(event_kind::request_approve, 1, "east_em", 2_min));  // order 1 to city_grid
  require_accepted(f.order_event(event_kind::order_ack, 1, "city_grid", 3_min));
  CHECK_EFFECTS(f, f.order_event(event_kind::order_depart, 1, "city_grid", 4_min), {
      "notify request_opened at=+4m to=east_em force=grid_repair_team request=2 chain=on_the_road",
      "notify request_opened at=+4m to=city_water from=east_em force=grid_repair_team request=2 chain=on_the_road step=authority_told",
  });
  CHECK_EFFECTS(f, f.order_event(event_kind::order_release, 1, "east_fire", 1_h), {
      "notify request_opened at=+1h to=east_em force=grid_repair_team request=3 chain=release_check",
      "request_acknowledgement at=+1h to=city_grid from=east_em force=grid_repair_team request=3 chain=release_check step=owner_confirms due=+2h",
      "notify request_opened at=+1h to=east_em force=grid_repair_team request=4 chain=off_the_road",
      "notify request_opened at=+1h to=city_water from=east_em force=grid_repair_team request=4 chain=off_the_road step=authority_told_back",
  });
}

TEST_CASE("opened_on order.returned: an order released before its force set off opens nothing of it") {
  flow f = east_flood();
  require_accepted(f.open("call_plan", "east_fire", {"grid_repair_team"}, 1_min));
  require_accepted(f.answer(event_kind::request_approve, 1, "east_em", 2_min));
  require_accepted(f.order_event(event_kind::order_ack, 1, "city_grid", 3_min));
  const auto released = f.order_event(event_kind::order_release, 1, "east_fire", 1_h);
  require_accepted(released);
  for (const auto& line : f.effects(released)) CHECK(line.find("off_the_road") == std::string::npos);
}

// ---- opened_on … after: chains that open by themselves later ------------------------------------------

namespace {

/// A follow-up the command's EM drafts two hours after an incident is reported; the commanding
/// fire team submits it.
const std::string follow_up =
    "  - id: follow_up\n"
    "    en: Follow-up\n"
    "    clause: 3.3.1\n"
    "    opened_by: { role: emergency_management, of: command }\n"
    "    about: nothing\n"
    "    opened_on:\n"
    "      - { event: incident.reported, after: 2h }\n"
    "    steps:\n"
    "      - { id: follow_up_filed, kind: submit, by: { role: fire_rescue, of: command }, timeout: 1h, on_timeout: [remind], clause: 3.3.1 }\n";

std::vector<std::string> openings(flow& f) {
  std::vector<std::string> v;
  for (const auto& d : f.engine().deadlines())
    if (d.kind == muster::deadline_kind::chain_opening)
      v.push_back(std::string(muster::to_string(d.kind)) + " due=" + offset(d.due, no_special_period) + " chain=" + f.policy().chains[d.chain].id +
                  " org=" + f.policy().organisations[d.organisation].id);
  return v;
}

}  // namespace

TEST_CASE("opened_on { event, after }: nothing opens with the event; the opening waits as a deadline, then opens at its time") {
  flow f = flow::on(workflow_policy_text(follow_up));
  const outcome reported = f.report(1, "east", "general", "east_em", 0_min);
  require_accepted(reported);
  for (const auto& line : f.effects(reported)) CHECK(line.find("follow_up") == std::string::npos);
  CHECK(openings(f) == std::vector<std::string>{"chain_opening due=+2h chain=follow_up org=east_em"});
  CHECK(f.engine().next_due() == no_special_period + 2_h);
  CHECK_EFFECTS(f, f.advance(2_h - 1), {});
  CHECK_EFFECTS(f, f.advance(2_h), {
      "notify request_opened at=+2h to=east_em request=1 chain=follow_up",
      "request_submission at=+2h to=east_fire from=east_em request=1 chain=follow_up step=follow_up_filed due=+3h",
  });
  CHECK(openings(f).empty());
  CHECK(f.engine().request(1)->drafted_by == f.org("east_em"));
  // It runs as any chain: silence reminds, an answer completes it. It never opens again.
  CHECK_EFFECTS(f, f.advance(3_h), {"remind step_overdue at=+3h to=east_fire request=1 chain=follow_up step=follow_up_filed"});
  require_accepted(f.answer(event_kind::request_submit, 1, "east_fire", 4_h));
  CHECK(f.request_state(1) == "executed");
  CHECK_EFFECTS(f, f.advance(30_d), {});
}

TEST_CASE("opened_on { event, after }: the drafter is whoever opened_by names when it opens (a regrade moved the command meanwhile)") {
  flow f = flow::on(workflow_policy_text(follow_up));
  require_accepted(f.report(1, "east", "general", "east_em", 0_min));
  require_accepted(f.incident_event(event_kind::incident_regrade, "east_em", 1_h, "larger"));  // command moves to the city
  CHECK(openings(f) == std::vector<std::string>{"chain_opening due=+2h chain=follow_up org=city_em"});
  CHECK_EFFECTS(f, f.advance(2_h), {
      "notify request_opened at=+2h to=city_em request=1 chain=follow_up",
      "request_submission at=+2h to=city_fire from=city_em request=1 chain=follow_up step=follow_up_filed due=+3h",
  });
}

TEST_CASE("opened_on { event, after }: each event makes its own opening; an event that fires before the step's time brings it along") {
  flow f = flow::on(workflow_policy_text(follow_up));
  require_accepted(f.report(1, "east", "general", "east_em", 0_min));
  event second = f.make(event_kind::incident_report, "west_em", 30_min);
  second.incident = 2;
  second.jurisdiction = f.policy().find_jurisdiction("west");
  second.incident_type = f.policy().find_incident_type("flood");
  second.grade = f.policy().find_grade("general");
  require_accepted(f.submit(second));
  CHECK(openings(f) == std::vector<std::string>{"chain_opening due=+2h chain=follow_up org=east_em",
                                                "chain_opening due=+2h30m chain=follow_up org=west_em"});
  // The first opening falls due before this answer's time: it belongs to the answer's outcome.
  const outcome o = f.incident_event(event_kind::incident_update, "east_fire", 2_h + 10_min);
  require_accepted(o);
  CHECK(std::count_if(o.effects.begin(), o.effects.end(), [&](const muster::effect& e) {
          return e.about == muster::topic::request_opened && e.to == f.org("east_em") && e.request == 1 && e.chain == f.chain("follow_up");
        }) == 1);
  CHECK(openings(f) == std::vector<std::string>{"chain_opening due=+2h30m chain=follow_up org=west_em"});
}

TEST_CASE("opened_on { event, after }: the state digest covers a waiting opening, and a replay reaches the same digest") {
  flow delayed = flow::on(workflow_policy_text(follow_up));
  flow none = flow::on(workflow_policy_text());
  require_accepted(delayed.report(1, "east", "general", "east_em", 0_min));
  require_accepted(none.report(1, "east", "general", "east_em", 0_min));
  CHECK(delayed.digest() != none.digest());  // same effects so far; only the waiting opening differs
  flow again = flow::on(workflow_policy_text(follow_up));
  require_accepted(again.report(1, "east", "general", "east_em", 0_min));
  CHECK(again.digest() == delayed.digest());
  delayed.advance(2_h);
  again.advance(2_h);
  CHECK(again.digest() == delayed.digest());
}

// ---- step kinds: submit and acknowledge take only their own answers --------------------------------

TEST_CASE("submit step: only request.submit answers it, from the addressee; the others are refused and change nothing") {
  flow f = east_flood();
  require_accepted(f.incident_event(event_kind::incident_conclude, "east_em", 1_h));  // opens the debrief, request 1
  CHECK_REJECTS(f, f.answer(event_kind::request_approve, 1, "east_fire", 2_h), "not_allowed_in_state");
  CHECK_REJECTS(f, f.answer(event_kind::request_reject, 1, "east_fire", 2_h), "not_allowed_in_state");
  CHECK_REJECTS(f, f.answer(event_kind::request_acknowledge, 1, "east_fire", 2_h), "not_allowed_in_state");
  CHECK_REJECTS(f, f.answer(event_kind::request_consent, 1, "east_fire", 2_h, "east_brigade"), "not_allowed_in_state");
  CHECK_REJECTS(f, f.answer(event_kind::request_submit, 1, "east_gov", 2_h), "actor_lacks_role");
  CHECK_REJECTS(f, f.answer(event_kind::request_submit, 1, "east_em", 2_h), "separation_of_duties");
  CHECK_REJECTS(f, f.answer(event_kind::request_submit, 2, "east_fire", 2_h), "unknown_request");
  CHECK(f.request_state(1) == "awaiting");

  CHECK_EFFECTS(f, f.answer(event_kind::request_submit, 1, "east_fire", 3_h),
                {"notify request_approved at=+3h to=east_gov from=east_em request=1 chain=debrief"});
  CHECK(f.request_state(1) == "executed");
  CHECK_REJECTS(f, f.answer(event_kind::request_submit, 1, "east_fire", 4_h), "not_allowed_in_state");
}

TEST_CASE("submit step: the timeout ladder acts rung by rung — remind, remind telling the government, escalate, expire telling it") {
  flow f = east_flood();
  require_accepted(f.incident_event(event_kind::incident_conclude, "east_em", 0_min));  // debrief due at +1d
  CHECK_EFFECTS(f, f.advance(1_d), {"remind step_overdue at=+1d to=east_fire request=1 chain=debrief step=debrief_due due=+2d"});
  CHECK_EFFECTS(f, f.advance(2_d), {
      "remind step_overdue at=+2d to=east_fire request=1 chain=debrief step=debrief_due due=+3d",
      "notify step_overdue at=+2d to=east_gov request=1 chain=debrief step=debrief_due due=+3d",
  });
  // Escalated one level up: the city's fire detachment now owes it too.
  CHECK_EFFECTS(f, f.advance(3_d), {"escalate step_overdue at=+3d to=city_fire request=1 chain=debrief step=debrief_due due=+4d"});
  CHECK(f.engine().request(1)->escalations == 1);
  CHECK_EFFECTS(f, f.advance(4_d), {
      "notify request_expired at=+4d to=east_gov request=1 chain=debrief step=debrief_due",
      "notify request_expired at=+4d to=east_em request=1 chain=debrief step=debrief_due",
  });
  CHECK(f.request_state(1) == "expired");
  for (const auto& d : f.engine().deadlines()) CHECK(d.kind != muster::deadline_kind::request_step);
  CHECK_REJECTS(f, f.answer(event_kind::request_submit, 1, "east_fire", 5_d), "not_allowed_in_state");
}

TEST_CASE("submit step: once escalated, the level above may submit in the addressee's place") {
  flow f = east_flood();
  require_accepted(f.incident_event(event_kind::incident_conclude, "east_em", 0_min));
  CHECK_REJECTS(f, f.answer(event_kind::request_submit, 1, "city_fire", 1_h), "actor_lacks_role");
  require_accepted(f.advance(3_d));  // remind, remind, escalate
  CHECK_EFFECTS(f, f.answer(event_kind::request_submit, 1, "city_fire", 3_d + 1_h),
                {"notify request_approved at=+3d1h to=east_gov from=east_em request=1 chain=debrief"});
}

TEST_CASE("acknowledge step: only request.acknowledge answers it; approve, reject and submit are not_allowed_in_state") {
  flow f = east_flood();
  require_accepted(f.open("evacuation", "east_em", {}, 1_min));
  require_accepted(f.answer(event_kind::request_approve, 1, "east_gov", 2_min));  // opens shelter, request 2
  REQUIRE(f.request_state(2) == "awaiting");
  CHECK_REJECTS(f, f.answer(event_kind::request_approve, 2, "east_gov", 3_min), "not_allowed_in_state");
  CHECK_REJECTS(f, f.answer(event_kind::request_reject, 2, "east_gov", 3_min), "not_allowed_in_state");
  CHECK_REJECTS(f, f.answer(event_kind::request_submit, 2, "east_gov", 3_min), "not_allowed_in_state");
  CHECK_REJECTS(f, f.answer(event_kind::request_refuse, 2, "east_gov", 3_min, "east_brigade"), "not_allowed_in_state");
  CHECK_REJECTS(f, f.answer(event_kind::request_acknowledge, 2, "west_gov", 3_min), "actor_lacks_role");
  CHECK(verdict(f.answer(event_kind::request_acknowledge, 2, "east_gov", 3_min)) == "accepted");
  CHECK(f.request_state(2) == "executed");
}

TEST_CASE("acknowledge step: the drafter may withdraw it, telling whoever was to acknowledge") {
  flow f = east_flood();
  require_accepted(f.open("evacuation", "east_em", {}, 1_min));
  require_accepted(f.answer(event_kind::request_approve, 1, "east_gov", 2_min));
  CHECK_REJECTS(f, f.answer(event_kind::request_withdraw, 2, "east_em", 3_min), "actor_lacks_role");  // east_fire drafted it
  CHECK_EFFECTS(f, f.answer(event_kind::request_withdraw, 2, "east_fire", 3_min),
                {"notify request_withdrawn at=+3m to=east_gov request=2 chain=shelter step=government_receipt"});
  CHECK(f.request_state(2) == "withdrawn");
}

// ---- per force: { of: owner } and acknowledgements per force ---------------------------------------

TEST_CASE("per-force acknowledge: { of: owner } asks each force's owner, and each answers for its own force") {
  flow f = east_flood();
  CHECK_EFFECTS(f, f.open("roll_call", "east_em", {"east_brigade", "grid_repair_team"}, 1_min), {
      "request_acknowledgement at=+1m to=east_fire from=east_em force=east_brigade request=1 chain=roll_call step=owners_answer due=+31m",
      "request_acknowledgement at=+1m to=city_grid from=east_em force=grid_repair_team request=1 chain=roll_call step=owners_answer due=+31m",
  });
  CHECK(lines(org_names(f, f.engine().request(1)->awaiting)) == lines({"east_fire", "city_grid"}));

  // The force must be named, be in the request, and be answered for by its own owner.
  CHECK_REJECTS(f, f.answer(event_kind::request_acknowledge, 1, "east_fire", 2_min), "unknown_force");
  CHECK_REJECTS(f, f.answer(event_kind::request_acknowledge, 1, "west_gov", 2_min, "west_volunteers"), "unknown_force");
  CHECK_REJECTS(f, f.answer(event_kind::request_acknowledge, 1, "city_grid", 2_min, "east_brigade"), "actor_lacks_role");
  CHECK(f.answer(event_kind::request_acknowledge, 1, "west_gov", 2_min, "east_brigade").detail ==
        "west_gov is not the force's owner this step waits for");
  CHECK_REJECTS(f, f.answer(event_kind::request_approve, 1, "east_fire", 2_min, "east_brigade"), "not_allowed_in_state");

  CHECK_EFFECTS(f, f.answer(event_kind::request_acknowledge, 1, "east_fire", 2_min, "east_brigade"), {});
  CHECK_REJECTS(f, f.answer(event_kind::request_acknowledge, 1, "east_fire", 3_min, "east_brigade"), "not_allowed_in_state");
  CHECK(lines(org_names(f, f.engine().request(1)->awaiting)) == lines({"city_grid"}));
  // Each owner is thanked for its force, except the one whose answer completed the step: no
  // one is told of its own act.
  CHECK_EFFECTS(f, f.answer(event_kind::request_acknowledge, 1, "city_grid", 4_min, "grid_repair_team"),
                {"notify request_approved at=+4m to=east_fire from=east_em force=east_brigade request=1 chain=roll_call"});
  CHECK(f.request_state(1) == "executed");
}

TEST_CASE("3.1.2 a force ordered since it was named is not ordered twice: the later plan's drafter is told") {
  flow f = wendeng_flood();
  // Two plans name the flood team while it is free; the first approved orders it.
  require_accepted(f.open("call_plan", "wendeng_fire", {"wendeng_flood_team"}, 1_min));
  require_accepted(f.open("call_plan", "wendeng_fire", {"wendeng_flood_team"}, 2_min));
  const muster::outcome& first = f.answer(event_kind::request_approve, 1, "wendeng_em", 3_min);
  REQUIRE(first.accepted);
  muster::order_id ordered = 0;
  for (const auto& e : first.effects)
    if (e.kind == muster::effect_kind::issue_order) ordered = e.order;
  REQUIRE(ordered != 0);
  // The second approval orders nobody twice: the drafter learns the force was dropped, and why
  // (the order it holds).
  const muster::outcome& second = f.answer(event_kind::request_approve, 2, "wendeng_em", 4_min);
  REQUIRE(second.accepted);
  std::size_t orders = 0, dropped = 0;
  for (const auto& e : second.effects) {
    if (e.kind == muster::effect_kind::issue_order) ++orders;
    if (e.kind == muster::effect_kind::notify && e.about == muster::topic::force_dropped) {
      ++dropped;
      CHECK(e.order == ordered);
      CHECK(e.to == f.org("wendeng_fire"));
    }
  }
  CHECK(orders == 0);
  CHECK(dropped == 1);
  CHECK(f.engine().order(ordered)->state == muster::order_state::issued);
}

TEST_CASE("per-force submit: each force's owner submits its own document, naming the force") {
  const std::string damage_reports =
      "  - id: damage_reports\n"
      "    en: Damage reports\n"
      "    clause: 3.3.3\n"
      "    opened_by: { role: emergency_management, of: command }\n"
      "    about: forces\n"
      "    steps:\n"
      "      - id: owners_report\n"
      "        kind: submit\n"
      "        by: { of: owner }\n"
      "        for_each: force\n"
      "        timeout: 1d\n"
      "        clause: 3.3.3\n";
  flow f = east_flood(damage_reports);
  require_accepted(f.open("damage_reports", "east_em", {"east_brigade", "grid_repair_team"}, 1_min));
  CHECK(lines(org_names(f, f.engine().request(1)->awaiting)) == lines({"east_fire", "city_grid"}));
  // The force must be named, and be the submitter's own.
  CHECK_REJECTS(f, f.answer(event_kind::request_submit, 1, "east_fire", 2_min), "unknown_force");
  CHECK_REJECTS(f, f.answer(event_kind::request_submit, 1, "city_grid", 2_min, "east_brigade"), "actor_lacks_role");
  require_accepted(f.answer(event_kind::request_submit, 1, "east_fire", 2_min, "east_brigade"));
  CHECK_REJECTS(f, f.answer(event_kind::request_submit, 1, "east_fire", 3_min, "east_brigade"), "not_allowed_in_state");
  CHECK(lines(org_names(f, f.engine().request(1)->awaiting)) == lines({"city_grid"}));
  require_accepted(f.answer(event_kind::request_submit, 1, "city_grid", 4_min, "grid_repair_team"));
  CHECK(f.request_state(1) == "executed");
}

TEST_CASE("per-force acknowledge: silence reminds only the owners still awaited, then expires") {
  flow f = east_flood();
  require_accepted(f.open("roll_call", "east_em", {"east_brigade", "grid_repair_team"}, 0_min));
  require_accepted(f.answer(event_kind::request_acknowledge, 1, "east_fire", 1_min, "east_brigade"));
  CHECK_EFFECTS(f, f.advance(30_min), {"remind step_overdue at=+30m to=city_grid force=grid_repair_team request=1 chain=roll_call step=owners_answer due=+1h"});
  CHECK_EFFECTS(f, f.advance(1_h), {"notify request_expired at=+1h to=east_em request=1 chain=roll_call step=owners_answer"});
  CHECK(f.request_state(1) == "expired");
}

TEST_CASE("a rung's notify { of: owner } tells each awaited force's owner that the step is late") {
  flow f = east_flood();
  CHECK_EFFECTS(f, f.open("consult", "east_em", {"grid_repair_team", "west_volunteers"}, 0_min), {
      "request_consent at=+0 to=city_water from=east_em force=grid_repair_team request=1 chain=consult step=authority_view due=+30m",
      "request_consent at=+0 to=west_em from=east_em force=west_volunteers request=1 chain=consult step=authority_view due=+30m",
  });
  CHECK_EFFECTS(f, f.advance(30_min), {
      "remind step_overdue at=+30m to=city_water force=grid_repair_team request=1 chain=consult step=authority_view",
      "remind step_overdue at=+30m to=west_em force=west_volunteers request=1 chain=consult step=authority_view",
      "notify step_overdue at=+30m to=city_grid force=grid_repair_team request=1 chain=consult step=authority_view",
      "notify step_overdue at=+30m to=west_gov force=west_volunteers request=1 chain=consult step=authority_view",
  });
}

TEST_CASE("a step addressed to a command position: another organisation is actor_lacks_role, told which position it waits for") {
  flow f = east_flood();
  CHECK_EFFECTS(f, f.open("commander_sign_off", "east_em", {}, 1_min),
                {"request_approval at=+1m to=east_fire from=east_em request=1 chain=commander_sign_off step=commander_signs due=+1h1m"});
  const std::string before = f.digest();
  const outcome wrong = f.answer(event_kind::request_approve, 1, "west_fire", 2_min);
  CHECK(verdict(wrong) == "rejected: actor_lacks_role");
  CHECK(wrong.detail == "west_fire is not the commander this step waits for");
  CHECK(wrong.effects.empty());
  CHECK(f.digest() == before);
  CHECK(verdict(f.answer(event_kind::request_approve, 1, "east_fire", 3_min)) == "accepted");
  CHECK(f.request_state(1) == "executed");
}

// ---- flags and open_chain ------------------------------------------------------------------------------

TEST_CASE("set_flag / clear_flag: the coordinator is told; a when: reading the flag gates the next chain's step") {
  flow f = east_flood();
  // The flag is not set: the shelter chain has no step that applies, so it is approved and
  // executed at once; clearing a flag that is not set changes nothing and tells nobody.
  CHECK_EFFECTS(f, f.open("shelter", "east_fire", {}, 1_min), {});
  CHECK(f.request_state(1) == "executed");

  CHECK_EFFECTS(f, f.open("evacuation", "east_em", {}, 2_min),
                {"request_approval at=+2m to=east_gov from=east_em request=2 chain=evacuation step=government_decides due=+1h2m"});
  const outcome approved = f.answer(event_kind::request_approve, 2, "east_gov", 3_min);
  CHECK_EFFECTS(f, approved, {
      "notify flag_set at=+3m to=east_em request=2 chain=evacuation flag=evacuation_ordered",
      "notify request_opened at=+3m to=east_fire request=3 chain=shelter",
      "request_acknowledgement at=+3m to=east_gov from=east_fire request=3 chain=shelter step=government_receipt due=+2h3m",
  });
  CHECK(f.because(approved.effects[0]) == "chains.evacuation.on_approved.mark_evacuation,chains.evacuation");
  CHECK(f.because(approved.effects[1]) == "chains.evacuation.on_approved.then_shelter,chains.shelter");
  CHECK(f.request_state(2) == "executed");
  CHECK(f.request_state(3) == "awaiting");
  CHECK(f.engine().request(3)->drafted_by == f.org("east_fire"));

  const outcome acknowledged = f.answer(event_kind::request_acknowledge, 3, "east_gov", 4_min);
  CHECK_EFFECTS(f, acknowledged, {"notify flag_cleared at=+4m to=east_em request=3 chain=shelter flag=evacuation_ordered"});
  CHECK(f.because(acknowledged.effects[0]) == "chains.shelter.on_approved.end_evacuation,chains.shelter");

  // Cleared again: the shelter chain has nothing to wait for.
  CHECK_EFFECTS(f, f.open("shelter", "east_fire", {}, 5_min), {});
  CHECK(f.request_state(4) == "executed");
}

TEST_CASE("set_flag: a flag already set is not set again, and nobody is told twice") {
  flow f = east_flood();
  require_accepted(f.open("evacuation", "east_em", {}, 1_min));
  require_accepted(f.answer(event_kind::request_approve, 1, "east_gov", 2_min));  // set; shelter (2) awaits
  require_accepted(f.open("evacuation", "east_em", {}, 3_min));
  CHECK_EFFECTS(f, f.answer(event_kind::request_approve, 3, "east_gov", 4_min), {
      "notify request_opened at=+4m to=east_fire request=4 chain=shelter",
      "request_acknowledgement at=+4m to=east_gov from=east_fire request=4 chain=shelter step=government_receipt due=+2h4m",
  });
}

TEST_CASE("open_chain: a chain naming the upper level is not opened where command sits at the root") {
  // The call plan, once approved, opens a cross-region reinforcement (its approver is the EM
  // one level above the command). With the incident at the threshold, the city commands: there
  // is no level above it, so no request may go to nobody.
  const std::string text = compiler_test::edit(workflow_policy_text(), "        when: not_special_period\n        clause: 3.1.2\n",
                                               "        when: not_special_period\n        clause: 3.1.2\n"
                                               "      - id: then_reinforce\n        do: open_chain\n        chain: cross_region\n        clause: 3.1.2\n");
  flow f = flow::on(text);
  require_accepted(f.report(1, "east", "larger", "east_em", 0_min));
  require_accepted(f.open("call_plan", "city_fire", {"west_volunteers"}, 1_min));
  const outcome approved = f.answer(event_kind::request_approve, 1, "city_em", 2_min);
  require_accepted(approved);
  for (const auto& line : f.effects(approved)) {
    CHECK(line.find("to=none") == std::string::npos);
    CHECK(line.find("chain=cross_region") == std::string::npos);
  }
  CHECK(f.request_state(2) == "missing");

  // Below the threshold the district commands, and the reinforcement is opened for the city EM.
  flow g = flow::on(text);
  require_accepted(g.report(1, "east", "general", "east_em", 0_min));
  require_accepted(g.open("call_plan", "east_fire", {"west_volunteers"}, 1_min));
  const outcome below = g.answer(event_kind::request_approve, 1, "east_em", 2_min);
  CHECK(g.effects_differ(last_effects(below, 2), {
      "notify request_opened at=+2m to=east_em force=west_volunteers request=2 chain=cross_region",
      "request_approval at=+2m to=city_em from=east_em request=2 chain=cross_region step=upper_em_approval due=+22m",
  }) == "");
}

TEST_CASE("the state digest covers what later decisions read: an incident's flags and a request's amount") {
  // The same chain opened on the same incident, by the same party, at the same time: one claim
  // is over the threshold and sets the flag, the other does not. Every later `when:` that reads
  // the flag or the amount tells them apart, so the digest must too.
  const std::string gated =
      "  - id: claim\n"
      "    en: Claim\n"
      "    clause: 3.3.3\n"
      "    opened_by: { role: fire_rescue, of: command }\n"
      "    about: claim\n"
      "    steps:\n"
      "      - id: noted\n"
      "        kind: notify\n"
      "        by: { role: emergency_management, of: command }\n"
      "        clause: 3.3.3\n"
      "    on_approved:\n"
      "      - id: mark_large\n"
      "        do: set_flag\n"
      "        flag: evacuation_ordered\n"
      "        when: amount > 1000\n"
      "        clause: 3.3.3\n";
  flow small = east_flood(gated);
  flow large = east_flood(gated);
  CHECK(small.digest() == large.digest());
  CHECK_EFFECTS(small, small.open("claim", "east_fire", {}, 1_min, 500),
                {"notify request_opened at=+1m to=east_em from=east_fire request=1 chain=claim step=noted"});
  CHECK_EFFECTS(large, large.open("claim", "east_fire", {}, 1_min, 5000), {
      "notify request_opened at=+1m to=east_em from=east_fire request=1 chain=claim step=noted",
      "notify flag_set at=+1m to=east_em request=1 chain=claim flag=evacuation_ordered",
  });
  CHECK(small.digest() != large.digest());

  // The flag is read later: the shelter chain waits in one engine and not in the other.
  CHECK_EFFECTS(small, small.open("shelter", "east_fire", {}, 2_min), {});
  CHECK(large.effects(large.open("shelter", "east_fire", {}, 2_min)).size() == 1);
}

// ---- when: drill — a drill's own rules (3.2.3) ---------------------------------------------------------

TEST_CASE("3.2.3 when: drill holds for an incident reported as an exercise, not for a real one") {
  const std::string lessons =
      "  - id: drill_lessons\n"
      "    en: Drill lessons\n"
      "    clause: 3.3.3\n"
      "    opened_by: { role: emergency_management, of: command }\n"
      "    about: nothing\n"
      "    opened_on: [incident.reported]\n"
      "    steps:\n"
      "      - { id: lessons_filed, kind: submit, by: { role: fire_rescue, of: command }, when: drill, timeout: 1d, on_timeout: [remind], clause: 3.3.3 }\n";
  flow real = flow::on(workflow_policy_text(lessons));
  require_accepted(real.report(1, "east", "general", "east_em", 0_min));
  CHECK(real.request_state(1) == "executed");  // its only step did not apply: nothing was asked

  flow drill = flow::on(workflow_policy_text(lessons));
  event e = drill.make(event_kind::incident_report, "east_em", 0_min);
  e.incident = 1;
  e.jurisdiction = drill.policy().find_jurisdiction("east");
  e.incident_type = drill.policy().find_incident_type("flood");
  e.grade = drill.policy().find_grade("general");
  e.status = muster::input_status::exercise;
  const outcome reported = drill.submit(e);
  require_accepted(reported);
  CHECK(drill.request_state(1) == "awaiting");
  CHECK(drill.effects_differ(last_effects(reported, 1),
                             {"request_submission at=+0 to=east_fire from=east_em request=1 chain=drill_lessons step=lessons_filed due=+1d"}) == "");
}

// ---- assign_command: a position of the command moved by policy ------------------------------------------

namespace {

/// The government of the incident's district asks the city fire detachment to take over; the city
/// EM agrees; the chain's action assigns the commander's position.
const std::string takeover =
    "  - id: takeover\n"
    "    en: Takeover\n"
    "    clause: 3.1.3\n"
    "    opened_by: { role: party_government, of: incident }\n"
    "    about: nothing\n"
    "    steps:\n"
    "      - { id: city_agrees, kind: approve, by: { role: emergency_management, of: root }, timeout: 1h, on_timeout: [remind], clause: 3.1.3 }\n"
    "    on_approved:\n"
    "      - { id: city_fire_commands, do: assign_command, position: commander, to: { role: fire_rescue, of: root }, clause: 3.1.3 }\n";

}  // namespace

TEST_CASE("3.1.3 assign_command: the chain gives the commander's position; who held it is told; it holds through a regrade") {
  flow f = east_flood(takeover);
  require_accepted(f.open("takeover", "east_gov", {}, 1_min));
  CHECK_EFFECTS(f, f.answer(event_kind::request_approve, 1, "city_em", 2_min), {
      "assign_command commander at=+2m to=city_fire request=1 chain=takeover",
      "notify command_moved at=+2m to=east_fire from=city_fire request=1 chain=takeover",
  });
  auto v = f.engine().incident(1);
  REQUIRE(v);
  CHECK(v->commander == f.org("city_fire"));
  CHECK(v->coordinator == f.org("east_em"));  // the other position is the grade's, as before
  // The grade moves what was not assigned: at larger the coordinator is the city's; the commander stays.
  require_accepted(f.incident_event(event_kind::incident_regrade, "east_em", 3_min, "larger"));
  v = f.engine().incident(1);
  CHECK(v->coordinator == f.org("city_em"));
  CHECK(v->commander == f.org("city_fire"));
  require_accepted(f.incident_event(event_kind::incident_regrade, "city_em", 4_min, "general"));
  CHECK(f.engine().incident(1)->commander == f.org("city_fire"));
  // The brigade no longer directs the incident.
  CHECK_REJECTS(f, f.incident_event(event_kind::incident_conclude, "east_fire", 5_min), "actor_lacks_role");
  CHECK(verdict(f.incident_event(event_kind::incident_conclude, "city_fire", 6_min)) == "accepted");
}

TEST_CASE("3.1.3 assign_command: to the one already holding the position, nothing changes and nobody is told") {
  flow f = east_flood(compiler_test::edit(takeover, "{ role: fire_rescue, of: root }", "{ role: fire_rescue, of: incident }"));
  require_accepted(f.open("takeover", "east_gov", {}, 1_min));
  const outcome approved = f.answer(event_kind::request_approve, 1, "city_em", 2_min);
  require_accepted(approved);
  for (const auto& line : f.effects(approved)) CHECK(line.find("command") == std::string::npos);
  CHECK(f.engine().incident(1)->commander == f.org("east_fire"));
}

// ---- periods: declared_by and announce_to ---------------------------------------------------------------

TEST_CASE("3.2.2 key dates: only a declared_by role may declare or end the period; announce_to's holders are told") {
  flow f = flow::weihai();
  CHECK_REJECTS(f, f.period_event(event_kind::period_declare, "key_dates", "weihai_transport", 1_min), "actor_lacks_role");
  CHECK_REJECTS(f, f.period_event(event_kind::period_declare, "key_dates", "wendeng_fire", 1_min), "actor_lacks_role");
  CHECK_REJECTS(f, f.period_event(event_kind::period_declare, "flood_season", "weihai_em", 1_min), "unknown_reference");
  CHECK_FALSE(f.engine().sensitive_period_active());

  // Every fire team (announce_to: [fire_rescue]) is told, in the policy's order.
  std::vector<std::string> told;
  const muster::policy& p = f.policy();
  for (const auto& o : p.organisations)
    if (o.holds(p.find_role("fire_rescue"))) told.push_back("notify period_declared at=+2m to=" + o.id);
  REQUIRE(told.size() >= 2);
  const outcome declared = f.period_event(event_kind::period_declare, "key_dates", "wendeng_gov", 2_min);  // a district government
  CHECK(verdict(declared) == "accepted");
  CHECK(f.effects_differ(declared, told) == "");
  CHECK(f.because(declared.effects[0]) == "periods.key_dates");
  CHECK(f.engine().sensitive_period_active());

  CHECK_REJECTS(f, f.period_event(event_kind::period_declare, "key_dates", "weihai_em", 3_min), "not_allowed_in_state");
  CHECK_REJECTS(f, f.period_event(event_kind::period_end, "key_dates", "weihai_health", 3_min), "actor_lacks_role");
  const outcome ended = f.period_event(event_kind::period_end, "key_dates", "weihai_em", 4_min);
  CHECK(verdict(ended) == "accepted");
  REQUIRE(ended.effects.size() == told.size());
  for (const auto& e : ended.effects) CHECK(e.about == muster::topic::period_ended);
  CHECK_FALSE(f.engine().sensitive_period_active());
}

TEST_CASE("declared_by on another policy: its roles declare, others may not; without announce_to nobody is told") {
  flow f = east_flood();  // key_dates: declared_by [emergency_management], no announce_to
  CHECK_REJECTS(f, f.period_event(event_kind::period_declare, "key_dates", "east_gov", 1_min), "actor_lacks_role");
  CHECK_REJECTS(f, f.period_event(event_kind::period_declare, "key_dates", "city_fire", 1_min), "actor_lacks_role");
  CHECK_EFFECTS(f, f.period_event(event_kind::period_declare, "key_dates", "west_em", 1_min), {});
  CHECK(f.engine().sensitive_period_active());
  CHECK_EFFECTS(f, f.period_event(event_kind::period_end, "key_dates", "east_em", 2_min), {});
}

// ---- command: reassessed_by ----------------------------------------------------------------------------

TEST_CASE("3.1.3 reassessed_by: a holder of the role on the path to the root may regrade; others may not") {
  const std::string text = compiler_test::edit(workflow_policy_text(), "  clause: 3.1.1\n  threshold: larger\n",
                                               "  clause: 3.1.1\n  threshold: larger\n  reassessed_by: [emergency_management]\n");
  flow f = flow::on(text);
  require_accepted(f.report(1, "east", "general", "east_em", 0_min));
  CHECK_REJECTS(f, f.incident_event(event_kind::incident_regrade, "west_em", 1_min, "larger"), "actor_lacks_role");   // not on the path
  CHECK_REJECTS(f, f.incident_event(event_kind::incident_regrade, "city_gov", 1_min, "larger"), "actor_lacks_role");  // on it, another role
  CHECK_REJECTS(f, f.incident_event(event_kind::incident_regrade, "city_fire", 1_min, "larger"), "actor_lacks_role");
  const outcome regraded = f.incident_event(event_kind::incident_regrade, "city_em", 2_min, "larger");
  CHECK(verdict(regraded) == "accepted");
  auto v = f.engine().incident(1);
  REQUIRE(v);
  CHECK(v->coordinator == f.org("city_em"));
  CHECK(v->commander == f.org("city_fire"));

  // Without reassessed_by, only whoever directs the incident regrades.
  flow g = east_flood();
  CHECK_REJECTS(g, g.incident_event(event_kind::incident_regrade, "city_em", 1_min, "larger"), "actor_lacks_role");
  CHECK(verdict(g.incident_event(event_kind::incident_regrade, "east_em", 2_min, "larger")) == "accepted");
}
