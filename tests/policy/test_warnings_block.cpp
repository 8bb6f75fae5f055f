// The policy's `warnings:` block (3.3.1, rules/README.md "warnings", docs/diagnostics.md
// "Warnings"): what the warnings pass compiles into policy::warnings, and every diagnostic it
// gives, each made by ONE edit of a small policy — fixtures/minimal.yaml with a warning agency
// and the block below appended — and checked at its exact line and column. Also the
// jurisdictions' division codes (names pass) and a policy without the block: it compiles, and
// the engine refuses warnings with a clear reason.
#include "test_compiler_support.hpp"

#include <muster/engine.hpp>

using namespace compiler_test;

namespace {

constexpr std::string_view force_unit_role = "  - { id: force_unit,           zh: 应急救援力量组建单位, en: Force-building unit }\n";
constexpr std::string_view city_grid_org =
    "  - { id: city_grid,  zh: 甲市供电公司,     en: City A power company, jurisdiction: city, roles: [force_unit] }\n";

// The block every test edits: two hazards (one by capability, one by incident type), both
// tiers with ladders, and standby from red. Snippets the tests replace are unique in the text.
constexpr std::string_view block =
    "\nwarnings:\n"
    "  clause: 3.3.1\n"
    "  issued_by: [warning_agency]\n"
    "  hazards:\n"
    "    - { id: rainstorm, zh: 暴雨, en: Rainstorm, capabilities: [water_rescue], cap_codes: [11B03], cap_events: [暴雨预警], clause: 3.3.1 }\n"
    "    - { id: grid_storm, en: Grid storm, incident_types: [flood] }\n"
    "  receive:\n"
    "    to: { role: fire_rescue, of: area }\n"
    "    within: 30m\n"
    "    within_special_period: 15m\n"
    "    on_timeout:\n"
    "      - remind\n"
    "      - escalate\n"
    "      - { do: expire, notify: [{ role: emergency_management, of: area }] }\n"
    "    escalate_to: [{ role: fire_rescue, of: upper }]\n"
    "    clause: 3.3.1\n"
    "  push:\n"
    "    categories: [government, enterprise, social]\n"
    "    within: 1h\n"
    "    on_timeout: [remind, escalate, expire]\n"
    "    escalate_to: [{ role: industry_authority, of: force }, { role: emergency_management, of: area }]\n"
    "    clause: 3.3.1\n"
    "  standby:\n"
    "    from_level: red\n"
    "    clause: 3.3.1\n";

const std::string& with_block() {
  static const std::string text = [] {
    std::string t = edit(policy_text(), force_unit_role,
                         std::string(force_unit_role) + "  - { id: warning_agency,       zh: 预警发布部门, en: Warning agency }\n");
    t = edit(t, city_grid_org,
             std::string(city_grid_org) +
                 "  - { id: city_meteo, zh: 甲市气象局, en: City A meteorological bureau, jurisdiction: city, roles: [warning_agency] }\n");
    return t + std::string(block);
  }();
  return text;
}

/// The policy with the block, one snippet replaced, compiled.
edited warned(std::string_view from, std::string_view to) { return edited(edit(with_block(), from, to)); }

muster::index_t cap(const muster::policy& p, std::string_view id) { return p.find_capability(id); }
bool has(muster::capability_mask m, muster::index_t bit) { return bit != muster::no_index && (m >> bit & 1U); }

}  // namespace

// ---- the block compiles ---------------------------------------------------------------------

