// The live registry (issue 13, item 2): force.update changes a force's duty status (3.2.2), head
// count and item counts, or confirms its base data current (3.2.1). The dispatch checks read the
// result at once; refusals change nothing; the state digest covers it, so a replay of the same
// inputs rebuilds the same registry. On the minimal policy and registry (tests/policy/fixtures).
#include "engine/checked_engine.hpp"

using muster::duty_status;
using muster::event;
using muster::rejection;
using muster::timestamp;
using muster_test::local_time;

namespace {

using namespace checks_test;

const char* const duty_checks =
    "  - { id: in_service, clause: 3.2.2, check: duty, fails_on: [maintenance, stood_down], then: exclude }\n"
    "  - { id: free, clause: 3.2.2, check: duty, fails_on: [on_duty_elsewhere], then: break_glass }\n";

auto set_duty(duty_status d) {
  return [d](event& e) { e.duty = static_cast<std::uint8_t>(d); };
}

/// The first proposal's force id for a plan by water_rescue, or "" when none.
std::string first_proposal(checked& c, timestamp t) {
  const auto o = c.draft(t, {}, {"water_rescue"});
  REQUIRE(o.accepted);
  for (const auto& e : o.effects)
    if (e.kind == muster::effect_kind::propose_force) return c.registry().forces[e.force].id;
  return "";
}

}  // namespace

TEST_CASE("3.2.2 force.update: a force under maintenance is neither proposed nor named; back in service it is again") {
  // An incident of the city: the East brigade (first in the registry) and the West team are as near.
  checked c(duty_checks, {}, t0, "city");
  CHECK(first_proposal(c, t0 + minutes(1)) == "east_brigade");
  REQUIRE(c.update(t0 + minutes(2), "east_fire", "east_brigade", set_duty(duty_status::maintenance)).accepted);
  CHECK(c.engine().force_status(c.force("east_brigade"))->duty == duty_status::maintenance);
  CHECK(first_proposal(c, t0 + minutes(3)) == "west_volunteers");
  const auto named = c.draft(t0 + minutes(4), {"east_brigade"}, {}, true, "needed");
  REQUIRE_FALSE(named.accepted);
  CHECK(named.reason == rejection::force_check_failed);
  CHECK(named.detail.find("check in_service (3.2.2): its duty status is maintenance") != std::string::npos);

  REQUIRE(c.update(t0 + minutes(5), "east_fire", "east_brigade", set_duty(duty_status::available)).accepted);
  CHECK(first_proposal(c, t0 + minutes(6)) == "east_brigade");
}

TEST_CASE("3.2.2 force.update: a force on duty elsewhere is named only by break-glass") {
  checked c(duty_checks, {}, t0, "east");
  REQUIRE(c.update(t0 + minutes(1), "east_em", "east_brigade", set_duty(duty_status::on_duty_elsewhere)).accepted);
  const auto plain = c.draft(t0 + minutes(2), {"east_brigade"});
  REQUIRE_FALSE(plain.accepted);
  CHECK(plain.reason == rejection::force_check_failed);
  CHECK(plain.detail.find("its duty status is on_duty_elsewhere") != std::string::npos);
  const auto glass = c.draft(t0 + minutes(3), {"east_brigade"}, {}, true, "the other job can wait");
  REQUIRE(glass.accepted);
  REQUIRE_FALSE(glass.effects.empty());
  CHECK(glass.effects[0].about == muster::topic::break_glass);
}

TEST_CASE("3.2.1 force.update: confirming the data makes it current from the event's day; the warning stops") {
  checked c(data_current_warns, {{"    data_updated: 2026-11-01\n", "    data_updated: 2026-03-01\n"}}, t0, "east");
  const auto stale = c.draft(t0 + minutes(1), {"east_brigade"});
  REQUIRE(stale.accepted);
  CHECK(c.lines_of(stale).back().find("checks.data_current") != std::string::npos);

  REQUIRE(c.update(t0 + minutes(2), "east_fire", "east_brigade", [](event& e) { e.confirmed = true; }).accepted);
  const auto view = c.engine().force_status(c.force("east_brigade"));
  REQUIRE(view);
  CHECK(view->data_updated.year == 2026);
  CHECK(view->data_updated.month == 10);
  CHECK(view->data_updated.day == 10);
  const auto fresh = c.draft(t0 + minutes(3), {"east_brigade"});
  REQUIRE(fresh.accepted);
  for (const auto& line : c.lines_of(fresh)) CHECK(line.find("checks.data_current") == std::string::npos);
  // Current for 180 days after 10 October: to the end of 8 April, stale on the 9th.
  for (timestamp t = t0 + 30 * 86400; t < local_time(2027, 4, 8, 9, 0); t += 30 * 86400) REQUIRE(c.engine().advance_to(t).accepted);
  const auto last_day = c.draft(local_time(2027, 4, 8, 23, 59), {"east_brigade"});
  REQUIRE(last_day.accepted);
  for (const auto& line : c.lines_of(last_day)) CHECK(line.find("checks.data_current") == std::string::npos);
  const auto later = c.draft(local_time(2027, 4, 9, 0, 0), {"east_brigade"});
  REQUIRE(later.accepted);
  CHECK(c.lines_of(later).back().find("checks.data_current") != std::string::npos);
}

