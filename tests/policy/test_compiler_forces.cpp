// Every diagnostic the force registry compiler emits, each made by ONE edit of
// fixtures/minimal-forces.yaml and checked against the compiled fixtures/minimal.yaml: exact
// code, line and column, and the did-you-mean word where there is one. The policy has no
// integer or date fields, so invalid-integer, out-of-range and invalid-date are proved here.
#include "test_compiler_support.hpp"

using namespace compiler_test;

namespace {

const char* const file = "f.yaml";

}  // namespace

TEST_CASE("compiler (forces): unknown-organisation for an owner or authority the policy lacks") {
  edited_forces owner("    owner: east_fire\n", "    owner: east_fir\n");
  const auto& d = expect_only(owner.result, "unknown-organisation", owner.at("east_fir\n", "east_fir"), file);
  CHECK(d.message == "organisation 'east_fir' is not defined in the policy p.yaml");
  CHECK(d.hint == did_you_mean("east_fire"));

  edited_forces authority("    authority: city_water\n", "    authority: city_waterworks\n");
  CHECK(expect_only(authority.result, "unknown-organisation", authority.at("city_waterworks"), file).hint ==
        did_you_mean("city_water"));
}

TEST_CASE("compiler (forces): unknown-capability, unknown-jurisdiction and unknown-sector") {
  edited_forces cap("capabilities: [power_repair]", "capabilities: [power_repiar]");
  CHECK(expect_only(cap.result, "unknown-capability", cap.at("power_repiar"), file).hint == did_you_mean("power_repair"));

  edited_forces home("    jurisdiction: west\n", "    jurisdiction: wset\n");
  CHECK(expect_only(home.result, "unknown-jurisdiction", home.at("wset"), file).hint == did_you_mean("west"));

  edited_forces sector("    sector: power\n", "    sector: powr\n");
  CHECK(expect_only(sector.result, "unknown-sector", sector.at("powr"), file).hint == did_you_mean("power"));
}

TEST_CASE("compiler (forces): not-an-authority when the authority holds no role the policy asks of: force") {
  edited_forces e("    authority: east_em\n", "    authority: east_fire\n");
  const auto& d = expect_only(e.result, "not-an-authority", e.at("authority: east_fire", "east_fire"), file);
  CHECK(d.message == "organisation 'east_fire' does not hold industry_authority, which the policy asks of a force's authority ({ role: …, of: force })");
  // The roles come from the policy's `{ role: X, of: force }` parties, not from the engine: here
  // industry_authority, which the fixture's EM bureaus hold too (the authority of their own teams).
  edited_forces em("    authority: city_water\n", "    authority: city_em\n");
  CHECK(em.result.ok());
}

TEST_CASE("compiler (forces): the old key industry_authority is still read as authority, with the warning deprecated-key") {
  edited_forces old("    authority: city_water\n", "    industry_authority: city_water\n");
  const auto& d = expect_only_warning(old.result, "deprecated-key", old.at("industry_authority: city_water", "industry_authority"), file);
  CHECK(d.message == "'industry_authority' in a force is now 'authority'; read as 'authority' in this release");
  CHECK(d.hint == "write authority: (the department that governs the force, whatever role the policy gives it)");
  const muster::force& f = old.result.value->forces[old.result.value->find_force("grid_repair_team")];
  CHECK(f.authority == compiler_test::compile(compiler_test::policy_text()).value->find_organisation("city_water"));

  // Its value is checked as the new key's: an unknown organisation, with a did-you-mean.
  edited_forces typo("    authority: city_water\n", "    industry_authority: city_waterworks\n");
  CHECK(expect_diag(typo.result, "unknown-organisation", typo.at("city_waterworks"), file).hint == did_you_mean("city_water"));
  // Both names at once is an error: which one holds?
  edited_forces both("    authority: city_water\n", "    authority: city_water\n    industry_authority: city_em\n");
  CHECK(expect_only(both.result, "renamed-key", both.at("industry_authority: city_em", "industry_authority"), file).hint == "keep only authority");
  // The old name with no value is missing-value, as the new one is (the fuzzer found it read as
  // present, and the compiler then followed a null node).
  edited_forces empty("    authority: city_water\n", "    industry_authority:\n");
  CHECK(expect_diag(empty.result, "missing-value", empty.at("industry_authority:\n", "industry_authority"), file).message ==
        "'industry_authority' has no value");
}

