// `when:` conditions as typed expressions (issue 11, item 4): what each fact reads, how the
// operators bind, what the old names mean, and every diagnostic at the column of its token.
// Each test makes ONE edit of fixtures/minimal.yaml, as test_compiler_semantics.cpp does, and
// evaluates the compiled program against test facts (tests/engine/condition_facts.hpp).
#include "engine/condition_facts.hpp"
#include "test_compiler_support.hpp"

using namespace compiler_test;
using muster_test::test_facts;

namespace {

// The `when:` of the call plan's per-force consent step, of its (non-per-force) first step's
// neighbour, and of an information route: the three places a condition stands.
constexpr std::string_view consent_when = "        when: special_period\n";
constexpr std::string_view em_timeout = "        timeout: 15m\n";
constexpr std::string_view route_when = "    when: at_or_above_threshold\n";

/// The consent step gated on `expr`.
edited consent_gated(const std::string& expr) { return edited(consent_when, "        when: " + expr + "\n"); }

const muster::chain& call_plan(const muster::policy& p) {
  for (const auto& c : p.chains)
    if (c.id == "call_plan") return c;
  FAIL("no call_plan");
  return p.chains.front();
}

/// The compiled condition of the consent step; fails the test when the edit did not compile.
const muster::condition_program& consent_condition(const edited& e) {
  INFO(describe(e.result.diagnostics));
  REQUIRE(e.result.ok());
  const muster::chain_step& st = call_plan(*e.result.value).steps[1];
  REQUIRE(st.when != muster::no_index);
  return e.result.value->conditions[st.when];
}

bool holds(const std::string& expr, const test_facts& f) {
  const edited e = consent_gated(expr);
  return muster::detail::evaluate(consent_condition(e), f);
}

bool same_ops(const muster::condition_program& a, const muster::condition_program& b) {
  if (a.ops.size() != b.ops.size()) return false;
  for (std::size_t i = 0; i < a.ops.size(); ++i)
    if (a.ops[i].code != b.ops[i].code || a.ops[i].fact != b.ops[i].fact || a.ops[i].cmp != b.ops[i].cmp ||
        a.ops[i].value != b.ops[i].value)
      return false;
  return true;
}

}  // namespace

// ---- facts ----------------------------------------------------------------------------------

TEST_CASE("conditions: grade is ordered as the grades list and compares with grade ids") {
  test_facts f;
  f.grade_ = 1;  // larger (general, larger, major)
  CHECK(holds("grade >= larger", f));
  CHECK(holds("grade == larger", f));
  CHECK_FALSE(holds("grade > larger", f));
  CHECK(holds("grade < major", f));
  CHECK(holds("grade != general", f));
  CHECK_FALSE(holds("grade <= general", f));
}

TEST_CASE("conditions: type and level compare with ids, == != and in") {
  test_facts f;
  f.type_ = 0;   // flood
  f.level_ = 1;  // county
  CHECK(holds("type == flood", f));
  CHECK_FALSE(holds("type != flood", f));
  CHECK(holds("type in [flood]", f));
  CHECK(holds("level == county", f));
  CHECK(holds("level in [city, county]", f));
  f.level_ = 0;
  CHECK(holds("level == city", f));
  CHECK_FALSE(holds("level != city", f));
}

TEST_CASE("conditions: forces, amount and quantity are whole numbers") {
  test_facts f;
  f.forces_ = 3;
  CHECK_FALSE(holds("forces > 3", f));
  CHECK(holds("forces >= 3", f));
  CHECK(holds("forces == 3", f));
  f.forces_ = 4;
  CHECK(holds("forces > 3", f));
  f.amount_ = 50000;
  f.quantity_ = 2;
  CHECK(holds("amount >= 50000 and quantity < 3", f));
  CHECK_FALSE(holds("amount > 50000", f));
}