TEST_CASE("3.3.1 warnings: the block compiles into policy::warnings — issuers, hazards, both tiers, ladders, standby") {
  edited ok{std::string(with_block())};
  INFO(describe(ok.result.diagnostics));
  REQUIRE(ok.result.ok());
  CHECK(ok.result.diagnostics.empty());
  const muster::policy& p = *ok.result.value;
  const muster::warning_rules& w = p.warnings;
  REQUIRE(w.defined());
  CHECK(w.issued_by == muster::role_mask{1} << p.find_role("warning_agency"));
  CHECK(w.rule.id == "warnings");
  CHECK(w.rule.clauses == std::vector<std::string>{"3.3.1"});

  // Hazards, in file order, found by id; one by capability, one by its incident type's needs.
  REQUIRE(w.hazards.size() == 2);
  REQUIRE(p.find_hazard("rainstorm") == 0);
  REQUIRE(p.find_hazard("grid_storm") == 1);
  CHECK(p.find_hazard("blizzard") == muster::no_index);
  const muster::hazard& rain = w.hazards[0];
  CHECK(rain.capabilities == muster::capability_mask{1} << cap(p, "water_rescue"));
  CHECK(rain.cap_codes == std::vector<std::string>{"11B03"});
  CHECK(rain.cap_events == std::vector<std::string>{"暴雨预警"});
  CHECK(rain.rule.id == "warnings.hazards.rainstorm");
  CHECK(rain.rule.where.line == at(ok.text, "    - { id: rainstorm").line);
  const muster::hazard& grid = w.hazards[1];
  CHECK(grid.incident_types == std::vector<muster::index_t>{p.find_incident_type("flood")});
  CHECK(has(grid.capabilities, cap(p, "water_rescue")));  // flood needs water_rescue and power_repair
  CHECK(has(grid.capabilities, cap(p, "power_repair")));
  CHECK_FALSE(has(grid.capabilities, cap(p, "fire_suppression")));
  CHECK(grid.rule.clauses.empty());  // clause is optional on a hazard

  // receive: to the fire team of each area jurisdiction, 30m (15m in special periods), a
  // three-rung ladder whose last rung also tells the area's EM.
  const muster::round_tier& r = w.receive;
  REQUIRE(r.defined());
  CHECK(r.to.role == p.find_role("fire_rescue"));
  CHECK(r.to.of == muster::party_scope::area);
  CHECK(r.within == 30 * 60);
  CHECK(r.within_special_period == 15 * 60);
  REQUIRE(r.on_timeout.size() == 3);
  CHECK(r.on_timeout[0].act == muster::silence_action::remind);
  CHECK(r.on_timeout[1].act == muster::silence_action::escalate);
  CHECK(r.on_timeout[2].act == muster::silence_action::expire);
  REQUIRE(r.on_timeout[2].notify.size() == 1);
  CHECK(r.on_timeout[2].notify[0].role == p.find_role("emergency_management"));
  CHECK(r.on_timeout[2].notify[0].of == muster::party_scope::area);
  REQUIRE(r.escalate_to.size() == 1);
  CHECK(r.escalate_to[0].of == muster::party_scope::upper);
  CHECK(r.rule.id == "warnings.receive");

  // push: three categories, 1h, no special-period deadline (0: `within` applies), the force's
  // authority and the area's EM on escalation.
  const muster::round_tier& push = w.push;
  REQUIRE(push.defined());
  CHECK(push.to.empty());
  CHECK(push.within == 60 * 60);
  CHECK(push.within_special_period == 0);
  CHECK(push.categories == 0b0111);  // government, enterprise, social; not expert
  REQUIRE(push.on_timeout.size() == 3);
  REQUIRE(push.escalate_to.size() == 2);
  CHECK(push.escalate_to[0].of == muster::party_scope::force);
  CHECK(push.escalate_to[1].of == muster::party_scope::area);
  CHECK(push.rule.id == "warnings.push");

  CHECK(w.standby_from == static_cast<std::uint8_t>(muster::warning_level::red));
  CHECK(w.standby_rule.id == "warnings.standby");
}

TEST_CASE("3.3.1 warnings: the reference policy's block compiles as rules/weihai.yaml says") {
  const auto r = muster::compile_policy_file(std::string(MUSTER_SOURCE_DIR) + "/rules/weihai.yaml");
  INFO(describe(r.diagnostics));
  REQUIRE(r.ok());
  const muster::warning_rules& w = r.value->warnings;
  REQUIRE(w.defined());
  CHECK(w.hazards.size() == 6);
  for (const auto& h : w.hazards) CHECK_MESSAGE(h.capabilities != 0, h.id);
  CHECK(w.receive.within == 30 * 60);
  CHECK(w.receive.within_special_period == 15 * 60);
  CHECK(w.receive.on_timeout.size() == 3);
  CHECK(w.push.within == 60 * 60);
  CHECK(w.push.within_special_period == 30 * 60);
  CHECK(w.standby_from == static_cast<std::uint8_t>(muster::warning_level::red));
  // Jurisdictions carry their division code, for CAP geocodes (two of them have none yet).
  std::size_t coded = 0;
  for (const auto& j : r.value->jurisdictions) {
    if (j.code.empty()) continue;
    ++coded;
    CHECK_MESSAGE(j.code.size() == 6, j.id);
  }
  CHECK(coded >= 8);
  CHECK(r.value->jurisdictions[r.value->find_jurisdiction("wendeng")].code == "371003");
}

