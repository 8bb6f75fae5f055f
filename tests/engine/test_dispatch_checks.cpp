// Dispatch checks in the engine (issue 13, item 1): registration (1.3), insurance (4.4) and current
// data (3.2.1) on the minimal policy (tests/policy/fixtures) with one `checks:` block appended and
// the registry edited per case. Proposals skip excluded and break-glass forces and prefer unwarned
// ones at equal distance; a named force is refused, needs break-glass with a reason, or passes
// with a warning; every effect about a force cites the checks it fails. Dates are the event's
// local day.
#include "engine/checked_engine.hpp"

#include <muster/engine.hpp>

#include <memory>
#include <string>
#include <vector>

using muster::event;
using muster::event_kind;
using muster::index_t;
using muster::rejection;
using muster::timestamp;
using muster_test::lines;
using muster_test::local_time;

namespace {

using namespace checks_test;

/// Refused for `why` by the check `rule`, with `detail` in the text, and nothing emitted.
void require_refused(const checked& c, const muster::outcome& o, rejection why, std::string_view rule, std::string_view detail) {
  INFO(o.detail);
  REQUIRE_FALSE(o.accepted);
  CHECK(o.reason == why);
  REQUIRE(o.rule != muster::no_rule);
  CHECK(c.rule_id(o.rule) == rule);
  CHECK(o.detail.find(detail) != std::string::npos);
  CHECK(o.effects.empty());
}

}  // namespace

TEST_CASE("1.3 an unregistered social team is never proposed: the next nearest force with the capability is") {
  checked unregistered(registered_excludes, {{volunteers_registered, "    registered: false\n"}});
  const auto o = unregistered.draft(t0 + minutes(1), {}, {"water_rescue"});
  REQUIRE(o.accepted);
  CHECK(lines(unregistered.lines_of(o)) == lines({
                                               "propose_force none to=west_fire force=east_brigade because=chains.call_plan",
                                               "request_approval none to=west_em because=chains.call_plan.steps.em_approval,chains.call_plan",
                                           }));
  // The same registry without the check proposes the West County team, the incident's own.
  checked unchecked(data_current_warns, {{volunteers_registered, "    registered: false\n"}});
  const auto u = unchecked.draft(t0 + minutes(1), {}, {"water_rescue"});
  REQUIRE(u.accepted);
  REQUIRE_FALSE(u.effects.empty());
  CHECK(u.effects[0].force == unchecked.force("west_volunteers"));
}

TEST_CASE("1.3 naming an unregistered social team is force_check_failed, with or without break-glass, and changes nothing") {
  checked c(registered_excludes, {{volunteers_registered, "    registered: false\n"}});
  const auto digest = c.engine().state_digest();
  require_refused(c, c.draft(t0 + minutes(1), {"west_volunteers"}), rejection::force_check_failed, "checks.registered",
                  "check registered (1.3): the registry does not show it registered");
  require_refused(c, c.draft(t0 + minutes(1), {"west_volunteers"}, {}, true, "already on site"), rejection::force_check_failed,
                  "checks.registered", "the policy excludes it");
  CHECK(c.engine().state_digest() == digest);
  CHECK(c.engine().open_request_ids().size() == 0);
  // A registered team named next to it is not held back by it being refused.
  REQUIRE(c.draft(t0 + minutes(2), {"east_brigade"}).accepted);
  CHECK(c.engine().open_request_ids().size() == 1);
}

TEST_CASE("4.4 an uninsured team is not proposed; named, it needs break_glass and a reason, and the coordinator is told") {
  checked c(insured_breaks_glass, {{volunteers_insured, "    insured_until: 2026-09-30\n"}});
  const auto proposed = c.draft(t0 + minutes(1), {}, {"water_rescue"});
  REQUIRE(proposed.accepted);
  REQUIRE_FALSE(proposed.effects.empty());
  CHECK(proposed.effects[0].force == c.force("east_brigade"));

  require_refused(c, c.draft(t0 + minutes(2), {"west_volunteers"}), rejection::force_check_failed, "checks.insured",
                  "its insurance ended on 2026-09-30; the policy lets it be named only with break_glass: true and a reason");
  require_refused(c, c.draft(t0 + minutes(2), {"west_volunteers"}, {}, true), rejection::break_glass_needs_reason, "checks.insured",
                  "break_glass needs a reason");
  CHECK(c.engine().open_request_ids().size() == 1);

  const auto o = c.draft(t0 + minutes(3), {"west_volunteers"}, {}, true, "the only boat team on the river");
  REQUIRE(o.accepted);
  CHECK(lines(c.lines_of(o)) == lines({
                                    "notify break_glass to=west_em force=west_volunteers because=checks.insured,chains.call_plan",
                                    "request_approval none to=west_em because=chains.call_plan.steps.em_approval,chains.call_plan,checks.insured",
                                }));
  // The order carries the check too.
  const auto approved = c.approve(t0 + minutes(4), 2);
  REQUIRE(approved.accepted);
  bool order_cites = false;
  for (const auto& line : c.lines_of(approved))
    order_cites |= line.rfind("issue_order", 0) == 0 && line.find("checks.insured") != std::string::npos;
  CHECK(order_cites);
}

