// The generic-workflow language (issue 11, items 1-3) as the compiler checks it: the policy's
// own document and its clause ids, roles held once per jurisdiction, who declares a period,
// what a chain is about and how it is opened, open_chain / set_flag / clear_flag actions,
// `{ of: owner }` and command `reassessed_by`. As test_compiler_semantics.cpp: each case makes
// ONE edit of fixtures/minimal.yaml (or adds one chain to it) and checks the diagnostic that
// edit causes, its code, line and column; the good cases check what the compiled policy holds.
#include "test_compiler_support.hpp"
#include <muster/events.hpp>

using namespace compiler_test;

namespace {

/// The minimal policy with `chain` (YAML, indented as an item of `chains:`) added as its last chain.
std::string with_chain(const std::string& chain) { return edit(policy_text(), "\norders:\n", "\n" + chain + "\norders:\n"); }

/// The minimal policy with a `flags:` list (before `periods:`).
std::string with_flags(const std::string& base, const std::string& items) {
  return edit(base, "\nperiods:\n", "\nflags:\n" + items + "\nperiods:\n");
}

/// A compensation claim as the reference policy has it (4.1), citing the fixture's 3.3.3.
const std::string claim_chain =
    "  - id: compensation\n"
    "    en: Compensation\n"
    "    clause: 3.3.3\n"
    "    opened_by: { role: fire_rescue, of: command }\n"
    "    about: claim\n"
    "    steps:\n"
    "      - id: em_review\n"
    "        kind: approve\n"
    "        by: { role: emergency_management, of: command }\n"
    "        timeout: 7d\n"
    "        on_timeout: [remind, escalate]\n"
    "        clause: 3.3.3\n";

/// `claim_chain` with `line` (one or more full lines) inserted after `about: claim`.
std::string claim_with(const std::string& line) {
  std::string c = claim_chain;
  c.insert(c.find("    steps:\n"), line);
  return c;
}

/// `chain` (claim_chain or one built on it) made about something else: `about_line` replaces
/// its `about: claim`.
void set_about(std::string& chain, const std::string& about_line) { chain.replace(chain.find("about: claim"), 12, about_line); }

/// `claim_chain` with `lines` appended to its only step.
std::string claim_step_with(const std::string& lines) { return claim_chain + lines; }

/// The consent step's party, unique in the fixture.
constexpr std::string_view authority_consent_by = "        by: { role: industry_authority, of: force }\n";

/// The last action of the call plan, after which tests add actions.
constexpr std::string_view call_plan_last_action =
    "        when: not_special_period\n"
    "        clause: 3.1.2\n";

std::string after_call_plan_actions(const std::string& actions) {
  return edit(policy_text(), call_plan_last_action, std::string(call_plan_last_action) + actions);
}

std::vector<const muster::diagnostic*> all_of(const muster::policy_result& r, const std::string& code) {
  std::vector<const muster::diagnostic*> out;
  for (const auto& d : r.diagnostics)
    if (d.code == code) out.push_back(&d);
  return out;
}

}  // namespace

// ---- document: the policy names its own document and clause ids --------------------------------

TEST_CASE("workflows compiler: document: is required; without it the policy says so at the top") {
  const std::string block_start = "document:\n  id: test_mechanism\n";
  const std::string block_end = "    - { id: \"3.3.3\", zh: 总结评估, en: After-action reports }\n\n";
  std::string text = policy_text();
  const std::size_t from = text.find(block_start);
  const std::size_t to = text.find(block_end);
  REQUIRE(from != std::string::npos);
  REQUIRE(to != std::string::npos);
  text.erase(from, to + block_end.size() - from);
  edited e(text);
  INFO(describe(e.result.diagnostics));
  CHECK_FALSE(e.result.ok());
  const auto& d = expect_diag(e.result, "missing-key", e.at("muster: 1"));
  CHECK(d.message == "a policy file needs 'document'");
  // The missing document is the one error: its clauses are not each reported unknown as well.
  CHECK(all_of(e.result, "unknown-clause").empty());
}

TEST_CASE("workflows compiler: the document block needs an id and its clauses; each clause an id") {
  edited no_clauses(
      "  en: Test mechanism\n  clauses:\n", "  en: Test mechanism\n  sections:\n");
  INFO(describe(no_clauses.result.diagnostics));
  CHECK(expect_diag(no_clauses.result, "missing-key", no_clauses.at("document:\n  id", "id")).message ==
        "the document block needs 'clauses'");

  edited no_id("  id: test_mechanism\n", "");
  CHECK(expect_only(no_id.result, "missing-key", no_id.at("document:\n  zh", "zh")).message == "the document block needs 'id'");

  edited clause_without_id("    - { id: \"1.4\", zh: 应急救援专家, en: Experts }", "    - { zh: 应急救援专家, en: Experts }");
  INFO(describe(clause_without_id.result.diagnostics));
  CHECK(expect_diag(clause_without_id.result, "missing-key", clause_without_id.at("{ zh: 应急救援专家")).message ==
        "a clause of the document needs 'id'");
}

TEST_CASE("workflows compiler: a document listing no clause is refused once, at its list") {
  std::string text = policy_text();
  const std::string from = "  en: Test mechanism\n  clauses:\n";
  const std::size_t start = text.find(from);
  const std::size_t end = text.find("\ngrades:");
  REQUIRE(start != std::string::npos);
  REQUIRE(end != std::string::npos);
  text.replace(start, end - start, "  en: Test mechanism\n  clauses: []\n");
  edited e(text);
  const auto& d = expect_only(e.result, "empty-list", e.at("clauses: []", "[]"));
  CHECK(d.message == "document: clauses lists no clause, so no rule can cite one");
}

TEST_CASE("workflows compiler: unknown-clause checks every clause: against the policy's own document") {
  // 3.3.3 is cited once (the review block): take it out of the document and that citation fails.
  edited dropped("    - { id: \"3.3.3\", zh: 总结评估, en: After-action reports }\n", "");
  const auto& d = expect_only(dropped.result, "unknown-clause", dropped.at("review:\n  clause: 3.3.3", "3.3.3"));
  CHECK(d.message == "clause '3.3.3' is not a clause of the policy's document");

  // A clause the seed's document has (4.1) but this document does not list is unknown here.
  edited foreign("review:\n  clause: 3.3.3", "review:\n  clause: 4.1");
  expect_only(foreign.result, "unknown-clause", foreign.at("review:\n  clause: 4.1", "4.1"));

  // The same clause listed twice in the document is a duplicate id, at the second.
  edited twice("    - { id: \"3.3.3\", zh: 总结评估, en: After-action reports }\n",
               "    - { id: \"3.3.3\", zh: 总结评估, en: After-action reports }\n    - { id: \"3.3.3\", en: Again }\n");
  CHECK(expect_only(twice.result, "duplicate-id", twice.at("{ id: \"3.3.3\", en: Again }", "\"3.3.3\"")).message ==
        "document clauses: id '3.3.3' is already defined on line " +
            std::to_string(twice.at("{ id: \"3.3.3\", zh: 总结评估", "\"3.3.3\"").line));
}

