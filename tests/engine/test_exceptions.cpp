// MSM's exception_caught and no_transition are overridden: an exception inside an action is an
// internal_error rejection that leaves everything as it was; an event with no row is typed.
#include "engine/engine_impl.hpp"

#include <muster/codec.hpp>

#include <doctest/doctest.h>

#include <stdexcept>

namespace {

std::shared_ptr<const muster::policy> reference_policy() {
  static auto p = muster::compile_policy_file(MUSTER_SOURCE_DIR "/rules/weihai.yaml").value;
  return p;
}
std::shared_ptr<const muster::force_registry> reference_forces() {
  static auto r = muster::compile_forces_file(*reference_policy(), MUSTER_SOURCE_DIR "/rules/weihai-forces.yaml").value;
  return r;
}

muster::event report(const muster::policy& p, muster::event_id id) {
  muster::event e;
  e.id = id;
  e.kind = muster::event_kind::incident_report;
  e.at = 1791594000;  // 2026-10-10T09:00:00+08:00, outside any special period
  e.by.organisation = p.find_organisation("wendeng_water");
  e.incident = 7;
  e.jurisdiction = p.find_jurisdiction("wendeng");
  e.incident_type = p.find_incident_type("flood");
  e.grade = p.find_grade("general");
  return e;
}

}  // namespace

TEST_CASE("contract: an exception inside an action is an internal_error that changes nothing") {
  muster::engine eng(reference_policy(), reference_forces());
  const auto before = eng.state_digest();
  int effects = 0;
  muster::detail::engine_access::of(eng).fault_hook = [&](const muster::effect&) {
    if (++effects == 3) throw std::runtime_error("injected fault");
  };
  const auto& o = eng.submit(report(*reference_policy(), 1));
  CHECK_FALSE(o.accepted);
  CHECK(o.reason == muster::rejection::internal_error);
  CHECK(o.detail.find("injected fault") != std::string::npos);
  CHECK(o.effects.empty());
  CHECK(eng.state_digest() == before);
  CHECK_FALSE(eng.incident(7).has_value());

  // The same incident reported again once the fault is gone goes through in full.
  muster::detail::engine_access::of(eng).fault_hook = nullptr;
  const auto& again = eng.submit(report(*reference_policy(), 2));
  CHECK(again.accepted);
  CHECK(again.effects.size() == 6);
  CHECK(eng.incident(7)->state == muster::incident_state::first_response);
}

TEST_CASE("contract: an event the machine has no row for is not_allowed_in_state, never an assert") {
  muster::engine eng(reference_policy(), reference_forces());
  const auto& p = *reference_policy();
  REQUIRE(eng.submit(report(p, 1)).accepted);
  muster::event hq;
  hq.id = 2;
  hq.kind = muster::event_kind::incident_conclude;
  hq.at = 1791594060;
  hq.incident = 7;
  hq.by.organisation = p.find_organisation("wendeng_em");
  REQUIRE(eng.submit(hq).accepted);
  const auto before = eng.state_digest();
  hq.id = 3;  // concluding twice: the incident is under review, there is no such row
  const auto& o = eng.submit(hq);
  CHECK_FALSE(o.accepted);
  CHECK(o.reason == muster::rejection::not_allowed_in_state);
  CHECK(eng.state_digest() == before);
}

TEST_CASE("contract: a force.update refused after it refreshed the dispatch checks leaves them as they were") {
  // A team on an order (acknowledged) goes into maintenance (the command is told: information.deployed_force_status).
  // Its return to service fails inside its first notice and is refused: the team must still be
  // under maintenance for the checks — row and summary alike — once the order is released.
  muster::engine eng(reference_policy(), reference_forces());
  muster::codec codec(reference_policy(), reference_forces());
  std::string detail;
  auto submit = [&](const std::string& json) {
    muster::owned_event ev;
    REQUIRE(codec.decode_event(json, ev).ok());
    const muster::outcome& o = eng.submit(ev.ev);
    detail = o.detail;
    return o.accepted ? muster::rejection::none : o.reason;
  };
  const std::string at = R"(,"incident":"F-1","at":)";
  REQUIRE(submit(R"({"id":"r","kind":"incident.report","actor":"wendeng_water","jurisdiction":"wendeng","incident_type":"flood","grade":"general")" + at + "1791594000}") == muster::rejection::none);
  REQUIRE(submit(R"({"id":"d","kind":"plan.draft","actor":"wendeng_fire","forces":["wendeng_flood_team"])" + at + "1791594060}") == muster::rejection::none);
  REQUIRE(submit(R"({"id":"a","kind":"request.approve","actor":"wendeng_em","request":1)" + at + "1791594120}") == muster::rejection::none);
  REQUIRE(submit(R"({"id":"k","kind":"order.ack","actor":"wendeng_water","order":1)" + at + "1791594150}") == muster::rejection::none);
  REQUIRE(submit(R"({"id":"m","kind":"force.update","actor":"wendeng_water","force":"wendeng_flood_team","duty":"maintenance","at":1791594180})") ==
          muster::rejection::none);

  int effects = 0;
  muster::detail::engine_access::of(eng).fault_hook = [&](const muster::effect&) {
    if (++effects == 1) throw std::runtime_error("injected fault");
  };
  const auto refused = submit(R"({"id":"b","kind":"force.update","actor":"wendeng_water","force":"wendeng_flood_team","duty":"available","at":1791594240})");
  muster::detail::engine_access::of(eng).fault_hook = nullptr;
  REQUIRE(effects == 1);
  CHECK(refused == muster::rejection::internal_error);
  CHECK(eng.force_status(reference_forces()->find_force("wendeng_flood_team"))->duty == muster::duty_status::maintenance);

  REQUIRE(submit(R"({"id":"x","kind":"order.release","actor":"wendeng_fire","order":1)" + at + "1791594300}") == muster::rejection::none);
  CHECK(submit(R"({"id":"d2","kind":"plan.draft","actor":"wendeng_fire","forces":["wendeng_flood_team"])" + at + "1791594360}") ==
        muster::rejection::force_check_failed);
  CHECK(detail.find("its duty status is maintenance") != std::string::npos);
}