TEST_CASE("3.3.1 warnings: the optional parts may be left out — no push, no standby, no ladder, no special-period deadline") {
  edited bare(with_block().substr(0, with_block().find("\nwarnings:")) +
              "\nwarnings:\n"
              "  clause: 3.3.1\n"
              "  issued_by: [warning_agency]\n"
              "  hazards:\n"
              "    - { id: rainstorm, capabilities: [water_rescue] }\n"
              "  receive:\n"
              "    to: { role: fire_rescue, of: area }\n"
              "    within: 45m\n"
              "    clause: 3.3.1\n");
  INFO(describe(bare.result.diagnostics));
  REQUIRE(bare.result.ok());
  const muster::warning_rules& w = bare.result.value->warnings;
  CHECK(w.defined());
  CHECK(w.receive.within == 45 * 60);
  CHECK(w.receive.within_special_period == 0);
  CHECK(w.receive.on_timeout.empty());
  CHECK_FALSE(w.push.defined());
  CHECK(w.standby_from == 0xFF);  // no level puts forces on standby
}

// ---- the warnings pass's diagnostics --------------------------------------------------------

TEST_CASE("3.3.1 warnings: a hazard no force can answer is hazard-without-forces") {
  auto e = warned("    - { id: grid_storm, en: Grid storm, incident_types: [flood] }",
                  "    - { id: grid_storm, en: Grid storm, cap_events: [电网风暴] }");
  const auto& d = expect_only(e.result, "hazard-without-forces", e.at("{ id: grid_storm"));
  CHECK(d.message == "hazard 'grid_storm' concerns no force: it names no capability or incident type");

  // Empty lists name nothing either.
  auto empty = warned("incident_types: [flood] }", "capabilities: [], incident_types: [] }");
  expect_only(empty.result, "hazard-without-forces", empty.at("{ id: grid_storm"));
}

TEST_CASE("3.3.1 warnings: a hazard id given twice is duplicate-id, at the second") {
  auto e = warned("    - { id: grid_storm,", "    - { id: rainstorm,");
  const auto& d = expect_only(e.result, "duplicate-id", e.at("    - { id: rainstorm, en: Grid storm", "rainstorm"));
  CHECK(d.message == "hazards: id 'rainstorm' is already defined on line " + std::to_string(e.at("    - { id: rainstorm, zh:").line));
}

TEST_CASE("3.3.1 warnings: hazards: [] is empty-list, at the block") {
  auto e = warned("  hazards:\n"
                  "    - { id: rainstorm, zh: 暴雨, en: Rainstorm, capabilities: [water_rescue], cap_codes: [11B03], cap_events: [暴雨预警], clause: 3.3.1 }\n"
                  "    - { id: grid_storm, en: Grid storm, incident_types: [flood] }\n",
                  "  hazards: []\n");
  const auto& d = expect_only(e.result, "empty-list", e.at("warnings:\n  clause", "clause"));
  CHECK(d.message == "warnings: at least one hazard is needed");
}

TEST_CASE("3.3.1 warnings: issued_by: [] is empty-list, at the list — nobody could issue, so the block would be dead") {
  auto e = warned("  issued_by: [warning_agency]", "  issued_by: []");
  const auto& d = expect_only(e.result, "empty-list", e.at("  issued_by: []", "[]"));
  CHECK(d.message == "warnings: issued_by: [] names no role, so nobody could issue a warning");
  CHECK(d.hint == "name the roles that issue warnings, e.g. issued_by: [warning_agency], or remove the warnings block");
  // Spaced out, it is the same empty list.
  auto spaced = warned("  issued_by: [warning_agency]", "  issued_by: [ ]");
  expect_only(spaced.result, "empty-list", spaced.at("  issued_by: [ ]", "[ ]"));
}

TEST_CASE("3.3.1 warnings: a tier's ladder that goes on after expire is expire-not-last, at the expire") {
  // expire stops asking the recipient (it has missed the warning): the rungs after it never run.
  auto receive = warned("      - remind\n      - escalate\n      - { do: expire, notify: [{ role: emergency_management, of: area }] }\n",
                        "      - remind\n      - { do: expire, notify: [{ role: emergency_management, of: area }] }\n      - escalate\n");
  const auto& d = expect_only(receive.result, "expire-not-last", receive.at("      - { do: expire", "{ do: expire"));
  CHECK(d.message == "warnings.receive's ladder: expire ends the wait, so the rungs after it never run");
  CHECK(d.hint == "move expire to the end of on_timeout (and keep only one)");

  auto push = warned("    on_timeout: [remind, escalate, expire]\n    escalate_to: [{ role: industry_authority",
                     "    on_timeout: [expire, remind, escalate]\n    escalate_to: [{ role: industry_authority");
  CHECK(expect_only(push.result, "expire-not-last", push.at("[expire, remind, escalate]", "expire")).message ==
        "warnings.push's ladder: expire ends the wait, so the rungs after it never run");

  // Two expires: one report, at the first; a ladder that ends with expire is fine.
  auto twice = warned("    on_timeout: [remind, escalate, expire]\n    escalate_to: [{ role: industry_authority",
                      "    on_timeout: [remind, expire, expire]\n    escalate_to: [{ role: industry_authority");
  expect_only(twice.result, "expire-not-last", twice.at("[remind, expire, expire]", "expire, expire"));
  CHECK(edited{std::string(with_block())}.result.ok());
}