TEST_CASE("workflows compiler: another city's document, with its own clause ids (art.5), is cited like the seed's") {
  edited other("  id: test_mechanism\n  zh: 测试机制\n  en: Test mechanism\n  clauses:\n",
               "  id: other_city_rules\n  en: Another city's rules\n  clauses:\n"
               "    - { id: \"art.5\", en: Article 5 }\n    - { id: \"Art. 7(2)\", en: Article 7 paragraph 2 }\n");
  REQUIRE(other.result.ok());
  const muster::policy& p = *other.result.value;
  CHECK(p.document.id == "other_city_rules");
  CHECK(p.document.cites("art.5"));
  CHECK(p.document.cites("Art. 7(2)"));
  CHECK_FALSE(p.document.cites("art.6"));

  const std::string cited = edit(other.text, "review:\n  clause: 3.3.3", "review:\n  clause: [art.5, \"Art. 7(2)\"]");
  auto r = compile(cited);
  REQUIRE_MESSAGE(r.ok(), describe(r.diagnostics));
  CHECK(r.value->review.rule.clauses == std::vector<std::string>{"art.5", "Art. 7(2)"});

  const std::string typo = edit(other.text, "review:\n  clause: 3.3.3", "review:\n  clause: art.6");
  auto t = compile(typo);
  CHECK(expect_only(t, "unknown-clause", at(typo, "review:\n  clause: art.6", "art.6")).hint == did_you_mean("art.5"));
}

// ---- roles held once per jurisdiction --------------------------------------------------------------

TEST_CASE("workflows compiler: one_per_jurisdiction makes a second holder a duplicate-holder") {
  // City A has two industry authorities (the EM bureau and the water bureau): legal until the
  // role says it is held once per jurisdiction.
  edited once("  - { id: industry_authority,   zh: 行业主管部门, en: Industry authority }",
              "  - { id: industry_authority,   zh: 行业主管部门, en: Industry authority, one_per_jurisdiction: true }");
  const auto& d = expect_only(once.result, "duplicate-holder",
                              once.at("jurisdiction: city, roles: [industry_authority], sectors", "industry_authority"));
  CHECK(d.message == "organisation 'city_water' holds 'industry_authority' in jurisdiction 'city', but 'city_em' already does");
  CHECK(d.hint == "a jurisdiction has exactly one organisation holding 'industry_authority'; remove the role from one of them");
}

TEST_CASE("workflows compiler: one_per_jurisdiction makes a jurisdiction without a holder a missing-holder, once per jurisdiction") {
  // Only the city has a force-building unit.
  edited once("  - { id: force_unit,           zh: 应急救援力量组建单位, en: Force-building unit }",
              "  - { id: force_unit,           zh: 应急救援力量组建单位, en: Force-building unit, one_per_jurisdiction: true }");
  INFO(describe(once.result.diagnostics));
  CHECK_FALSE(once.result.ok());
  REQUIRE(once.result.diagnostics.size() == 2);
  const auto& east = once.result.diagnostics[0];
  const auto& west = once.result.diagnostics[1];
  CHECK(east.code == "missing-holder");
  CHECK(place{east.where.line, east.where.column} == once.at("{ id: east,"));
  CHECK(east.message == "jurisdiction 'east' has no organisation holding 'force_unit'");
  CHECK(west.code == "missing-holder");
  CHECK(place{west.where.line, west.where.column} == once.at("{ id: west,"));
}

TEST_CASE("workflows compiler: a role without one_per_jurisdiction may have several holders (a shared-role warning at most)") {
  // The fixture itself: two industry authorities in the city compile without a word.
  auto plain = compile(policy_text());
  REQUIRE(plain.ok());
  CHECK(plain.diagnostics.empty());
  const muster::policy& p = *plain.value;
  CHECK(p.roles[p.find_role("emergency_management")].one_per_jurisdiction);
  CHECK(p.roles[p.find_role("fire_rescue")].one_per_jurisdiction);
  CHECK_FALSE(p.roles[p.find_role("industry_authority")].one_per_jurisdiction);

  // Fire without the flag: a second fire team in West County is legal, and the parties that
  // name fire by level there are warned that only the first is asked.
  std::string text = edit(policy_text(), "  - { id: fire_rescue,          zh: 消防救援队伍, en: Fire and rescue,      one_per_jurisdiction: true }",
                          "  - { id: fire_rescue,          zh: 消防救援队伍, en: Fire and rescue }");
  text = edit(text, "jurisdiction: west, roles: [party_government] }", "jurisdiction: west, roles: [party_government, fire_rescue] }");
  auto shared = compile(text);
  INFO(describe(shared.diagnostics));
  CHECK(shared.ok());
  CHECK(all_of(shared, "duplicate-holder").empty());
  CHECK_FALSE(all_of(shared, "shared-role").empty());
  for (const auto& d : shared.diagnostics) CHECK(d.level == muster::severity::warning);

  // The flag is a strict boolean.
  edited yes("Emergency management, one_per_jurisdiction: true }", "Emergency management, one_per_jurisdiction: yes }");
  expect_only(yes.result, "invalid-boolean", yes.at("one_per_jurisdiction: yes", "yes"));
}

// ---- periods declared at run time: who declares, who is told ------------------------------------

TEST_CASE("workflows compiler: a declared period names who may declare it (declared_by), and whom it tells") {
  auto plain = compile(policy_text());
  REQUIRE(plain.ok());
  const muster::policy& p = *plain.value;
  const muster::period& key_dates = p.periods[p.find_period("key_dates")];
  CHECK(key_dates.declared);
  CHECK(key_dates.declared_by == muster::role_mask{1} << p.find_role("emergency_management"));
  CHECK(key_dates.announce_to == 0);

  edited told("declared: true, declared_by: [emergency_management], clause: 3.2.2",
              "declared: true, declared_by: [emergency_management, party_government], announce_to: [fire_rescue], clause: 3.2.2");
  REQUIRE(told.result.ok());
  const muster::policy& q = *told.result.value;
  const muster::period& x = q.periods[q.find_period("key_dates")];
  CHECK(x.declared_by == ((muster::role_mask{1} << q.find_role("emergency_management")) | (muster::role_mask{1} << q.find_role("party_government"))));
  CHECK(x.announce_to == muster::role_mask{1} << q.find_role("fire_rescue"));
}

