// The policy's `checks:` block (1.3 registration, 4.4 insurance, 3.2.1 current data; rules/README.md
// "checks"): what the checks pass compiles into policy::checks, and every diagnostic the block
// gives, each made by ONE edit of the minimal policy with the block below appended and checked
// at its exact line and column. An error leaves no policy: nothing is half-applied.
#include "test_compiler_support.hpp"

using namespace compiler_test;

namespace {

// The minimal document cites 1.4 first; the block's checks cite 1.3, 4.4 and 3.2.1.
constexpr std::string_view clause_14 = "    - { id: \"1.4\",";

constexpr std::string_view block =
    "\nchecks:\n"
    "  - id: registered\n"
    "    zh: 社会救援队伍已注册\n"
    "    en: Social team is registered\n"
    "    clause: 1.3\n"
    "    check: registered\n"
    "    categories: [social]\n"
    "    then: exclude\n"
    "  - id: insured\n"
    "    en: Accident insurance is valid\n"
    "    clause: 4.4\n"
    "    check: insured\n"
    "    categories: [enterprise, social]\n"
    "    then: break_glass\n"
    "  - id: data_current\n"
    "    clause: 3.2.1\n"
    "    check: data_current\n"
    "    max_age: 180d\n"
    "    then: warn\n";

std::string with_clauses(std::string text) {
  return edit(std::move(text), clause_14,
              "    - { id: \"1.3\", zh: 社会应急救援力量, en: Social forces }\n"
              "    - { id: \"3.2.1\", zh: 指挥平台, en: Command platform }\n"
              "    - { id: \"4.4\", zh: 人员待遇保障, en: Personnel }\n" +
                  std::string(clause_14));
}

const std::string& with_block() {
  static const std::string text = with_clauses(policy_text()) + std::string(block);
  return text;
}

/// The policy with the block, one snippet replaced, compiled.
edited checked(std::string_view from, std::string_view to) { return edited(edit(with_block(), from, to)); }

}  // namespace

TEST_CASE("1.3 4.4 3.2.1 checks: the block compiles into policy::checks — fact, categories, limit, action, rule") {
  edited ok{std::string(with_block())};
  INFO(describe(ok.result.diagnostics));
  REQUIRE(ok.result.ok());
  CHECK(ok.result.diagnostics.empty());
  const muster::policy& p = *ok.result.value;
  REQUIRE(p.checks.size() == 3);

  const muster::dispatch_check& r = p.checks[0];
  CHECK(r.id == "registered");
  CHECK(r.name.zh == "社会救援队伍已注册");
  CHECK(r.name.en == "Social team is registered");
  CHECK(r.fact == muster::check_fact::registered);
  CHECK(r.categories == 1U << static_cast<unsigned>(muster::force_category::social));
  CHECK(r.then == muster::check_action::exclude);
  CHECK(r.rule.id == "checks.registered");
  CHECK(r.rule.where.line == at(ok.text, "  - id: registered").line);
  CHECK(r.rule.clauses == std::vector<std::string>{"1.3"});

  const muster::dispatch_check& i = p.checks[1];
  CHECK(i.fact == muster::check_fact::insured);
  CHECK(i.categories == (1U << static_cast<unsigned>(muster::force_category::enterprise) |
                         1U << static_cast<unsigned>(muster::force_category::social)));
  CHECK(i.then == muster::check_action::break_glass);
  CHECK(i.max_age == 0);

  // No categories: every force.
  const muster::dispatch_check& d = p.checks[2];
  CHECK(d.fact == muster::check_fact::data_current);
  CHECK(d.max_age == 180 * 86400);
  CHECK(d.categories == muster::all_categories);
  CHECK(d.then == muster::check_action::warn);
  CHECK(d.rule.clauses == std::vector<std::string>{"3.2.1"});

}

TEST_CASE("checks: a policy without the block has no checks") {
  edited plain{std::string(policy_text())};
  REQUIRE(plain.result.ok());
  CHECK(plain.result.value->checks.empty());
}