TEST_CASE("3.3.1 warnings: a special-period deadline longer than the normal one is special-period-longer") {
  auto e = warned("    within_special_period: 15m\n", "    within_special_period: 45m\n");
  const auto& d = expect_only(e.result, "special-period-longer", e.at("within_special_period: 45m", "45m"));
  CHECK(d.message == "warnings.receive: within_special_period is longer than within");
  // Equal is allowed: it shortens nothing, but says nothing wrong.
  auto equal = warned("    within_special_period: 15m\n", "    within_special_period: 30m\n");
  CHECK(equal.result.ok());
}

TEST_CASE("3.3.1 warnings: receive without 'to' is missing-key, at the tier") {
  auto e = warned("    to: { role: fire_rescue, of: area }\n", "");
  const auto& d = expect_only(e.result, "missing-key", e.at("  receive:\n    within", "within"));
  CHECK(d.message == "warnings.receive needs 'to': who receives a warning in each jurisdiction of its area");
}

TEST_CASE("3.3.1 warnings: a ladder that escalates without escalate_to is missing-key, at on_timeout") {
  auto e = warned("    escalate_to: [{ role: fire_rescue, of: upper }]\n", "");
  const auto& d = expect_only(e.result, "missing-key", e.at("    on_timeout:\n      - remind", "- remind"));
  CHECK(d.message == "warnings.receive: the ladder escalates but does not say to whom");

  auto push = warned("    escalate_to: [{ role: industry_authority, of: force }, { role: emergency_management, of: area }]\n", "");
  expect_only(push.result, "missing-key", push.at("[remind, escalate, expire]\n    clause: 3.3.1\n  standby", "[remind"));

  // A ladder that never escalates needs nobody to escalate to.
  auto quiet = warned("    on_timeout: [remind, escalate, expire]\n    escalate_to: [{ role: industry_authority, of: force }, { role: emergency_management, of: area }]\n",
                      "    on_timeout: [remind, expire]\n");
  CHECK(quiet.result.ok());
}

TEST_CASE("3.3.1 warnings: standby without a push tier is missing-key, at standby") {
  auto e = warned("  push:\n"
                  "    categories: [government, enterprise, social]\n"
                  "    within: 1h\n"
                  "    on_timeout: [remind, escalate, expire]\n"
                  "    escalate_to: [{ role: industry_authority, of: force }, { role: emergency_management, of: area }]\n"
                  "    clause: 3.3.1\n",
                  "");
  const auto& d = expect_only(e.result, "missing-key", e.at("    from_level: red", "from_level"));
  CHECK(d.message == "warnings.standby puts pushed forces on standby, but the block has no push tier");
}

TEST_CASE("3.3.1 warnings: push takes no 'to' (unknown-key): it goes to the forces that fit the hazard") {
  auto e = warned("    categories: [government, enterprise, social]\n", "    to: { role: fire_rescue, of: area }\n    categories: [government, enterprise, social]\n");
  const auto& d = expect_only(e.result, "unknown-key", e.at("    to: { role: fire_rescue, of: area }\n    categories", "{ role"));
  CHECK(d.message == "warnings.push goes to the forces that fit the hazard, through their owners; it takes no 'to'");
}

// ---- party references in the block ----------------------------------------------------------

TEST_CASE("3.3.1 warnings: receive.to takes only of: area; any other scope or a position is invalid-scope") {
  auto incident = warned("    to: { role: fire_rescue, of: area }", "    to: { role: fire_rescue, of: incident }");
  CHECK(expect_only(incident.result, "invalid-scope", incident.at("    to: { role: fire_rescue, of: incident }", "incident")).message ==
        "of: incident is not allowed in warnings.receive.to");
  auto upper = warned("    to: { role: fire_rescue, of: area }", "    to: { role: fire_rescue, of: upper }");
  expect_only(upper.result, "invalid-scope", upper.at("to: { role: fire_rescue, of: upper }", "upper"));
  auto position = warned("    to: { role: fire_rescue, of: area }", "    to: { position: commander }");
  CHECK(expect_only(position.result, "invalid-scope", position.at("commander }", "commander")).message ==
        "position: is not allowed in warnings.receive.to");
}