TEST_CASE("workflows compiler: a declared period without declared_by is refused at the period") {
  edited e("declared: true, declared_by: [emergency_management], clause: 3.2.2", "declared: true, clause: 3.2.2");
  const auto& d = expect_only(e.result, "missing-key", e.at("{ id: key_dates"));
  CHECK(d.message == "period 'key_dates' is declared at run time but says nobody may declare it");
  CHECK(d.hint == "add declared_by: [roles], e.g. [emergency_management, party_government]");
}

TEST_CASE("workflows compiler: declared_by and announce_to on a calendar period are refused at the key's value") {
  edited by("from: \"11-01\", to: \"05-31\", clause: 3.1.2 }", "from: \"11-01\", to: \"05-31\", declared_by: [emergency_management], clause: 3.1.2 }");
  const auto& d = expect_only(by.result, "unknown-key", by.at("declared_by: [emergency_management], clause: 3.1.2 }", "["));
  CHECK(d.message == "declared_by is for periods with declared: true");
  CHECK(d.hint == "a calendar period is never declared");

  edited announce("from: \"11-01\", to: \"05-31\", clause: 3.1.2 }", "from: \"11-01\", to: \"05-31\", announce_to: [fire_rescue], clause: 3.1.2 }");
  CHECK(expect_only(announce.result, "unknown-key", announce.at("announce_to: [fire_rescue]", "[")).message ==
        "announce_to is for periods with declared: true");
}

TEST_CASE("workflows compiler: declared_by and announce_to name roles of the policy") {
  edited by("declared_by: [emergency_management]", "declared_by: [emergency_mgmt]");
  CHECK(expect_only(by.result, "unknown-role", by.at("emergency_mgmt")).hint == did_you_mean("emergency_management"));
  edited to("declared_by: [emergency_management], clause: 3.2.2", "declared_by: [emergency_management], announce_to: [fire_rescu], clause: 3.2.2");
  CHECK(expect_only(to.result, "unknown-role", to.at("[fire_rescu]", "fire_rescu")).hint == did_you_mean("fire_rescue"));
}

// ---- command: reassessed_by -----------------------------------------------------------------------

TEST_CASE("workflows compiler: command reassessed_by names roles; an unknown one with a did-you-mean") {
  edited fine("  clause: 3.1.1\n  threshold: larger\n", "  clause: 3.1.1\n  threshold: larger\n  reassessed_by: [emergency_management]\n");
  REQUIRE(fine.result.ok());
  const muster::policy& p = *fine.result.value;
  CHECK(p.command.reassessed_by == muster::role_mask{1} << p.find_role("emergency_management"));
  CHECK(compile(policy_text()).value->command.reassessed_by == 0);

  edited typo("  clause: 3.1.1\n  threshold: larger\n", "  clause: 3.1.1\n  threshold: larger\n  reassessed_by: [emergency_managment]\n");
  const auto& d = expect_only(typo.result, "unknown-role", typo.at("emergency_managment"));
  CHECK(d.message == "role 'emergency_managment' is not defined");
  CHECK(d.hint == did_you_mean("emergency_management"));

  edited scalar("  clause: 3.1.1\n  threshold: larger\n", "  clause: 3.1.1\n  threshold: larger\n  reassessed_by: emergency_management\n");
  expect_only(scalar.result, "expected-list", scalar.at("reassessed_by: emergency_management", "emergency_management"));
}

// ---- chains: what they are about, how they are opened ---------------------------------------------

TEST_CASE("workflows compiler: a chain says what it is about; the default is forces") {
  edited claim(with_chain(claim_chain));
  REQUIRE_MESSAGE(claim.result.ok(), describe(claim.result.diagnostics));
  const muster::policy& p = *claim.result.value;
  const muster::chain& c = p.chains[p.find_chain("compensation")];
  CHECK(c.about == muster::chain_subject::claim);
  CHECK(c.opened_with == 0xFF);
  CHECK(c.triggers == 0);
  CHECK(p.chains[p.find_chain("call_plan")].about == muster::chain_subject::forces);
  CHECK(p.chains[p.find_chain("cross_region")].outside_only);

  for (const char* about : {"quantity", "document", "nothing"}) {
    CAPTURE(about);
    std::string c2 = claim_chain;
    set_about(c2, std::string("about: ") + about);
    auto r = compile(with_chain(c2));
    CHECK_MESSAGE(r.ok(), describe(r.diagnostics));
  }

  std::string typo = claim_chain;
  set_about(typo, "about: claims");
  edited bad(with_chain(typo));
  const auto& d = expect_only(bad.result, "invalid-choice", bad.at("about: claims", "claims"));
  CHECK(d.message == "about: 'claims' is not one of forces, quantity, claim, document, nothing");
  CHECK(d.hint == did_you_mean("claim"));
}

TEST_CASE("workflows compiler: chain-subject: forces_from on a chain that is not about forces") {
  edited e(with_chain(claim_with("    forces_from: outside_incident_jurisdiction\n")));
  const auto& d = expect_only(e.result, "chain-subject", e.at("about: claim\n    forces_from: outside_incident_jurisdiction", "outside"));
  CHECK(d.message == "chain 'compensation' is about claim, not forces; forces_from chooses forces");

  // About a quantity (machinery, materials: 4.3), forces may be chosen.
  std::string quantity = claim_with("    forces_from: outside_incident_jurisdiction\n");
  set_about(quantity, "about: quantity");
  auto q = compile(with_chain(quantity));
  CHECK_MESSAGE(q.ok(), describe(q.diagnostics));
}

TEST_CASE("workflows compiler: chain-subject: a per-force step on a chain without forces") {
  edited e(with_chain(claim_chain +
                      "      - id: each_owner\n"
                      "        kind: acknowledge\n"
                      "        by: { of: owner }\n"
                      "        for_each: force\n"
                      "        timeout: 1h\n"
                      "        on_timeout: [remind]\n"
                      "        clause: 3.3.3\n"));
  const auto& d = expect_only(e.result, "chain-subject", e.at("for_each: force\n        timeout: 1h", "force"));
  CHECK(d.message == "chain 'compensation' is about claim: it has no forces to go through");
  CHECK(d.hint == "a claim goes through its forces when a force's owner files it (opened_by: { of: owner })");
}

