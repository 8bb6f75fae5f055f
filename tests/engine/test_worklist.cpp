// Worklists (issue 14, item 1): what each organisation must answer and by when, the open
// incidents, requests and orders, and next_due() for a host that sleeps until the next timer.
// Read from the same records as deadlines(), so the two must agree; here they are checked on
// the call plan (3.1.2), orders, after-action reports (3.3.3) and warnings (3.3.1).
#include "engine/scenario.hpp"

using namespace muster_test;
using muster::work_item;
using muster::work_kind;

namespace {

/// "<kind> due=<offset> [inc=] [req= step=] [order=] [warning=] [force=] [overdue]".
std::vector<std::string> worklist(const scenario& s, std::string_view organisation) {
  std::vector<std::string> v;
  for (const work_item& w : s.engine().worklist(org(organisation))) {
    std::string line = std::string(muster::to_string(w.kind)) + " due=" + offset(w.due, s.epoch());
    if (w.incident != 0) line += " inc=" + std::to_string(w.incident);
    if (w.request != 0) line += " request=" + std::to_string(w.request);
    if (w.step != no_index) {
      const auto r = s.engine().request(w.request);
      line += " step=" + (r ? policy().chains[r->chain].steps[w.step].id : std::string("?"));
    }
    if (w.order != 0) line += " order=" + std::to_string(w.order);
    if (w.warning != 0) line += " warning=" + std::to_string(w.warning);
    if (w.force != no_index) line += " force=" + force_id(w.force);
    if (w.overdue) line += " overdue";
    v.push_back(line);
  }
  return v;
}

template <class Id>
std::vector<std::string> numbers(const std::vector<Id>& ids) {
  std::vector<std::string> v;
  for (Id i : ids) v.push_back(std::to_string(i));
  return v;
}

}  // namespace

TEST_CASE("worklist: the approver, then each industry authority for its own force, then each force's owner for its order") {
  scenario s(flood_season);
  CHECK_FALSE(s.engine().next_due().has_value());  // nothing pending: no wake-up
  REQUIRE(verdict(s.report(1, "wendeng", "flood", "general", "wendeng_water", 0_min)) == "accepted");
  REQUIRE(verdict(s.draft(1, "wendeng_fire", {"wendeng_flood_team", "weihai_emergency_medical"}, {}, 1_min)) == "accepted");

  CHECK(lines(worklist(s, "wendeng_em")) == lines({"approve due=+16m inc=1 request=1 step=em_approval"}));
  CHECK(worklist(s, "wendeng_fire").empty());  // the drafter waits; it owes nothing
  CHECK(worklist(s, "wendeng_water").empty());
  CHECK(lines(numbers(s.engine().open_request_ids())) == lines({"1"}));
  CHECK(lines(numbers(s.engine().open_incident_ids())) == lines({"1"}));
  CHECK(s.engine().open_order_ids().empty());
  REQUIRE(s.engine().next_due().has_value());
  CHECK(*s.engine().next_due() == s.at(16_min));

  REQUIRE(verdict(s.approve(1, "wendeng_em", 5_min)) == "accepted");
  CHECK(worklist(s, "wendeng_em").empty());
  CHECK(lines(worklist(s, "wendeng_water")) ==
        lines({"consent due=+35m inc=1 request=1 step=authority_consent force=wendeng_flood_team"}));
  CHECK(lines(worklist(s, "weihai_health")) ==
        lines({"consent due=+35m inc=1 request=1 step=authority_consent force=weihai_emergency_medical"}));
  // The stale em_approval timer is no wake-up: the consent step's is.
  CHECK(*s.engine().next_due() == s.at(35_min));

  REQUIRE(verdict(s.consent(1, "weihai_health", "weihai_emergency_medical", 6_min)) == "accepted");
  CHECK(worklist(s, "weihai_health").empty());
  REQUIRE(verdict(s.consent(1, "wendeng_water", "wendeng_flood_team", 7_min)) == "accepted");
  CHECK(s.engine().open_request_ids().empty());  // executed
  CHECK(lines(numbers(s.engine().open_order_ids())) == lines({"1", "2"}));
  CHECK(lines(worklist(s, "wendeng_water")) == lines({"order_ack due=+17m inc=1 request=1 order=1 force=wendeng_flood_team"}));
  CHECK(lines(worklist(s, "weihai_health")) == lines({"order_ack due=+17m inc=1 request=1 order=2 force=weihai_emergency_medical"}));
  CHECK(*s.engine().next_due() == s.at(17_min));

  // Past its deadline the order is overdue and still to be acknowledged.
  s.advance(20_min);
  CHECK(lines(worklist(s, "wendeng_water")) ==
        lines({"order_ack due=+17m inc=1 request=1 order=1 force=wendeng_flood_team overdue"}));
  REQUIRE(verdict(s.ack(1, "wendeng_water", 21_min)) == "accepted");
  CHECK(worklist(s, "wendeng_water").empty());
  CHECK(lines(numbers(s.engine().open_order_ids())) == lines({"1", "2"}));  // acknowledged is still open
}