TEST_CASE("3.3.1 warnings: a bad party in receive.to — unknown role, missing of, role with position") {
  auto role = warned("    to: { role: fire_rescue, of: area }", "    to: { role: fire_rescu, of: area }");
  CHECK(expect_only(role.result, "unknown-role", role.at("fire_rescu,", "fire_rescu")).hint == did_you_mean("fire_rescue"));
  auto no_of = warned("    to: { role: fire_rescue, of: area }", "    to: { role: fire_rescue }");
  CHECK(expect_only(no_of.result, "missing-key", no_of.at("{ role: fire_rescue }")).message == "a party reference needs 'of'");
  auto conflict = warned("    to: { role: fire_rescue, of: area }", "    to: { role: fire_rescue, of: area, position: commander }");
  expect_only(conflict.result, "party-conflict", conflict.at("commander }", "commander"));
}

TEST_CASE("3.3.1 warnings: escalate_to scopes — receive takes area, upper, root; push also force and owner") {
  auto force = warned("    escalate_to: [{ role: fire_rescue, of: upper }]", "    escalate_to: [{ role: fire_rescue, of: force }]");
  CHECK(expect_only(force.result, "invalid-scope", force.at("of: force }]", "force")).message ==
        "of: force is not allowed in escalate_to");
  auto owner = warned("    escalate_to: [{ role: fire_rescue, of: upper }]", "    escalate_to: [{ of: owner }]");
  expect_only(owner.result, "invalid-scope", owner.at("{ of: owner }", "owner"));
  auto command = warned("    escalate_to: [{ role: fire_rescue, of: upper }]", "    escalate_to: [{ role: fire_rescue, of: command }]");
  expect_only(command.result, "invalid-scope", command.at("of: command }]", "command"));
  auto root = warned("    escalate_to: [{ role: fire_rescue, of: upper }]", "    escalate_to: [{ role: fire_rescue, of: root }]");
  CHECK(root.result.ok());

  // On push, the force's owner and authority are allowed; the review's participant is not.
  auto push_owner = warned("[{ role: industry_authority, of: force }, { role: emergency_management, of: area }]",
                           "[{ of: owner }, { role: emergency_management, of: upper }]");
  INFO(describe(push_owner.result.diagnostics));
  CHECK(push_owner.result.ok());
  auto participant = warned("of: force }, { role: emergency_management, of: area }]", "of: force }, { role: emergency_management, of: participant }]");
  expect_only(participant.result, "invalid-scope", participant.at("of: participant }]", "participant"));
  auto unknown = warned("[{ role: industry_authority, of: force }, { role: emergency", "[{ role: industry_authorty, of: force }, { role: emergency");
  CHECK(expect_only(unknown.result, "unknown-role", unknown.at("industry_authorty")).hint == did_you_mean("industry_authority"));
}

TEST_CASE("3.3.1 warnings: a ladder rung's notify is checked like escalate_to") {
  auto e = warned("notify: [{ role: emergency_management, of: area }]", "notify: [{ role: emergency_management, of: incident }]");
  CHECK(expect_only(e.result, "invalid-scope", e.at("of: incident }]", "incident")).message ==
        "of: incident is not allowed in warnings.receive's ladder");
}

TEST_CASE("3.3.1 warnings: of: area belongs to the warnings block; elsewhere it is invalid-scope") {
  auto e = warned("      - { role: fire_rescue, of: incident }\n    clause: [3.3.1, 2.3]", "      - { role: fire_rescue, of: area }\n    clause: [3.3.1, 2.3]");
  const auto& d = expect_only(e.result, "invalid-scope", e.at("of: area }\n    clause: [3.3.1, 2.3]", "area"));
  CHECK(d.message == "of: area is not allowed in information routes");
  CHECK(d.hint == "of: area is for the warnings block");
}