TEST_CASE("4.1 a claim its force's owner files may go through its forces") {
  std::string by_owner = claim_chain +
                         "      - id: each_owner\n"
                         "        kind: acknowledge\n"
                         "        by: { of: owner }\n"
                         "        for_each: force\n"
                         "        timeout: 1h\n"
                         "        on_timeout: [remind]\n"
                         "        clause: 3.3.3\n"
                         "    on_approved:\n"
                         "      - id: tell_owners\n"
                         "        do: notify\n"
                         "        to: { of: owner }\n"
                         "        for_each: force\n"
                         "        clause: 3.3.3\n";
  by_owner.replace(by_owner.find("opened_by: { role: fire_rescue, of: command }"), 45, "opened_by: { of: owner }");
  auto r = compile(with_chain(by_owner));
  CHECK_MESSAGE(r.ok(), describe(r.diagnostics));

  // It still deploys none: issue_orders needs a chain about forces.
  edited orders(with_chain(by_owner + "      - id: pay_out\n"
                                      "        do: issue_orders\n"
                                      "        by: { role: fire_rescue, of: command }\n"
                                      "        clause: 3.3.3\n"));
  CHECK(expect_only(orders.result, "chain-subject", orders.at("- id: pay_out", "id")).message ==
        "chain 'compensation' is about claim: do: issue_orders needs forces");

  // A force's owner opens only chains whose event names forces.
  std::string report = by_owner.substr(0, by_owner.find("      - id: each_owner"));
  set_about(report, "about: document");
  edited doc(with_chain(report));
  CHECK(expect_only(doc.result, "invalid-scope", doc.at("opened_by: { of: owner }", "owner")).message.find("opened_by of a chain about a document or nothing") !=
        std::string::npos);
}

TEST_CASE("workflows compiler: chain-subject: deploying or per-force actions on a chain without forces") {
  edited orders(with_chain(claim_chain +
                           "    on_approved:\n"
                           "      - id: pay_out\n"
                           "        do: issue_orders\n"
                           "        by: { role: fire_rescue, of: command }\n"
                           "        clause: 3.3.3\n"));
  CHECK(expect_only(orders.result, "chain-subject", orders.at("- id: pay_out", "id")).message ==
        "chain 'compensation' is about claim: do: issue_orders needs forces");

  edited per_force(with_chain(claim_chain +
                              "    on_approved:\n"
                              "      - id: tell_owners\n"
                              "        do: notify\n"
                              "        to: { of: owner }\n"
                              "        for_each: force\n"
                              "        clause: 3.3.3\n"));
  const auto& d = expect_only(per_force.result, "chain-subject", per_force.at("- id: tell_owners", "id"));
  CHECK(d.message == "chain 'compensation' is about claim: do: notify needs forces");
  CHECK(d.hint == "a claim goes through its forces when a force's owner files it (opened_by: { of: owner })");
}

TEST_CASE("workflows compiler: opened_with claims a shorthand; one chain per shorthand (duplicate-shorthand)") {
  auto plain = compile(policy_text());
  REQUIRE(plain.ok());
  const muster::policy& p = *plain.value;
  CHECK(p.chain_opened_with(static_cast<std::uint8_t>(muster::event_kind::plan_draft)) == p.find_chain("call_plan"));
  CHECK(p.chain_opened_with(static_cast<std::uint8_t>(muster::event_kind::reinforcement_apply)) == p.find_chain("cross_region"));
  CHECK(p.chain_opened_with(static_cast<std::uint8_t>(muster::event_kind::chain_open)) == muster::no_index);

  std::string second = claim_with("    opened_with: plan.draft\n");
  set_about(second, "about: forces");
  edited e(with_chain(second));
  const auto& d = expect_only(e.result, "duplicate-shorthand", e.at("about: forces\n    opened_with: plan.draft", "plan.draft"));
  CHECK(d.message == "plan.draft already opens chain 'call_plan'");
  CHECK(d.hint == "a shorthand event opens one chain; open this one with chain.open");

  // A chain may also have no shorthand at all: then only chain.open opens it.
  edited none("    opened_with: reinforcement.apply\n", "");
  REQUIRE(none.result.ok());
  CHECK(none.result.value->chain_opened_with(static_cast<std::uint8_t>(muster::event_kind::reinforcement_apply)) == muster::no_index);

  edited typo("    opened_with: plan.draft\n", "    opened_with: plan.drafted\n");
  CHECK(expect_only(typo.result, "invalid-choice", typo.at("plan.drafted")).hint == did_you_mean("plan.draft"));
}

TEST_CASE("workflows compiler: chain-subject: a shorthand carries forces, so its chain must be about forces") {
  // Free the shorthand first, so only the subject is wrong.
  std::string text = edit(policy_text(), "    opened_with: reinforcement.apply\n", "");
  text = edit(text, "\norders:\n", "\n" + claim_with("    opened_with: reinforcement.apply\n") + "\norders:\n");
  edited e(text);
  const auto& d = expect_only(e.result, "chain-subject", e.at("opened_with: reinforcement.apply", "reinforcement.apply"));
  CHECK(d.message == "reinforcement.apply carries forces; chain 'compensation' is about claim");
  CHECK(d.hint == "open it with chain.open");
}