TEST_CASE("compiler (forces): not-an-authority when the authority lacks one of several roles the policy asks of: force") {
  // A second `of: force` role: a step asks the force's authority acting as emergency_management.
  // Every force's authority must hold both, or that step would go to a department that is not one.
  const std::string policy = compiler_test::edit(compiler_test::policy_text(), "\norders:\n",
      "\n  - id: authority_check\n    en: Authority check\n    clause: 3.1.2\n"
      "    opened_by: { role: fire_rescue, of: command }\n    about: forces\n    steps:\n"
      "      - { id: em_as_authority, kind: consent, by: { role: emergency_management, of: force }, for_each: force, timeout: 1h, clause: 3.1.2 }\n"
      "\norders:\n");
  auto p = compiler_test::compile(policy);
  REQUIRE_MESSAGE(p.ok(), compiler_test::describe(p.diagnostics));
  auto r = muster::compile_forces_text(*p.value, "f.yaml", compiler_test::forces_text());
  // city_water (a water bureau) governs the grid team: an industry authority, not an EM.
  const auto& d = expect_only(r, "not-an-authority", compiler_test::at(compiler_test::forces_text(), "authority: city_water", "city_water"), "f.yaml");
  CHECK(d.message == "organisation 'city_water' does not hold emergency_management, which the policy asks of a force's authority ({ role: …, of: force })");
}

TEST_CASE("compiler (forces): missing-key for what each category must say (1.2-1.4)") {
  edited_forces enterprise("    sector: power\n", "");
  CHECK(expect_only(enterprise.result, "missing-key", enterprise.at("id: grid_repair_team"), file).message ==
        "enterprise force 'grid_repair_team' needs 'sector' (the industry it serves)");

  edited_forces social("    registered: true\n", "");
  CHECK(expect_only(social.result, "missing-key", social.at("id: west_volunteers"), file).message ==
        "social force 'west_volunteers' needs 'registered' (its registration status)");

  edited_forces expert("    expertise: [hydrology, flood control]\n", "");
  CHECK(expect_only(expert.result, "missing-key", expert.at("id: hydrology_expert"), file).message ==
        "expert 'hydrology_expert' needs 'expertise' (the fields it advises on)");
  edited_forces empty_expertise("    expertise: [hydrology, flood control]\n", "    expertise: []\n");
  expect_only(empty_expertise.result, "missing-key", empty_expertise.at("id: hydrology_expert"), file);

  // Keys every force needs are checked by the shape pass.
  edited_forces insured("    insured_until: 2027-06-30\n", "");
  CHECK(expect_only(insured.result, "missing-key", insured.at("id: east_brigade"), file).message ==
        "a force needs 'insured_until'");
}

TEST_CASE("compiler (forces): date-in-future when data_updated is after the registry's date") {
  edited_forces e("    data_updated: 2026-11-20\n", "    data_updated: 2026-11-21\n");
  const auto& d = expect_only(e.result, "date-in-future", e.at("2026-11-21"), file);
  CHECK(d.message == "force 'hydrology_expert': data_updated is after the registry's updated date");
}

TEST_CASE("compiler (forces): insurance-expired is a warning, not an error (4.4)") {
  edited_forces e("    insured_until: 2026-12-31\n", "    insured_until: 2026-11-19\n");
  const auto& d = expect_only_warning(e.result, "insurance-expired", e.at("2026-11-19"), file);
  CHECK(d.message == "force 'hydrology_expert': accident insurance expired before the registry date");
  // Insured through the registry's own date is not expired.
  edited_forces same_day("    insured_until: 2026-12-31\n", "    insured_until: 2026-11-20\n");
  CHECK(same_day.result.ok());
  CHECK(same_day.result.diagnostics.empty());
}

TEST_CASE("compiler (forces): duplicate-id at the second force with the same id") {
  edited_forces e("  - id: west_volunteers\n", "  - id: east_brigade\n");
  const auto& d = expect_only(e.result, "duplicate-id", e.at("id: east_brigade\n    zh: 西县", "east_brigade"), file);
  CHECK(d.message == "forces: id 'east_brigade' is already defined on line " + std::to_string(e.at("id: east_brigade\n    zh: 东区").line));
}

TEST_CASE("compiler (forces): missing-name for a force with neither zh nor en") {
  edited_forces e("    zh: 水文专家\n    en: Hydrology expert\n", "");
  expect_only(e.result, "missing-name", e.at("id: hydrology_expert"), file);
}

