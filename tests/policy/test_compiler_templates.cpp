// organisation_templates: the per-jurisdiction departments said once (issue 11, item 6).
// The fixture's two counties each write out an EM bureau, a fire brigade and a government; the
// tests replace those six lines with templates and check that the result is the same policy,
// and that every mistake in a template is reported once, at the template.
#include "test_compiler_support.hpp"

#include <algorithm>
#include <string>
#include <vector>

using namespace compiler_test;

namespace {

const char* const county_lines =
    "  - { id: east_em,    zh: 东区应急管理局,   en: East EM bureau,      jurisdiction: east, roles: [emergency_management, industry_authority] }\n"
    "  - { id: east_fire,  zh: 东区消防救援大队, en: East fire brigade,   jurisdiction: east, roles: [fire_rescue] }\n"
    "  - { id: east_gov,   zh: 东区人民政府,     en: East government,     jurisdiction: east, roles: [party_government] }\n"
    "  - { id: west_em,    zh: 西县应急管理局,   en: West EM bureau,      jurisdiction: west, roles: [emergency_management, industry_authority] }\n"
    "  - { id: west_fire,  zh: 西县消防救援大队, en: West fire brigade,   jurisdiction: west, roles: [fire_rescue] }\n"
    "  - { id: west_gov,   zh: 西县人民政府,     en: West government,     jurisdiction: west, roles: [party_government] }\n";

const char* const county_template =
    "organisation_templates:\n"
    "  - id: county_backbone\n"
    "    clause: 3.1.1\n"
    "    for_each: { level: county }\n"
    "    organisations:\n"
    "      - { id: \"{id}_em\", zh: \"{zh}应急管理局\", en: \"{en} EM bureau\", roles: [emergency_management, industry_authority] }\n"
    "      - { id: \"{id}_fire\", zh: \"{zh}消防救援大队\", en: \"{en} fire brigade\", roles: [fire_rescue] }\n"
    "      - { id: \"{id}_gov\", zh: \"{zh}人民政府\", en: \"{en} government\", roles: [party_government] }\n"
    "\n";

/// The fixture with its county departments made by `templates` instead of written out.
std::string with_templates(const std::string& templates) {
  std::string text = edit(policy_text(), county_lines, "");
  return edit(text, "organisations:\n", templates + "organisations:\n");
}

struct org_view {
  std::string id, zh, jurisdiction;
  muster::role_mask roles;
  bool operator<(const org_view& o) const { return id < o.id; }
  bool operator==(const org_view& o) const {
    return id == o.id && zh == o.zh && jurisdiction == o.jurisdiction && roles == o.roles;
  }
};

std::vector<org_view> organisations_of(const muster::policy& p) {
  std::vector<org_view> v;
  for (const auto& o : p.organisations)
    v.push_back({o.id, o.name.zh, p.jurisdictions[o.jurisdiction].id, o.roles});
  std::sort(v.begin(), v.end());
  return v;
}

}  // namespace

TEST_CASE("3.1.1 organisation templates: one template per county backbone gives the same organisations as writing them out") {
  auto written = compile(policy_text());
  auto templated = compile(with_templates(county_template));
  INFO(describe(templated.diagnostics));
  REQUIRE(written.ok());
  REQUIRE(templated.ok());
  CHECK(templated.diagnostics.empty());
  const auto a = organisations_of(*written.value);
  const auto b = organisations_of(*templated.value);
  CHECK(a.size() == b.size());
  CHECK((a == b));
  // The tables the engine reads are built from them as from written ones.
  const muster::policy& p = *templated.value;
  // {en} is the jurisdiction's English name ("West County"), the fixture writes "West".
  CHECK(p.organisations[p.find_organisation("west_fire")].name.en == "West County fire brigade");
  CHECK(p.holder(p.find_role("fire_rescue"), p.find_jurisdiction("west")) == p.find_organisation("west_fire"));
}

TEST_CASE("organisation templates: for_each filters by level, kind and named jurisdictions") {
  // Only the district (east): west, a county_city, keeps nothing and fails its missing holders.
  const std::string by_kind = edit(county_template, "for_each: { level: county }", "for_each: { kind: [district] }");
  auto r = compile(with_templates(by_kind));
  CHECK_FALSE(r.ok());
  std::size_t missing = 0;
  for (const auto& d : r.diagnostics) missing += d.code == "missing-holder";
  CHECK(missing == 2);  // west has no EM department and no fire team

  const std::string named = edit(county_template, "for_each: { level: county }", "for_each: { jurisdictions: [east, west] }");
  CHECK(compile(with_templates(named)).ok());

  // A template may be the only source of organisations for a level, and a list may be left out.
  const std::string both = edit(county_template, "for_each: { level: county }", "for_each: { level: county, kind: [district, county_city] }");
  CHECK(compile(with_templates(both)).ok());
}