TEST_CASE("3.3.1 warnings: a bad party in the block gets a hint that lists only what its place takes") {
  // The hints written for other places (add for_each: force, use incident or root, the command
  // block's positions) name what the warnings block does not have.
  const std::string receive_to = "warnings.receive.to takes of: area";
  for (const char* scope : {"incident", "command", "upper", "root", "force", "participant"}) {
    CAPTURE(scope);
    auto e = warned("    to: { role: fire_rescue, of: area }", std::string("    to: { role: fire_rescue, of: ") + scope + " }");
    const auto& d = expect_only(e.result, "invalid-scope", e.at(std::string("    to: { role: fire_rescue, of: ") + scope + " }", scope));
    CHECK(d.message == std::string("of: ") + scope + " is not allowed in warnings.receive.to");
    CHECK(d.hint == receive_to);
  }
  // Each edit below gives one diagnostic, with its code at the snippet, and this hint.
  struct bad_party {
    std::string from, to, code, needle, inner, hint;
  };
  const std::string to_area = "    to: { role: fire_rescue, of: area }";
  const std::string upper = "    escalate_to: [{ role: fire_rescue, of: upper }]";
  const std::string rung = "notify: [{ role: emergency_management, of: area }]";
  const std::string push = "of: force }, { role: emergency_management, of: area }]";
  // receive.to, then receive's escalate_to and ladder (area, upper, root), then push's
  // escalate_to, which also takes the force's authority and owner.
  const std::string around = "escalate_to takes of: area, upper or root";
  const std::string ladder = "warnings.receive's ladder takes of: area, upper or root";
  const std::string pushed = "escalate_to takes of: area, upper, root or force, or { of: owner }";
  const bad_party cases[] = {
      {to_area, "    to: { of: owner }", "invalid-scope", "    to: { of: owner }", "owner", receive_to},
      {to_area, "    to: { position: commander }", "invalid-scope", "    to: { position: commander }", "commander", receive_to},
      {to_area, "    to: { role: fire_rescue }", "missing-key", "    to: { role: fire_rescue }", "{", "write { role: ..., of: ... }: " + receive_to},
      {upper, "    escalate_to: [{ role: fire_rescue, of: force }]", "invalid-scope", "[{ role: fire_rescue, of: force }]", "force", around},
      {upper, "    escalate_to: [{ role: fire_rescue, of: command }]", "invalid-scope", "[{ role: fire_rescue, of: command }]", "command", around},
      {rung, "notify: [{ role: emergency_management, of: incident }]", "invalid-scope", "emergency_management, of: incident }]", "incident", ladder},
      {rung, "notify: [{ position: coordinator }]", "invalid-scope", "[{ position: coordinator }]", "coordinator", ladder},
      {push, "of: force }, { role: emergency_management, of: participant }]", "invalid-scope", "of: participant }]", "participant", pushed},
      {push, "of: force }, { role: emergency_management, of: incident }]", "invalid-scope", "emergency_management, of: incident }]", "incident", pushed},
      {push, "of: force }, { of: area }]", "missing-key", "of: force }, { of: area }]", "{ of: area }", "write { role: ..., of: ... }: " + pushed},
  };
  for (const bad_party& c : cases) {
    CAPTURE(c.to);
    auto e = warned(c.from, c.to);
    CHECK(expect_only(e.result, c.code, e.at(c.needle, c.inner)).hint == c.hint);
  }
  // Outside the block the hints stay those of their place (the next test, and
  // tests/policy/test_compiler_semantics.cpp "invalid-scope").
}

// ---- references, keys and values ------------------------------------------------------------

TEST_CASE("3.3.1 warnings: unknown roles, capabilities and incident types, with a did-you-mean") {
  auto issuer = warned("  issued_by: [warning_agency]", "  issued_by: [warning_agancy]");
  CHECK(expect_only(issuer.result, "unknown-role", issuer.at("warning_agancy")).hint == did_you_mean("warning_agency"));
  auto capability = warned("capabilities: [water_rescue], cap_codes", "capabilities: [water_rescu], cap_codes");
  REQUIRE(capability.result.diagnostics.size() == 2);  // and rainstorm now concerns no force
  CHECK(expect_diag(capability.result, "unknown-capability", capability.at("water_rescu]")).hint == did_you_mean("water_rescue"));
  expect_diag(capability.result, "hazard-without-forces", capability.at("{ id: rainstorm"));
  // The hazard names nothing else, so it concerns no force either.
  auto type = warned("incident_types: [flood] }", "incident_types: [flod] }");
  INFO(describe(type.result.diagnostics));
  REQUIRE(type.result.diagnostics.size() == 2);
  CHECK(expect_diag(type.result, "unknown-incident-type", type.at("flod]")).hint == did_you_mean("flood"));
  expect_diag(type.result, "hazard-without-forces", type.at("{ id: grid_storm"));
}

