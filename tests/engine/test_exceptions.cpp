// MSM's exception_caught and no_transition are overridden: an exception inside an action is an
// internal_error rejection that leaves everything as it was; an event with no row is typed.
#include "engine/engine_impl.hpp"

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
