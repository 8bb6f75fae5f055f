// Every diagnostic the policy compiler emits for a well-formed YAML file that says something
// wrong: one TEST_CASE per code, each made by ONE edit of fixtures/minimal.yaml, checking the
// exact code, line and column (and the did-you-mean word where there is one). Hostile YAML
// (syntax, anchors, tags, duplicate keys, depth, UTF-8 …) is covered by test_yaml_hostile.cpp.
#include "test_compiler_support.hpp"

using namespace compiler_test;

namespace {

// Block-style snippets of the chains that the tests edit (unique in the fixture).
constexpr std::string_view authority_consent_head =
    "      - id: authority_consent\n"
    "        kind: consent\n"
    "        by: { role: industry_authority, of: force }\n"
    "        for_each: force\n";

std::string with_extra_items(std::string_view after_line, const std::string& prefix, int count) {
  std::string extra;
  for (int i = 1; i <= count; ++i) {
    const std::string n = (i < 10 ? "0" : "") + std::to_string(i);
    extra += "  - { id: " + prefix + n + ", en: Extra " + n + " }\n";
  }
  return edit(policy_text(), after_line, std::string(after_line) + extra);
}

}  // namespace

// ---- shape ----------------------------------------------------------------------------------

TEST_CASE("compiler: unknown-key, with a did-you-mean hint or the list of allowed keys") {
  edited typo("        timeout: 20m\n", "        timout: 20m\n");
  const auto& d = expect_only(typo.result, "unknown-key", typo.at("timout: 20m"));
  CHECK(d.message == "unknown key 'timout' in a step");
  CHECK(d.hint == did_you_mean("timeout"));

  edited stranger("  time_zone: Asia/Shanghai\n", "  time_zone: Asia/Shanghai\n  colour: red\n");
  const auto& s = expect_only(stranger.result, "unknown-key", stranger.at("colour"));
  CHECK(s.hint == "allowed keys: id, zh, en, source, version, time_zone");

  // Keys are checked at every level, including the top.
  edited top("muster: 1\n", "muster: 1\nchain:\n  - x\n");
  CHECK(expect_only(top.result, "unknown-key", top.at("chain:\n")).hint == did_you_mean("chains"));

  // An action takes either `by` (issue_orders) or `to` (file_record, notify).
  edited wrong_party("        do: notify\n        to: { role: emergency_management, of: command }",
                     "        do: notify\n        by: { role: emergency_management, of: command }");
  const auto& w = expect_diag(wrong_party.result, "unknown-key",
                              wrong_party.at("do: notify\n        by: {", "by"));
  CHECK(w.message == "do: notify takes 'to', not 'by'");
  expect_diag(wrong_party.result, "missing-key", wrong_party.at("id: notify_applicant"));
}

TEST_CASE("compiler: renamed-key names the new spelling of an old key, without a missing-key beside it") {
  edited old_trigger("  - id: report_local\n    on_event: incident.report\n", "  - id: report_local\n    on: incident.report\n");
  const auto& d = expect_only(old_trigger.result, "renamed-key", old_trigger.at("on: incident.report", "on"));
  CHECK(d.message == "'on' in an information route is now 'on_event'");
  CHECK(d.hint == "write on_event: (YAML 1.1 tools read the key 'on' as true)");

  // Both spellings at once: the old one is still refused, the new one read.
  edited both("  - id: report_local\n    on_event: incident.report\n",
              "  - id: report_local\n    on: incident.report\n    on_event: incident.report\n");
  expect_only(both.result, "renamed-key", both.at("on: incident.report", "on"));
}

TEST_CASE("compiler: missing-key names the block and the key, at the block") {
  edited no_threshold("  clause: 3.1.1\n  threshold: larger\n", "  clause: 3.1.1\n");
  const auto& d = expect_only(no_threshold.result, "missing-key", no_threshold.at("clause: 3.1.1"));
  CHECK(d.message == "the command block needs 'threshold'");

  edited no_top("orders:\n  clause: 3.1.2\n  ack_timeout: 10m\n", "ordres:\n  clause: 3.1.2\n  ack_timeout: 10m\n");
  CHECK(expect_diag(no_top.result, "missing-key", no_top.at("muster: 1")).message == "a policy file needs 'orders'");
  CHECK(expect_diag(no_top.result, "unknown-key", no_top.at("ordres")).hint == did_you_mean("orders"));

  edited item("  - { id: flood, zh: 洪涝, en: Flood, needs: [water_rescue, power_repair], clause: 2.1 }",
              "  - { id: flood, zh: 洪涝, en: Flood, clause: 2.1 }");
  CHECK(expect_only(item.result, "missing-key", item.at("{ id: flood")).message == "an incident type needs 'needs'");

  // A notify action without `to`.
  edited action("        do: notify\n        to: { role: emergency_management, of: command }\n", "        do: notify\n");
  CHECK(expect_only(action.result, "missing-key", action.at("id: notify_applicant")).message == "do: notify needs 'to'");
}

TEST_CASE("compiler: missing-value for a required key written without a value") {
  edited empty("  ack_timeout: 10m\n", "  ack_timeout:\n");
  CHECK(expect_only(empty.result, "missing-value", empty.at("ack_timeout:")).message == "'ack_timeout' has no value");

  edited tilde("  ack_timeout: 10m\n", "  ack_timeout: ~\n");
  expect_only(tilde.result, "missing-value", tilde.at("~"));

  edited null_id("  - { id: major,   zh: 重大, en: Major }", "  - { id: null,    zh: 重大, en: Major }");
  expect_only(null_id.result, "missing-value", null_id.at("null,"));
}

TEST_CASE("compiler: expected-mapping where a mapping or a list of mappings belongs") {
  edited by("first_response:\n  clause: 3.3.2\n  by: { role: fire_rescue, of: command }",
            "first_response:\n  clause: 3.3.2\n  by: fire_rescue");
  CHECK(expect_only(by.result, "expected-mapping", by.at("by: fire_rescue", "fire_rescue")).message ==
        "by must be a mapping, not a scalar");

  edited item("  - { id: major,   zh: 重大, en: Major }", "  - major");
  CHECK(expect_only(item.result, "expected-mapping", item.at("- major", "major")).message ==
        "each item of grades must be an entry (a mapping)");
}

