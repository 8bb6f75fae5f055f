// The policy's `schedules:` block (roll-calls 3.2.2, drills 3.2.3; docs/schedules.md,
// docs/diagnostics.md "Schedules"): what the schedules pass compiles into policy::schedules —
// rhythm, denser rhythms, catch-up, whom a run calls, the answer, its window and silence ladder —
// and every diagnostic the block gives, each made by ONE edit of a small policy
// (fixtures/minimal.yaml with a drill clause and the block below appended) and checked at its
// exact line and column. An error leaves no policy: nothing of the block is half-applied.
#include "test_compiler_support.hpp"

using namespace compiler_test;

namespace {

// The minimal document has no drill clause (3.2.3): the block's drill cites one.
constexpr std::string_view clause_331 = "    - { id: \"3.3.1\",";

// Two schedules every test edits: a monthly roll-call of forces (weekly during key dates, daily
// in special periods) and a yearly drill called by role. Snippets the tests replace are unique
// in the whole text.
constexpr std::string_view block =
    "\nschedules:\n"
    "  - id: roll_call\n"
    "    zh: 值班点名\n"
    "    en: Duty roll-call\n"
    "    clause: 3.2.2\n"
    "    every: month\n"
    "    day: 1\n"
    "    at: \"09:00\"\n"
    "    more_often:\n"
    "      - { during: [key_dates], every: week, day: mon, at: \"08:30\" }\n"
    "      - { during: [special], every: day, at: \"07:00\", clause: 3.1.2 }\n"
    "    catch_up: once\n"
    "    calls:\n"
    "      forces: [government, enterprise, social]\n"
    "      capabilities: [water_rescue]\n"
    "      jurisdictions: [east]\n"
    "      from: { role: fire_rescue, of: area }\n"
    "    answer: acknowledge\n"
    "    within: 2h\n"
    "    within_special_period: 1h\n"
    "    on_timeout:\n"
    "      - remind\n"
    "      - escalate\n"
    "      - { do: expire, notify: [{ role: emergency_management, of: area }] }\n"
    "    escalate_to: [{ role: industry_authority, of: force }, { role: fire_rescue, of: upper }]\n"
    "  - id: drill\n"
    "    en: Tabletop exercise\n"
    "    clause: 3.2.3\n"
    "    every: year\n"
    "    day: \"03-01\"\n"
    "    at: \"10:00\"\n"
    "    catch_up: each_missed\n"
    "    calls: { role: fire_rescue, from: { role: emergency_management, of: area } }\n"
    "    answer: report\n"
    "    within: 30d\n"
    "    on_timeout: [remind, escalate, expire]\n"
    "    escalate_to: [{ role: fire_rescue, of: root }]\n";

const std::string& with_block() {
  static const std::string text =
      edit(policy_text(), clause_331, "    - { id: \"3.2.3\", zh: 演练, en: Drills }\n" + std::string(clause_331)) + std::string(block);
  return text;
}

/// The policy with the block, one snippet replaced, compiled.
edited scheduled(std::string_view from, std::string_view to) { return edited(edit(with_block(), from, to)); }

// Snippets of the block, unique in the text.
constexpr std::string_view monthly = "    every: month\n    day: 1\n";
constexpr std::string_view roll_call_at = "    at: \"09:00\"\n";
constexpr std::string_view weekly_rhythm = "{ during: [key_dates], every: week, day: mon, at: \"08:30\" }";
constexpr std::string_view daily_rhythm = "      - { during: [special], every: day, at: \"07:00\", clause: 3.1.2 }\n";
constexpr std::string_view forces_line = "      forces: [government, enterprise, social]\n";
constexpr std::string_view drill_calls = "    calls: { role: fire_rescue, from: { role: emergency_management, of: area } }\n";
constexpr std::string_view drill_ladder = "    on_timeout: [remind, escalate, expire]\n    escalate_to: [{ role: fire_rescue, of: root }]\n";

constexpr std::int32_t hm(int h, int m) { return h * 3600 + m * 60; }

}  // namespace

// ---- the block compiles ---------------------------------------------------------------------

