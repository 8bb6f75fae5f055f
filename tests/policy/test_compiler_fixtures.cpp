// The compiler on valid input: the minimal fixtures compile with no diagnostics at all, the
// reference policy compiles with no errors and means what it says, and the compiler's
// contracts (digest, pass reports, rendering, ordering) hold.
#include "test_compiler_support.hpp"

#include <algorithm>

using namespace compiler_test;
using muster::index_t;
using muster::no_index;

namespace {

std::uint16_t mmdd(int month, int day) { return static_cast<std::uint16_t>(month * 100 + day); }

}  // namespace

TEST_CASE("compiler: the minimal policy and registry compile with zero diagnostics") {
  auto p = compile(policy_text());
  INFO(describe(p.diagnostics));
  REQUIRE(p.ok());
  CHECK(p.diagnostics.empty());

  auto r = compile_forces(forces_text());
  INFO(describe(r.diagnostics));
  REQUIRE(r.ok());
  CHECK(r.diagnostics.empty());
  REQUIRE(r.value->forces.size() == 4);
  CHECK(r.value->policy_digest == p.value->digest);
  CHECK(r.value->updated == muster::date{2026, 11, 20});

  // One force of every category, read as written.
  const auto& f = r.value->forces;
  CHECK(f[0].category == muster::force_category::government);
  CHECK(f[1].category == muster::force_category::enterprise);
  CHECK(f[2].category == muster::force_category::social);
  CHECK(f[3].category == muster::force_category::expert);
  const muster::policy& pol = *p.value;
  CHECK(f[0].owner == pol.find_organisation("east_fire"));
  CHECK(f[0].authority == pol.find_organisation("east_em"));
  CHECK(f[0].jurisdiction == pol.find_jurisdiction("east"));
  CHECK(f[0].has(pol.find_capability("fire_suppression")));
  CHECK(f[0].has(pol.find_capability("water_rescue")));
  CHECK_FALSE(f[0].has(pol.find_capability("power_repair")));
  CHECK(f[0].personnel == 30);
  REQUIRE(f[0].equipment.size() == 1);
  CHECK(f[0].equipment[0].count == 2);
  CHECK(f[0].data_updated == muster::date{2026, 11, 1});
  CHECK(f[1].sector == pol.find_sector("power"));
  CHECK(f[2].registered);
  CHECK(f[3].expertise == std::vector<std::string>{"hydrology", "flood control"});
  CHECK(r.value->find_force("west_volunteers") == 2);
  CHECK(r.value->find_force("nobody") == no_index);
}

TEST_CASE("compiler: the minimal policy compiles into the tables the engine reads") {
  auto r = compile(policy_text());
  REQUIRE(r.ok());
  const muster::policy& p = *r.value;
  CHECK(p.file == "p.yaml");
  CHECK(p.id == "minimal");
  CHECK(p.utc_offset_minutes == 480);
  CHECK(p.root == p.find_jurisdiction("city"));
  CHECK(p.jurisdictions[p.find_jurisdiction("east")].parent == p.root);
  CHECK(p.jurisdictions[p.find_jurisdiction("east")].depth == 1);
  CHECK(p.jurisdictions[p.root].children.size() == 2);

  // The year-end period wraps; the sensitive one is declared at run time.
  const auto& forest = p.periods[p.find_period("forest_fire_prevention")];
  CHECK(forest.cls == muster::period_class::special);
  CHECK(forest.from_mmdd > forest.to_mmdd);
  CHECK(forest.contains(mmdd(12, 31)));
  CHECK(forest.contains(mmdd(1, 1)));
  CHECK(forest.contains(mmdd(11, 1)));
  CHECK(forest.contains(mmdd(5, 31)));
  CHECK_FALSE(forest.contains(mmdd(6, 1)));
  CHECK_FALSE(forest.contains(mmdd(10, 31)));
  const auto& key_dates = p.periods[p.find_period("key_dates")];
  CHECK(key_dates.declared);
  CHECK(key_dates.cls == muster::period_class::sensitive);
  CHECK_FALSE(key_dates.contains(mmdd(1, 1)));

  // call_plan: approve, then a per-force consent that drops a refusing force.
  REQUIRE(p.find_chain("call_plan") != no_index);
  const auto& call = p.chains[p.find_chain("call_plan")];
  REQUIRE(call.steps.size() == 2);
  CHECK(call.steps[0].kind == muster::step_kind::approve);
  CHECK(call.steps[0].next == 1);
  CHECK(call.steps[1].kind == muster::step_kind::consent);
  CHECK(call.steps[1].per_force);
  CHECK(call.steps[1].by.of == muster::party_scope::force);
  CHECK(call.steps[1].on_refuse == muster::refusal_effect::drop_force);
  CHECK(call.steps[1].next == no_index);
  REQUIRE(call.on_approved.size() == 2);
  CHECK(call.on_approved[1].kind == muster::action_kind::file_record);
  REQUIRE(call.on_approved[1].when != muster::no_index);
  CHECK(p.conditions[call.on_approved[1].when].text == "not_special_period");
  const auto& cross = p.chains[p.find_chain("cross_region")];
  REQUIRE(cross.steps.size() == 2);
  CHECK(cross.steps[1].kind == muster::step_kind::notify);
  CHECK(cross.steps[1].timeout == 0);
  CHECK(cross.on_approved[0].forces == muster::force_selection::outside_incident_jurisdiction);
  CHECK(p.information.size() == 2);
  REQUIRE(p.information[1].when != muster::no_index);
  CHECK(p.conditions[p.information[1].when].text == "at_or_above_threshold");
  CHECK(p.orders.propose_substitutes);
  CHECK(p.orders.escalate_to.size() == 2);
  CHECK(p.review.due == 7 * 86400);
}

