// Schedules in the engine (issue 12, items 3 and 4): roll-calls (3.2.2) and drill reports
// (3.2.3) on the minimal policy (tests/policy/fixtures) with one `schedules:` block appended,
// so each case reads the rhythm it tests. Runs fire from the engine clock alone.
#include "engine/scenario.hpp"
#include "policy/test_compiler_support.hpp"

#include <muster/engine.hpp>

#include <memory>
#include <string>
#include <vector>

using muster::call_state;
using muster::event;
using muster::event_kind;
using muster::index_t;
using muster::run_state;
using muster::timestamp;
using muster_test::lines;
using muster_test::local_time;

namespace {

/// A roll-call of every government, enterprise and social force through its owner, called by
/// the fire team of the force's jurisdiction; monthly on the 1st at 09:00, weekly on Mondays
/// while key dates are declared (daily when the schedule itself is weekly). `catch_up` and
/// `every` are the knobs the cases turn.
std::string roll_call(std::string_view every = "month", std::string_view day = "1", std::string_view catch_up = "once") {
  const std::string denser = every == "week" ? "every: day" : "every: week, day: mon";
  return std::string(R"(
schedules:
  - id: roll_call
    zh: 调度点名
    en: Roll-call
    clause: 3.2.2
    every: )") + std::string(every) + "\n    day: " + std::string(day) + R"(
    at: "09:00"
    more_often:
      - { during: [key_dates], )" + denser + R"(, at: "09:00" }
    catch_up: )" + std::string(catch_up) + R"(
    calls:
      forces: [government, enterprise, social]
      from: { role: fire_rescue, of: area }
    answer: acknowledge
    within: 2h
    within_special_period: 1h
    on_timeout:
      - remind
      - escalate
      - { do: expire, notify: [{ role: emergency_management, of: area }] }
    escalate_to: [{ role: industry_authority, of: force }]
)";
}

/// A yearly drill whose report each fire team owes its EM department (3.2.3).
const char* const drill_report = R"(
schedules:
  - id: drill
    zh: 综合演练
    en: Comprehensive drill
    clause: 3.2.2
    every: year
    day: "11-02"
    at: "09:00"
    calls: { role: fire_rescue, from: { role: emergency_management, of: area } }
    answer: report
    within: 30d
    on_timeout: [remind]
)";

/// A daily roll-call (09:00) of the same forces whose deadline `within` may outlast the day, so
/// the next run can open while the last one's calls are still inside their window.
std::string daily_roll_call(std::string_view within) {
  return std::string(R"(
schedules:
  - id: daily_call
    zh: 每日点名
    en: Daily roll-call
    clause: 3.2.2
    every: day
    at: "09:00"
    calls:
      forces: [government, enterprise, social]
      from: { role: fire_rescue, of: area }
    within: )") + std::string(within) + R"(
    on_timeout: [remind, remind]
)";
}

/// An engine on the minimal policy with `block` appended; its clock starts on 2026-10-10 09:00
/// (a Saturday, outside forest-fire prevention, which starts on 1 November).
class calendar {
 public:
  explicit calendar(const std::string& block) {
    auto [p, r] = compiler_test::compile_pair(compiler_test::policy_text() + block);
    policy_ = p;
    registry_ = r;
    engine_ = std::make_unique<muster::engine>(policy_, registry_);
    REQUIRE(engine_->advance_to(muster_test::no_special_period).accepted);  // arms the schedules
  }

  muster::engine& engine() { return *engine_; }
  index_t org(std::string_view id) const { return policy_->find_organisation(id); }
  index_t force(std::string_view id) const { return registry_->find_force(id); }

  /// Moves the clock to `t` and returns the effects as "kind topic to=… [from=…] [force=…]".
  std::vector<std::string> advance_to(timestamp t) { return lines_of(engine_->advance_to(t)); }

  const muster::outcome& answer(muster::run_id run, std::string_view by, std::string_view force_id, timestamp t) {
    event e;
    e.id = ++id_;
    e.at = t;
    e.kind = event_kind::schedule_answer;
    e.target = run;
    e.by.organisation = org(by);
    e.force = force_id.empty() ? muster::no_index : force(force_id);
    return engine_->submit(e);
  }