TEST_CASE("workflows compiler: opened_on names engine events; the chain's subject must be one the event carries") {
  std::string document = claim_with("    opened_on: [incident.concluded, review.closed]\n");
  set_about(document, "about: document");
  edited fine(with_chain(document));
  REQUIRE_MESSAGE(fine.result.ok(), describe(fine.result.diagnostics));
  const muster::policy& p = *fine.result.value;
  CHECK(p.chains[p.find_chain("compensation")].triggers ==
        ((1U << static_cast<unsigned>(muster::chain_trigger::incident_concluded)) |
         (1U << static_cast<unsigned>(muster::chain_trigger::review_closed))));

  // order.released carries the released force: a chain about forces may open on it.
  std::string forces = claim_with("    opened_on: [order.released]\n");
  set_about(forces, "about: forces");
  auto released = compile(with_chain(forces));
  CHECK_MESSAGE(released.ok(), describe(released.diagnostics));
  // So do order.departed and order.returned (4.2: a force on the road, then back off it).
  std::string road = claim_with("    opened_on: [order.departed, order.returned]\n");
  set_about(road, "about: forces");
  auto on_road = compile(with_chain(road));
  REQUIRE_MESSAGE(on_road.ok(), describe(on_road.diagnostics));
  CHECK(on_road.value->chains[on_road.value->find_chain("compensation")].triggers ==
        ((1U << static_cast<unsigned>(muster::chain_trigger::order_departed)) |
         (1U << static_cast<unsigned>(muster::chain_trigger::order_returned))));
  edited departed_claim(with_chain(claim_with("    opened_on: [order.departed]\n")));
  CHECK(expect_only(departed_claim.result, "chain-subject", departed_claim.at("[order.departed]", "order.departed")).hint ==
        "order.departed carries the order's force: about: forces");

  edited claim(with_chain(claim_with("    opened_on: [incident.reported]\n")));
  const auto& d = expect_only(claim.result, "chain-subject", claim.at("[incident.reported]", "incident.reported"));
  CHECK(d.message == "chain 'compensation' is about claim, which incident.reported does not carry");
  CHECK(d.hint == "use about: document or nothing");

  std::string about_forces = claim_with("    opened_on: [incident.concluded]\n");
  set_about(about_forces, "about: forces");
  edited f(with_chain(about_forces));
  CHECK(expect_only(f.result, "chain-subject", f.at("[incident.concluded]", "incident.concluded")).message ==
        "chain 'compensation' is about forces, which incident.concluded does not carry");
}

TEST_CASE("workflows compiler: opened_on with a value no engine event has is an invalid-choice") {
  std::string document = claim_with("    opened_on: [incident.closed]\n");
  set_about(document, "about: document");
  edited e(with_chain(document));
  const auto& d = expect_only(e.result, "invalid-choice", e.at("[incident.closed]", "incident.closed"));
  CHECK(d.message ==
        "opened_on: 'incident.closed' is not one of incident.reported, incident.concluded, review.closed, order.released, order.departed, order.returned");

  std::string scalar = claim_with("    opened_on: incident.concluded\n");
  set_about(scalar, "about: document");
  edited s(with_chain(scalar));
  expect_only(s.result, "expected-list", s.at("opened_on: incident.concluded", "incident.concluded"));
}

TEST_CASE("workflows compiler: an opened_on item { event, after } opens the chain that long after the event") {
  std::string later = claim_with("    opened_on:\n      - review.closed\n      - { event: incident.concluded, after: 30d }\n");
  set_about(later, "about: document");
  edited fine(with_chain(later));
  REQUIRE_MESSAGE(fine.result.ok(), describe(fine.result.diagnostics));
  const muster::chain& c = fine.result.value->chains[fine.result.value->find_chain("compensation")];
  const auto concluded = static_cast<unsigned>(muster::chain_trigger::incident_concluded);
  const auto closed = static_cast<unsigned>(muster::chain_trigger::review_closed);
  CHECK(c.triggers == ((1U << concluded) | (1U << closed)));
  CHECK(c.opens_after[concluded] == 30 * 86400);
  CHECK(c.opens_after[closed] == 0);  // the bare name: at once
}

TEST_CASE("workflows compiler: a written-out opened_on item is checked like any mapping, at its own line and column") {
  auto with = [](const std::string& item, const char* about = "about: document") {
    std::string text = claim_with("    opened_on:\n      - " + item + "\n");
    set_about(text, about);
    return with_chain(text);
  };
  edited missing(with("{ event: incident.concluded }"));
  expect_only(missing.result, "missing-key", missing.at("{ event: incident.concluded }", "{"));

  edited unknown(with("{ event: incident.conclude, after: 1d }"));
  const auto& d = expect_only(unknown.result, "invalid-choice", unknown.at("- { event: incident.conclude, after: 1d }", "incident.conclude"));
  CHECK(d.hint == "did you mean 'incident.concluded'?");

  edited bad_duration(with("{ event: incident.concluded, after: soon }"));
  expect_only(bad_duration.result, "invalid-duration", bad_duration.at("after: soon", "soon"));

  edited stray(with("{ event: incident.concluded, after: 1d, at: 9h }"));
  expect_only(stray.result, "unknown-key", stray.at("at: 9h", "at"));

  // A claim comes from someone: no engine event opens it, later or not.
  edited claim(with("{ event: incident.concluded, after: 1d }", "about: claim"));
  CHECK(expect_only(claim.result, "chain-subject", claim.at("{ event: incident.concluded", "incident.concluded")).message ==
        "chain 'compensation' is about claim, which incident.concluded does not carry");

  edited nested(with("[incident.concluded]"));
  CHECK(expect_only(nested.result, "expected-scalar", nested.at("- [incident.concluded]", "[")).message ==
        "each item of opened_on must be one of incident.reported, incident.concluded, review.closed, order.released, order.departed, "
        "order.returned, or a delayed trigger written as a mapping such as {event: incident.concluded, after: 3d}");
}

TEST_CASE("workflows compiler: opened_on names an event once, at once or later (duplicate-item at the repeat)") {
  std::string twice = claim_with("    opened_on:\n      - incident.concluded\n      - { event: incident.concluded, after: 7d }\n");
  set_about(twice, "about: document");
  edited e(with_chain(twice));
  const auto& d = expect_only(e.result, "duplicate-item", e.at("{ event: incident.concluded, after: 7d }", "incident.concluded"));
  CHECK(d.message.find("opened_on: 'incident.concluded' is listed twice (first at line ") == 0);
}

// ---- step kinds: acknowledge and submit --------------------------------------------------------------

TEST_CASE("workflows compiler: acknowledge and submit steps wait for an answer, so they need a timeout") {
  edited fine(with_chain(claim_chain +
                         "      - id: receipt\n"
                         "        kind: acknowledge\n"
                         "        by: { role: party_government, of: command }\n"
                         "        timeout: 1d\n"
                         "        on_timeout: [remind]\n"
                         "        clause: 3.3.3\n"
                         "      - id: invoice\n"
                         "        kind: submit\n"
                         "        by: { role: fire_rescue, of: command }\n"
                         "        timeout: 3d\n"
                         "        on_timeout: [remind, escalate, expire]\n"
                         "        clause: 3.3.3\n"));
  REQUIRE_MESSAGE(fine.result.ok(), describe(fine.result.diagnostics));
  const muster::chain& c = fine.result.value->chains[fine.result.value->find_chain("compensation")];
  REQUIRE(c.steps.size() == 3);
  CHECK(c.steps[1].kind == muster::step_kind::acknowledge);
  CHECK(c.steps[2].kind == muster::step_kind::submit);
  CHECK(c.steps[2].on_timeout.size() == 3);

  edited untimed(with_chain(claim_chain +
                            "      - id: invoice\n"
                            "        kind: submit\n"
                            "        by: { role: fire_rescue, of: command }\n"
                            "        clause: 3.3.3\n"));
  CHECK(expect_only(untimed.result, "chain-missing-timeout", untimed.at("- id: invoice", "id")).message ==
        "step 'invoice' of chain 'compensation' waits for an answer but has no timeout");

  edited refuse(with_chain(claim_chain +
                           "      - id: receipt\n"
                           "        kind: acknowledge\n"
                           "        by: { role: party_government, of: command }\n"
                           "        timeout: 1d\n"
                           "        on_timeout: [remind]\n"
                           "        on_refuse: fail\n"
                           "        clause: 3.3.3\n"));
  expect_only(refuse.result, "on-refuse-not-consent", refuse.at("on_refuse: fail", "fail"));
}