TEST_CASE("conditions: the boolean facts, a period id and a flag id") {
  test_facts f;
  CHECK_FALSE(holds("special_period", f));
  CHECK_FALSE(holds("sensitive_period", f));
  CHECK_FALSE(holds("headquarters", f));
  CHECK_FALSE(holds("above_threshold", f));
  CHECK_FALSE(holds("forest_fire_prevention", f));
  CHECK_FALSE(holds("key_dates", f));
  f.special = f.sensitive = f.hq = f.above = true;
  f.periods = 0b10;  // key_dates, the second period
  CHECK(holds("special_period and sensitive_period and headquarters and above_threshold", f));
  CHECK(holds("key_dates and not forest_fire_prevention", f));

  edited flagged("\nperiods:\n", "\nflags:\n  - { id: exercise, zh: 演练, en: Exercise }\n\nperiods:\n");
  const std::string to = "        when: exercise\n";
  edited e(consent_when, to);
  const std::string text = edit(flagged.text, consent_when, to);
  const auto r = compile(text);
  INFO(describe(r.diagnostics));
  REQUIRE(r.ok());
  const auto& prog = r.value->conditions[call_plan(*r.value).steps[1].when];
  test_facts g;
  CHECK_FALSE(muster::detail::evaluate(prog, g));
  g.flags = 1;
  CHECK(muster::detail::evaluate(prog, g));
  // Without the flags list, `exercise` is an unknown name.
  CHECK(expect_only(e.result, "unknown-condition", e.at(to, "exercise")).message == "condition 'exercise' is not one the engine knows");
}

TEST_CASE("conditions: drill holds in a drill (status exercise or test, 3.2.3), and is true or false only") {
  test_facts f;
  CHECK_FALSE(holds("drill", f));
  CHECK(holds("not drill", f));
  f.drill_ = true;
  CHECK(holds("drill", f));
  CHECK(holds("drill and not special_period", f));
  edited compared(consent_when, "        when: drill == true\n");
  CHECK(expect_only(compared.result, "condition-type", compared.at("when: drill == true", "==")).message ==
        "'drill' is true or false, so it cannot be compared");
}

TEST_CASE("conditions: a period or flag named like a fact could never be read (reserved-id at its id)") {
  edited flag("\nperiods:\n", "\nflags:\n  - { id: drill, zh: 演练, en: Drill }\n\nperiods:\n");
  const auto& d = expect_only(flag.result, "reserved-id", flag.at("{ id: drill,", "drill"));
  CHECK(d.message == "flags: 'drill' is a fact conditions read (when: drill)");
  CHECK(d.hint == "choose another id, e.g. drill_on");
  edited period("{ id: key_dates,", "{ id: headquarters,");
  CHECK(expect_only(period.result, "reserved-id", period.at("{ id: headquarters,", "headquarters")).message ==
        "periods: 'headquarters' is a fact conditions read (when: headquarters)");
}

TEST_CASE("conditions: force.category, force.sector and force.capability read the force a per-force rule is about") {
  test_facts f;
  f.category = 1;  // enterprise
  f.sector = 1;    // power
  f.caps = 0b0100; // power_repair
  CHECK(holds("force.category == enterprise", f));
  CHECK(holds("force.category in [government, enterprise]", f));
  CHECK_FALSE(holds("force.category != enterprise", f));
  CHECK(holds("force.sector == power", f));
  CHECK_FALSE(holds("force.sector in [water]", f));
  CHECK(holds("force.capability has power_repair", f));
  CHECK_FALSE(holds("force.capability has water_rescue", f));
  CHECK(holds("force.capability in [water_rescue, power_repair]", f));
  const edited e = consent_gated("force.category == enterprise");
  CHECK(consent_condition(e).uses_force);
  CHECK_FALSE(consent_condition(consent_gated("special_period")).uses_force);
}

TEST_CASE("conditions: a fact is read only when the program reaches for it") {
  test_facts f;
  f.hq = true;
  CHECK(holds("headquarters", f));
  CHECK(f.calendar_reads == 0);
  CHECK_FALSE(holds("special_period", f));
  CHECK(f.calendar_reads == 1);
}

// ---- operators ------------------------------------------------------------------------------

TEST_CASE("conditions: not binds tighter than and, and binds tighter than or") {
  test_facts f;  // everything false
  CHECK_FALSE(holds("not special_period and headquarters", f));  // (not s) and h, not: not (s and h)
  CHECK(holds("not (special_period and headquarters)", f));
  f.hq = true;
  CHECK(holds("headquarters or special_period and sensitive_period", f));  // h or (s and t)
  CHECK_FALSE(holds("(headquarters or special_period) and sensitive_period", f));
  CHECK(holds("not not headquarters", f));
}