TEST_CASE("3.2.1 force.update: head count and an item's count change the force's view and date its data") {
  checked c(data_current_warns, {}, t0, "east");
  const auto before = c.engine().force_status(c.force("east_brigade"));
  REQUIRE(before);
  CHECK(before->personnel == 30);
  CHECK(before->equipment == std::vector<std::uint32_t>{2});
  CHECK(before->materials == std::vector<std::uint32_t>{100});
  CHECK(before->data_updated.month == 11);  // the registry's 2026-11-01

  REQUIRE(c.update(t0 + minutes(1), "east_fire", "east_brigade", [](event& e) {
             e.personnel = 28;
             e.item = 1;  // materials follow equipment: 救生衣
             e.count = 0;  // zero is a count, not "unchanged"
           }).accepted);
  const auto after = c.engine().force_status(c.force("east_brigade"));
  CHECK(after->personnel == 28);
  CHECK(after->equipment == std::vector<std::uint32_t>{2});
  CHECK(after->materials == std::vector<std::uint32_t>{0});
  // The data date never moves back: the registry already dated it 1 November.
  CHECK(after->data_updated.month == 11);
  CHECK(after->duty == duty_status::available);
  CHECK_FALSE(c.engine().force_status(static_cast<muster::index_t>(c.registry().forces.size())));
}

TEST_CASE("force.update refusals: another organisation, nothing to change, a bad item — and nothing changes") {
  checked c(duty_checks, {}, t0, "east");
  const std::string digest = c.engine().state_digest();
  const auto stranger = c.update(t0 + minutes(1), "west_em", "east_brigade", set_duty(duty_status::stood_down));
  REQUIRE_FALSE(stranger.accepted);
  CHECK(stranger.reason == rejection::actor_lacks_role);
  CHECK(stranger.detail == "only force east_brigade's owner (east_fire) or industry authority (east_em) updates it");
  const auto nothing = c.update(t0 + minutes(1), "east_fire", "east_brigade", [](event&) {});
  CHECK(nothing.reason == rejection::malformed);
  const auto item = c.update(t0 + minutes(1), "east_fire", "east_brigade", [](event& e) {
    e.item = 2;
    e.count = 1;
  });
  CHECK(item.reason == rejection::malformed);
  CHECK(item.detail == "force east_brigade has no item 2");
  const auto count_alone = c.update(t0 + minutes(1), "east_fire", "east_brigade", [](event& e) { e.count = 1; });
  CHECK(count_alone.reason == rejection::malformed);
  CHECK(c.engine().state_digest() == digest);
  CHECK(c.engine().force_status(c.force("east_brigade"))->duty == duty_status::available);
}

TEST_CASE("force.update: the digest covers the live registry; the same inputs give the same registry, an untouched one digests as the file") {
  checked a(duty_checks, {}, t0, "east");
  checked b(duty_checks, {}, t0, "east");
  CHECK(a.engine().state_digest() == b.engine().state_digest());
  REQUIRE(a.update(t0 + minutes(1), "east_fire", "east_brigade", [](event& e) { e.personnel = 29; }).accepted);
  CHECK(a.engine().state_digest() != b.engine().state_digest());
  REQUIRE(b.update(t0 + minutes(1), "east_fire", "east_brigade", [](event& e) { e.personnel = 29; }).accepted);
  CHECK(a.engine().state_digest() == b.engine().state_digest());
  // Set back to the file's values it digests as the untouched registry (the data date did not
  // move: the file dates it later).
  REQUIRE(a.update(t0 + minutes(2), "east_fire", "east_brigade", [](event& e) { e.personnel = 30; }).accepted);
  checked untouched(duty_checks, {}, t0, "east");
  REQUIRE(untouched.engine().advance_to(t0 + minutes(2)).accepted);  // the clock is part of the state
  CHECK(a.engine().state_digest() == untouched.engine().state_digest());
}