// ---- actions: open_chain, set_flag, clear_flag ---------------------------------------------------------

TEST_CASE("workflows compiler: open_chain names a chain of the policy; an unknown one with a did-you-mean") {
  edited fine(after_call_plan_actions("      - id: then_reinforce\n        do: open_chain\n        chain: cross_region\n        clause: 3.1.2\n"));
  REQUIRE_MESSAGE(fine.result.ok(), describe(fine.result.diagnostics));
  const muster::policy& p = *fine.result.value;
  const muster::chain_action& a = p.chains[p.find_chain("call_plan")].on_approved.back();
  CHECK(a.kind == muster::action_kind::open_chain);
  CHECK(a.target == p.find_chain("cross_region"));
  CHECK(a.party.empty());  // drafted by the opened chain's own opened_by

  edited typo(after_call_plan_actions("      - id: then_reinforce\n        do: open_chain\n        chain: cross_regoin\n        clause: 3.1.2\n"));
  const auto& d = expect_only(typo.result, "unknown-chain", typo.at("chain: cross_regoin", "cross_regoin"));
  CHECK(d.message == "chain 'cross_regoin' is not defined");
  CHECK(d.hint == did_you_mean("cross_region"));

  edited missing(after_call_plan_actions("      - id: then_reinforce\n        do: open_chain\n        clause: 3.1.2\n"));
  CHECK(expect_only(missing.result, "missing-key", missing.at("- id: then_reinforce", "id")).message == "do: open_chain needs 'chain'");

  edited misplaced(after_call_plan_actions(
      "      - id: tell\n        do: notify\n        to: { role: emergency_management, of: command }\n        chain: cross_region\n        clause: 3.1.2\n"));
  CHECK(expect_only(misplaced.result, "unknown-key", misplaced.at("chain: cross_region", "cross_region")).message ==
        "chain: is for do: open_chain");

  // open_chain names who drafts with `by` (or leaves it to the chain's opened_by), never `to`.
  edited to(after_call_plan_actions(
      "      - id: then_reinforce\n        do: open_chain\n        chain: cross_region\n        to: { role: emergency_management, of: command }\n        clause: 3.1.2\n"));
  CHECK(expect_only(to.result, "unknown-key", to.at("chain: cross_region\n        to:", "to")).message ==
        "do: open_chain takes 'by', not 'to'");
}

TEST_CASE("workflows compiler: set_flag and clear_flag name a flag of the flags list") {
  const std::string flags = "  - { id: evacuation_ordered, zh: 已下令转移, en: Evacuation ordered }\n";
  const std::string set = "      - id: mark\n        do: set_flag\n        flag: evacuation_ordered\n        clause: 3.1.2\n";
  edited fine(with_flags(after_call_plan_actions(set + "      - id: unmark\n        do: clear_flag\n        flag: evacuation_ordered\n        clause: 3.1.2\n"), flags));
  REQUIRE_MESSAGE(fine.result.ok(), describe(fine.result.diagnostics));
  const muster::policy& p = *fine.result.value;
  REQUIRE(p.flags.size() == 1);
  const auto& actions = p.chains[p.find_chain("call_plan")].on_approved;
  CHECK(actions[actions.size() - 2].kind == muster::action_kind::set_flag);
  CHECK(actions[actions.size() - 2].target == 0);
  CHECK(actions.back().kind == muster::action_kind::clear_flag);

  edited unknown(with_flags(after_call_plan_actions("      - id: mark\n        do: set_flag\n        flag: evacuation_orderd\n        clause: 3.1.2\n"), flags));
  const auto& d = expect_only(unknown.result, "unknown-flag", unknown.at("flag: evacuation_orderd", "evacuation_orderd"));
  CHECK(d.message == "flag 'evacuation_orderd' is not defined");
  CHECK(d.hint == did_you_mean("evacuation_ordered"));

  // Without a flags list, every flag is unknown.
  edited no_list(after_call_plan_actions(set));
  CHECK(expect_only(no_list.result, "unknown-flag", no_list.at("flag: evacuation_ordered", "evacuation_ordered")).hint ==
        "define it in the flag list first");

  edited missing(with_flags(after_call_plan_actions("      - id: unmark\n        do: clear_flag\n        clause: 3.1.2\n"), flags));
  CHECK(expect_only(missing.result, "missing-key", missing.at("- id: unmark", "id")).message == "do: clear_flag needs 'flag'");

  edited on_notify(with_flags(after_call_plan_actions(
                                  "      - id: tell\n        do: notify\n        to: { role: emergency_management, of: command }\n"
                                  "        flag: evacuation_ordered\n        clause: 3.1.2\n"),
                              flags));
  CHECK(expect_only(on_notify.result, "unknown-key", on_notify.at("flag: evacuation_ordered", "evacuation_ordered")).message ==
        "flag: is for do: set_flag and do: clear_flag");
}

TEST_CASE("workflows compiler: set_flag changes the incident and names no party; one diagnostic for a stray by or to") {
  const std::string flags = "  - { id: evacuation_ordered, zh: 已下令转移, en: Evacuation ordered }\n";
  edited to(with_flags(after_call_plan_actions("      - id: mark\n        do: set_flag\n        flag: evacuation_ordered\n"
                                               "        to: { role: emergency_management, of: command }\n        clause: 3.1.2\n"),
                       flags));
  CHECK(expect_only(to.result, "unknown-key", to.at("evacuation_ordered\n        to: {", "{"))
            .message == "do: set_flag changes the incident; it names no party");

  edited by(with_flags(after_call_plan_actions("      - id: mark\n        do: set_flag\n        flag: evacuation_ordered\n"
                                               "        by: { role: emergency_management, of: command }\n        clause: 3.1.2\n"),
                       flags));
  CHECK(expect_only(by.result, "unknown-key", by.at("evacuation_ordered\n        by: {", "{"))
            .message == "do: set_flag changes the incident; it names no party");
}