TEST_CASE("3.2.2 schedules: the block compiles into policy::schedules — rhythm, denser rhythms, catch-up, calls, answer, window, ladder") {
  edited ok{std::string(with_block())};
  INFO(describe(ok.result.diagnostics));
  REQUIRE(ok.result.ok());
  CHECK(ok.result.diagnostics.empty());
  const muster::policy& p = *ok.result.value;
  REQUIRE(p.schedules.size() == 2);
  REQUIRE(p.find_schedule("roll_call") == 0);
  REQUIRE(p.find_schedule("drill") == 1);
  CHECK(p.find_schedule("roll_cal") == muster::no_index);

  // The roll-call: monthly on the 1st at 09:00, in the policy's time zone.
  const muster::schedule& r = p.schedules[0];
  CHECK(r.id == "roll_call");
  CHECK(r.name.zh == "值班点名");
  CHECK(r.name.en == "Duty roll-call");
  CHECK(r.every.every == muster::recurrence::month);
  CHECK(r.every.day == 1);
  CHECK(r.every.at == hm(9, 0));
  CHECK(r.rule.id == "schedules.roll_call");
  CHECK(r.rule.where.line == at(ok.text, "  - id: roll_call").line);
  CHECK(r.rule.clauses == std::vector<std::string>{"3.2.2"});

  // Weekly on Mondays at 08:30 while key_dates is declared (a period by id; the clause is the
  // schedule's), and daily at 07:00 in any special period (a class; its own clause).
  REQUIRE(r.more_often.size() == 2);
  const muster::denser_rhythm& week = r.more_often[0];
  CHECK(week.r.every == muster::recurrence::week);
  CHECK(week.r.day == 0);  // Monday
  CHECK(week.r.at == hm(8, 30));
  CHECK(week.periods == std::vector<muster::index_t>{p.find_period("key_dates")});
  CHECK(week.classes == 0);
  CHECK(week.rule.id == "schedules.roll_call.more_often");
  CHECK(week.rule.where.line == at(ok.text, weekly_rhythm).line);
  CHECK(week.rule.clauses == std::vector<std::string>{"3.2.2"});
  const muster::denser_rhythm& day = r.more_often[1];
  CHECK(day.r.every == muster::recurrence::day);
  CHECK(day.r.at == hm(7, 0));
  CHECK(day.periods.empty());
  CHECK(day.classes == 1U << static_cast<unsigned>(muster::period_class::special));
  CHECK(day.rule.clauses == std::vector<std::string>{"3.1.2"});

  CHECK(r.catch_up == muster::catch_up_rule::once);
  // Calls the government, enterprise and social forces with water rescue in (or below) the east
  // district, through their owners, from the fire team of each force's jurisdiction.
  CHECK(r.calls_forces);
  CHECK(r.categories == 0b0111);  // not expert
  CHECK(r.capabilities == muster::capability_mask{1} << p.find_capability("water_rescue"));
  CHECK(r.jurisdictions == std::vector<muster::index_t>{p.find_jurisdiction("east")});
  CHECK(r.role == muster::no_index);
  CHECK(r.from.role == p.find_role("fire_rescue"));
  CHECK(r.from.of == muster::party_scope::area);
  CHECK(r.answer == muster::answer_kind::acknowledge);

  // Two hours (one in special periods); remind, escalate, then expire telling the area's EM.
  const muster::round_tier& c = r.call;
  CHECK(c.within == 2 * 3600);
  CHECK(c.within_special_period == 3600);
  REQUIRE(c.on_timeout.size() == 3);
  CHECK(c.on_timeout[0].act == muster::silence_action::remind);
  CHECK(c.on_timeout[1].act == muster::silence_action::escalate);
  CHECK(c.on_timeout[2].act == muster::silence_action::expire);
  REQUIRE(c.on_timeout[2].notify.size() == 1);
  CHECK(c.on_timeout[2].notify[0].role == p.find_role("emergency_management"));
  CHECK(c.on_timeout[2].notify[0].of == muster::party_scope::area);
  REQUIRE(c.escalate_to.size() == 2);
  CHECK(c.escalate_to[0].role == p.find_role("industry_authority"));
  CHECK(c.escalate_to[0].of == muster::party_scope::force);
  CHECK(c.escalate_to[1].role == p.find_role("fire_rescue"));
  CHECK(c.escalate_to[1].of == muster::party_scope::upper);
  CHECK(c.rule.id == "schedules.roll_call");

  // The drill: yearly on 1 March at 10:00, every missed run caught up, the fire team of each
  // jurisdiction called by its EM department to report within 30 days.
  const muster::schedule& d = p.schedules[1];
  CHECK(d.name.zh.empty());
  CHECK(d.name.en == "Tabletop exercise");
  CHECK(d.every.every == muster::recurrence::year);
  CHECK(d.every.day == 301);
  CHECK(d.every.at == hm(10, 0));
  CHECK(d.more_often.empty());
  CHECK(d.catch_up == muster::catch_up_rule::each_missed);
  CHECK_FALSE(d.calls_forces);
  CHECK(d.role == p.find_role("fire_rescue"));
  CHECK(d.capabilities == 0);
  CHECK(d.jurisdictions.empty());  // the whole policy
  CHECK(d.from.role == p.find_role("emergency_management"));
  CHECK(d.from.of == muster::party_scope::area);
  CHECK(d.answer == muster::answer_kind::report);
  CHECK(d.call.within == 30 * 86400);
  CHECK(d.call.within_special_period == 0);  // within applies in special periods too
  REQUIRE(d.call.on_timeout.size() == 3);
  CHECK(d.call.on_timeout[2].notify.empty());
  REQUIRE(d.call.escalate_to.size() == 1);
  CHECK(d.call.escalate_to[0].of == muster::party_scope::root);
  CHECK(d.rule.clauses == std::vector<std::string>{"3.2.3"});
}