TEST_CASE("compiler: expected-list where a list belongs") {
  edited silence("  due: 7d\n  on_timeout: [remind, escalate]", "  due: 7d\n  on_timeout: remind");
  const auto& d = expect_only(silence.result, "expected-list", silence.at("on_timeout: remind", "remind"));
  CHECK(d.message == "on_timeout must be a list, not a scalar");
  CHECK_FALSE(d.hint.empty());

  edited objects("sectors:\n  - { id: water, zh: 水务, en: Water affairs }\n  - { id: power, zh: 电力, en: Electric power }\n",
                 "sectors: { id: water, zh: 水务, en: Water affairs }\n");
  expect_only(objects.result, "expected-list", objects.at("{ id: water, zh: 水务, en: Water affairs }"));
}

TEST_CASE("compiler: expected-scalar where a single value belongs") {
  edited threshold("  threshold: larger", "  threshold: [larger]");
  CHECK(expect_only(threshold.result, "expected-scalar", threshold.at("[larger]")).message ==
        "threshold must be a single value, not a list");

  edited clause("review:\n  clause: 3.3.3", "review:\n  clause: { id: 3.3.3 }");
  expect_only(clause.result, "expected-scalar", clause.at("{ id: 3.3.3 }"));

  edited item("needs: [water_rescue, power_repair]", "needs: [water_rescue, [power_repair]]");
  expect_only(item.result, "expected-scalar", item.at("[power_repair]"));
}

// ---- scalars --------------------------------------------------------------------------------

TEST_CASE("compiler: unsupported-version for any language version but 1") {
  edited two("muster: 1\n", "muster: 2\n");
  const auto& d = expect_only(two.result, "unsupported-version", two.at("muster: 2", "2"));
  CHECK(d.hint == "this Muster reads version 1");
  edited octal("muster: 1\n", "muster: 01\n");
  expect_only(octal.result, "unsupported-version", octal.at("muster: 01", "01"));
}

TEST_CASE("compiler: invalid-integer for a quoted language version (no quoted numbers)") {
  edited quoted("muster: 1\n", "muster: \"1\"\n");
  const auto& d = expect_only(quoted.result, "invalid-integer", quoted.at("muster: \"1\"", "\"1\""));
  CHECK(d.message == "muster: the language version must not be quoted");
  CHECK(d.hint == "write muster: 1");
}

TEST_CASE("compiler: duplicate-item for a reference or clause listed twice, at the repeat") {
  edited role("roles: [fire_rescue] }\n  - { id: city_gov", "roles: [fire_rescue, fire_rescue] }\n  - { id: city_gov");
  const auto& d = expect_only(role.result, "duplicate-item", role.at("[fire_rescue, fire_rescue]", "fire_rescue]"));
  const place first = role.at("[fire_rescue, fire_rescue]", "[fire_rescue");
  CHECK(d.message == "roles: 'fire_rescue' is listed twice (first at line " + std::to_string(first.line) + ", column " +
                         std::to_string(first.column + 1) + ")");
  CHECK(d.hint == "remove the repeat");

  edited need("needs: [water_rescue, power_repair]", "needs: [water_rescue, power_repair, water_rescue]");
  expect_only(need.result, "duplicate-item", need.at("power_repair, water_rescue]", "water_rescue]"));

  edited clause("    clause: [3.3.1, 2.3]\n", "    clause: [3.3.1, 2.3, 3.3.1]\n");
  expect_only(clause.result, "duplicate-item", clause.at("[3.3.1, 2.3, 3.3.1]", "3.3.1]"));

  // A silence ladder repeats on purpose: remind twice, then escalate.
  edited ladder("        timeout: 15m\n        on_timeout: [remind, escalate]\n        clause: 3.1.2\n",
                "        timeout: 15m\n        on_timeout: [remind, remind, escalate]\n        clause: 3.1.2\n");
  CHECK(ladder.result.ok());
}

TEST_CASE("compiler: invalid-id for an id or a reference that is not lower-case ASCII") {
  edited upper("  id: minimal\n", "  id: Minimal\n");
  CHECK(expect_only(upper.result, "invalid-id", upper.at("id: Minimal", "Minimal")).message == "id: 'Minimal' is not an id");

  edited ref("  threshold: larger", "  threshold: Larger");
  expect_only(ref.result, "invalid-id", ref.at("threshold: Larger", "Larger"));

  edited dash("roles: [fire_rescue] }\n  - { id: city_gov", "roles: [fire-rescue] }\n  - { id: city_gov");
  expect_only(dash.result, "invalid-id", dash.at("fire-rescue"));

  const std::string long_id(65, 'a');
  edited too_long("{ id: major,", "{ id: " + long_id + ",");
  expect_only(too_long.result, "invalid-id", too_long.at(long_id));
}

TEST_CASE("compiler: invalid-boolean refuses YAML 1.1 spellings and quoted booleans") {
  for (const char* spelling : {"yes", "on", "y", "True", "\"true\"", "1"}) {
    CAPTURE(spelling);
    edited e("    propose_substitutes: true", std::string("    propose_substitutes: ") + spelling);
    const auto& d = expect_only(e.result, "invalid-boolean", e.at(std::string("propose_substitutes: ") + spelling, spelling));
    CHECK(d.hint == "write true or false (unquoted)");
  }
  edited declared("declared: true,", "declared: no,");
  expect_only(declared.result, "invalid-boolean", declared.at("no,"));
}

TEST_CASE("compiler: invalid-duration for anything but a whole number and s, m, h or d") {
  for (const char* spelling : {"15", "15 m", "1.5h", "15min", "0m", "367d", "-5m", "\"\"", "m"}) {
    CAPTURE(spelling);
    edited e("  ack_timeout: 10m", std::string("  ack_timeout: ") + spelling);
    expect_only(e.result, "invalid-duration", e.at(std::string("ack_timeout: ") + spelling, spelling));
  }
  edited longest("  ack_timeout: 10m", "  ack_timeout: 366d");
  CHECK(longest.result.ok());
  CHECK(longest.result.value->orders.ack_timeout == 366 * 86400);
  edited too_long("  ack_timeout: 10m", "  ack_timeout: 8785h");
  CHECK(expect_only(too_long.result, "invalid-duration", too_long.at("8785h")).message == "ack_timeout: '8785h': longer than 366d");
}