TEST_CASE("workflows compiler: assign_command gives a position of the command to one party (3.1.3 as policy)") {
  const std::string takeover = "      - id: takeover\n        do: assign_command\n        position: commander\n"
                               "        to: { role: fire_rescue, of: root }\n        clause: 3.1.3\n";
  edited fine(after_call_plan_actions(takeover));
  REQUIRE_MESSAGE(fine.result.ok(), describe(fine.result.diagnostics));
  const muster::policy& p = *fine.result.value;
  const muster::chain_action& a = p.chains[p.find_chain("call_plan")].on_approved.back();
  CHECK(a.kind == muster::action_kind::assign_command);
  CHECK(a.position == muster::command_position::commander);
  CHECK(a.party.role == p.find_role("fire_rescue"));
  CHECK(a.party.of == muster::party_scope::root);

  edited no_position(after_call_plan_actions("      - id: takeover\n        do: assign_command\n        to: { role: fire_rescue, of: root }\n        clause: 3.1.3\n"));
  const auto& d = expect_only(no_position.result, "missing-key", no_position.at("- id: takeover", "id"));
  CHECK(d.message == "do: assign_command needs 'position'");
  CHECK(d.hint == "coordinator or commander: the position 'to' takes");

  edited no_party(after_call_plan_actions("      - id: takeover\n        do: assign_command\n        position: commander\n        clause: 3.1.3\n"));
  CHECK(expect_only(no_party.result, "missing-key", no_party.at("- id: takeover", "id")).message == "do: assign_command needs 'to'");

  edited wrong_position(after_call_plan_actions(edit(takeover, "position: commander", "position: director")));
  CHECK(expect_only(wrong_position.result, "invalid-choice", wrong_position.at("position: director", "director")).message ==
        "position: 'director' is not one of coordinator, commander");

  edited elsewhere(after_call_plan_actions("      - id: tell\n        do: notify\n        to: { role: emergency_management, of: command }\n"
                                           "        position: commander\n        clause: 3.1.2\n"));
  CHECK(expect_only(elsewhere.result, "unknown-key", elsewhere.at("position: commander", "commander")).message ==
        "position: is for do: assign_command");

  edited per_force(after_call_plan_actions(edit(takeover, "        clause: 3.1.3\n", "        for_each: force\n        clause: 3.1.3\n")));
  CHECK(expect_only(per_force.result, "unknown-key", per_force.at("for_each: force\n        clause: 3.1.3", "force")).message ==
        "do: assign_command gives one position to one party; it does not go through forces");
}

TEST_CASE("workflows compiler: at most 64 flags (they are a bit mask on the incident)") {
  std::string items;
  for (int i = 1; i <= 64; ++i) items += "  - { id: flag_" + std::to_string(i) + ", en: Flag " + std::to_string(i) + " }\n";
  auto sixty_four = compile(with_flags(policy_text(), items));
  CHECK_MESSAGE(sixty_four.ok(), describe(sixty_four.diagnostics));
  CHECK(sixty_four.value->flags.size() == 64);

  const std::string over = with_flags(policy_text(), items + "  - { id: flag_65, en: Flag 65 }\n");
  const auto r = compile(over);
  const auto& d = expect_only(r, "too-many", at(over, "{ id: flag_65,"));
  CHECK(d.message == "flags: at most 64 entries are supported");
}

// ---- parties: { of: owner } ---------------------------------------------------------------------------

TEST_CASE("workflows compiler: { of: owner } is a force's owner, so only where a rule is per force") {
  // Allowed: a per-force action, a per-force step, and the order block's escalation.
  edited action(after_call_plan_actions("      - id: tell_owners\n        do: notify\n        to: { of: owner }\n        for_each: force\n        clause: 3.1.2\n"));
  REQUIRE_MESSAGE(action.result.ok(), describe(action.result.diagnostics));
  CHECK(action.result.value->chains[0].on_approved.back().party.of == muster::party_scope::owner);
  CHECK(action.result.value->chains[0].on_approved.back().party.role == muster::no_index);

  edited step(authority_consent_by, "        by: { of: owner }\n");
  CHECK_MESSAGE(step.result.ok(), describe(step.result.diagnostics));

  edited escalation("      - { role: industry_authority, of: force }\n      - { role: fire_rescue, of: command }\n    propose_substitutes",
                    "      - { of: owner }\n      - { role: fire_rescue, of: command }\n    propose_substitutes");
  CHECK_MESSAGE(escalation.result.ok(), describe(escalation.result.diagnostics));

  // Refused: a step that is not per force, an action that is not, a command position.
  std::string step_owner(em_approval);
  step_owner.replace(step_owner.find("{ role: emergency_management, of: command }"), 43, "{ of: owner }");
  edited whole_step(em_approval, step_owner);
  const auto& d = expect_only(whole_step.result, "invalid-scope", whole_step.at("      - id: em_approval\n        kind: approve\n        by: { of: owner }", "owner"));
  CHECK(d.message == "of: owner is not allowed in a step without for_each: force");
  CHECK(d.hint == "of: owner needs for_each: force (one owner per force)");

  edited whole_action("        do: notify\n        to: { role: emergency_management, of: command }\n        clause: 3.1.2\n",
                      "        do: notify\n        to: { of: owner }\n        clause: 3.1.2\n");
  CHECK(expect_only(whole_action.result, "invalid-scope", whole_action.at("to: { of: owner }", "owner")).message ==
        "of: owner is not allowed in an action without for_each: force");

  edited first_response("first_response:\n  clause: 3.3.2\n  by: { role: fire_rescue, of: command }",
                        "first_response:\n  clause: 3.3.2\n  by: { of: owner }");
  CHECK(expect_only(first_response.result, "invalid-scope", first_response.at("by: { of: owner }", "owner")).message ==
        "of: owner is not allowed in first_response");

  // The owner is an organisation, not a role to look up in it.
  edited with_role(authority_consent_by, "        by: { role: industry_authority, of: owner }\n");
  const auto& r = expect_only(with_role.result, "invalid-scope", with_role.at("by: { role: industry_authority, of: owner }", "industry_authority"));
  CHECK(r.message == "of: owner is the force's owning organisation; it takes no role");
  CHECK(r.hint == "write { of: owner }");
}