TEST_CASE("3.3.1 warnings: an unknown key in the block, a tier or a hazard is unknown-key with a did-you-mean") {
  auto top = warned("  issued_by: [warning_agency]\n", "  issued_by: [warning_agency]\n  isued_to: [warning_agency]\n");
  CHECK(expect_only(top.result, "unknown-key", top.at("isued_to")).message == "unknown key 'isued_to' in the warnings block");
  auto tier = warned("    within: 30m\n", "    whithin: 30m\n");
  INFO(describe(tier.result.diagnostics));
  CHECK(expect_diag(tier.result, "unknown-key", tier.at("whithin")).hint == did_you_mean("within"));
  expect_diag(tier.result, "missing-key", tier.at("  receive:\n    to", "to"));  // and within is now missing
  auto hazard = warned("cap_events: [暴雨预警]", "cap_event: [暴雨预警]");
  CHECK(expect_only(hazard.result, "unknown-key", hazard.at("cap_event:")).hint == did_you_mean("cap_events"));
}

TEST_CASE("3.3.1 warnings: missing required keys — issued_by, hazards, receive, within, a hazard's id, standby's from_level") {
  auto issued = warned("  issued_by: [warning_agency]\n", "");
  CHECK(expect_only(issued.result, "missing-key", issued.at("warnings:\n  clause", "clause")).message == "the warnings block needs 'issued_by'");
  auto receive = warned("  receive:\n    to: { role: fire_rescue, of: area }\n    within: 30m\n    within_special_period: 15m\n    on_timeout:\n"
                        "      - remind\n      - escalate\n      - { do: expire, notify: [{ role: emergency_management, of: area }] }\n"
                        "    escalate_to: [{ role: fire_rescue, of: upper }]\n    clause: 3.3.1\n",
                        "");
  CHECK(expect_only(receive.result, "missing-key", receive.at("warnings:\n  clause", "clause")).message == "the warnings block needs 'receive'");
  auto within = warned("    within: 1h\n", "");
  CHECK(expect_only(within.result, "missing-key", within.at("  push:\n    categories", "categories")).message == "a warning tier needs 'within'");
  auto id = warned("    - { id: grid_storm, en: Grid storm,", "    - { en: Grid storm,");
  CHECK(expect_only(id.result, "missing-key", id.at("{ en: Grid storm")).message == "a hazard needs 'id'");
  auto level = warned("    from_level: red\n", "");
  expect_only(level.result, "missing-key", level.at("  standby:\n    clause", "clause"));
  auto clause = warned("  standby:\n    from_level: red\n    clause: 3.3.1\n", "  standby:\n    from_level: red\n");
  expect_only(clause.result, "missing-key", clause.at("    from_level: red", "from_level"));
}

TEST_CASE("3.3.1 warnings: bad values — a level, a category, a duration, a ladder action") {
  auto level = warned("    from_level: red", "    from_level: crimson");
  CHECK(expect_only(level.result, "invalid-choice", level.at("crimson")).message == "from_level: 'crimson' is not one of blue, yellow, orange, red");
  auto category = warned("    categories: [government, enterprise, social]", "    categories: [government, enterprize, social]");
  CHECK(expect_only(category.result, "invalid-choice", category.at("enterprize")).hint == did_you_mean("enterprise"));
  auto duration = warned("    within: 1h\n", "    within: 1hour\n");
  expect_only(duration.result, "invalid-duration", duration.at("1hour"));
  auto zero = warned("    within: 30m\n", "    within: 0m\n");
  expect_only(zero.result, "invalid-duration", zero.at("0m\n    within_special", "0m"));
  auto rung = warned("[remind, escalate, expire]\n    escalate_to: [{ role: industry", "[remind, escalate, expier]\n    escalate_to: [{ role: industry");
  CHECK(expect_only(rung.result, "invalid-choice", rung.at("expier")).hint == did_you_mean("expire"));
}

// ---- jurisdiction codes (names pass) --------------------------------------------------------

TEST_CASE("3.3.1 jurisdictions: division codes are six digits (invalid-code) and unique (duplicate-code)") {
  const std::string east = "  - { id: east, zh: 东区, en: East District, level: county, kind: district,    parent: city }";
  const std::string west = "  - { id: west, zh: 西县, en: West County,   level: county, kind: county_city, parent: city }";
  const std::string coded = edit(edit(with_block(), east, east.substr(0, east.size() - 2) + ", code: \"100001\" }"), west,
                                 west.substr(0, west.size() - 2) + ", code: \"100002\" }");
  edited good(coded);
  INFO(describe(good.result.diagnostics));
  REQUIRE(good.result.ok());
  CHECK(good.result.value->jurisdictions[good.result.value->find_jurisdiction("west")].code == "100002");
  CHECK(good.result.value->jurisdictions[good.result.value->find_jurisdiction("city")].code.empty());  // optional

  for (const char* bad : {"\"10002\"", "\"1000021\"", "\"10000A\"", "\"１００００２\""}) {
    CAPTURE(bad);
    edited e(edit(coded, "code: \"100002\"", std::string("code: ") + bad));
    const auto& d = expect_only(e.result, "invalid-code", e.at(std::string("code: ") + bad, bad));
    CHECK(d.message.find("jurisdiction 'west': code") == 0);
  }

  edited twice(edit(coded, "code: \"100002\"", "code: \"100001\""));
  const auto& d = expect_only(twice.result, "duplicate-code", twice.at("county_city, parent: city, code: \"100001\"", "\"100001\""));
  CHECK(d.message == "jurisdiction 'west': code 100001 is already given on line " + std::to_string(twice.at("  - { id: east, zh").line));
}