TEST_CASE("compiler: invalid-month-day for a day no year has") {
  edited feb30("from: \"11-01\"", "from: \"02-30\"");
  const auto& d = expect_only(feb30.result, "invalid-month-day", feb30.at("\"02-30\""));
  CHECK(d.message == "from: '02-30': no such day in the calendar");
  edited month13("to: \"05-31\"", "to: \"13-01\"");
  expect_only(month13.result, "invalid-month-day", month13.at("\"13-01\""));
  edited shape("to: \"05-31\"", "to: \"5-31\"");
  expect_only(shape.result, "invalid-month-day", shape.at("\"5-31\""));
  // 29 February exists in leap years, so a yearly range may name it.
  edited leap("to: \"05-31\"", "to: \"02-29\"");
  CHECK(leap.result.ok());
}

TEST_CASE("compiler: unknown-clause with a did-you-mean hint") {
  edited typo("review:\n  clause: 3.3.3", "review:\n  clause: 3.33");
  const auto& d = expect_only(typo.result, "unknown-clause", typo.at("3.33"));
  CHECK(d.message == "clause '3.33' is not a clause of the policy's document");
  CHECK(d.hint == did_you_mean("3.3.3"));

  edited in_list("clause: [3.3.1, 2.3]", "clause: [3.3.1, 2.3, seven]");
  const auto& l = expect_only(in_list.result, "unknown-clause", in_list.at("seven"));
  CHECK(l.hint == "add it to document: clauses, or cite one listed there");
}

TEST_CASE("compiler: invalid-choice names the choices, with a did-you-mean hint") {
  std::string from(em_approval);
  std::string to = from;
  to.replace(to.find("kind: approve"), 13, "kind: aprove");
  edited typo(from, to);
  const auto& d = expect_only(typo.result, "invalid-choice", typo.at("aprove"));
  CHECK(d.message == "kind: 'aprove' is not one of approve, consent, acknowledge, submit, notify");
  CHECK(d.hint == did_you_mean("approve"));

  edited scope("commander:   { role: fire_rescue,          of: root }", "commander:   { role: fire_rescue,          of: rot }");
  CHECK(expect_only(scope.result, "invalid-choice", scope.at("rot }", "rot")).hint == did_you_mean("root"));

  edited trigger("    on_event: incident.report\n    when:", "    on_event: incident.reprot\n    when:");
  CHECK(expect_only(trigger.result, "invalid-choice", trigger.at("incident.reprot")).hint == did_you_mean("incident.report"));
}

// ---- names ----------------------------------------------------------------------------------

TEST_CASE("compiler: duplicate-id at the second definition, naming the first") {
  edited grade("  - { id: major,   zh: 重大", "  - { id: larger,  zh: 重大");
  const auto& d = expect_only(grade.result, "duplicate-id", grade.at("{ id: larger,  zh: 重大", "larger"));
  CHECK(d.message == "grades: id 'larger' is already defined on line " + std::to_string(grade.at("{ id: larger,  zh: 较大").line));
  CHECK(d.hint == "ids must be unique within their list");

  // Within one chain, step ids are unique; another chain may reuse them.
  edited step("      - id: tell_local_fire\n", "      - id: upper_em_approval\n");
  const auto& st = expect_only(step.result, "duplicate-id", step.at("id: upper_em_approval\n        kind: notify", "upper_em_approval"));
  CHECK(st.message.rfind("steps of chain 'cross_region': id 'upper_em_approval' is already defined on line ", 0) == 0);

  edited route("  - id: report_command\n", "  - id: report_local\n");
  expect_only(route.result, "duplicate-id", route.at("id: report_local\n    on_event: incident.report\n    when", "report_local"));

  edited same_name_other_list("  - { id: flood, zh: 洪涝", "  - { id: east, zh: 洪涝");
  CHECK(same_name_other_list.result.ok());
}

TEST_CASE("compiler: too-many roles or capabilities (they are 64-bit masks)") {
  // The fixture has 5 roles: 59 more make 64, which is allowed; 60 more make 65.
  const std::string last_role = "  - { id: force_unit,           zh: 应急救援力量组建单位, en: Force-building unit }\n";
  auto sixty_four = compile(with_extra_items(last_role, "extra_role_", 59));
  CHECK_MESSAGE(sixty_four.ok(), describe(sixty_four.diagnostics));
  const std::string text = with_extra_items(last_role, "extra_role_", 60);
  const auto r = compile(text);
  const auto& d = expect_only(r, "too-many", at(text, "{ id: extra_role_60,"));
  CHECK(d.message == "roles: at most 64 entries are supported");

  // 4 capabilities + 61 = 65.
  const std::string last_cap = "  - { id: expert_advice,    zh: 技术支持, en: Expert advice, clause: [3.3.2, 1.4] }\n";
  const std::string caps = with_extra_items(last_cap, "extra_cap_", 61);
  CHECK(expect_only(compile(caps), "too-many", at(caps, "{ id: extra_cap_61,")).message ==
        "capabilities: at most 64 entries are supported");
}

TEST_CASE("compiler: missing-name when an entry has neither zh nor en") {
  edited grade("  - { id: major,   zh: 重大, en: Major }", "  - { id: major }");
  const auto& d = expect_only(grade.result, "missing-name", grade.at("{ id: major }"));
  CHECK(d.message == "give a name in zh, en or both");
  edited chain("    zh: 跨区域增援\n    en: Cross-region reinforcement\n", "");
  expect_only(chain.result, "missing-name", chain.at("id: cross_region"));
  // One of the two is enough.
  edited half("  - { id: major,   zh: 重大, en: Major }", "  - { id: major, en: Major }");
  CHECK(half.result.ok());
}

TEST_CASE("compiler: empty-list for grades, jurisdictions and an organisation's roles") {
  edited grades("grades:\n  - { id: general, zh: 一般, en: General }\n  - { id: larger,  zh: 较大, en: Larger }\n"
                "  - { id: major,   zh: 重大, en: Major }\n",
                "grades: []\n");
  CHECK(expect_diag(grades.result, "empty-list", grades.at("[]")).message == "grades: at least one severity grade is needed");
  expect_diag(grades.result, "unknown-grade", grades.at("threshold: larger", "larger"));
  CHECK(grades.result.diagnostics.size() == 2);

  // rules/README.md: an organisation holds at least one role.
  edited roles("jurisdiction: city, roles: [force_unit] }", "jurisdiction: city, roles: [] }");
  CHECK(expect_only(roles.result, "empty-list", roles.at("roles: [] }", "[]")).message ==
        "organisation 'city_grid' holds no role");
}