TEST_CASE("3.2.2 schedules: the reference policy's five schedules compile as rules/weihai.yaml says") {
  const auto r = muster::compile_policy_file(std::string(MUSTER_SOURCE_DIR) + "/rules/weihai.yaml");
  INFO(describe(r.diagnostics));
  REQUIRE(r.ok());
  for (const auto& d : r.diagnostics) CHECK_MESSAGE(d.code != "not-denser", muster::render(d));
  const muster::policy& p = *r.value;
  REQUIRE(p.schedules.size() == 5);

  // The monthly roll-call of the rescue forces (3.2.2), weekly while key dates are declared.
  REQUIRE(p.find_schedule("duty_roll_call") == 0);
  const muster::schedule& roll = p.schedules[0];
  CHECK(roll.name.zh == "值班值守调度点名");
  CHECK(roll.rule.clauses == std::vector<std::string>{"3.2.2"});
  CHECK(roll.every.every == muster::recurrence::month);
  CHECK(roll.every.day == 1);
  CHECK(roll.every.at == hm(9, 0));
  REQUIRE(roll.more_often.size() == 1);
  CHECK(roll.more_often[0].r.every == muster::recurrence::week);
  CHECK(roll.more_often[0].r.day == 0);
  CHECK(roll.more_often[0].r.at == hm(9, 0));
  REQUIRE(p.find_period("key_dates") != muster::no_index);
  CHECK(roll.more_often[0].periods == std::vector<muster::index_t>{p.find_period("key_dates")});
  CHECK(roll.more_often[0].classes == 0);
  CHECK(roll.catch_up == muster::catch_up_rule::once);
  CHECK(roll.calls_forces);
  CHECK(roll.categories == 0b0111);
  CHECK(roll.capabilities == 0);
  CHECK(roll.jurisdictions.empty());
  CHECK(roll.from.role == p.find_role("fire_rescue"));
  CHECK(roll.from.of == muster::party_scope::area);
  CHECK(roll.answer == muster::answer_kind::acknowledge);
  CHECK(roll.call.within == 2 * 3600);
  CHECK(roll.call.within_special_period == 3600);
  REQUIRE(roll.call.on_timeout.size() == 3);
  CHECK(roll.call.on_timeout[0].act == muster::silence_action::remind);
  CHECK(roll.call.on_timeout[1].act == muster::silence_action::escalate);
  CHECK(roll.call.on_timeout[2].act == muster::silence_action::expire);
  REQUIRE(roll.call.on_timeout[2].notify.size() == 1);
  CHECK(roll.call.on_timeout[2].notify[0].role == p.find_role("emergency_management"));
  CHECK(roll.call.on_timeout[2].notify[0].of == muster::party_scope::area);
  REQUIRE(roll.call.escalate_to.size() == 2);
  CHECK(roll.call.escalate_to[0].role == p.find_role("industry_authority"));
  CHECK(roll.call.escalate_to[0].of == muster::party_scope::force);
  CHECK(roll.call.escalate_to[1].role == p.find_role("fire_rescue"));
  CHECK(roll.call.escalate_to[1].of == muster::party_scope::area);

  // The three drills (3.2.3): yearly, each fire team called by its EM department to report
  // within 30 days; silence reminds, tells the brigade above, then the EM department.
  struct drill {
    const char* id;
    std::uint16_t day;
  };
  for (const drill& want : {drill{"tabletop_drill", 301}, drill{"single_subject_drill", 515}, drill{"comprehensive_drill", 901}}) {
    CAPTURE(want.id);
    const muster::index_t i = p.find_schedule(want.id);
    REQUIRE(i != muster::no_index);
    const muster::schedule& d = p.schedules[i];
    CHECK(d.rule.clauses == std::vector<std::string>{"3.2.3"});
    CHECK(d.every.every == muster::recurrence::year);
    CHECK(d.every.day == want.day);
    CHECK(d.every.at == hm(9, 0));
    CHECK(d.more_often.empty());
    CHECK(d.catch_up == muster::catch_up_rule::once);  // the default
    CHECK_FALSE(d.calls_forces);
    CHECK(d.role == p.find_role("fire_rescue"));
    CHECK(d.from.role == p.find_role("emergency_management"));
    CHECK(d.from.of == muster::party_scope::area);
    CHECK(d.answer == muster::answer_kind::report);
    CHECK(d.call.within == 30 * 86400);
    CHECK(d.call.within_special_period == 0);
    REQUIRE(d.call.on_timeout.size() == 3);
    CHECK(d.call.on_timeout[2].act == muster::silence_action::expire);
    REQUIRE(d.call.on_timeout[2].notify.size() == 1);
    CHECK(d.call.on_timeout[2].notify[0].role == p.find_role("emergency_management"));
    REQUIRE(d.call.escalate_to.size() == 1);
    CHECK(d.call.escalate_to[0].role == p.find_role("fire_rescue"));
    CHECK(d.call.escalate_to[0].of == muster::party_scope::upper);
  }

  // The base-data upkeep (3.2.1): on the 15th, the owners of forces failing base_data_current,
  // called by the EM department of their area, answer by updating the registry within 7 days.
  const muster::index_t u = p.find_schedule("base_data_upkeep");
  REQUIRE(u != muster::no_index);
  const muster::schedule& up = p.schedules[u];
  CHECK(up.rule.clauses == std::vector<std::string>{"3.2.1"});
  CHECK(up.every.every == muster::recurrence::month);
  CHECK(up.every.day == 15);
  CHECK(up.calls_forces);
  CHECK(up.categories == muster::all_categories);
  std::uint32_t stale = 0;
  for (std::size_t c = 0; c < p.checks.size(); ++c)
    if (p.checks[c].id == "base_data_current") stale = 1U << c;
  REQUIRE(stale != 0);
  CHECK(up.failing == stale);
  CHECK(up.answer == muster::answer_kind::update);
  CHECK(up.call.within == 7 * 86400);
}

TEST_CASE("3.2.2 schedules: the optional parts may be left out — daily, no more_often, catch_up, answer, ladder or special-period window") {
  edited bare(edit(with_block(), block,
                   "\nschedules:\n"
                   "  - id: daily_check\n"
                   "    clause: 3.2.2\n"
                   "    every: day\n"
                   "    at: \"00:00\"\n"
                   "    calls: { forces: [expert], from: { role: emergency_management, of: root } }\n"
                   "    within: 45m\n"
                   "  - id: weekly_check\n"
                   "    clause: 3.2.2\n"
                   "    every: week\n"
                   "    day: sun\n"
                   "    at: \"23:59\"\n"
                   "    calls: { role: emergency_management, from: { role: emergency_management, of: upper } }\n"
                   "    within: 1d\n"));
  INFO(describe(bare.result.diagnostics));
  REQUIRE(bare.result.ok());
  CHECK(bare.result.diagnostics.empty());
  const muster::schedule& s = bare.result.value->schedules.at(0);
  CHECK(s.every.every == muster::recurrence::day);
  CHECK(s.every.at == 0);
  CHECK(s.more_often.empty());
  CHECK(s.catch_up == muster::catch_up_rule::once);
  CHECK(s.answer == muster::answer_kind::acknowledge);
  CHECK(s.categories == 0b1000);  // expert
  CHECK(s.from.of == muster::party_scope::root);
  CHECK(s.call.within == 45 * 60);
  CHECK(s.call.within_special_period == 0);
  CHECK(s.call.on_timeout.empty());
  CHECK(s.call.escalate_to.empty());
  CHECK(s.name.zh.empty());
  CHECK(s.name.en.empty());
  const muster::schedule& w = bare.result.value->schedules.at(1);
  CHECK(w.every.every == muster::recurrence::week);
  CHECK(w.every.day == 6);  // Sunday
  CHECK(w.every.at == hm(23, 59));
  CHECK(w.from.of == muster::party_scope::upper);
}

TEST_CASE("3.2.2 schedules: a policy without the block compiles with no schedules") {
  const muster::policy& p = minimal_policy();
  CHECK(p.schedules.empty());
  CHECK(p.find_schedule("roll_call") == muster::no_index);
}

// ---- when: every, day, at -------------------------------------------------------------------

TEST_CASE("3.2.2 schedules: an unknown every is invalid-choice, at the value, naming the four") {
  auto e = scheduled("    every: month\n", "    every: fortnight\n");
  const auto& d = expect_only(e.result, "invalid-choice", e.at("    every: fortnight", "fortnight"));
  CHECK(d.message == "every: 'fortnight' is not one of day, week, month, year");
  CHECK_FALSE(e.result.value);  // nothing of the block, nor of the policy, is kept

  auto rhythm = scheduled(weekly_rhythm, "{ during: [key_dates], every: weekly, day: mon, at: \"08:30\" }");
  CHECK(expect_only(rhythm.result, "invalid-choice", rhythm.at("every: weekly", "weekly")).hint == did_you_mean("week"));
}