TEST_CASE("3.2.1 checks: data_current without max_age is missing-key, at the check") {
  auto e = checked("    max_age: 180d\n", "");
  const auto& d = expect_only(e.result, "missing-key", e.at("  - id: data_current", "id"));
  CHECK(d.message == "checks.data_current: check: data_current needs max_age");
  CHECK(d.hint.find("max_age: 180d") != std::string::npos);
}

TEST_CASE("3.2.1 checks: max_age on another check is check-max-age, at the value") {
  auto e = checked("    check: insured\n", "    check: insured\n    max_age: 30d\n");
  const auto& d = expect_only(e.result, "check-max-age", e.at("    max_age: 30d\n", "30d"));
  CHECK(d.message == "checks.insured: max_age is read only by check: data_current");
}

TEST_CASE("3.2.1 checks: a max_age that is not whole days is check-max-age; a bad duration is refused") {
  auto hours = checked("max_age: 180d", "max_age: 36h");
  CHECK(expect_only(hours.result, "check-max-age", hours.at("max_age: 36h", "36h")).message ==
        "checks.data_current: max_age 36h is not a whole number of days");
  auto bad = checked("max_age: 180d", "max_age: half a year");
  CHECK_FALSE(bad.result.ok());
  expect_diag(bad.result, "invalid-duration", bad.at("max_age: half a year", "half a year"));
}

TEST_CASE("1.3 checks: registered without categories is missing-key (only social teams register)") {
  auto e = checked("    check: registered\n    categories: [social]\n", "    check: registered\n");
  const auto& d = expect_only(e.result, "missing-key", e.at("  - id: registered", "id"));
  CHECK(d.message == "checks.registered: check: registered needs categories");
  CHECK(d.hint.find("categories: [social]") != std::string::npos);
}

TEST_CASE("checks: an unknown fact, action or category is invalid-choice with a did-you-mean") {
  auto fact = checked("check: insured", "check: insure");
  CHECK(expect_only(fact.result, "invalid-choice", fact.at("check: insure\n", "insure")).hint == did_you_mean("insured"));
  auto action = checked("then: break_glass", "then: breakglass");
  CHECK(expect_only(action.result, "invalid-choice", action.at("then: breakglass", "breakglass")).hint == did_you_mean("break_glass"));
  auto category = checked("categories: [enterprise, social]", "categories: [enterprize, social]");
  CHECK(expect_only(category.result, "invalid-choice", category.at("enterprize")).hint == did_you_mean("enterprise"));
}

TEST_CASE("checks: missing check, then or clause is missing-key; an unknown clause is refused") {
  auto no_then = checked("    max_age: 180d\n    then: warn\n", "    max_age: 180d\n");
  expect_only(no_then.result, "missing-key", no_then.at("  - id: data_current", "id"));
  auto no_fact = checked("    check: data_current\n", "");
  CHECK_FALSE(no_fact.result.ok());
  expect_diag(no_fact.result, "missing-key", no_fact.at("  - id: data_current", "id"));
  auto clause = checked("    clause: 4.4\n", "    clause: 4.5\n");
  CHECK_FALSE(clause.result.ok());
  expect_diag(clause.result, "unknown-clause", clause.at("    clause: 4.5\n", "4.5"));
}

TEST_CASE("checks: a check id given twice is duplicate-id, at the second; the second is not compiled") {
  auto e = checked("  - id: data_current\n", "  - id: insured\n");
  const auto& d = expect_only(e.result, "duplicate-id", e.at("  - id: insured\n    clause: 3.2.1", "insured"));
  CHECK(d.message.find("already defined on line " + std::to_string(e.at("  - id: insured\n    en:").line)) != std::string::npos);
}