TEST_CASE("compiler: empty-list for a rule's clause list") {
  edited e("review:\n  clause: 3.3.3", "review:\n  clause: []");
  CHECK(expect_only(e.result, "empty-list", e.at("clause: []", "[]")).message == "clause: [] cites no clause");
  // Where clause is optional it may be left out, but not given as an empty list.
  edited optional("{ id: fire_suppression, zh: 灭火,     en: Fire suppression, clause: 2.1 }",
                  "{ id: fire_suppression, zh: 灭火,     en: Fire suppression }");
  CHECK(optional.result.ok());
  edited optional_empty("{ id: fire_suppression, zh: 灭火,     en: Fire suppression, clause: 2.1 }",
                        "{ id: fire_suppression, zh: 灭火,     en: Fire suppression, clause: [] }");
  expect_only(optional_empty.result, "empty-list", optional_empty.at("clause: [] }", "[]"));
}

TEST_CASE("compiler: empty-chain for a chain without steps") {
  edited e("    steps:\n      - id: upper_em_approval\n        kind: approve\n"
           "        by: { role: emergency_management, of: upper }\n        timeout: 20m\n"
           "        on_timeout: [remind, escalate]\n        clause: [3.1.2, 2.2]\n"
           "      - id: tell_local_fire\n        kind: notify\n        by: { role: fire_rescue, of: incident }\n"
           "        clause: 2.2\n",
           "    steps: []\n");
  const auto& d = expect_only(e.result, "empty-chain", e.at("id: cross_region"));
  CHECK(d.message == "chain 'cross_region' has no steps");
}

// ---- references -----------------------------------------------------------------------------

TEST_CASE("compiler: unknown-role with a did-you-mean hint") {
  edited e("coordinator: { role: emergency_management, of: incident }", "coordinator: { role: emergency_mgmt, of: incident }");
  const auto& d = expect_only(e.result, "unknown-role", e.at("emergency_mgmt"));
  CHECK(d.message == "role 'emergency_mgmt' is not defined");
  CHECK(d.hint == did_you_mean("emergency_management"));

  edited org("roles: [party_government] }\n  - { id: city_water", "roles: [party_govt] }\n  - { id: city_water");
  CHECK(expect_only(org.result, "unknown-role", org.at("party_govt")).hint == did_you_mean("party_government"));

  edited nothing_close("coordinator: { role: emergency_management, of: incident }", "coordinator: { role: mayor, of: incident }");
  CHECK(expect_only(nothing_close.result, "unknown-role", nothing_close.at("mayor")).hint == "define it in the role list first");
}

TEST_CASE("compiler: unknown-grade with a did-you-mean hint") {
  edited e("  threshold: larger", "  threshold: lager");
  CHECK(expect_only(e.result, "unknown-grade", e.at("lager")).hint == did_you_mean("larger"));
}

TEST_CASE("compiler: unknown-jurisdiction with a did-you-mean hint") {
  edited parent("kind: district,    parent: city }", "kind: district,    parent: cty }");
  CHECK(expect_only(parent.result, "unknown-jurisdiction", parent.at("cty")).hint == did_you_mean("city"));
  edited org("{ id: west_gov,   zh: 西县人民政府,     en: West government,     jurisdiction: west,",
             "{ id: west_gov,   zh: 西县人民政府,     en: West government,     jurisdiction: wset,");
  CHECK(expect_only(org.result, "unknown-jurisdiction", org.at("wset")).hint == did_you_mean("west"));
}

TEST_CASE("compiler: unknown-capability with a did-you-mean hint") {
  edited e("needs: [water_rescue, power_repair]", "needs: [water_rescue, power_repairs]");
  CHECK(expect_only(e.result, "unknown-capability", e.at("power_repairs")).hint == did_you_mean("power_repair"));
}

TEST_CASE("compiler: unknown-sector with a did-you-mean hint") {
  edited e("sectors: [water, power] }", "sectors: [water, powr] }");
  CHECK(expect_only(e.result, "unknown-sector", e.at("powr")).hint == did_you_mean("power"));
}

TEST_CASE("compiler: unknown-condition with a did-you-mean hint") {
  edited step("        when: special_period\n", "        when: special_perod\n");
  const auto& d = expect_only(step.result, "unknown-condition", step.at("special_perod"));
  CHECK(d.message == "condition 'special_perod' is not one the engine knows");
  CHECK(d.hint == did_you_mean("special_period"));
  edited route("    when: at_or_above_threshold\n", "    when: at_or_above_treshold\n");
  CHECK(expect_only(route.result, "unknown-condition", route.at("at_or_above_treshold")).hint == did_you_mean("at_or_above_threshold"));
  edited action("        when: not_special_period\n", "        when: not_special\n");
  CHECK(expect_only(action.result, "unknown-condition", action.at("not_special\n", "not_special")).hint ==
        did_you_mean("not_special_period"));
}

TEST_CASE("compiler: unknown-step in next, with a did-you-mean hint") {
  edited e("        on_timeout: [remind, escalate]\n        clause: [3.1.2, 2.2]\n",
           "        on_timeout: [remind, escalate]\n        next: tell_local_fir\n        clause: [3.1.2, 2.2]\n");
  const auto& d = expect_only(e.result, "unknown-step", e.at("tell_local_fir\n", "tell_local_fir"));
  CHECK(d.message == "chain 'cross_region' has no step 'tell_local_fir'");
  CHECK(d.hint == did_you_mean("tell_local_fire"));

  edited done("        on_timeout: [remind, escalate]\n        clause: [3.1.2, 2.2]\n",
              "        on_timeout: [remind, escalate]\n        next: don\n        clause: [3.1.2, 2.2]\n");
  CHECK(expect_only(done.result, "unknown-step", done.at("next: don", "don")).hint == did_you_mean("done"));

  // Steps of another chain are not steps of this one.
  edited other("        on_timeout: [remind, escalate]\n        clause: [3.1.2, 2.2]\n",
               "        on_timeout: [remind, escalate]\n        next: em_approval\n        clause: [3.1.2, 2.2]\n");
  expect_only(other.result, "unknown-step", other.at("next: em_approval", "em_approval"));
}