TEST_CASE("3.2.2 schedules: a monthly day outside 1 to 28 is invalid-schedule-time — every month must have it") {
  for (const char* bad : {"31", "29", "0", "-1", "first", "\"1st\"", "\"01\""}) {
    CAPTURE(bad);
    auto e = scheduled(monthly, std::string("    every: month\n    day: ") + bad + "\n");
    const auto& d = expect_only(e.result, "invalid-schedule-time", e.at(std::string("    day: ") + bad + "\n", bad));
    std::string text = bad;
    if (text.front() == '"') text = text.substr(1, text.size() - 2);
    CHECK(d.message == "day: '" + text + "' is not a day of the month from 1 to 28 (every: month)");
    CHECK(d.hint ==
          "write a number from 1 to 28, without a leading zero: every month has those days (a monthly run on the 29th to 31st would skip the shorter months)");
  }
  auto last = scheduled(monthly, "    every: month\n    day: 28\n");
  REQUIRE(last.result.ok());
  CHECK(last.result.value->schedules[0].every.day == 28);
}

TEST_CASE("3.2.2 schedules: a yearly day that is not an existing \"MM-DD\" is invalid-schedule-time") {
  for (const char* bad : {"\"13-01\"", "\"02-30\"", "\"00-10\"", "\"3-1\"", "3"}) {
    CAPTURE(bad);
    auto e = scheduled("    day: \"03-01\"\n", std::string("    day: ") + bad + "\n");
    const auto& d = expect_only(e.result, "invalid-schedule-time", e.at(std::string("    day: ") + bad + "\n", bad));
    CHECK(d.message.find(" is not a month and day \"MM-DD\" (every: year)") != std::string::npos);
    CHECK(d.hint == "write a quoted \"MM-DD\" that exists, e.g. \"06-01\" (\"02-29\" runs on 28 February in common years)");
  }
  auto leap = scheduled("    day: \"03-01\"\n", "    day: \"02-29\"\n");
  REQUIRE(leap.result.ok());
  CHECK(leap.result.value->schedules[1].every.day == 229);
  auto end = scheduled("    day: \"03-01\"\n", "    day: \"12-31\"\n");
  REQUIRE(end.result.ok());
  CHECK(end.result.value->schedules[1].every.day == 1231);
}

TEST_CASE("3.2.2 schedules: a weekly day that is not a weekday is invalid-schedule-time; mon … sun are 0 … 6") {
  for (const char* bad : {"funday", "Mon", "monday", "1"}) {
    CAPTURE(bad);
    auto e = scheduled(weekly_rhythm, std::string("{ during: [key_dates], every: week, day: ") + bad + ", at: \"08:30\" }");
    const auto& d = expect_only(e.result, "invalid-schedule-time", e.at(std::string("day: ") + bad + ",", bad));
    CHECK(d.message == std::string("day: '") + bad + "' is not a weekday (every: week)");
    CHECK(d.hint == "write one of mon, tue, wed, thu, fri, sat, sun (lower case)");
  }
  const char* const days[] = {"mon", "tue", "wed", "thu", "fri", "sat", "sun"};
  for (std::uint16_t i = 0; i < 7; ++i) {
    CAPTURE(days[i]);
    auto e = scheduled(weekly_rhythm, std::string("{ during: [key_dates], every: week, day: ") + days[i] + ", at: \"08:30\" }");
    REQUIRE(e.result.ok());
    CHECK(e.result.value->schedules[0].more_often[0].r.day == i);
  }
}

TEST_CASE("3.2.2 schedules: day on a daily rhythm is invalid-schedule-time; a missing day is missing-key, at the rhythm") {
  auto daily = scheduled(daily_rhythm, "      - { during: [special], every: day, day: mon, at: \"07:00\", clause: 3.1.2 }\n");
  const auto& d = expect_only(daily.result, "invalid-schedule-time", daily.at("every: day, day: mon", "mon"));
  CHECK(d.message == "day: 'mon' is not used by every: day (a daily schedule runs every day)");
  CHECK(d.hint == "leave day out, or choose every: week, month or year");

  // At the mapping that lacks it, as the shape pass reports a missing key.
  auto month = scheduled(monthly, "    every: month\n");
  const auto& m = expect_only(month.result, "missing-key", month.at("  - id: roll_call", "id"));
  CHECK(m.message == "every: month needs 'day': a day of the month from 1 to 28");
  CHECK(m.hint.find("e.g. day: 1; ") == 0);
  auto week = scheduled(weekly_rhythm, "{ during: [key_dates], every: week, at: \"08:30\" }");
  CHECK(expect_only(week.result, "missing-key", week.at("{ during: [key_dates], every: week, at")).message ==
        "every: week needs 'day': a weekday");
  auto year = scheduled("    day: \"03-01\"\n", "");
  CHECK(expect_only(year.result, "missing-key", year.at("  - id: drill", "id")).message ==
        "every: year needs 'day': a month and day \"MM-DD\"");
}

TEST_CASE("3.2.2 schedules: an at that is not HH:MM from 00:00 to 23:59 is invalid-schedule-time, at the value") {
  for (const char* bad : {"\"25:00\"", "\"24:00\"", "\"12:60\"", "\"9am\"", "\"9:00\"", "9:00", "\"09:00:00\"", "\"0900\""}) {
    CAPTURE(bad);
    auto e = scheduled(roll_call_at, std::string("    at: ") + bad + "\n");
    const auto& d = expect_only(e.result, "invalid-schedule-time", e.at(std::string("    at: ") + bad + "\n", bad));
    CHECK(d.message.find("at: '") == 0);
    CHECK(d.message.find("' is not a time of day") != std::string::npos);
    CHECK(d.hint == "write HH:MM from 00:00 to 23:59, quoted, in the policy's time zone, e.g. at: \"09:00\"");
  }
  // In a denser rhythm too.
  auto rhythm = scheduled(weekly_rhythm, "{ during: [key_dates], every: week, day: mon, at: \"8.30\" }");
  CHECK(expect_only(rhythm.result, "invalid-schedule-time", rhythm.at("at: \"8.30\"", "\"8.30\"")).message ==
        "at: '8.30' is not a time of day");
  // at is required, on a schedule and on a denser rhythm.
  auto none = scheduled(roll_call_at, "");
  CHECK(expect_only(none.result, "missing-key", none.at("  - id: roll_call", "id")).message == "a schedule needs 'at'");
  auto dense = scheduled(weekly_rhythm, "{ during: [key_dates], every: week, day: mon }");
  CHECK(expect_only(dense.result, "missing-key", dense.at("{ during: [key_dates], every: week, day: mon }")).message ==
        "a denser rhythm needs 'at'");
}