TEST_CASE("checks: more than 32 checks is too-many-checks, at the 33rd") {
  std::string more = with_block();
  for (int i = 3; i < 33; ++i)
    more += "  - { id: extra_" + std::to_string(i) + ", clause: 3.2.1, check: insured, categories: [social], then: warn }\n";
  edited e{more};
  const auto& d = expect_only(e.result, "too-many-checks", e.at("  - { id: extra_32,", "{"));
  CHECK(d.message == "checks: 33 checks; a policy may have at most 32");
  // 32 compile.
  edited fits{more.substr(0, more.find("  - { id: extra_32,"))};
  INFO(describe(fits.result.diagnostics));
  CHECK(fits.result.ok());
  CHECK(fits.result.value->checks.size() == 32);
}

TEST_CASE("3.2.2 checks: duty compiles fails_on into a set of duty statuses; standby needs nothing more") {
  edited ok{with_block() +
            "  - { id: in_service, clause: 3.2.1, check: duty, fails_on: [maintenance, stood_down], then: exclude }\n"
            "  - { id: standby, clause: 3.2.1, check: standby, then: warn }\n"};
  INFO(describe(ok.result.diagnostics));
  REQUIRE(ok.result.ok());
  const muster::policy& p = *ok.result.value;
  REQUIRE(p.checks.size() == 5);
  CHECK(p.checks[3].fact == muster::check_fact::duty);
  CHECK(p.checks[3].duty_statuses == (1U << static_cast<unsigned>(muster::duty_status::maintenance) |
                                      1U << static_cast<unsigned>(muster::duty_status::stood_down)));
  CHECK(p.checks[4].fact == muster::check_fact::standby);
  CHECK(p.checks[4].duty_statuses == 0);
}

TEST_CASE("3.2.2 checks: duty without fails_on is missing-key; fails_on elsewhere, or listing available, is check-fails-on") {
  const std::string duty = "  - { id: in_service, clause: 3.2.1, check: duty, fails_on: [maintenance], then: exclude }\n";
  edited missing{with_block() + "  - { id: in_service, clause: 3.2.1, check: duty, then: exclude }\n"};
  CHECK(expect_only(missing.result, "missing-key", missing.at("{ id: in_service", "{")).message ==
        "checks.in_service: check: duty needs fails_on");
  auto elsewhere = checked("    check: insured\n", "    check: insured\n    fails_on: [maintenance]\n");
  CHECK(expect_only(elsewhere.result, "check-fails-on", elsewhere.at("    fails_on: [maintenance]", "[")).message ==
        "checks.insured: fails_on is read only by check: duty");
  edited available{with_block() + "  - { id: in_service, clause: 3.2.1, check: duty, fails_on: [available, maintenance], then: exclude }\n"};
  CHECK(expect_only(available.result, "check-fails-on", available.at("[available,", "available")).message ==
        "checks.in_service: fails_on: available would hold back every force on duty");
  edited typo{with_block() + "  - { id: in_service, clause: 3.2.1, check: duty, fails_on: [maintainance], then: exclude }\n"};
  CHECK(expect_only(typo.result, "invalid-choice", typo.at("maintainance")).hint == did_you_mean("maintenance"));
  edited fine{with_block() + duty};
  CHECK(fine.result.ok());
}

TEST_CASE("3.2.2 registry: a force's starting duty status is read; a bad one is invalid-choice") {
  auto down = edited_forces("    registered: true\n", "    registered: true\n    duty: stood_down\n");
  INFO(describe(down.result.diagnostics));
  REQUIRE(down.result.ok());
  CHECK(down.result.value->forces[down.result.value->find_force("west_volunteers")].duty == muster::duty_status::stood_down);
  CHECK(down.result.value->forces[0].duty == muster::duty_status::available);
  auto bad = edited_forces("    registered: true\n", "    registered: true\n    duty: resting\n");
  CHECK_FALSE(bad.result.ok());
  expect_diag(bad.result, "invalid-choice", bad.at("duty: resting", "resting"), "f.yaml");
}