TEST_CASE("compiler: a role used but not defined is unknown-role at each use; the engine itself needs no role") {
  edited e("  - { id: party_government,     zh: 党委、政府,   en: Party committee and government }\n", "");
  CHECK_FALSE(e.result.ok());
  std::size_t uses = 0;
  for (const auto& x : e.result.diagnostics) {
    uses += x.code == "unknown-role";
    CHECK(x.code != "missing-role");
  }
  CHECK(uses == 5);
  // Chains are the policy's own: renaming one, or dropping the second, still compiles.
  edited renamed("  - id: cross_region\n", "  - id: cross_regional\n");
  REQUIRE(renamed.result.ok());
  CHECK(renamed.result.value->find_chain("cross_regional") != muster::no_index);
  CHECK(renamed.result.value->find_chain("cross_region") == muster::no_index);
}

TEST_CASE("compiler: jurisdiction-root when the tree has two roots, or none") {
  edited two("kind: county_city, parent: city }", "kind: county_city }");
  const auto& d = expect_only(two.result, "jurisdiction-root", two.at("{ id: west,"));
  CHECK(d.message == "jurisdiction 'west' has no parent, but 'city' is already the root");

  edited none("level: city,   kind: city }", "level: city,   kind: city, parent: east }");
  CHECK(expect_only(none.result, "jurisdiction-root", none.at("{ id: city,")).message ==
        "the jurisdiction tree has no root (every entry has a parent)");
}

TEST_CASE("compiler: jurisdiction-cycle for a jurisdiction that is its own ancestor") {
  edited self("kind: district,    parent: city }", "kind: district,    parent: east }");
  CHECK(expect_only(self.result, "jurisdiction-cycle", self.at("{ id: east,")).message == "jurisdiction 'east' is its own ancestor");

  std::string text = edit(policy_text(), "kind: district,    parent: city }", "kind: district,    parent: west }");
  text = edit(text, "kind: county_city, parent: city }", "kind: county_city, parent: east }");
  auto r = compile(text);
  INFO(describe(r.diagnostics));
  REQUIRE(r.diagnostics.size() == 2);
  CHECK(r.diagnostics[0].code == "jurisdiction-cycle");
  CHECK(place{r.diagnostics[0].where.line, r.diagnostics[0].where.column} == at(text, "{ id: east,"));
  CHECK(r.diagnostics[1].code == "jurisdiction-cycle");
  CHECK(place{r.diagnostics[1].where.line, r.diagnostics[1].where.column} == at(text, "{ id: west,"));
}

TEST_CASE("compiler: invalid-scope: of: force needs for_each: force") {
  std::string to(authority_consent_head);
  to.erase(to.find("        for_each: force\n"));
  edited step(authority_consent_head, to);
  const auto& d = expect_only(step.result, "invalid-scope", step.at("by: { role: industry_authority, of: force }", "force"));
  CHECK(d.message == "of: force is not allowed in a step without for_each: force");
  CHECK(d.hint == "of: force needs for_each: force (one party per force)");

  edited action("        to: { role: industry_authority, of: force }\n        for_each: force\n",
                "        to: { role: industry_authority, of: force }\n");
  expect_only(action.result, "invalid-scope", action.at("to: { role: industry_authority, of: force }", "force"));

  edited route("      - { role: fire_rescue, of: incident }\n    clause: [3.3.1, 2.3]",
               "      - { role: industry_authority, of: force }\n    clause: [3.3.1, 2.3]");
  CHECK(expect_only(route.result, "invalid-scope", route.at("{ role: industry_authority, of: force }\n    clause", "force")).message ==
        "of: force is not allowed in information routes");
}

TEST_CASE("compiler: invalid-scope: of: command inside the command block") {
  edited e("commander:   { role: fire_rescue,          of: root }", "commander:   { role: fire_rescue,          of: command }");
  const auto& d = expect_only(e.result, "invalid-scope", e.at("of: command }\n\nfirst_response", "command"));
  CHECK(d.message == "of: command is not allowed in the command block");
  CHECK(d.hint == "the command block defines the command level; use incident or root");
}

TEST_CASE("compiler: invalid-scope: of: participant outside the review block") {
  // A per-force step is told what it is, not that it lacks for_each.
  edited step("        by: { role: industry_authority, of: force }\n        for_each: force\n",
              "        by: { role: industry_authority, of: participant }\n        for_each: force\n");
  CHECK(expect_only(step.result, "invalid-scope", step.at("by: { role: industry_authority, of: participant }", "participant"))
            .message == "of: participant is not allowed in a step");

  edited e("first_response:\n  clause: 3.3.2\n  by: { role: fire_rescue, of: command }",
           "first_response:\n  clause: 3.3.2\n  by: { role: fire_rescue, of: participant }");
  const auto& d = expect_only(e.result, "invalid-scope", e.at("clause: 3.3.2\n  by: { role: fire_rescue, of: participant }", "participant"));
  CHECK(d.message == "of: participant is not allowed in first_response");
  CHECK(d.hint == "of: participant is for the review block");
}

TEST_CASE("compiler: of: force is the force's registered authority, and its role is one the registry's authorities may hold") {
  edited e("        to: { role: industry_authority, of: force }", "        to: { role: emergency_management, of: force }");
  REQUIRE(e.result.ok());
  const muster::policy& p = *e.result.value;
  // Both roles are now asked of a force's authority (the consent step still names industry_authority).
  CHECK(p.force_authority_roles == ((muster::role_mask{1} << p.find_role("industry_authority")) |
                                    (muster::role_mask{1} << p.find_role("emergency_management"))));
}

// ---- chains ---------------------------------------------------------------------------------

TEST_CASE("compiler: chain-cycle at the next that loops back") {
  edited e("        on_refuse: drop_force\n", "        on_refuse: drop_force\n        next: em_approval\n");
  const auto& d = expect_only(e.result, "chain-cycle", e.at("next: em_approval", "em_approval"));
  CHECK(d.message == "step 'authority_consent' of chain 'call_plan' loops back to step 'em_approval'");
  CHECK(d.hint == "a chain must end: point the last step's next at done");

  edited self("        on_refuse: drop_force\n", "        on_refuse: drop_force\n        next: authority_consent\n");
  expect_only(self.result, "chain-cycle", self.at("next: authority_consent", "authority_consent"));
}

TEST_CASE("compiler: chain-unreachable-step for a step no path reaches") {
  std::string to(em_approval);
  to += "        next: done\n";
  edited e(em_approval, to);
  const auto& d = expect_only(e.result, "chain-unreachable-step", e.at("id: authority_consent"));
  CHECK(d.message == "step 'authority_consent' of chain 'call_plan' is never reached");

  // Jumping over a step also leaves it unreachable.
  edited jump("        on_timeout: [remind, escalate]\n        clause: [3.1.2, 2.2]\n",
              "        on_timeout: [remind, escalate]\n        next: done\n        clause: [3.1.2, 2.2]\n");
  expect_only(jump.result, "chain-unreachable-step", jump.at("id: tell_local_fire"));
}