TEST_CASE("organisation templates: an unknown placeholder is refused once, at the scalar") {
  const std::string bad = edit(county_template, "\"{zh}人民政府\"", "\"{name}人民政府\"");
  const std::string text = with_templates(bad);
  const auto r = compile(text);
  const auto& d = expect_only(r, "template-placeholder", at(text, "\"{name}人民政府\""));
  CHECK(d.message == "'{name}' is not a placeholder of an organisation template");
  CHECK(d.hint == "use {id}, {zh} or {en}: the jurisdiction's id and names");
}

TEST_CASE("organisation templates: a template organisation naming its own jurisdiction is refused") {
  const std::string bad = edit(county_template, "en: \"{en} government\", roles", "en: \"{en} government\", jurisdiction: east, roles");
  const std::string text = with_templates(bad);
  const auto r = compile(text);
  CHECK_FALSE(r.ok());
  const auto& d = expect_diag(r, "template-jurisdiction", at(text, "jurisdiction: east, roles", "east"));
  CHECK(d.message == "an organisation template takes its jurisdiction from for_each");
}

TEST_CASE("organisation templates: mistakes inside a template are reported once, at the template") {
  // An id without {id} gives the same id for both counties: one duplicate-id, at the template.
  const std::string same_id = edit(county_template, "id: \"{id}_gov\"", "id: county_gov");
  const std::string t1 = with_templates(same_id);
  const auto r1 = compile(t1);
  CHECK(expect_only(r1, "duplicate-id", at(t1, "id: county_gov", "county_gov")).message.find("county_gov") != std::string::npos);

  // An unknown role in a template is one unknown-role, with its did-you-mean.
  const std::string role = edit(county_template, "roles: [party_government] }", "roles: [party_govermnent] }");
  const std::string t2 = with_templates(role);
  CHECK(expect_only(compile(t2), "unknown-role", at(t2, "party_govermnent")).hint == did_you_mean("party_government"));

  // An unknown jurisdiction in for_each is named with a did-you-mean.
  const std::string named = edit(county_template, "for_each: { level: county }", "for_each: { jurisdictions: [east, wset] }");
  const std::string t3 = with_templates(named);
  CHECK(expect_diag(compile(t3), "unknown-jurisdiction", at(t3, "wset")).hint == did_you_mean("west"));

  // A for_each level or kind outside the choices is the usual invalid-choice.
  const std::string level = edit(county_template, "for_each: { level: county }", "for_each: { level: conty }");
  const std::string t4 = with_templates(level);
  CHECK(expect_diag(compile(t4), "invalid-choice", at(t4, "conty")).hint == did_you_mean("county"));
}

TEST_CASE("organisation templates: a template that matches no jurisdiction is a warning") {
  const std::string none = edit(county_template, "for_each: { level: county }", "for_each: { kind: [bonded_zone] }");
  // The counties then lack their departments (errors), and the template is flagged as unused.
  const std::string text = with_templates(none);
  const auto r = compile(text);
  bool warned = false;
  for (const auto& d : r.diagnostics)
    if (d.code == "template-unused") {
      warned = true;
      CHECK(d.level == muster::severity::warning);
      CHECK(place{d.where.line, d.where.column} == at(text, "{ kind: [bonded_zone] }"));
    }
  CHECK(warned);
}

TEST_CASE("organisation templates: the expansion is bounded by the node limit, refused at the template") {
  const std::string text = with_templates(county_template);
  muster::compile_options small;
  // Enough for the file as written, not for what the template adds (3 × 2 organisations).
  auto full = compile(text);
  REQUIRE(full.ok());
  auto loads = [&](std::size_t n) {
    muster::compile_options o;
    o.limits.max_nodes = n;
    auto r = compile(text, o);
    return std::none_of(r.diagnostics.begin(), r.diagnostics.end(), [](const auto& d) { return d.code == "too-many-nodes"; });
  };
  std::size_t lo = 1, hi = 100000;  // the smallest limit the loader accepts the file under
  while (lo < hi) {
    const std::size_t mid = (lo + hi) / 2;
    if (loads(mid)) hi = mid;
    else lo = mid + 1;
  }
  small.limits.max_nodes = lo;
  REQUIRE(small.limits.max_nodes != 0);
  const auto r = compile(text, small);
  CHECK_FALSE(r.ok());
  expect_diag(r, "template-too-large", at(text, "- id: county_backbone", "id: county_backbone"));
}