TEST_CASE("worklist: an approval past its ladder stays owed (overdue) though no timer is left") {
  scenario s(no_special_period);
  REQUIRE(verdict(s.report(1, "wendeng", "flood", "general", "wendeng_water", 0_min)) == "accepted");
  REQUIRE(verdict(s.draft(1, "wendeng_fire", {"wendeng_flood_team"}, {}, 1_min)) == "accepted");
  s.advance(30_d);  // every rung of em_approval's silence ladder has passed
  const auto items = s.engine().worklist(org("wendeng_em"));
  const auto awaited = s.engine().request(1);
  REQUIRE(awaited);
  if (awaited->state == muster::request_state::awaiting) {
    // Still awaited by whoever the ladder escalated it to: that organisation owes it, overdue.
    REQUIRE(awaited->awaiting.size() == 1);
    // Roll-calls (3.2.2) ran during the 30 days too: look at the approval only.
    std::vector<work_item> owed;
    for (const auto& item : s.engine().worklist(awaited->awaiting[0]))
      if (item.kind == work_kind::approve) owed.push_back(item);
    REQUIRE(owed.size() == 1);
    CHECK(owed[0].overdue);
  } else {
    for (const auto& item : items) CHECK(item.kind != work_kind::approve);  // the ladder expired it: nobody owes it
  }
  // deadlines() lists every timer (the schedules' next runs too): the wake-up is its soonest.
  const auto all = s.engine().deadlines();
  REQUIRE_FALSE(all.empty());
  CHECK(s.engine().next_due() == all.front().due);
}

TEST_CASE("worklist: after-action reports owed once the incident is concluded; closed incidents leave the open list") {
  scenario s(no_special_period);
  REQUIRE(verdict(s.report(1, "wendeng", "flood", "general", "wendeng_water", 0_min)) == "accepted");
  REQUIRE(verdict(s.draft(1, "wendeng_fire", {"wendeng_flood_team"}, {}, 1_min)) == "accepted");
  REQUIRE(verdict(s.approve(1, "wendeng_em", 2_min)) == "accepted");
  REQUIRE(verdict(s.ack(1, "wendeng_water", 3_min)) == "accepted");
  REQUIRE(verdict(s.report(2, "rushan", "flood", "general", "rushan_em", 4_min)) == "accepted");
  REQUIRE(verdict(s.conclude(1, "wendeng_em", 10_min)) == "accepted");

  CHECK(lines(worklist(s, "wendeng_fire")) == lines({"review_report due=+7d10m inc=1"}));
  CHECK(lines(numbers(s.engine().open_incident_ids())) == lines({"1", "2"}));  // under review is open
  s.advance(7_d + 11_min);
  CHECK(lines(worklist(s, "wendeng_fire")) == lines({"review_report due=+14d10m inc=1"}));  // reminded: a new deadline
  REQUIRE(verdict(s.file_review(1, "wendeng_fire", 8_d)) == "accepted");
  CHECK(worklist(s, "wendeng_fire").empty());
  CHECK(s.incident_state_of(1) == "closed");
  CHECK(lines(numbers(s.engine().open_incident_ids())) == lines({"2"}));
}

TEST_CASE("worklist: warning acknowledgements, owed by the receiving team, then by the owners it pushes to; missed ones stay owed") {
  scenario s(no_special_period);
  const std::vector<index_t> area = {jurisdiction("wendeng")};
  event e = s.make(event_kind::warning_issue, "weihai_meteo", 0_min);
  e.warning = 1;
  e.hazard = policy().find_hazard("rainstorm");
  e.level = static_cast<std::uint8_t>(muster::warning_level::orange);
  e.area = area.data();
  e.area_count = static_cast<std::uint32_t>(area.size());
  e.until = s.at(24_h);
  REQUIRE(verdict(s.submit(e)) == "accepted");
  CHECK(lines(worklist(s, "wendeng_fire")) == lines({"warning_ack due=+30m warning=1"}));
  CHECK(*s.engine().next_due() == s.at(30_min));

  event ack = s.make(event_kind::warning_acknowledge, "wendeng_fire", 10_min);
  ack.warning = 1;
  REQUIRE(verdict(s.submit(ack)) == "accepted");
  CHECK(worklist(s, "wendeng_fire").empty());
  const auto pushed = worklist(s, "wendeng_water");
  REQUIRE(pushed.size() >= 1);
  CHECK(pushed[0].rfind("warning_ack due=+1h10m warning=1 force=", 0) == 0);

  s.advance(5_h);  // the ladder has run out: nobody reminds, but an answer still counts
  for (const std::string& line : worklist(s, "wendeng_water")) CHECK(line.find(" overdue") != std::string::npos);
  CHECK_FALSE(worklist(s, "wendeng_water").empty());
  CHECK(*s.engine().next_due() == s.at(24_h));  // the expiry
}

TEST_CASE("worklist: an index that is no organisation of the policy owes nothing") {
  scenario s(no_special_period);
  REQUIRE(verdict(s.report(1, "wendeng", "flood", "general", "wendeng_water", 0_min)) == "accepted");
  CHECK(s.engine().worklist(static_cast<index_t>(policy().organisations.size())).empty());
  CHECK(s.engine().worklist(no_index).empty());
}