TEST_CASE("compiler: chain-missing-timeout for an approve or consent step without timeout") {
  std::string to(em_approval);
  to.erase(to.find("        timeout: 15m\n"), 21);
  edited e(em_approval, to);
  const auto& d = expect_only(e.result, "chain-missing-timeout", e.at("id: em_approval"));
  CHECK(d.message == "step 'em_approval' of chain 'call_plan' waits for an answer but has no timeout");
  edited consent("        timeout: 30m\n", "");
  expect_only(consent.result, "chain-missing-timeout", consent.at("id: authority_consent"));
}

TEST_CASE("compiler: timeout-ignored (warning) on a notify step") {
  edited e("        by: { role: fire_rescue, of: incident }\n        clause: 2.2\n",
           "        by: { role: fire_rescue, of: incident }\n        timeout: 5m\n        clause: 2.2\n");
  const auto& d = expect_only_warning(e.result, "timeout-ignored", e.at("id: tell_local_fire"));
  CHECK(d.message == "step 'tell_local_fire' of chain 'cross_region' only notifies; its timeout is never used");
}

TEST_CASE("compiler: silence-ignored (warning) for a timeout without on_timeout") {
  std::string to(em_approval);
  to.erase(to.find("        on_timeout: [remind, escalate]\n"), 39);
  edited e(em_approval, to);
  const auto& d = expect_only_warning(e.result, "silence-ignored", e.at("id: em_approval"));
  CHECK(d.hint == "add on_timeout: [remind, escalate]");
}

TEST_CASE("compiler: shared-role (warning) where a role named by level has several holders in a jurisdiction") {
  // City A's water bureau also sits on the Party committee: `party_government of incident` and
  // `of command` would ask only city_gov there (the first in file order).
  edited e("jurisdiction: city, roles: [industry_authority], sectors: [water, power] }",
           "jurisdiction: city, roles: [industry_authority, party_government], sectors: [water, power] }");
  INFO(describe(e.result.diagnostics));
  CHECK(e.result.ok());
  REQUIRE(e.result.diagnostics.size() == 2);  // once per role and scope, at its first use
  const auto& hq = e.result.diagnostics[0];  // sorted by position
  CHECK(hq.code == "shared-role");
  CHECK(hq.level == muster::severity::warning);
  CHECK(place{hq.where.line, hq.where.column} == e.at("established_by: { role: party_government, of: command }", "{"));
  CHECK(hq.message ==
        "role 'party_government' (of: command) is held by 2 organisations in jurisdiction 'city' ('city_gov', 'city_water'); "
        "only the first, 'city_gov', is asked");
  CHECK(hq.hint == "name a role one organisation holds per jurisdiction, or of: force for a force's own industry authority");
  const auto& route = e.result.diagnostics[1];
  CHECK(route.code == "shared-role");
  CHECK(route.level == muster::severity::warning);
  CHECK(place{route.where.line, route.where.column} == e.at("    notify:\n      - { role: party_government, of: incident }", "{"));
  // Steps that ask a force's own authority (of: force, three in this policy) are never ambiguous.
}

TEST_CASE("compiler: expire-not-last at the expire that is followed by another action") {
  // Checked where every ladder is read (src/policy/party_reading.cpp read_ladder): a step's,
  // the review's, and a warning tier's (tests/policy/test_warnings_block.cpp).
  edited step("on_timeout: [remind, escalate, expire]", "on_timeout: [remind, expire, escalate]");
  const auto& d = expect_only(step.result, "expire-not-last", step.at("[remind, expire, escalate]", "expire"));
  CHECK(d.message == "the on_timeout of step 'authority_consent' of chain 'call_plan': expire ends the wait, so the rungs after it never run");
  CHECK(d.hint == "move expire to the end of on_timeout (and keep only one)");

  edited review("  due: 7d\n  on_timeout: [remind, escalate]", "  due: 7d\n  on_timeout: [expire, remind]");
  CHECK(expect_only(review.result, "expire-not-last", review.at("[expire, remind]", "expire")).message ==
        "the review's on_timeout: expire ends the wait, so the rungs after it never run");

  // Two expires are one mistake: reported once, at the first.
  edited twice("on_timeout: [remind, escalate, expire]", "on_timeout: [expire, expire, remind]");
  expect_only(twice.result, "expire-not-last", twice.at("on_timeout: [expire", "expire"));
}

TEST_CASE("compiler: on-refuse-not-consent for on_refuse outside a per-force consent") {
  std::string to(em_approval);
  to += "        on_refuse: fail\n";
  edited approve(em_approval, to);
  const auto& d = expect_only(approve.result, "on-refuse-not-consent", approve.at("on_refuse: fail", "fail"));
  CHECK(d.message == "step 'em_approval' of chain 'call_plan': on_refuse applies only to consent steps");

  edited no_each(authority_consent_head,
                 "      - id: authority_consent\n        kind: consent\n        by: { role: emergency_management, of: command }\n");
  CHECK(expect_only(no_each.result, "on-refuse-not-consent", no_each.at("on_refuse: drop_force", "drop_force")).message ==
        "step 'authority_consent' of chain 'call_plan': drop_force needs for_each: force");
}

// ---- calendar -------------------------------------------------------------------------------

TEST_CASE("compiler: unknown-time-zone for zones with daylight saving or bad offsets") {
  for (const char* zone : {"Europe/Berlin", "UTC+15:00", "UTC+8", "asia/shanghai"}) {
    CAPTURE(zone);
    edited e("  time_zone: Asia/Shanghai", std::string("  time_zone: ") + zone);
    const auto& d = expect_only(e.result, "unknown-time-zone", e.at(std::string("time_zone: ") + zone, zone));
    CHECK(d.message == std::string("time zone '") + zone + "' is not supported");
  }
  edited offset("  time_zone: Asia/Shanghai", "  time_zone: UTC-05:30");
  REQUIRE(offset.result.ok());
  CHECK(offset.result.value->utc_offset_minutes == -330);
  edited absent("  time_zone: Asia/Shanghai\n", "");
  REQUIRE(absent.result.ok());
  CHECK(absent.result.value->time_zone == "Asia/Shanghai");
}