TEST_CASE("compiler: the reference policy and registry compile without errors") {
  const std::string dir = std::string(MUSTER_SOURCE_DIR) + "/rules/";
  auto r = muster::compile_policy_file(dir + "weihai.yaml");
  INFO(describe(r.diagnostics));
  REQUIRE(r.ok());
  CHECK_FALSE(muster::has_errors(r.diagnostics));
  const muster::policy& p = *r.value;
  CHECK(p.id == "weihai");
  CHECK(p.digest.size() == 64);

  // Grades lowest first; the command threshold is 较大 (3.1.1).
  REQUIRE(p.grades.size() == 4);
  CHECK(p.grades[0].id == "general");
  CHECK(p.grades[1].id == "larger");
  CHECK(p.grades[2].id == "major");
  CHECK(p.grades[3].id == "especially_major");
  CHECK(p.command.threshold == p.find_grade("larger"));
  CHECK(p.command.above_coordinator.of == muster::party_scope::root);
  CHECK(p.command.below_commander.of == muster::party_scope::incident);

  // Every jurisdiction has its EM department and fire team, found by holder().
  CHECK(p.jurisdictions.size() == 10);
  for (std::size_t j = 0; j < p.jurisdictions.size(); ++j) {
    CAPTURE(p.jurisdictions[j].id);
    const index_t em = p.holder(p.find_role("emergency_management"), static_cast<index_t>(j));
    const index_t fire = p.holder(p.find_role("fire_rescue"), static_cast<index_t>(j));
    REQUIRE(em != no_index);
    REQUIRE(fire != no_index);
    CHECK(p.organisations[em].jurisdiction == j);
    CHECK(p.organisations[em].holds(p.find_role("emergency_management")));
    CHECK(p.organisations[fire].holds(p.find_role("fire_rescue")));
  }
  CHECK(p.organisations[p.holder(p.find_role("emergency_management"), p.root)].id == "weihai_em");
  CHECK(p.organisations[p.holder(p.find_role("fire_rescue"), p.find_jurisdiction("wendeng"))].id == "wendeng_fire");
  CHECK(p.holder(p.find_role("fire_rescue"), no_index) == no_index);

  // The call plan: EM approval, then in special periods each force's authority consents.
  const auto& call = p.chains[p.find_chain("call_plan")];
  CHECK(call.id == "call_plan");
  REQUIRE(call.steps.size() == 2);
  CHECK(call.steps[0].id == "em_approval");
  CHECK(call.steps[0].kind == muster::step_kind::approve);
  CHECK(call.steps[0].by.role == p.find_role("emergency_management"));
  CHECK(call.steps[0].by.of == muster::party_scope::command);
  CHECK(call.steps[0].timeout == 15 * 60);
  REQUIRE(call.steps[0].on_timeout.size() == 2);
  CHECK(call.steps[0].on_timeout[0].act == muster::silence_action::remind);
  CHECK(call.steps[0].on_timeout[1].act == muster::silence_action::escalate);
  CHECK(call.steps[1].id == "authority_consent");
  CHECK(call.steps[1].kind == muster::step_kind::consent);
  CHECK(call.steps[1].per_force);
  CHECK(call.steps[1].by.role == p.find_role("industry_authority"));
  REQUIRE(call.steps[1].when != muster::no_index);
  CHECK(p.conditions[call.steps[1].when].text == "special_period");
  CHECK(call.steps[1].on_timeout.back().act == muster::silence_action::expire);
  CHECK(call.steps[1].on_refuse == muster::refusal_effect::drop_force);
  CHECK(call.steps[1].rule.id == "chains.call_plan.steps.authority_consent");
  CHECK(call.steps[1].rule.clauses == std::vector<std::string>{"3.1.2"});
  CHECK(call.steps[1].rule.where.line > 0);

  // The flood season is a plain summer range; the forest-fire period wraps the year end.
  const auto& flood = p.periods[p.find_period("flood_season")];
  CHECK(flood.from_mmdd < flood.to_mmdd);
  CHECK(flood.contains(mmdd(6, 1)));
  CHECK(flood.contains(mmdd(9, 30)));
  CHECK_FALSE(flood.contains(mmdd(10, 1)));
  CHECK_FALSE(flood.contains(mmdd(5, 31)));
  const auto& forest = p.periods[p.find_period("forest_fire_prevention")];
  CHECK(forest.from_mmdd > forest.to_mmdd);
  CHECK(forest.contains(mmdd(1, 15)));
  CHECK_FALSE(forest.contains(mmdd(7, 1)));
  CHECK(p.periods[p.find_period("key_dates")].declared);

  auto forces = muster::compile_forces_file(p, dir + "weihai-forces.yaml");
  INFO(describe(forces.diagnostics));
  REQUIRE(forces.ok());
  CHECK_FALSE(muster::has_errors(forces.diagnostics));
  CHECK(forces.value->forces.size() > 10);
  // Every force's authority may consent for it (industry authority or EM).
  for (const auto& f : forces.value->forces) {
    CAPTURE(f.id);
    const auto& a = p.organisations[f.authority];
    CHECK((a.holds(p.find_role("industry_authority")) || a.holds(p.find_role("emergency_management"))));
  }
}