TEST_CASE("workflows compiler: chain-open-cycle where chains open each other and none waits for an answer") {
  auto chain_named = [](const std::string& id, const std::string& opens, const std::string& step_kind, const std::string& when = {}) {
    std::string c = "  - id: " + id + "\n    en: " + id + "\n    clause: 3.3.3\n    opened_by: { role: emergency_management, of: command }\n"
                    "    about: nothing\n    steps:\n      - id: " + id + "_step\n        kind: " + step_kind + "\n"
                    "        by: { role: party_government, of: command }\n";
    if (!when.empty()) c += "        when: " + when + "\n";
    if (step_kind != "notify") c += "        timeout: 1h\n        on_timeout: [remind]\n";
    c += "        clause: 3.3.3\n    on_approved:\n      - id: then_" + opens + "\n        do: open_chain\n        chain: " + opens +
         "\n        clause: 3.3.3\n";
    return c;
  };
  // A chain of notify steps only, opening itself: within one event it would open without end.
  edited self(with_chain(chain_named("loop", "loop", "notify")));
  const auto& d = expect_only(self.result, "chain-open-cycle", self.at("chain: loop", "loop"));
  CHECK(d.message == "chain 'loop' opens itself, and none of its steps waits for an answer: it would open without end");

  // Two such chains opening each other; reported once, where the ring closes.
  edited pair(with_chain(chain_named("ping", "pong", "notify") + chain_named("pong", "ping", "notify")));
  const auto& p = expect_only(pair.result, "chain-open-cycle", pair.at("chain: ping", "ping"));
  CHECK(p.message == "chain 'pong' opens chain 'ping', which leads back to 'pong', and none of these chains waits for an answer: "
                     "they would open each other without end");

  // A step that waits only under a condition may be skipped: still a ring.
  edited gated(with_chain(chain_named("loop", "loop", "approve", "sensitive_period")));
  expect_only(gated.result, "chain-open-cycle", gated.at("chain: loop", "loop"));

  // A step that always waits ends the ring: each approval opens one more chain, no more (a
  // monthly roll-call that schedules the next).
  edited waits(with_chain(chain_named("loop", "loop", "approve")));
  CHECK_MESSAGE(waits.result.ok(), describe(waits.result.diagnostics));
  edited half(with_chain(chain_named("ping", "pong", "approve") + chain_named("pong", "ping", "notify")));
  CHECK_MESSAGE(half.result.ok(), describe(half.result.diagnostics));
}

TEST_CASE("workflows compiler: chain-subject: open_chain hands on forces, a quantity or an amount only to a chain about the same") {
  // The claim chain, once approved, opens another: what it may open depends on what each is about.
  auto opening = [](const std::string& about) {
    std::string next = claim_chain;
    next.replace(next.find("id: compensation"), 16, "id: follow_up");
    set_about(next, "about: " + about);
    return with_chain(claim_chain + "    on_approved:\n      - id: then_follow_up\n        do: open_chain\n        chain: follow_up\n"
                                    "        clause: 3.3.3\n" + next);
  };
  for (const char* fits : {"claim", "document", "nothing"}) {
    CAPTURE(fits);
    auto r = compile(opening(fits));
    CHECK_MESSAGE(r.ok(), describe(r.diagnostics));
  }
  edited quantity(opening("quantity"));
  const auto& d = expect_only(quantity.result, "chain-subject", quantity.at("chain: follow_up", "follow_up"));
  CHECK(d.message == "chain 'follow_up' is about quantity, but chain 'compensation', which opens it, is about claim: it has none to hand on");
  CHECK(d.hint == "open it with chain.open, or from a chain about quantity");
  edited forces(opening("forces"));
  expect_only(forces.result, "chain-subject", forces.at("chain: follow_up", "follow_up"));

  // A call plan (about forces) may open another chain about forces: it hands on its forces.
  edited plan(after_call_plan_actions("      - id: then_reinforce\n        do: open_chain\n        chain: cross_region\n        clause: 3.1.2\n"));
  CHECK_MESSAGE(plan.result.ok(), describe(plan.result.diagnostics));
}

TEST_CASE("4.3 compiler: stock: reserve draws a quantity from a force's stock; on a chain about a claim it is chain-subject") {
  edited e(with_chain(claim_with("    stock: reserve\n")));
  const auto& d = expect_only(e.result, "chain-subject", e.at("    stock: reserve", "reserve"));
  CHECK(d.message == "chain 'compensation' is about claim; stock: reserve draws a quantity from a force's stock");
  CHECK(d.hint == "add about: quantity");

  std::string quantity = claim_with("    stock: reserve\n");
  set_about(quantity, "about: quantity");
  auto q = compile(with_chain(quantity));
  REQUIRE_MESSAGE(q.ok(), describe(q.diagnostics));
  CHECK(q.value->chains.back().reserves_stock);
  CHECK_FALSE(q.value->chains.front().reserves_stock);

  edited wrong(with_chain(claim_with("    stock: borrow\n")));
  CHECK(expect_only(wrong.result, "invalid-choice", wrong.at("    stock: borrow", "borrow")).message ==
        "stock: 'borrow' is not one of reserve");
}

TEST_CASE("4.3 compiler: do: release_stock gives back a quantity; in a chain about a claim it is chain-subject") {
  const std::string release =
      "    on_approved:\n"
      "      - id: back_in_stock\n"
      "        do: release_stock\n"
      "        to: { role: emergency_management, of: command }\n"
      "        clause: 3.3.3\n";
  edited e(with_chain(claim_chain + release));
  const auto& d = expect_only(e.result, "chain-subject", e.at("      - id: back_in_stock", "id"));
  CHECK(d.message == "chain 'compensation' is about claim: do: release_stock gives back a quantity held from stock");

  std::string quantity = claim_chain + release;
  set_about(quantity, "about: quantity");
  auto q = compile(with_chain(quantity));
  REQUIRE_MESSAGE(q.ok(), describe(q.diagnostics));
  CHECK(q.value->chains.back().on_approved.back().kind == muster::action_kind::release_stock);

  // Like notify, it names whom it tells.
  std::string nobody = quantity;
  nobody.erase(nobody.find("        to: { role: emergency_management, of: command }\n"), 56);
  edited missing(with_chain(nobody));
  CHECK(expect_only(missing.result, "missing-key", missing.at("      - id: back_in_stock", "id")).message == "do: release_stock needs 'to'");
}