  const muster::outcome& declare(std::string_view period, std::string_view by, timestamp t, bool end = false) {
    event e;
    e.id = ++id_;
    e.at = t;
    e.kind = end ? event_kind::period_end : event_kind::period_declare;
    e.period = policy_->find_period(period);
    e.by.organisation = org(by);
    return engine_->submit(e);
  }

  /// One line per call of run `id`: "to force state".
  std::vector<std::string> calls(muster::run_id id) const {
    std::vector<std::string> v;
    const auto r = engine_->run(id);
    REQUIRE(r);
    for (const auto& c : r->calls)
      v.push_back(policy_->organisations[c.organisation].id + " " +
                  (c.force == muster::no_index ? std::string("-") : registry_->forces[c.force].id) + " " +
                  std::string(muster::to_string(c.state)));
    return v;
  }

  std::vector<std::string> lines_of(const muster::outcome& o) const {
    std::vector<std::string> v;
    for (const auto& e : o.effects) {
      std::string s = std::string(muster::to_string(e.kind)) + " " + std::string(muster::to_string(e.about)) +
                      " to=" + policy_->organisations[e.to].id;
      if (e.from != muster::no_index) s += " from=" + policy_->organisations[e.from].id;
      if (e.force != muster::no_index) s += " force=" + registry_->forces[e.force].id;
      v.push_back(s);
    }
    return v;
  }

 private:
  std::shared_ptr<const muster::policy> policy_;
  std::shared_ptr<const muster::force_registry> registry_;
  std::unique_ptr<muster::engine> engine_;
  std::uint64_t id_ = 0;
};

constexpr timestamp hours(int n) { return static_cast<timestamp>(n) * 3600; }

}  // namespace

TEST_CASE("3.2.2 roll-call: the run on the 1st at 09:00 calls each force in scope through its owner, from the fire team of its jurisdiction") {
  calendar c(roll_call());
  CHECK(c.engine().run_count() == 0);
  const timestamp run_at = local_time(2026, 11, 1, 9, 0);
  CHECK(c.advance_to(run_at - 1).empty());
  CHECK(lines(c.advance_to(run_at)) == lines({
                                           "schedule_call answer_due to=east_fire from=east_fire force=east_brigade",
                                           "schedule_call answer_due to=city_grid from=city_fire force=grid_repair_team",
                                           "schedule_call answer_due to=west_gov from=west_fire force=west_volunteers",
                                       }));
  // The expert is not of the categories called.
  REQUIRE(c.engine().run_count() == 1);
  const auto r = c.engine().run(1);
  CHECK(r->state == run_state::open);
  CHECK(r->opened_at == run_at);
  // 1 November opens forest-fire prevention (a special period): the shorter window.
  for (const auto& call : r->calls) CHECK(call.due == run_at + hours(1));
  // Each owner has the answer on its worklist; the next run is on the calendar.
  const auto owed = c.engine().worklist(c.org("west_gov"));
  REQUIRE(owed.size() == 1);
  CHECK(owed[0].kind == muster::work_kind::schedule_answer);
  bool next_listed = false;
  for (const auto& d : c.engine().deadlines())
    next_listed |= d.kind == muster::deadline_kind::schedule_run && d.due == local_time(2026, 12, 1, 9, 0);
  CHECK(next_listed);
}

TEST_CASE("3.2.2 roll-call: each force ends answered, late or missed; silence reminds, escalates, then expires and tells EM") {
  calendar c(roll_call());
  const timestamp run_at = local_time(2026, 11, 1, 9, 0);
  c.advance_to(run_at);
  REQUIRE(c.answer(1, "east_fire", "east_brigade", run_at + 600).accepted);
  // The first rung: a reminder to each owner still silent.
  CHECK(lines(c.advance_to(run_at + hours(1))) == lines({
                                                     "remind call_unanswered to=city_grid force=grid_repair_team",
                                                     "remind call_unanswered to=west_gov force=west_volunteers",
                                                 }));
  REQUIRE(c.answer(1, "city_grid", "grid_repair_team", run_at + hours(1) + 60).accepted);  // after a reminder: late
  CHECK(lines(c.advance_to(run_at + hours(2))) ==
        lines({"escalate call_unanswered to=west_em from=west_gov force=west_volunteers"}));
  CHECK(lines(c.advance_to(run_at + hours(3))) ==
        lines({"notify call_unanswered to=west_em from=west_gov force=west_volunteers"}));
  CHECK(lines(c.calls(1)) == lines({
                                 "east_fire east_brigade answered",
                                 "city_grid grid_repair_team late",
                                 "west_gov west_volunteers missed",
                             }));
  // The run stands until its next run: a missed answer still comes in, late.
  CHECK(c.engine().run(1)->state == run_state::open);
  REQUIRE(c.answer(1, "west_gov", "west_volunteers", run_at + hours(4)).accepted);
  CHECK(c.calls(1).back() == "west_gov west_volunteers late");
  CHECK(c.engine().run(1)->state == run_state::closed);  // everyone has answered
  CHECK(c.engine().run(1)->closed_at == run_at + hours(4));
  CHECK(c.engine().worklist(c.org("west_gov")).empty());
}