// ---- more often: during, not-denser ---------------------------------------------------------

TEST_CASE("3.2.2 schedules: more_often during an unknown period is unknown-period with a did-you-mean; [] is empty-list") {
  auto e = scheduled("during: [key_dates]", "during: [key_date]");
  const auto& d = expect_only(e.result, "unknown-period", e.at("during: [key_date]", "key_date"));
  CHECK(d.message == "period 'key_date' is not defined");
  CHECK(d.hint == did_you_mean("key_dates"));

  // The classes special and sensitive are accepted beside the period ids.
  auto cls = scheduled("during: [key_dates]", "during: [sensitive, forest_fire_prevention]");
  REQUIRE(cls.result.ok());
  const auto& r = cls.result.value->schedules[0].more_often[0];
  CHECK(r.classes == 1U << static_cast<unsigned>(muster::period_class::sensitive));
  CHECK(r.periods == std::vector<muster::index_t>{cls.result.value->find_period("forest_fire_prevention")});

  // A rhythm that holds during nothing would never run.
  auto empty = scheduled("during: [key_dates]", "during: []");
  const auto& none = expect_only(empty.result, "empty-list", empty.at("during: []", "[]"));
  CHECK(none.message == "schedules.roll_call.more_often: during: [] names no period, so this rhythm would never run");
  CHECK(none.hint ==
        "name the periods it holds during, by id (e.g. during: [key_dates]) or by class (special, sensitive), or remove the rhythm");

  auto twice = scheduled("during: [key_dates]", "during: [key_dates, key_dates]");
  expect_only(twice.result, "duplicate-item", twice.at("[key_dates, key_dates]", "key_dates"));
  auto missing = scheduled(weekly_rhythm, "{ every: week, day: mon, at: \"08:30\" }");
  CHECK(expect_only(missing.result, "missing-key", missing.at("{ every: week, day: mon")).message == "a denser rhythm needs 'during'");
}

TEST_CASE("3.2.2 schedules: a more_often rhythm no denser than the schedule's is the warning not-denser; the policy compiles") {
  // A weekly rhythm for a daily schedule: harmless nonsense, kept and warned about.
  auto daily = scheduled(std::string(monthly) + std::string(roll_call_at) + "    more_often:\n      - " + std::string(weekly_rhythm) + "\n" +
                             std::string(daily_rhythm),
                         std::string("    every: day\n") + std::string(roll_call_at) + "    more_often:\n      - " + std::string(weekly_rhythm) + "\n");
  const auto& d = expect_only_warning(daily.result, "not-denser", daily.at(weekly_rhythm, "week"));
  CHECK(d.message ==
        "schedules.roll_call.more_often: every week is not more often than the schedule's every day; its runs are only "
        "added to the regular ones while its periods are in force");
  CHECK(d.hint == "nothing is more often than every day: remove this rhythm");
  REQUIRE(daily.result.value->schedules[0].more_often.size() == 1);
  CHECK(daily.result.value->schedules[0].more_often[0].r.every == muster::recurrence::week);

  // The same recurrence as the schedule's, or a longer one.
  auto same = scheduled(weekly_rhythm, "{ during: [key_dates], every: month, day: 15, at: \"08:30\" }");
  const auto& s = expect_only_warning(same.result, "not-denser", same.at("every: month, day: 15", "month"));
  CHECK(s.message.find("schedules.roll_call.more_often: every month is not more often than the schedule's every month") == 0);
  CHECK(s.hint == "more_often is for a denser rhythm: choose a shorter recurrence than every month (day < week < month < year), or remove it");
  auto longer = scheduled(weekly_rhythm, "{ during: [key_dates], every: year, day: \"06-01\", at: \"08:30\" }");
  expect_only_warning(longer.result, "not-denser", longer.at("every: year, day: \"06-01\"", "year"));

  // A warning does not hide an error: with one, nothing compiles.
  auto both = scheduled(weekly_rhythm, "{ during: [key_dates], every: month, day: 31, at: \"08:30\" }");
  INFO(describe(both.result.diagnostics));
  CHECK_FALSE(both.result.ok());
  CHECK(expect_diag(both.result, "not-denser", both.at("every: month, day: 31", "month")).level == muster::severity::warning);
  CHECK(expect_diag(both.result, "invalid-schedule-time", both.at("day: 31,", "31")).level == muster::severity::error);
}

// ---- catch_up, answer -------------------------------------------------------------------------

TEST_CASE("3.2.2 schedules: an unknown catch_up or answer is invalid-choice, naming the choices") {
  auto catch_up = scheduled("    catch_up: once\n", "    catch_up: twice\n");
  CHECK(expect_only(catch_up.result, "invalid-choice", catch_up.at("catch_up: twice", "twice")).message ==
        "catch_up: 'twice' is not one of once, each_missed");
  auto missed = scheduled("    catch_up: each_missed\n", "    catch_up: each_mised\n");
  CHECK(expect_only(missed.result, "invalid-choice", missed.at("each_mised")).hint == did_you_mean("each_missed"));

  auto answer = scheduled("    answer: report\n", "    answer: reply\n");
  CHECK(expect_only(answer.result, "invalid-choice", answer.at("answer: reply", "reply")).message ==
        "answer: 'reply' is not one of acknowledge, report, update");
  auto ack = scheduled("    answer: acknowledge\n", "    answer: acknowledged\n");
  CHECK(expect_only(ack.result, "invalid-choice", ack.at("acknowledged")).hint == did_you_mean("acknowledge"));
}

// ---- calls -------------------------------------------------------------------------------------

