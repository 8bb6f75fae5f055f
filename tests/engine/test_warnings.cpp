// Warnings (3.3.1) against docs/warnings.md, for what the scenarios of examples/scenarios/3.3.1-*
// cannot show: the deadlines a host wakes for, the state digest, and that a refused warning
// event changes nothing, the ids it would have taken included.
#include "engine/scenario.hpp"

using namespace muster_test;
using muster::warning_level;

namespace {

/// A warning.issue for `area` (kept alive by the caller: the engine reads it during submit).
event issue(scenario& s, muster::warning_id id, const std::vector<index_t>& area, seconds_t t, timestamp until = 0) {
  event e = s.make(event_kind::warning_issue, "weihai_meteo", t);
  e.warning = id;
  e.hazard = policy().find_hazard("rainstorm");
  e.level = static_cast<std::uint8_t>(warning_level::orange);
  e.area = area.data();
  e.area_count = static_cast<std::uint32_t>(area.size());
  e.until = until;
  return e;
}

event follow_up(scenario& s, event_kind kind, muster::warning_id id, muster::warning_id references, seconds_t t) {
  event e = s.make(kind, "weihai_meteo", t);
  e.warning = id;
  e.references = references;
  return e;
}

event acknowledge(scenario& s, std::string_view by, muster::warning_id id, seconds_t t, std::string_view for_force = {}) {
  event e = s.make(event_kind::warning_acknowledge, by, t);
  e.warning = id;
  if (!for_force.empty()) e.force = force(for_force);
  return e;
}

}  // namespace

TEST_CASE("3.3.1 warning deadlines: every acknowledgement still owed and the expiry, for a host's wake-up") {
  scenario s(no_special_period);
  const std::vector<index_t> area = {jurisdiction("wendeng")};
  REQUIRE(verdict(s.submit(issue(s, 1, area, 0_min, s.at(24_h)))) == "accepted");
  CHECK(lines(s.deadlines()) == lines({"warning_ack due=+30m warning=1 org=wendeng_fire",
                                       "warning_expiry due=+1d warning=1 org=weihai_meteo"}));

  REQUIRE(verdict(s.submit(acknowledge(s, "wendeng_fire", 1, 10_min))) == "accepted");
  CHECK(lines(s.deadlines()) == lines({"warning_ack due=+1h10m warning=1 org=wendeng_water",
                                       "warning_expiry due=+1d warning=1 org=weihai_meteo"}));

  // Silence: the reminder's new deadline is a deadline too; when the ladder runs out, none is left.
  s.advance(1_h + 10_min);
  CHECK(lines(s.deadlines()) == lines({"warning_ack due=+2h10m warning=1 org=wendeng_water",
                                       "warning_expiry due=+1d warning=1 org=weihai_meteo"}));
  s.advance(4_h);
  CHECK(lines(s.deadlines()) == lines({"warning_expiry due=+1d warning=1 org=weihai_meteo"}));

  REQUIRE(verdict(s.submit(follow_up(s, event_kind::warning_cancel, 2, 1, 5_h))) == "accepted");
  CHECK(s.deadlines().empty());
}

TEST_CASE("3.3.1 a refused warning event changes nothing, not even the ids it would have taken") {
  scenario s(no_special_period);
  const std::vector<index_t> area = {jurisdiction("wendeng")};
  REQUIRE(verdict(s.submit(issue(s, 1, area, 0_min))) == "accepted");
  REQUIRE(verdict(s.submit(follow_up(s, event_kind::warning_cancel, 2, 1, 1_min))) == "accepted");
  const std::string before = s.digest();

  // The update names a free id (3) and a closed warning: the machine refuses it after the id
  // was claimed, and the claim is rolled back.
  event update = follow_up(s, event_kind::warning_update, 3, 1, 2_min);
  update.level = static_cast<std::uint8_t>(warning_level::red);
  CHECK_REJECTS(s, s.submit(update), "not_allowed_in_state");
  CHECK(s.digest() == before);
  CHECK_REJECTS(s, s.submit(issue(s, 2, area, 2_min)), "warning_exists");  // the cancel's own id is taken
  CHECK_REJECTS(s, s.submit(acknowledge(s, "wendeng_fire", 9, 2_min)), "unknown_warning");
  CHECK(s.digest() == before);

  CHECK(verdict(s.submit(issue(s, 3, area, 3_min))) == "accepted");
  CHECK(s.digest() != before);
}

TEST_CASE("3.3.1 the state digest covers warnings: an answer changes it, a repeated event does not") {
  scenario s(no_special_period);
  const std::vector<index_t> area = {jurisdiction("wendeng")};
  const std::string empty = s.digest();
  REQUIRE(verdict(s.submit(issue(s, 1, area, 0_min))) == "accepted");
  const std::string issued = s.digest();
  CHECK(issued != empty);
  REQUIRE(verdict(s.submit(acknowledge(s, "wendeng_fire", 1, 5_min))) == "accepted");
  const std::string answered = s.digest();
  CHECK(answered != issued);
  CHECK(verdict(s.resubmit_last()) == "accepted (duplicate)");
  CHECK(s.digest() == answered);
}

TEST_CASE("3.3.1 a warning's area takes the jurisdictions below it: a city-wide warning asks every district's brigade") {
  scenario s(no_special_period);
  const std::vector<index_t> area = {jurisdiction("weihai")};
  const auto o = s.submit(issue(s, 1, area, 0_min));
  REQUIRE(verdict(o) == "accepted");
  std::size_t notices = 0;
  for (const auto& e : o.effects) notices += e.kind == muster::effect_kind::warning_notice;
  CHECK(notices == policy().jurisdictions.size());  // each of the reference policy's ten has a fire brigade
}