namespace {

/// A monthly upkeep reminder on the 11th at 08:00 (3.2.1): the owners of forces whose data is stale
/// are asked to update or confirm it, within 3 days.
const std::string upkeep = std::string(data_current_warns) +
                           "schedules:\n"
                           "  - id: upkeep\n"
                           "    clause: 3.2.2\n"
                           "    every: month\n"
                           "    day: 11\n"
                           "    at: \"08:00\"\n"
                           "    calls: { forces: [government, enterprise, social, expert], failing: [data_current],\n"
                           "             from: { role: emergency_management, of: area } }\n"
                           "    answer: update\n"
                           "    within: 3d\n"
                           "    on_timeout: [remind]\n";

std::vector<std::string> calls_of(const checked& c, const muster::outcome& o) {
  std::vector<std::string> v;
  for (const auto& e : o.effects)
    if (e.kind == muster::effect_kind::schedule_call)
      v.push_back(c.policy().organisations[e.to].id + " " + c.registry().forces[e.force].id + " run=" + std::to_string(e.run));
  return v;
}

}  // namespace

TEST_CASE("3.2.1 upkeep: a run calls only the owners of forces failing the check; force.update answers, schedule.answer may not") {
  checked c(upkeep, {{"    data_updated: 2026-11-01\n", "    data_updated: 2026-03-01\n"}}, t0, "east");
  const auto run = c.engine().advance_to(local_time(2026, 10, 11, 8, 0));
  REQUIRE(run.accepted);
  CHECK(calls_of(c, run) == std::vector<std::string>{"east_fire east_brigade run=1"});

  event answer;
  answer.kind = event_kind::schedule_answer;
  answer.by.organisation = c.org("east_fire");
  answer.target = 1;
  answer.force = c.force("east_brigade");
  const auto refused = c.submit(answer, local_time(2026, 10, 11, 9, 0));
  REQUIRE_FALSE(refused.accepted);
  CHECK(refused.reason == rejection::not_allowed_in_state);
  CHECK(refused.detail.find("answer it with force.update") != std::string::npos);

  // Its industry authority confirms the data: that answers the owner's call, and the run closes.
  REQUIRE(c.update(local_time(2026, 10, 11, 10, 0), "east_em", "east_brigade", [](event& e) { e.confirmed = true; }).accepted);
  const auto r = c.engine().run(1);
  REQUIRE(r);
  REQUIRE(r->calls.size() == 1);
  CHECK(r->calls[0].state == muster::call_state::answered);
  CHECK(r->state == muster::run_state::closed);
  // A duty change alone is no data update: it answers nothing (and is not refused).
  REQUIRE(c.update(local_time(2026, 10, 11, 11, 0), "east_fire", "east_brigade", set_duty(duty_status::maintenance)).accepted);
  // Next month the data is current: nobody is called, and the run closes at once.
  for (timestamp t = local_time(2026, 10, 20, 8, 0); t < local_time(2026, 11, 11, 8, 0); t += 10 * 86400)
    REQUIRE(c.engine().advance_to(t).accepted);
  const auto next = c.engine().advance_to(local_time(2026, 11, 11, 8, 0));
  REQUIRE(next.accepted);
  CHECK(calls_of(c, next).empty());
}

TEST_CASE("3.2.1 upkeep: silence climbs the ladder; a duty-only update does not answer, a count does") {
  checked c(upkeep, {{"    data_updated: 2026-11-01\n", "    data_updated: 2026-03-01\n"}}, t0, "east");
  REQUIRE(c.engine().advance_to(local_time(2026, 10, 11, 8, 0)).accepted);
  REQUIRE(c.update(local_time(2026, 10, 11, 9, 0), "east_fire", "east_brigade", set_duty(duty_status::on_duty_elsewhere)).accepted);
  const auto silent = c.engine().advance_to(local_time(2026, 10, 14, 8, 0));
  REQUIRE(silent.accepted);
  REQUIRE(silent.effects.size() == 1);
  CHECK(silent.effects[0].kind == muster::effect_kind::remind);
  CHECK(silent.effects[0].about == muster::topic::call_unanswered);
  REQUIRE(c.update(local_time(2026, 10, 14, 9, 0), "east_fire", "east_brigade", [](event& e) { e.personnel = 31; }).accepted);
  CHECK(c.engine().run(1)->calls[0].state == muster::call_state::late);
}