TEST_CASE("3.2.2 schedules: calls with both forces and a role, or neither, is schedule-calls") {
  auto both = scheduled(forces_line, std::string(forces_line) + "      role: fire_rescue\n");
  const auto& d = expect_only(both.result, "schedule-calls", both.at("      role: fire_rescue\n", "fire_rescue"));
  CHECK(d.message == "schedules.roll_call.calls names both forces and a role: a run calls one or the other");
  CHECK(d.hint.find("keep one: calls: { forces: [government, enterprise, social], from: ... }") == 0);

  // Neither: at calls, and only there — the per-force parties of escalate_to are not refused too.
  auto neither = scheduled(std::string(forces_line) + "      capabilities: [water_rescue]\n", "");
  const auto& n = expect_only(neither.result, "schedule-calls", neither.at("    calls:\n      jurisdictions", "jurisdictions"));
  CHECK(n.message == "schedules.roll_call.calls names neither forces nor a role: a run would call nobody");
  CHECK(n.hint.find("add one: ") == 0);
  auto neither_flow = scheduled(drill_calls, "    calls: { from: { role: emergency_management, of: area } }\n");
  expect_only(neither_flow.result, "schedule-calls", neither_flow.at("calls: { from", "{ from"));

  // Capabilities choose forces: on a role they are refused.
  auto caps = scheduled(drill_calls, "    calls: { role: fire_rescue, capabilities: [water_rescue], from: { role: emergency_management, of: area } }\n");
  CHECK(expect_only(caps.result, "schedule-calls", caps.at("capabilities: [water_rescue], from", "[water_rescue]")).message ==
        "schedules.drill.calls: capabilities choose forces, but the schedule calls a role");
}

TEST_CASE("3.2.2 schedules: calls — an unknown force category, capability, jurisdiction or role, with a did-you-mean") {
  auto category = scheduled(forces_line, "      forces: [government, enterprize, social]\n");
  const auto& c = expect_only(category.result, "invalid-choice", category.at("enterprize"));
  CHECK(c.message == "forces: 'enterprize' is not one of government, enterprise, social, expert");
  CHECK(c.hint == did_you_mean("enterprise"));
  auto capability = scheduled("      capabilities: [water_rescue]\n", "      capabilities: [water_rescu]\n");
  CHECK(expect_only(capability.result, "unknown-capability", capability.at("water_rescu]", "water_rescu")).hint ==
        did_you_mean("water_rescue"));
  auto jurisdiction = scheduled("      jurisdictions: [east]\n", "      jurisdictions: [eest]\n");
  CHECK(expect_only(jurisdiction.result, "unknown-jurisdiction", jurisdiction.at("eest")).hint == did_you_mean("east"));
  auto role = scheduled(drill_calls, "    calls: { role: fire_rescu, from: { role: emergency_management, of: area } }\n");
  const auto& r = expect_only(role.result, "unknown-role", role.at("role: fire_rescu,", "fire_rescu"));
  CHECK(r.message == "role 'fire_rescu' is not defined");
  CHECK(r.hint == did_you_mean("fire_rescue"));
}

TEST_CASE("3.2.2 schedules: calls — an empty forces, capabilities or jurisdictions list is empty-list, at the list") {
  // forces: [] calls nobody; capabilities: [] and jurisdictions: [] read as "none" but would mean "any".
  auto forces = scheduled(forces_line, "      forces: []\n");
  const auto& f = expect_only(forces.result, "empty-list", forces.at("      forces: []", "[]"));
  CHECK(f.message == "schedules.roll_call.calls: forces: [] names no category, so a run would call nobody");
  CHECK(f.hint == "name the categories called, e.g. forces: [government, enterprise, social] (of government, enterprise, social, expert)");
  auto caps = scheduled("      capabilities: [water_rescue]\n", "      capabilities: []\n");
  CHECK(expect_only(caps.result, "empty-list", caps.at("      capabilities: []", "[]")).message ==
        "schedules.roll_call.calls: capabilities: [] would call forces with any capability");
  auto places = scheduled("      jurisdictions: [east]\n", "      jurisdictions: [ ]\n");
  CHECK(expect_only(places.result, "empty-list", places.at("      jurisdictions: [ ]", "[ ]")).message ==
        "schedules.roll_call.calls: jurisdictions: [] would call in every jurisdiction");
}

TEST_CASE("3.2.2 schedules: a bad calls.from — scope, position, owner, missing of, unknown role, absent") {
  // Forces may be called by their authority (of: force); a role's holder only by area, upper, root.
  auto incident = scheduled(drill_calls, "    calls: { role: fire_rescue, from: { role: emergency_management, of: incident } }\n");
  const auto& d = expect_only(incident.result, "invalid-scope", incident.at("of: incident } }", "incident"));
  CHECK(d.message == "of: incident is not allowed in schedules.drill.calls.from");
  CHECK(d.hint == "schedules.drill.calls.from takes of: area, upper or root");
  auto force = scheduled(drill_calls, "    calls: { role: fire_rescue, from: { role: industry_authority, of: force } }\n");
  expect_only(force.result, "invalid-scope", force.at("of: force } }", "force"));
  auto forces_owner = scheduled("      from: { role: fire_rescue, of: area }\n", "      from: { of: owner }\n");
  CHECK(expect_only(forces_owner.result, "invalid-scope", forces_owner.at("from: { of: owner }", "owner")).hint ==
        "schedules.roll_call.calls.from takes of: area, upper, root or force");
  auto authority = scheduled("      from: { role: fire_rescue, of: area }\n", "      from: { role: industry_authority, of: force }\n");
  INFO(describe(authority.result.diagnostics));
  CHECK(authority.result.ok());
  auto position = scheduled("      from: { role: fire_rescue, of: area }\n", "      from: { position: commander }\n");
  CHECK(expect_only(position.result, "invalid-scope", position.at("from: { position: commander }", "commander")).message ==
        "position: is not allowed in schedules.roll_call.calls.from");
  auto no_of = scheduled("      from: { role: fire_rescue, of: area }\n", "      from: { role: fire_rescue }\n");
  CHECK(expect_only(no_of.result, "missing-key", no_of.at("from: { role: fire_rescue }", "{")).message ==
        "a party reference needs 'of'");
  auto role = scheduled("      from: { role: fire_rescue, of: area }\n", "      from: { role: fire_rescus, of: area }\n");
  CHECK(expect_only(role.result, "unknown-role", role.at("fire_rescus")).hint == did_you_mean("fire_rescue"));
  auto absent = scheduled("      from: { role: fire_rescue, of: area }\n", "");
  CHECK(expect_only(absent.result, "missing-key", absent.at("    calls:\n      forces", "forces")).message ==
        "a schedule's calls needs 'from'");
}

// ---- the window and the ladder ----------------------------------------------------------------