TEST_CASE("3.2.2 roll-call: the next run closes the last; whoever had not answered missed it") {
  calendar c(roll_call());
  c.advance_to(local_time(2026, 11, 1, 9, 0));
  REQUIRE(c.answer(1, "east_fire", "east_brigade", local_time(2026, 11, 1, 9, 5)).accepted);
  c.advance_to(local_time(2026, 12, 1, 9, 0));
  CHECK(c.engine().run(1)->state == run_state::closed);
  CHECK(lines(c.calls(1)) == lines({
                                 "east_fire east_brigade answered",
                                 "city_grid grid_repair_team missed",
                                 "west_gov west_volunteers missed",
                             }));
  CHECK(c.engine().run(2)->state == run_state::open);
  // The closed run's answer is no longer asked for; the open run's is.
  const auto& late = c.answer(1, "west_gov", "west_volunteers", local_time(2026, 12, 1, 9, 1));
  CHECK(late.reason == muster::rejection::not_allowed_in_state);
  CHECK(c.answer(2, "west_gov", "west_volunteers", local_time(2026, 12, 1, 9, 2)).accepted);
}

TEST_CASE("3.2.2 roll-call: a call still inside its window when the next run opens is closed, not missed") {
  // Within 30 h: run 1 (Sunday 11 October, 09:00) is due on Monday at 15:00, after run 2 opens.
  calendar c(daily_roll_call("30h"));
  c.advance_to(local_time(2026, 10, 11, 9, 0));
  REQUIRE(c.engine().run_count() == 1);
  REQUIRE(c.answer(1, "east_fire", "east_brigade", local_time(2026, 10, 11, 10, 0)).accepted);
  // Run 2 opens: its calls, and no reminder (nobody's deadline has passed).
  CHECK(lines(c.advance_to(local_time(2026, 10, 12, 9, 0))) == lines({
                                                                  "schedule_call answer_due to=east_fire from=east_fire force=east_brigade",
                                                                  "schedule_call answer_due to=city_grid from=city_fire force=grid_repair_team",
                                                                  "schedule_call answer_due to=west_gov from=west_fire force=west_volunteers",
                                                              }));
  REQUIRE(c.engine().run_count() == 2);
  const auto closed = c.engine().run(1);
  CHECK(closed->state == run_state::closed);
  CHECK(closed->closed_at == local_time(2026, 10, 12, 9, 0));
  CHECK(lines(c.calls(1)) == lines({
                                 "east_fire east_brigade answered",
                                 "city_grid grid_repair_team closed",
                                 "west_gov west_volunteers closed",
                             }));
  for (const auto& call : closed->calls) CHECK(call.silences == 0);
  // The closed run's call is no longer asked for; only run 2's is on the worklist.
  CHECK(c.answer(1, "west_gov", "west_volunteers", local_time(2026, 10, 12, 9, 1)).reason == muster::rejection::not_allowed_in_state);
  const auto owed = c.engine().worklist(c.org("west_gov"));
  REQUIRE(owed.size() == 1);
  CHECK(owed[0].run == 2);
}