TEST_CASE("compiler: period-conflict for a declared period with a calendar range") {
  edited e("declared: true, declared_by: [emergency_management], clause: 3.2.2",
           "declared: true, declared_by: [emergency_management], from: \"01-01\", clause: 3.2.2");
  const auto& d = expect_only(e.result, "period-conflict", e.at("\"01-01\""));
  CHECK(d.message == "period 'key_dates' is declared at run time and also has a calendar range");
}

TEST_CASE("compiler: period-incomplete for a range with one end, or neither end nor declared") {
  edited e("from: \"11-01\", to: \"05-31\",", "from: \"11-01\",");
  const auto& d = expect_only(e.result, "period-incomplete", e.at("{ id: forest_fire_prevention"));
  CHECK(d.message == "period 'forest_fire_prevention' needs both from and to, or declared: true");
  edited undeclared("declared: true, declared_by: [emergency_management],", "declared: false,");
  expect_only(undeclared.result, "period-incomplete", undeclared.at("{ id: key_dates"));
}

// ---- tables ---------------------------------------------------------------------------------

TEST_CASE("compiler: missing-holder for a jurisdiction without its EM department or fire team") {
  edited e("  - { id: west_fire,  zh: 西县消防救援大队, en: West fire brigade,   jurisdiction: west, roles: [fire_rescue] }\n", "");
  const auto& d = expect_only(e.result, "missing-holder", e.at("{ id: west,"));
  CHECK(d.message == "jurisdiction 'west' has no organisation holding 'fire_rescue'");
  CHECK(d.hint == "add an organisation with jurisdiction: west and roles: [fire_rescue]");
}

TEST_CASE("compiler: duplicate-holder for a second EM department or fire team in a jurisdiction") {
  edited e("jurisdiction: west, roles: [party_government] }", "jurisdiction: west, roles: [party_government, fire_rescue] }");
  const auto& d = expect_only(e.result, "duplicate-holder", e.at("roles: [party_government, fire_rescue] }", "fire_rescue"));
  CHECK(d.message == "organisation 'west_gov' holds 'fire_rescue' in jurisdiction 'west', but 'west_fire' already does");
}

TEST_CASE("compiler: unresolvable-party for a role some jurisdiction it may resolve in lacks") {
  // Only the city has a force-building unit, so `of: incident` fails for an incident in east.
  edited e("      - { role: fire_rescue, of: incident }\n    clause: [3.3.1, 2.3]",
           "      - { role: fire_rescue, of: incident }\n      - { role: force_unit, of: incident }\n    clause: [3.3.1, 2.3]");
  const auto& d = expect_only(e.result, "unresolvable-party", e.at("{ role: force_unit, of: incident }"));
  CHECK(d.message == "role 'force_unit' (of: incident) has no holder in jurisdiction 'east'");
  CHECK(d.hint == "give jurisdiction 'east' an organisation with that role");

  // `of: root` and `of: upper` only need the root (the one parent here).
  edited root("      - { role: fire_rescue, of: incident }\n    clause: [3.3.1, 2.3]",
              "      - { role: fire_rescue, of: incident }\n      - { role: industry_authority, of: root }\n"
              "      - { role: force_unit, of: upper }\n    clause: [3.3.1, 2.3]");
  CHECK_MESSAGE(root.result.ok(), describe(root.result.diagnostics));
}

TEST_CASE("compiler: reserved-id for a step called done (next: done ends a chain)") {
  edited e("      - id: em_approval\n", "      - id: done\n");
  const auto& d = expect_diag(e.result, "reserved-id", e.at("- id: done", "done"));
  CHECK(d.message == "a step may not be called 'done'");
}

TEST_CASE("compiler: empty-route for an information route that tells nobody (3.3.1)") {
  edited e("    notify:\n      - { role: party_government, of: incident }\n    copy:\n      - { role: emergency_management, of: incident }\n"
           "      - { role: fire_rescue, of: incident }\n",
           "");
  CHECK(expect_only(e.result, "empty-route", e.at("- id: report_local", "id: report_local")).message ==
        "information route 'report_local' tells nobody");
}

TEST_CASE("compiler: missing-name when zh and en are both empty strings") {
  edited e("  - { id: major,   zh: 重大, en: Major }", "  - { id: major,   zh: \"\", en: \"\" }");
  expect_only(e.result, "missing-name", e.at("{ id: major,", "{"));
}

// ---- the language added for issue 10 (positions, asked_by, ladders that tell, support, limits) ----

TEST_CASE("compiler: a party is a role with its scope, or a position of the command; never both, never half") {
  edited both("      - { role: fire_rescue, of: command }\n    propose_substitutes: true",
              "      - { role: fire_rescue, of: command, position: commander }\n    propose_substitutes: true");
  CHECK(expect_only(both.result, "party-conflict", both.at("position: commander", "commander")).hint ==
        "keep position: commander, or role and of");

  edited half("      - { role: fire_rescue, of: command }\n    propose_substitutes: true",
              "      - { role: fire_rescue }\n    propose_substitutes: true");
  CHECK(expect_only(half.result, "missing-key", half.at("{ role: fire_rescue }")).message == "a party reference needs 'of'");

  // The command block defines the positions: naming one there would be circular.
  edited circular("    commander:   { role: fire_rescue,          of: root }", "    commander:   { position: commander }");
  CHECK(expect_only(circular.result, "invalid-scope", circular.at("position: commander }", "commander")).message ==
        "position: is not allowed in the command block");

  edited typo("      - { role: fire_rescue, of: command }\n    propose_substitutes: true",
              "      - { position: comander }\n    propose_substitutes: true");
  CHECK(expect_only(typo.result, "invalid-choice", typo.at("comander")).hint == did_you_mean("commander"));

  edited fine("      - { role: fire_rescue, of: command }\n    propose_substitutes: true",
              "      - { position: commander }\n    propose_substitutes: true");
  REQUIRE(fine.result.ok());
  CHECK(fine.result.value->orders.escalate_to[1].position == muster::command_position::commander);
}