TEST_CASE("3.2.2 schedules: a missing within is missing-key; a bad one invalid-duration; a longer special window special-period-longer") {
  auto none = scheduled("    within: 30d\n", "");
  CHECK(expect_only(none.result, "missing-key", none.at("  - id: drill", "id")).message == "a schedule needs 'within'");
  auto bad = scheduled("    within: 30d\n", "    within: 1month\n");
  expect_only(bad.result, "invalid-duration", bad.at("within: 1month", "1month"));

  auto longer = scheduled("    within_special_period: 1h\n", "    within_special_period: 3h\n");
  const auto& d = expect_only(longer.result, "special-period-longer", longer.at("within_special_period: 3h", "3h"));
  CHECK(d.message == "schedules.roll_call: within_special_period is longer than within");
  CHECK(d.hint == "special periods shorten deadlines (or leave it out)");
  // Equal shortens nothing, but says nothing wrong (as for a warning tier).
  auto equal = scheduled("    within_special_period: 1h\n", "    within_special_period: 2h\n");
  CHECK(equal.result.ok());
}

TEST_CASE("3.2.2 schedules: a ladder that goes on after expire is expire-not-last, at the first expire") {
  auto e = scheduled(drill_ladder, "    on_timeout: [remind, expire, escalate]\n    escalate_to: [{ role: fire_rescue, of: root }]\n");
  const auto& d = expect_only(e.result, "expire-not-last", e.at("[remind, expire, escalate]", "expire"));
  CHECK(d.message == "schedules.drill's ladder: expire ends the wait, so the rungs after it never run");
  CHECK(d.hint == "move expire to the end of on_timeout (and keep only one)");

  auto block_style = scheduled("      - escalate\n      - { do: expire, notify: [{ role: emergency_management, of: area }] }\n",
                               "      - { do: expire, notify: [{ role: emergency_management, of: area }] }\n      - escalate\n");
  expect_only(block_style.result, "expire-not-last", block_style.at("      - { do: expire", "{ do: expire"));
  auto rung = scheduled(drill_ladder, "    on_timeout: [remind, escalate, expier]\n    escalate_to: [{ role: fire_rescue, of: root }]\n");
  CHECK(expect_only(rung.result, "invalid-choice", rung.at("expier")).hint == did_you_mean("expire"));
}

TEST_CASE("3.2.2 schedules: escalate_to — needed by an escalate rung; per-force parties only when forces are called") {
  auto missing = scheduled(drill_ladder, "    on_timeout: [remind, escalate, expire]\n");
  const auto& d = expect_only(missing.result, "missing-key", missing.at("    within: 30d\n    on_timeout: [remind", "[remind"));
  CHECK(d.message == "schedules.drill: the ladder escalates but does not say to whom");

  // The drill calls a role: its escalate_to and ladder take area, upper, root.
  auto force = scheduled("    escalate_to: [{ role: fire_rescue, of: root }]\n", "    escalate_to: [{ role: industry_authority, of: force }]\n");
  const auto& f = expect_only(force.result, "invalid-scope", force.at("[{ role: industry_authority, of: force }]\n", "force"));
  CHECK(f.message == "of: force is not allowed in escalate_to");
  CHECK(f.hint == "escalate_to takes of: area, upper or root");
  auto owner = scheduled("    escalate_to: [{ role: fire_rescue, of: root }]\n", "    escalate_to: [{ of: owner }]\n");
  expect_only(owner.result, "invalid-scope", owner.at("[{ of: owner }]", "owner"));
  // The roll-call calls forces: their owner and authority are allowed; an incident's scope is not.
  auto forces = scheduled("{ role: fire_rescue, of: upper }]\n", "{ of: owner }]\n");
  INFO(describe(forces.result.diagnostics));
  CHECK(forces.result.ok());
  auto incident = scheduled("{ role: fire_rescue, of: upper }]\n", "{ role: fire_rescue, of: incident }]\n");
  CHECK(expect_only(incident.result, "invalid-scope", incident.at("of: incident }]", "incident")).hint ==
        "escalate_to takes of: area, upper, root or force, or { of: owner }");
  auto notify = scheduled("notify: [{ role: emergency_management, of: area }]", "notify: [{ role: emergency_management, of: command }]");
  CHECK(expect_only(notify.result, "invalid-scope", notify.at("of: command }]", "command")).message ==
        "of: command is not allowed in schedules.roll_call's ladder");
}

// ---- ids, clauses, keys --------------------------------------------------------------------------

TEST_CASE("3.2.2 schedules: a schedule id given twice is duplicate-id, at the second; the second is not compiled") {
  auto e = scheduled("  - id: drill\n", "  - id: roll_call\n");
  const auto& d = expect_only(e.result, "duplicate-id", e.at("  - id: roll_call\n    en: Tabletop", "roll_call"));
  CHECK(d.message == "schedules: id 'roll_call' is already defined on line " + std::to_string(e.at("  - id: roll_call\n    zh:").line));
  CHECK(d.hint == "ids must be unique within their list");
}

TEST_CASE("3.2.2 schedules: a missing id is missing-key, a bad id invalid-id; a missing or unknown clause is refused") {
  auto id = scheduled("  - id: drill\n    en: Tabletop exercise\n", "  - en: Tabletop exercise\n");
  CHECK(expect_only(id.result, "missing-key", id.at("  - en: Tabletop exercise", "en")).message == "a schedule needs 'id'");
  auto bad = scheduled("  - id: drill\n", "  - id: Drill\n");
  expect_only(bad.result, "invalid-id", bad.at("  - id: Drill", "Drill"));

  auto unknown = scheduled("    clause: 3.2.3\n", "    clause: 3.2.9\n");
  const auto& d = expect_only(unknown.result, "unknown-clause", unknown.at("    clause: 3.2.9", "3.2.9"));
  CHECK(d.message == "clause '3.2.9' is not a clause of the policy's document");
  CHECK(d.hint.find("did you mean '3.2.") == 0);
  auto none = scheduled("    clause: 3.2.3\n", "");
  CHECK(expect_only(none.result, "missing-key", none.at("  - id: drill", "id")).message == "a schedule needs 'clause'");
  auto rhythm = scheduled("at: \"07:00\", clause: 3.1.2 }", "at: \"07:00\", clause: 3.1.9 }");
  expect_only(rhythm.result, "unknown-clause", rhythm.at("clause: 3.1.9", "3.1.9"));
}