// ---- a policy without the block ---------------------------------------------------------------

TEST_CASE("3.3.1 warnings: a policy without the block compiles, and the engine refuses warning.issue, changing nothing") {
  const muster::policy& p = minimal_policy();  // fixtures/minimal.yaml has no warnings: block
  CHECK_FALSE(p.warnings.defined());
  CHECK(p.warnings.hazards.empty());
  CHECK(p.find_hazard("rainstorm") == muster::no_index);

  auto forces = compile_forces(forces_text());
  REQUIRE_MESSAGE(forces.ok(), describe(forces.diagnostics));
  auto r = compile(policy_text());
  REQUIRE(r.ok());
  muster::engine en(r.value, forces.value);
  const std::string before = en.state_digest();

  const muster::index_t area[] = {r.value->find_jurisdiction("east")};
  muster::event e;
  e.id = 1;
  e.kind = muster::event_kind::warning_issue;
  e.at = 1'783'645'200;  // 2026-07-10T09:00:00+08:00: no special period in the fixture
  e.by.organisation = r.value->find_organisation("city_em");
  e.warning = 1;
  e.hazard = 0;
  e.level = static_cast<std::uint8_t>(muster::warning_level::orange);
  e.area = area;
  e.area_count = 1;
  const muster::outcome& o = en.submit(e);
  CHECK_FALSE(o.accepted);
  CHECK(o.reason == muster::rejection::unknown_reference);
  CHECK(o.detail == "the policy has no warnings block: it takes no warnings");
  CHECK(o.effects.empty());
  CHECK(en.state_digest() == before);

  // Acknowledging or cancelling names a warning that cannot exist.
  muster::event ack;
  ack.id = 2;
  ack.kind = muster::event_kind::warning_acknowledge;
  ack.at = e.at;
  ack.by.organisation = r.value->find_organisation("east_fire");
  ack.warning = 1;
  CHECK(en.submit(ack).reason == muster::rejection::unknown_warning);
  muster::event cancel = e;
  cancel.id = 3;
  cancel.kind = muster::event_kind::warning_cancel;
  cancel.warning = 2;
  cancel.references = 1;
  CHECK(en.submit(cancel).reason == muster::rejection::unknown_reference);  // no block: nobody issues
  CHECK(en.state_digest() == before);
}

TEST_CASE("3.3.1 warnings: with the block, the same issue is accepted from the warning agency only") {
  edited ok{std::string(with_block())};
  REQUIRE(ok.result.ok());
  auto forces = muster::compile_forces_text(*ok.result.value, "f.yaml", forces_text());
  REQUIRE_MESSAGE(forces.ok(), describe(forces.diagnostics));
  muster::engine en(ok.result.value, forces.value);
  const muster::index_t area[] = {ok.result.value->find_jurisdiction("east")};
  muster::event e;
  e.id = 1;
  e.kind = muster::event_kind::warning_issue;
  e.at = 1'783'645'200;  // 2026-07-10T09:00:00+08:00: no special period in the fixture
  e.by.organisation = ok.result.value->find_organisation("city_em");
  e.warning = 1;
  e.hazard = ok.result.value->find_hazard("rainstorm");
  e.level = static_cast<std::uint8_t>(muster::warning_level::orange);
  e.area = area;
  e.area_count = 1;
  const muster::outcome& refused = en.submit(e);
  CHECK(refused.reason == muster::rejection::actor_lacks_role);
  CHECK(refused.detail.find("holds no role of warnings.issued_by") != std::string::npos);

  e.id = 2;
  e.by.organisation = ok.result.value->find_organisation("city_meteo");
  const muster::outcome& o = en.submit(e);
  INFO(o.detail);
  REQUIRE(o.accepted);
  REQUIRE(o.effects.size() == 1);  // the east fire brigade, receive tier
  CHECK(o.effects[0].kind == muster::effect_kind::warning_notice);
  CHECK(o.effects[0].to == ok.result.value->find_organisation("east_fire"));
  CHECK(o.effects[0].due == e.at + 30 * 60);
}