TEST_CASE("compiler: the digest is the same for the same bytes and changes with one byte") {
  auto a = compile(policy_text());
  auto b = compile(policy_text());
  REQUIRE(a.ok());
  REQUIRE(b.ok());
  CHECK(a.value->digest.size() == 64);
  CHECK(a.value->digest == b.value->digest);
  // A one-byte change, even in a comment, is a different policy file.
  auto c = compile(edit(policy_text(), "# The smallest valid", "# the smallest valid"));
  REQUIRE(c.ok());
  CHECK(c.value->digest != a.value->digest);
  // The file name is not part of the digest.
  auto d = muster::compile_policy_text("other.yaml", policy_text());
  REQUIRE(d.ok());
  CHECK(d.value->digest == a.value->digest);
}

TEST_CASE("compiler: pass reports name every pass in order, and stop at a gate") {
  const std::vector<std::string> expected = {"templates", "shape", "scalars", "names", "references", "lower", "chains", "warnings", "calendar", "checks", "schedules", "tables"};
  CHECK(muster::policy_pass_names() == expected);

  auto r = compile(policy_text());
  REQUIRE(r.ok());
  std::vector<std::string> ran;
  for (const auto& p : r.passes) {
    ran.push_back(p.name);
    CHECK(p.diagnostics == 0);
    CHECK(p.microseconds >= 0);
  }
  CHECK(ran == muster::policy_pass_names());

  // A scalar error stops the compile after the gated `scalars` pass, and is counted there.
  auto bad = compile(edit(policy_text(), "  due: 7d", "  due: 7 days"));
  REQUIRE_FALSE(bad.ok());
  REQUIRE(bad.passes.size() == 3);
  CHECK(bad.passes[1].name == "shape");
  CHECK(bad.passes[2].name == "scalars");
  CHECK(bad.passes[2].diagnostics == 1);
}