TEST_CASE("conditions: an in list is any of its items, and repeats do no harm") {
  test_facts f;
  f.category = 3;  // expert
  CHECK(holds("force.category in [expert, social, expert]", f));
  CHECK_FALSE(holds("force.category in [government]", f));
  CHECK(holds("not force.category in [government, enterprise]", f));
}

TEST_CASE("conditions: the nine old names are shorthands that compile to their expansions") {
  const std::pair<const char*, const char*> pairs[] = {
      {"special_period", "special_period"},
      {"not_special_period", "not special_period"},
      {"sensitive_period", "sensitive_period"},
      {"not_sensitive_period", "not sensitive_period"},
      {"headquarters_established", "headquarters"},
      {"no_headquarters", "not headquarters"},
      {"at_or_above_threshold", "above_threshold"},
      {"below_threshold", "not above_threshold"},
  };
  for (const auto& [shorthand, expansion] : pairs) {
    CAPTURE(shorthand);
    const edited a = consent_gated(shorthand);
    const edited b = consent_gated(expansion);
    CHECK(same_ops(consent_condition(a), consent_condition(b)));
    CHECK(consent_condition(a).text == shorthand);  // summaries and graphs show what was written
  }
  const edited always = consent_gated("always");
  REQUIRE(always.result.ok());
  CHECK(call_plan(*always.result.value).steps[1].when == muster::no_index);  // no condition: one compare in the engine
}

// ---- diagnostics ----------------------------------------------------------------------------

TEST_CASE("conditions: an unknown name is unknown-condition at its column, with a did-you-mean over the names valid there") {
  const std::string to = "        when: special_period and forcs > 3\n";
  edited e(consent_when, to);
  const auto& d = expect_only(e.result, "unknown-condition", e.at(to, "forcs"));
  CHECK(d.message == "condition 'forcs' is not one the engine knows");
  CHECK(d.hint == did_you_mean("forces"));

  const std::string grade = "        when: grade >= lager\n";
  edited g(consent_when, grade);
  const auto& dg = expect_only(g.result, "unknown-condition", g.at(grade, "lager"));
  CHECK(dg.message == "'lager' is not a grade");
  CHECK(dg.hint == did_you_mean("larger"));

  const std::string force = "        when: force.categroy == enterprise\n";
  edited fc(consent_when, force);
  CHECK(expect_only(fc.result, "unknown-condition", fc.at(force, "force.categroy")).hint == did_you_mean("force.category"));

  const std::string period = "        when: forest_fire_prevntion\n";
  edited pe(consent_when, period);
  CHECK(expect_only(pe.result, "unknown-condition", pe.at(period, "forest_fire_prevntion")).hint == did_you_mean("forest_fire_prevention"));
}

TEST_CASE("conditions: a type error is condition-type at the offending token, saying what was expected") {
  const std::string grade = "        when: grade > 3\n";
  edited g(consent_when, grade);
  const auto& dg = expect_only(g.result, "condition-type", g.at(grade, "3"));
  CHECK(dg.message == "grade is compared with a grade, and 3 is a number");
  CHECK(dg.hint == "name a grade: general, larger, major");

  const std::string forces = "        when: forces == larger\n";
  edited fo(consent_when, forces);
  CHECK(expect_only(fo.result, "condition-type", fo.at(forces, "larger")).message ==
        "forces is a whole number, and 'larger' is not one");

  const std::string unordered = "        when: type < flood\n";
  edited u(consent_when, unordered);
  CHECK(expect_only(u.result, "condition-type", u.at(unordered, "<")).hint == "use ==, != or in [..]");

  const std::string compared = "        when: special_period == true\n";
  edited c(consent_when, compared);
  CHECK(expect_only(c.result, "condition-type", c.at(compared, "==")).message ==
        "'special_period' is true or false, so it cannot be compared");

  const std::string bare = "        when: forces and special_period\n";
  edited b(consent_when, bare);
  const auto& db = expect_only(b.result, "condition-type", b.at(bare, "forces"));
  CHECK(db.message == "forces is a whole number, not true or false");
  CHECK(db.hint == "compare it, e.g. forces > 3");

  const std::string set = "        when: force.capability == water_rescue\n";
  edited s(consent_when, set);
  expect_only(s.result, "condition-type", s.at(set, "=="));
}