TEST_CASE("compiler: on_timeout rungs may be written out to tell others; the rung's parties and actions are checked") {
  edited told("  due: 7d\n  on_timeout: [remind, escalate]",
              "  due: 7d\n  on_timeout:\n    - { do: remind, notify: [{ role: emergency_management, of: participant }] }\n    - escalate");
  REQUIRE(told.result.ok());
  const auto& ladder = told.result.value->review.on_timeout;
  REQUIRE(ladder.size() == 2);
  CHECK(ladder[0].act == muster::silence_action::remind);
  REQUIRE(ladder[0].notify.size() == 1);
  CHECK(ladder[0].notify[0].of == muster::party_scope::participant);
  CHECK(ladder[1].notify.empty());

  edited verb("  due: 7d\n  on_timeout: [remind, escalate]", "  due: 7d\n  on_timeout:\n    - { do: remnd }\n    - escalate");
  CHECK(expect_only(verb.result, "invalid-choice", verb.at("remnd")).hint == did_you_mean("remind"));

  edited unknown_role("  due: 7d\n  on_timeout: [remind, escalate]",
                      "  due: 7d\n  on_timeout:\n    - { do: remind, notify: [{ role: emergency_mgmt, of: participant }] }");
  expect_only(unknown_role.result, "unknown-role", unknown_role.at("emergency_mgmt"));

  edited nested("  due: 7d\n  on_timeout: [remind, escalate]", "  due: 7d\n  on_timeout:\n    - [remind]");
  expect_only(nested.result, "expected-scalar", nested.at("[remind]"));

  edited late_expire(em_approval, std::string(em_approval).replace(em_approval.find("[remind, escalate]"), 18, "[{ do: expire }, remind]"));
  expect_only(late_expire.result, "expire-not-last", late_expire.at("{ do: expire }"));
}

TEST_CASE("compiler: asked_by, request_support, categories and ack_timeout are read; misplaced ones are refused at the key") {
  edited asked(authority_consent_head, std::string(authority_consent_head) + "        asked_by: { role: emergency_management, of: command }\n");
  REQUIRE(asked.result.ok());
  const muster::chain& call = asked.result.value->chains[0];
  CHECK(call.steps[1].asked_by.role == asked.result.value->find_role("emergency_management"));

  const std::string orders_action =
      "      - id: issue_orders\n        do: issue_orders\n        by: { role: fire_rescue, of: command }\n        forces: named\n        clause: 3.1.2\n";
  edited support(orders_action, orders_action.substr(0, orders_action.size() - 22) + "        categories: [government, enterprise, social]\n        clause: 3.1.2\n" +
                                     "      - id: ask_experts\n        do: request_support\n        by: { position: commander }\n"
                                     "        categories: [expert]\n        ack_timeout: 30m\n        clause: 3.3.2\n");
  REQUIRE(support.result.ok());
  const muster::policy& p = *support.result.value;
  CHECK(p.chains[0].on_approved[0].categories == 0x07);
  CHECK(p.chains[0].on_approved[1].kind == muster::action_kind::request_support);
  CHECK(p.chains[0].on_approved[1].ack_timeout == 1800);
  CHECK(p.support_categories == 0x08);

  edited timeout_on_orders(orders_action, orders_action.substr(0, orders_action.size() - 22) + "        ack_timeout: 30m\n        clause: 3.1.2\n");
  CHECK(expect_only(timeout_on_orders.result, "unknown-key", timeout_on_orders.at("ack_timeout: 30m", "30m")).message ==
        "ack_timeout is for do: request_support (orders take the orders block's)");

  edited on_notify("      - id: notify_applicant\n        do: notify\n",
                   "      - id: notify_applicant\n        do: notify\n        categories: [expert]\n");
  expect_only(on_notify.result, "unknown-key", on_notify.at("[expert]"));

  // Experts left out of every deploying action: a named expert group would be approved, then nothing.
  edited undeployed(orders_action, orders_action.substr(0, orders_action.size() - 22) + "        categories: [government, enterprise, social]\n        clause: 3.1.2\n");
  CHECK(expect_only_warning(undeployed.result, "undeployed-category", undeployed.at("on_approved:\n      - id: issue_orders", "on_approved")).message ==
        "chain 'call_plan' deploys no expert force: one named in a request is approved, then neither ordered nor asked");

  edited bad_category(orders_action, orders_action.substr(0, orders_action.size() - 22) + "        categories: [experts]\n        clause: 3.1.2\n");
  CHECK(expect_only(bad_category.result, "invalid-choice", bad_category.at("experts")).hint == did_you_mean("expert"));
}

TEST_CASE("compiler: advisory capabilities and limits.max_clock_step") {
  edited advisory("  - { id: expert_advice,    zh: 技术支持, en: Expert advice, clause: [3.3.2, 1.4] }",
                  "  - { id: expert_advice,    zh: 技术支持, en: Expert advice, advisory: true, clause: [3.3.2, 1.4] }");
  REQUIRE(advisory.result.ok());
  CHECK(advisory.result.value->advisory_capabilities == muster::capability_mask{1} << 3);
  CHECK(advisory.result.value->capabilities[3].advisory);

  REQUIRE(compile(policy_text()).ok());
  CHECK(compile(policy_text()).value->max_clock_step == 31 * 86400);
  edited limit("muster: 1\n", "muster: 1\nlimits:\n  max_clock_step: 90d\n");
  REQUIRE(limit.result.ok());
  CHECK(limit.result.value->max_clock_step == 90 * 86400);
  edited zero("muster: 1\n", "muster: 1\nlimits:\n  max_clock_step: 0s\n");
  expect_only(zero.result, "invalid-duration", zero.at("0s"));
}

TEST_CASE("compiler: limits.retention is a duration of at least a day; without it every outcome is kept") {
  CHECK(compile(policy_text()).value->retention == 0);
  edited year("muster: 1\n", "muster: 1\nlimits:\n  retention: 366d\n");
  REQUIRE(year.result.ok());
  CHECK(year.result.value->retention == 366 * 86400);
  edited day("muster: 1\n", "muster: 1\nlimits:\n  retention: 24h\n");
  REQUIRE(day.result.ok());
  CHECK(day.result.value->retention == 86400);
  edited hour("muster: 1\n", "muster: 1\nlimits:\n  retention: 23h\n");
  const auto& d = expect_only(hour.result, "retention-too-short", hour.at("23h"));
  CHECK(d.message == "limits.retention 23h is shorter than a day");
  CHECK(d.hint.find("at least 1d") != std::string::npos);
  edited junk("muster: 1\n", "muster: 1\nlimits:\n  retention: forever\n");
  expect_only(junk.result, "invalid-duration", junk.at("forever"));
  edited misspelt("muster: 1\n", "muster: 1\nlimits:\n  retension: 366d\n");
  CHECK(expect_only(misspelt.result, "unknown-key", misspelt.at("retension")).hint == did_you_mean("retention"));
}