TEST_CASE("3.2.2 schedules: missing every or calls is missing-key, at the schedule") {
  auto every = scheduled("    every: year\n", "");
  CHECK(expect_only(every.result, "missing-key", every.at("  - id: drill", "id")).message == "a schedule needs 'every'");
  auto calls = scheduled(drill_calls, "");
  CHECK(expect_only(calls.result, "missing-key", calls.at("  - id: drill", "id")).message == "a schedule needs 'calls'");
}

TEST_CASE("3.2.2 schedules: an unknown key in a schedule, a denser rhythm or calls is unknown-key with a did-you-mean") {
  auto top = scheduled("    catch_up: each_missed\n", "    catch_up: each_missed\n    timeout: 1h\n");
  CHECK(expect_only(top.result, "unknown-key", top.at("    timeout: 1h", "timeout")).message == "unknown key 'timeout' in a schedule");
  auto rhythm = scheduled(weekly_rhythm, "{ during: [key_dates], every: week, day: mon, time: \"08:30\" }");
  INFO(describe(rhythm.result.diagnostics));
  CHECK(expect_diag(rhythm.result, "unknown-key", rhythm.at("time: \"08:30\"", "time")).message == "unknown key 'time' in a denser rhythm");
  expect_diag(rhythm.result, "missing-key", rhythm.at("{ during: [key_dates], every: week, day: mon, time"));  // and at is missing
  auto calls = scheduled("      jurisdictions: [east]\n", "      jurisdiction: [east]\n");
  CHECK(expect_only(calls.result, "unknown-key", calls.at("jurisdiction: [east]", "jurisdiction")).hint == did_you_mean("jurisdictions"));
}

// ---- 3.2.1: calls.failing and answer: update ------------------------------------------------

namespace {

/// The block plus a data_current check, and a monthly upkeep schedule calling the owners of the
/// forces that fail it, answered by force.update.
std::string with_upkeep(std::string_view failing = "[stale]", std::string_view answer = "update") {
  return with_block() +
         "  - id: upkeep\n"
         "    clause: 3.2.2\n"
         "    every: month\n"
         "    day: 1\n"
         "    at: \"08:00\"\n"
         "    calls: { forces: [government, social], failing: " + std::string(failing) + ", from: { role: emergency_management, of: area } }\n"
         "    answer: " + std::string(answer) + "\n"
         "    within: 7d\n"
         "checks:\n"
         "  - { id: insured, clause: 3.2.2, check: insured, then: warn }\n"
         "  - { id: stale, clause: 3.2.2, check: data_current, max_age: 180d, then: warn }\n";
}

}  // namespace

TEST_CASE("3.2.1 schedules: calls.failing names checks; a run calls only the forces failing one; answer: update") {
  edited ok{with_upkeep()};
  INFO(describe(ok.result.diagnostics));
  REQUIRE(ok.result.ok());
  const muster::schedule& s = ok.result.value->schedules.at(2);
  CHECK(s.id == "upkeep");
  CHECK(s.failing == 0b10);  // the second check
  CHECK(s.answer == muster::answer_kind::update);
  CHECK(ok.result.value->schedules.at(0).failing == 0);
}

TEST_CASE("3.2.1 schedules: an unknown check in calls.failing is unknown-check with a did-you-mean; [] is empty-list") {
  edited typo{with_upkeep("[stael]")};
  CHECK(expect_only(typo.result, "unknown-check", typo.at("failing: [stael]", "stael")).hint == did_you_mean("stale"));
  edited empty{with_upkeep("[]")};
  expect_only(empty.result, "empty-list", empty.at("failing: []", "[]"));
  edited role{with_block() + "  - { id: upkeep, clause: 3.2.2, every: day, at: \"08:00\", within: 1h,\n"
                             "      calls: { role: fire_rescue, failing: [stale], from: { role: emergency_management, of: area } } }\n"
                             "checks:\n  - { id: stale, clause: 3.2.2, check: data_current, max_age: 180d, then: warn }\n"};
  CHECK(expect_only(role.result, "schedule-calls", role.at("failing: [stale], from", "[")).message ==
        "schedules.upkeep.calls: failing chooses forces, but the schedule calls a role");
  edited answer{with_upkeep("[stale]", "updated")};
  CHECK(expect_only(answer.result, "invalid-choice", answer.at("answer: updated", "updated")).hint == did_you_mean("update"));
}

TEST_CASE("3.2.2 schedules: calls a role several organisations hold in a jurisdiction called — the warning shared-role; none holds it — schedule-calls") {
  // industry_authority: city_em and city_water in city (the first is called), one in east and west.
  auto shared = scheduled(drill_calls, "    calls: { role: industry_authority, from: { role: emergency_management, of: area } }\n");
  const auto& w = expect_only_warning(shared.result, "shared-role", shared.at("role: industry_authority, from", "industry_authority"));
  CHECK(w.message ==
        "schedules.drill.calls: role 'industry_authority' is held by 2 organisations in jurisdiction 'city' ('city_em', 'city_water'); "
        "a run calls only the first, 'city_em'");
  CHECK(w.hint == "call a role one organisation holds per jurisdiction, or call forces");
  REQUIRE(shared.result.ok());

  // Scoped to east: one holder there, nothing to warn about.
  auto east = scheduled(drill_calls, "    calls: { role: industry_authority, jurisdictions: [east], from: { role: emergency_management, of: area } }\n");
  INFO(describe(east.result.diagnostics));
  CHECK(east.result.ok());
  CHECK(east.result.diagnostics.empty());

  // force_unit is held only in city: scoped to west, a run would call nobody.
  auto nobody = scheduled(drill_calls, "    calls: { role: force_unit, jurisdictions: [west], from: { role: emergency_management, of: area } }\n");
  const auto& e = expect_only(nobody.result, "schedule-calls", nobody.at("role: force_unit", "force_unit"));
  CHECK(e.message == "schedules.drill.calls: no organisation holds role 'force_unit' in the jurisdictions called: a run would call nobody");
  CHECK(e.hint == "give those jurisdictions an organisation with roles: [force_unit], or call another role");
  // Unscoped, city's holder is called, and west and east are not: documented, not refused.
  auto city_only = scheduled(drill_calls, "    calls: { role: force_unit, from: { role: emergency_management, of: area } }\n");
  INFO(describe(city_only.result.diagnostics));
  CHECK(city_only.result.ok());
}