TEST_CASE("conditions: a syntax error is condition-syntax at the token, saying what was expected") {
  const std::string dangling = "        when: special_period and\n";
  edited d(consent_when, dangling);
  const auto& dd = expect_only(d.result, "condition-syntax", d.at(dangling, "\n"));  // just past the text
  CHECK(dd.message == "expected a test (a fact such as grade or special_period), 'not' or '(', found the end of the condition");

  const std::string ampersands = "        when: special_period && headquarters\n";
  edited a(consent_when, ampersands);
  const auto& da = expect_only(a.result, "condition-syntax", a.at(ampersands, "&&"));
  CHECK(da.message == "expected 'and', 'or' or the end of the condition, found '&&'");
  CHECK(da.hint == "write 'and'");

  const std::string open = "        when: (special_period or headquarters\n";
  edited o(consent_when, open);
  CHECK(expect_only(o.result, "condition-syntax", o.at(open, "\n")).message == "expected ')', found the end of the condition");

  const std::string list = "        when: type in [flood\n";
  edited l(consent_when, list);
  CHECK(expect_only(l.result, "condition-syntax", l.at(list, "\n")).message == "expected ',' or ']', found the end of the condition");

  const std::string zero = "        when: forces > 03\n";
  edited z(consent_when, zero);
  expect_only(z.result, "condition-syntax", z.at(zero, "03"));

  const std::string reversed = "        when: 3 < forces\n";
  edited r(consent_when, reversed);
  CHECK(expect_only(r.result, "condition-syntax", r.at(reversed, "3")).hint == "a test starts with the fact: forces > 3, not 3 < forces");
}

TEST_CASE("conditions: force facts only where a rule applies per force, request facts only in chains (condition-context)") {
  const std::string step = "        timeout: 15m\n        when: force.category == enterprise\n";
  edited s(em_timeout, step);
  const auto& ds = expect_only(s.result, "condition-context", s.at(step, "force.category"));
  CHECK(ds.message == "force.category is about one force, and this step is not applied per force");

  const std::string route = "    when: forces > 3\n";
  edited r(route_when, route);
  CHECK(expect_only(r.result, "condition-context", r.at(route, "forces")).message ==
        "forces is read from a request, and an information route has none");
}

TEST_CASE("conditions: size and nesting are bounded (condition-too-complex), located") {
  std::string deep;
  for (int i = 0; i < 17; ++i) deep += "(";
  deep += "special_period";
  for (int i = 0; i < 17; ++i) deep += ")";
  const std::string nested = "        when: " + deep + "\n";
  edited n(consent_when, nested);
  // The 17th '(' is one level too deep.
  CHECK(expect_only(n.result, "condition-too-complex", n.at("(special_period")).message ==
        "the condition nests deeper than 16 levels");

  std::string wide = "headquarters";
  for (int i = 0; i < 32; ++i) wide += " or headquarters";  // 33 tests + 32 ors = 65 ops: the last or is one too many
  const std::string many = "        when: " + wide + "\n";
  edited m(consent_when, many);
  place last_or = m.at(many);
  last_or.column += static_cast<std::uint32_t>(std::string_view("        when: ").size() + wide.rfind(" or ") + 1);
  CHECK(expect_only(m.result, "condition-too-complex", last_or).message == "the condition has more than 64 steps");
}

TEST_CASE("conditions: in a quoted when:, the column is inside the quotes") {
  const std::string quoted = "        when: \"grade >= lager\"\n";
  edited q(consent_when, quoted);
  expect_only(q.result, "unknown-condition", q.at(quoted, "lager"));
  const std::string single = "        when: 'grade >= lager'\n";
  edited s(consent_when, single);
  expect_only(s.result, "unknown-condition", s.at(single, "lager"));
}