TEST_CASE("3.2.2 roll-call: a call already overdue when the next run opens is missed") {
  // Within 20 h: run 1's calls are due on Monday at 05:00 and reminded then (a fresh deadline
  // on Tuesday at 01:00); when run 2 opens at 09:00 their first deadline has passed.
  calendar c(daily_roll_call("20h"));
  c.advance_to(local_time(2026, 10, 11, 9, 0));
  REQUIRE(c.answer(1, "east_fire", "east_brigade", local_time(2026, 10, 11, 10, 0)).accepted);
  CHECK(lines(c.advance_to(local_time(2026, 10, 12, 5, 0))) == lines({
                                                                  "remind call_unanswered to=city_grid force=grid_repair_team",
                                                                  "remind call_unanswered to=west_gov force=west_volunteers",
                                                              }));
  c.advance_to(local_time(2026, 10, 12, 9, 0));
  CHECK(c.engine().run(1)->state == run_state::closed);
  CHECK(lines(c.calls(1)) == lines({
                                 "east_fire east_brigade answered",
                                 "city_grid grid_repair_team missed",
                                 "west_gov west_volunteers missed",
                             }));

  // Within 24 h: the deadline falls at the very instant run 2 opens. It passes first (its timer
  // was set first), so the call is reminded, then missed as run 1 closes.
  calendar edge(daily_roll_call("24h"));
  edge.advance_to(local_time(2026, 10, 11, 9, 0));
  const auto at_edge = edge.advance_to(local_time(2026, 10, 12, 9, 0));
  CHECK(at_edge.front() == "remind call_unanswered to=east_fire force=east_brigade");
  for (const auto& line : edge.calls(1)) CHECK(line.substr(line.rfind(' ') + 1) == "missed");
}

TEST_CASE("3.2.2 roll-call: refused answers change nothing (wrong organisation, unknown run or force, twice)") {
  calendar c(roll_call());
  const timestamp run_at = local_time(2026, 11, 1, 9, 0);
  c.advance_to(run_at);
  const std::string before = c.engine().state_digest();
  const auto& wrong = c.answer(1, "west_gov", "east_brigade", run_at + 60);
  CHECK(wrong.reason == muster::rejection::actor_lacks_role);
  CHECK(wrong.detail.find("was not called in run 1 of schedule roll_call for force east_brigade") != std::string::npos);
  CHECK(c.answer(2, "east_fire", "east_brigade", run_at + 60).reason == muster::rejection::unknown_run);
  CHECK(c.answer(0, "east_fire", "east_brigade", run_at + 60).reason == muster::rejection::unknown_run);
  // A force-calling schedule needs the force: the owner alone names no call.
  const auto& no_force = c.answer(1, "east_fire", "", run_at + 60);
  CHECK(no_force.reason == muster::rejection::actor_lacks_role);
  CHECK(no_force.detail.find("name the force it answers for") != std::string::npos);
  CHECK(c.engine().state_digest() == before);
  REQUIRE(c.answer(1, "east_fire", "east_brigade", run_at + 120).accepted);
  const std::string answered = c.engine().state_digest();
  CHECK(c.answer(1, "east_fire", "east_brigade", run_at + 180).reason == muster::rejection::not_allowed_in_state);
  CHECK(c.engine().state_digest() == answered);
}

TEST_CASE("3.2.2 roll-call: weekly while key dates are declared, monthly again once they end") {
  calendar c(roll_call());
  const timestamp declared = local_time(2026, 10, 10, 10, 0);  // a Saturday
  REQUIRE(c.declare("key_dates", "east_em", declared).accepted);
  // Monday 12 October: a run by the denser rhythm, with the regular window (no special period yet).
  c.advance_to(local_time(2026, 10, 12, 9, 0));
  REQUIRE(c.engine().run_count() == 1);
  CHECK(c.engine().run(1)->calls.front().due == local_time(2026, 10, 12, 11, 0));
  c.advance_to(local_time(2026, 10, 19, 9, 0));
  CHECK(c.engine().run_count() == 2);
  REQUIRE(c.declare("key_dates", "east_em", local_time(2026, 10, 20, 9, 0), true).accepted);
  // No more Mondays: the next run is the 1st of November.
  c.advance_to(local_time(2026, 10, 31, 9, 0));
  CHECK(c.engine().run_count() == 2);
  c.advance_to(local_time(2026, 11, 1, 9, 0));
  CHECK(c.engine().run_count() == 3);
  CHECK(c.engine().run(3)->opened_at == local_time(2026, 11, 1, 9, 0));
}