TEST_CASE("compiler (forces): invalid-integer refuses octal, quoted and non-decimal numbers") {
  for (const char* spelling : {"030", "\"30\"", "'30'", "3.5", "30k", "1e3", "0x1e", "+30"}) {
    CAPTURE(spelling);
    edited_forces e("    personnel: 30\n", std::string("    personnel: ") + spelling + "\n");
    expect_only(e.result, "invalid-integer", e.at(std::string("personnel: ") + spelling, spelling), file);
  }
  edited_forces octal("    personnel: 30\n", "    personnel: 010\n");
  CHECK(expect_only(octal.result, "invalid-integer", octal.at("010"), file).message ==
        "personnel: '010' is not an integer: leading zeros are refused (YAML 1.1 reads 010 as octal 8)");
  edited_forces quoted("    personnel: 30\n", "    personnel: \"30\"\n");
  const auto& q = expect_only(quoted.result, "invalid-integer", quoted.at("\"30\""), file);
  CHECK(q.message == "personnel: a number must not be quoted");
  CHECK(q.hint == "remove the quotes");
}

TEST_CASE("compiler (forces): out-of-range for personnel and counts") {
  for (const char* spelling : {"0", "-1", "100001"}) {
    CAPTURE(spelling);
    edited_forces e("    personnel: 30\n", std::string("    personnel: ") + spelling + "\n");
    const auto& d = expect_only(e.result, "out-of-range", e.at(std::string("personnel: ") + spelling, spelling), file);
    CHECK(d.hint == "allowed: 1 to 100000");
  }
  edited_forces count("Water tender, count: 2 }", "Water tender, count: 0 }");
  expect_only(count.result, "out-of-range", count.at("count: 0", "0"), file);
  edited_forces most("    personnel: 30\n", "    personnel: 100000\n");
  CHECK(most.result.ok());
}

TEST_CASE("compiler (forces): invalid-date for a day the calendar does not have") {
  edited_forces feb30("    data_updated: 2026-11-01\n", "    data_updated: 2026-02-30\n");
  CHECK(expect_only(feb30.result, "invalid-date", feb30.at("2026-02-30"), file).message ==
        "data_updated: '2026-02-30': no such day in the calendar");
  edited_forces short_form("updated: 2026-11-20\n\nforces", "updated: 2026-11-2\n\nforces");
  CHECK(expect_only(short_form.result, "invalid-date", short_form.at("2026-11-2\n"), file).message ==
        "updated: '2026-11-2': expected a date YYYY-MM-DD");
  // 2024 is a leap year, 2100 is not.
  edited_forces leap("    data_updated: 2026-11-01\n", "    data_updated: 2024-02-29\n");
  CHECK(leap.result.ok());
  edited_forces not_leap("    insured_until: 2027-06-30\n", "    insured_until: 2100-02-29\n");
  expect_only(not_leap.result, "invalid-date", not_leap.at("2100-02-29"), file);
}

TEST_CASE("compiler (forces): invalid-boolean, unsupported-version and unknown-key") {
  edited_forces registered("    registered: true\n", "    registered: yes\n");
  expect_only(registered.result, "invalid-boolean", registered.at("registered: yes", "yes"), file);

  edited_forces version("muster_forces: 1\n", "muster_forces: 2\n");
  expect_only(version.result, "unsupported-version", version.at("muster_forces: 2", "2"), file);

  edited_forces typo("    personnel: 12\n", "    personel: 12\n");
  const auto& d = expect_diag(typo.result, "unknown-key", typo.at("personel"), file);
  CHECK(d.message == "unknown key 'personel' in a force");
  CHECK(d.hint == did_you_mean("personnel"));
  // The misspelt key also leaves the required one missing: both are said, each at its place.
  expect_diag(typo.result, "missing-key", typo.at("id: west_volunteers"), file);
  CHECK(typo.result.diagnostics.size() == 2);
}

TEST_CASE("compiler (forces): several errors are all reported, sorted by location") {
  std::string text = forces_text();
  text = edit(text, "    data_updated: 2026-11-20\n", "    data_updated: 2026-11-21\n");  // calendar, last force
  text = edit(text, "    owner: east_fire\n", "    owner: nobody\n");                   // references, first force
  text = edit(text, "    sector: power\n", "");                                         // categories, second force
  auto r = compile_forces(text);
  INFO(describe(r.diagnostics));
  REQUIRE(r.diagnostics.size() == 3);
  CHECK(r.diagnostics[0].code == "unknown-organisation");
  CHECK(r.diagnostics[1].code == "missing-key");
  CHECK(r.diagnostics[2].code == "date-in-future");
  CHECK(r.diagnostics[0].where.line < r.diagnostics[1].where.line);
  CHECK(r.diagnostics[1].where.line < r.diagnostics[2].where.line);
}

TEST_CASE("compiler (forces): empty-list for a force without capabilities (it could never be called, 2.1)") {
  edited_forces e("capabilities: [power_repair]", "capabilities: []");
  CHECK(expect_only(e.result, "empty-list", e.at("capabilities: []", "[]"), file).message ==
        "force 'grid_repair_team' has no capability, so it can never be proposed or called");
}