TEST_CASE("compiler: diagnostics render as file:line:col: code: message") {
  const std::string text = edit(policy_text(), "coordinator: { role: emergency_management, of: incident }",
                                "coordinator: { role: emergency_mgmt, of: incident }");
  auto r = compile(text);
  const auto& d = expect_only(r, "unknown-role", at(text, "emergency_mgmt"));
  const place where = at(text, "emergency_mgmt");
  CHECK(muster::render(d) == "p.yaml:" + std::to_string(where.line) + ":" + std::to_string(where.column) +
                                 ": unknown-role: role 'emergency_mgmt' is not defined [did you mean 'emergency_management'?]");
  muster::diagnostic w = d;
  w.level = muster::severity::warning;
  w.hint.clear();
  CHECK(muster::render(w) == "p.yaml:" + std::to_string(where.line) + ":" + std::to_string(where.column) +
                                 ": warning: unknown-role: role 'emergency_mgmt' is not defined");
}

TEST_CASE("compiler: several errors in one file are all reported, sorted by location") {
  // Three mistakes, made bottom-up and caught by two different passes (shape, scalars).
  std::string text = policy_text();
  text = edit(text, "  due: 7d", "  due: 7 days");                                   // scalars, near the end
  text = edit(text, "  ack_timeout: 10m\n", "  ack_timeout: 10m\n  ack: true\n");   // shape, in orders
  text = edit(text, "  - { id: major,   zh: 重大, en: Major }", "  - { id: Major,   zh: 重大, en: Major }");  // scalars, at the top
  auto r = compile(text);
  INFO(describe(r.diagnostics));
  CHECK_FALSE(r.ok());
  REQUIRE(r.diagnostics.size() == 3);
  CHECK(r.diagnostics[0].code == "invalid-id");
  CHECK(place{r.diagnostics[0].where.line, r.diagnostics[0].where.column} == at(text, "id: Major", "Major"));
  CHECK(r.diagnostics[1].code == "unknown-key");
  CHECK(place{r.diagnostics[1].where.line, r.diagnostics[1].where.column} == at(text, "  ack: true", "ack"));
  CHECK(r.diagnostics[2].code == "invalid-duration");
  CHECK(place{r.diagnostics[2].where.line, r.diagnostics[2].where.column} == at(text, "7 days"));
  CHECK(std::is_sorted(r.diagnostics.begin(), r.diagnostics.end(), [](const auto& a, const auto& b) {
    return std::tie(a.where.line, a.where.column) < std::tie(b.where.line, b.where.column);
  }));
}

TEST_CASE("compiler: reporting stops after max_diagnostics and says how many were left out") {
  std::string text = policy_text();
  // Five unknown keys, one per grade line and two more.
  text = edit(text, "{ id: general, zh: 一般, en: General }", "{ id: general, zh: 一般, en: General, x1: 1 }");
  text = edit(text, "{ id: larger,  zh: 较大, en: Larger }", "{ id: larger,  zh: 较大, en: Larger, x2: 1 }");
  text = edit(text, "{ id: major,   zh: 重大, en: Major }", "{ id: major,   zh: 重大, en: Major, x3: 1 }");
  text = edit(text, "  due: 7d", "  due: 7d\n  x4: 1");
  text = edit(text, "  ack_timeout: 10m\n", "  ack_timeout: 10m\n  x5: 1\n");
  muster::compile_options options;
  options.limits.max_diagnostics = 3;
  auto r = compile(text, options);
  INFO(describe(r.diagnostics));
  CHECK_FALSE(r.ok());
  REQUIRE(r.diagnostics.size() == 4);
  CHECK(r.diagnostics[0].code == "unknown-key");
  CHECK(r.diagnostics[2].code == "unknown-key");
  CHECK(place{r.diagnostics[2].where.line, r.diagnostics[2].where.column} == at(text, "x3"));
  const auto& last = r.diagnostics[3];
  CHECK(last.code == "too-many-diagnostics");
  CHECK(last.level == muster::severity::error);
  CHECK(last.message == "2 more diagnostics were not shown");
  CHECK(place{last.where.line, last.where.column} == at(text, "x3"));

  // Under the limit nothing is dropped and no summary is added.
  options.limits.max_diagnostics = 5;
  auto all = compile(text, options);
  CHECK(all.diagnostics.size() == 5);
  for (const auto& d : all.diagnostics) CHECK(d.code == "unknown-key");
}