TEST_CASE("3.2.2 roll-call catch-up: after a gap `once` opens only the latest missed run, `each_missed` one per missed time") {
  // Weekly on Mondays; the clock jumps 29 days (four Mondays) in one advance.
  const timestamp gap_end = local_time(2026, 11, 8, 9, 0);
  calendar once(roll_call("week", "mon", "once"));
  once.advance_to(gap_end);
  REQUIRE(once.engine().run_count() == 1);
  // The latest Monday's run; the gap carried it past its whole window (two hours), so it opens
  // where the gap ends, with a full window, rather than calling and climbing its ladder at once.
  CHECK(once.engine().run(1)->opened_at == gap_end);
  CHECK(once.engine().run(1)->state == run_state::open);
  const auto opened = once.engine().run(1);
  for (const auto& call : opened->calls) CHECK(call.due == gap_end + hours(1));  // November: forest-fire season
  CHECK(lines(once.calls(1)) == lines({"east_fire east_brigade pending", "city_grid grid_repair_team pending", "west_gov west_volunteers pending"}));

  calendar each(roll_call("week", "mon", "each_missed"));
  each.advance_to(gap_end);
  REQUIRE(each.engine().run_count() == 4);
  // Each earlier Monday at its own time; the last one, which stays open, where the gap ends.
  const timestamp mondays[] = {local_time(2026, 10, 12, 9, 0), local_time(2026, 10, 19, 9, 0),
                               local_time(2026, 10, 26, 9, 0), gap_end};
  for (muster::run_id r = 1; r <= 4; ++r) {
    CAPTURE(r);
    CHECK(each.engine().run(r)->opened_at == mondays[r - 1]);
    CHECK(each.engine().run(r)->state == (r < 4 ? run_state::closed : run_state::open));
  }
  // Every earlier run closed with its calls missed, having climbed what of the ladder it could.
  for (const auto& line : each.calls(1)) CHECK(line.substr(line.rfind(' ') + 1) == "missed");
}

TEST_CASE("3.2.2 roll-call catch-up: a run whose window is still open when the step ends keeps its own time and deadline") {
  calendar c(roll_call());
  const timestamp run_at = local_time(2026, 11, 1, 9, 0);
  // Down from 08:00 to 09:30: the 09:00 run opens at 09:00, its calls due at 10:00 as always.
  c.advance_to(run_at - 3600);
  c.advance_to(run_at + 1800);
  REQUIRE(c.engine().run_count() == 1);
  CHECK(c.engine().run(1)->opened_at == run_at);
  const auto first = c.engine().run(1);
  for (const auto& call : first->calls) CHECK(call.due == run_at + hours(1));
  // Down past the window: November's ladder climbs at its own times (those were due then), and
  // December's run opens when the clock comes back, with nothing of its own ladder in the step.
  const timestamp back = local_time(2026, 12, 1, 15, 0);
  CHECK(lines(c.advance_to(back)) == lines({
                                         "remind call_unanswered to=east_fire force=east_brigade",
                                         "remind call_unanswered to=city_grid force=grid_repair_team",
                                         "remind call_unanswered to=west_gov force=west_volunteers",
                                         "escalate call_unanswered to=east_em from=east_fire force=east_brigade",
                                         "escalate call_unanswered to=city_water from=city_grid force=grid_repair_team",
                                         "escalate call_unanswered to=west_em from=west_gov force=west_volunteers",
                                         "notify call_unanswered to=east_em from=east_fire force=east_brigade",
                                         "notify call_unanswered to=city_em from=city_grid force=grid_repair_team",
                                         "notify call_unanswered to=west_em from=west_gov force=west_volunteers",
                                         "schedule_call answer_due to=east_fire from=east_fire force=east_brigade",
                                         "schedule_call answer_due to=city_grid from=city_fire force=grid_repair_team",
                                         "schedule_call answer_due to=west_gov from=west_fire force=west_volunteers",
                                     }));
  REQUIRE(c.engine().run_count() == 2);
  CHECK(c.engine().run(2)->opened_at == back);
  const auto second = c.engine().run(2);
  for (const auto& call : second->calls) CHECK(call.due == back + hours(1));
}