TEST_CASE("4.4 insurance holds to the end of its last day, in the policy's time zone, by event time") {
  // Insured to 10 October: named freely at 23:59 local that day, by break-glass only at 00:00 on the 11th.
  checked c(insured_breaks_glass, {{volunteers_insured, "    insured_until: 2026-10-10\n"}});
  REQUIRE(c.draft(local_time(2026, 10, 10, 23, 59), {"west_volunteers"}).accepted);
  require_refused(c, c.draft(local_time(2026, 10, 11, 0, 0), {"west_volunteers"}), rejection::force_check_failed, "checks.insured",
                  "its insurance ended on 2026-10-10");
}

TEST_CASE("4.4 a check reaches only the categories it lists") {
  // The government brigade's insurance has lapsed, but the check is for enterprise and social teams.
  checked c(insured_breaks_glass, {{brigade_insured, "    insured_until: 2026-01-31\n  - id: grid_repair_team"}});
  const auto o = c.draft(t0 + minutes(1), {"east_brigade"});
  REQUIRE(o.accepted);
  for (const auto& line : c.lines_of(o)) CHECK(line.find("checks.") == std::string::npos);
}

TEST_CASE("3.2.1 stale data warns: the force is still named and proposed, cited in because, after unwarned ones as near") {
  // An incident in the city: the East brigade and the West team are both one level down and both
  // have water_rescue; the brigade comes first in the registry but its data is older than 180 days.
  checked c(data_current_warns, {{brigade_updated, "    data_updated: 2026-03-01\n"}}, t0, "city");
  const auto o = c.draft(t0 + minutes(1), {}, {"water_rescue"});
  REQUIRE(o.accepted);
  REQUIRE_FALSE(o.effects.empty());
  CHECK(c.lines_of(o)[0] == "propose_force none to=city_fire force=west_volunteers because=chains.call_plan");

  const auto named = c.draft(t0 + minutes(2), {"east_brigade"});
  REQUIRE(named.accepted);
  CHECK(lines(c.lines_of(named)) ==
        lines({"request_approval none to=city_em because=chains.call_plan.steps.em_approval,chains.call_plan,checks.data_current"}));

  // Without the stale date the registry order decides.
  checked fresh(data_current_warns, {}, t0, "city");
  const auto f = fresh.draft(t0 + minutes(1), {}, {"water_rescue"});
  REQUIRE(f.accepted);
  CHECK(fresh.lines_of(f)[0] == "propose_force none to=city_fire force=east_brigade because=chains.call_plan");
}

TEST_CASE("3.2.1 data is current for max_age days after its date, then warns") {
  // Updated 2026-04-13: 180 days old on 10 October, 181 on the 11th.
  checked c(data_current_warns, {{brigade_updated, "    data_updated: 2026-04-13\n"}}, t0, "east");
  const auto day180 = c.draft(local_time(2026, 10, 10, 23, 59), {"east_brigade"});
  REQUIRE(day180.accepted);
  for (const auto& line : c.lines_of(day180)) CHECK(line.find("checks.data_current") == std::string::npos);
  const auto day181 = c.draft(local_time(2026, 10, 11, 0, 0), {"east_brigade"});
  REQUIRE(day181.accepted);
  REQUIRE_FALSE(day181.effects.empty());
  CHECK(c.lines_of(day181).back().find("checks.data_current") != std::string::npos);
}

TEST_CASE("checks: a force failing several checks is held by the strongest, and the detail names each") {
  checked c(std::string(registered_excludes) + insured_breaks_glass + data_current_warns,
            {{volunteers_registered, "    registered: false\n"},
             {volunteers_insured, "    insured_until: 2026-09-30\n"},
             {"    data_updated: 2026-09-01\n", "    data_updated: 2026-01-01\n"}});
  const auto o = c.draft(t0 + minutes(1), {"west_volunteers"}, {}, true, "on site");
  REQUIRE_FALSE(o.accepted);
  CHECK(o.reason == rejection::force_check_failed);
  CHECK(o.detail.find("check registered (1.3)") != std::string::npos);
  CHECK(o.detail.find("check insured (4.4)") != std::string::npos);
  CHECK(o.detail.find("check data_current (3.2.1)") != std::string::npos);
}