TEST_CASE("3.2.3 drill report: the holder of the role in each jurisdiction is called once, by its EM department, and owes a report") {
  calendar c(drill_report);
  CHECK(lines(c.advance_to(local_time(2026, 11, 2, 9, 0))) == lines({
                                                                  "schedule_call report_due to=city_fire from=city_em",
                                                                  "schedule_call report_due to=east_fire from=east_em",
                                                                  "schedule_call report_due to=west_fire from=west_em",
                                                              }));
  // Called by role, the answer names no force.
  REQUIRE(c.answer(1, "east_fire", "", local_time(2026, 11, 20, 9, 0)).accepted);
  CHECK(c.answer(1, "east_em", "", local_time(2026, 11, 20, 9, 1)).reason == muster::rejection::actor_lacks_role);
  CHECK(lines(c.advance_to(local_time(2026, 12, 2, 9, 0))) == lines({
                                                                  "remind call_unanswered to=city_fire",
                                                                  "remind call_unanswered to=west_fire",
                                                              }));
  CHECK(lines(c.calls(1)) == lines({"city_fire - pending", "east_fire - answered", "west_fire - pending"}));
}

TEST_CASE("3.2.3 drill report: on_answer tells the EM department that asked, late reports too, and nobody without it") {
  std::string with_notice = drill_report;
  with_notice += "    on_answer: { notify: [{ role: emergency_management, of: area }, { role: fire_rescue, of: upper }] }\n";
  calendar c(with_notice);
  c.advance_to(local_time(2026, 11, 2, 9, 0));
  const muster::outcome& filed = c.answer(1, "east_fire", "", local_time(2026, 11, 20, 9, 0));
  REQUIRE(filed.accepted);
  // Its EM department, and the city fire team above it; `from` is the team that filed.
  CHECK(lines(c.lines_of(filed)) == lines({"notify call_answered to=east_em from=east_fire", "notify call_answered to=city_fire from=east_fire"}));
  REQUIRE(filed.effects.size() == 2);
  CHECK(filed.effects[0].run == 1);
  // A report past its deadline, after the reminder, is late and still told.
  c.advance_to(local_time(2026, 12, 2, 9, 0));
  const muster::outcome& late = c.answer(1, "west_fire", "", local_time(2026, 12, 3, 9, 0));
  REQUIRE(late.accepted);
  CHECK(lines(c.lines_of(late)) == lines({"notify call_answered to=west_em from=west_fire", "notify call_answered to=city_fire from=west_fire"}));
  // The city's own fire team reports to the city EM; `upper` of the root is nobody, and no
  // notice goes back to the one that filed it.
  const muster::outcome& city = c.answer(1, "city_fire", "", local_time(2026, 12, 3, 10, 0));
  CHECK(lines(c.lines_of(city)) == lines({"notify call_answered to=city_em from=city_fire"}));
  // A refused answer tells nobody.
  CHECK(c.answer(1, "east_fire", "", local_time(2026, 12, 3, 11, 0)).effects.empty());

  calendar quiet(drill_report);
  quiet.advance_to(local_time(2026, 11, 2, 9, 0));
  CHECK(quiet.answer(1, "east_fire", "", local_time(2026, 11, 20, 9, 0)).effects.empty());
}

TEST_CASE("3.2.2 roll-call: a run due at the very instant of the first input is the first run, not a month later") {
  auto [p, r] = compiler_test::compile_pair(compiler_test::policy_text() + roll_call());
  muster::engine en(p, r);
  const timestamp run_at = local_time(2026, 11, 1, 9, 0);
  REQUIRE(en.advance_to(run_at).accepted);  // the first input arms the schedules at 09:00 sharp
  CHECK(en.run_count() == 0);
  const muster::outcome& next = en.advance_to(run_at + 60);
  CHECK(next.effects.size() == 3);  // the three owners called
  REQUIRE(en.run_count() == 1);
  CHECK(en.run(1)->opened_at == run_at);
  // One second later, and the 09:00 run is past: the first is December's.
  muster::engine late(p, r);
  REQUIRE(late.advance_to(run_at + 1).accepted);
  late.advance_to(local_time(2026, 11, 30, 9, 0));
  CHECK(late.run_count() == 0);
}

TEST_CASE("schedules: the same inputs give the same runs and digest; a schedule is armed by the first input, not the wall clock") {
  calendar a(roll_call()), b(roll_call());
  for (calendar* c : {&a, &b}) {
    c->advance_to(local_time(2026, 11, 1, 9, 0));
    REQUIRE(c->answer(1, "east_fire", "east_brigade", local_time(2026, 11, 1, 9, 30)).accepted);
    c->advance_to(local_time(2026, 12, 1, 12, 0));
  }
  CHECK(a.engine().state_digest() == b.engine().state_digest());
  CHECK(a.engine().run_count() == 2);
}
