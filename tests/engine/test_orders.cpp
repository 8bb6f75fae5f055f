// Deployment orders against docs/engine.md "Orders" (3.1.2, 3.3.2, 4.0): the order life
// issued → acknowledged → en route → on scene → released, declines, and what silence on the
// acknowledgement does: escalate to the force's industry authority and the commander, and
// propose substitutes.
//
// Readings of docs/engine.md used here, where the document is not explicit:
//   - every order effect (escalate, propose_substitute, the order_declined notice) names the
//     `orders` rule;
//   - a substitute's "own jurisdiction" is the incident's jurisdiction (as for proposals); in
//     these tests the overdue force lives there too, so both readings agree;
//   - ack, decline, depart and arrive are done by the force's owner; depart/arrive produce no
//     effect, nor do ack and release.
#include "engine/scenario.hpp"

using namespace muster_test;

TEST_CASE("3.3.2 order life: acknowledged, en route, on scene, released; the force is free again afterwards") {
  scenario s(no_special_period);
  REQUIRE(verdict(s.report(1, "wendeng", "flood", "general", "wendeng_water", 0_min)) == "accepted");
  REQUIRE(verdict(s.draft(1, "wendeng_fire", {"wendeng_flood_team", "weihai_flood_team"}, {}, 1_min)) == "accepted");
  REQUIRE(verdict(s.approve(1, "wendeng_em", 2_min)) == "accepted");  // orders 1, 2 due +12m
  CHECK(s.order_state_of(1) == "issued");

  CHECK_EFFECTS(s, s.ack(1, "wendeng_water", 3_min), {});
  CHECK(s.order_state_of(1) == "acknowledged");
  CHECK(lines(s.deadlines()) == lines({"order_ack due=+12m order=2 org=weihai_water"}));
  // Setting off opens the reference policy's road passage (4.2): public security and transport told.
  CHECK_EFFECTS(s, s.depart(1, "wendeng_water", 4_min), {
      "notify request_opened at=+4m to=wendeng_fire request=2 because=chains.road_passage",
      "notify request_opened at=+4m to=weihai_psb request=2 because=chains.road_passage.steps.traffic_control,chains.road_passage",
      "notify request_opened at=+4m to=weihai_transport request=2 because=chains.road_passage.steps.toll_free_passage,chains.road_passage",
  });
  CHECK(s.order_state_of(1) == "en_route");
  CHECK_EFFECTS(s, s.arrive(1, "wendeng_water", 5_min), {});
  CHECK(s.order_state_of(1) == "on_scene");
  // Released after setting off: the passage ends (4.2).
  CHECK_EFFECTS(s, s.release(1, "wendeng_fire", 6_min), {
      "notify request_opened at=+6m to=wendeng_fire request=3 because=chains.road_passage_ends",
      "notify request_opened at=+6m to=weihai_psb request=3 because=chains.road_passage_ends.steps.traffic_control_lifted,chains.road_passage_ends",
      "notify request_opened at=+6m to=weihai_transport request=3 because=chains.road_passage_ends.steps.toll_free_passage_revoked,chains.road_passage_ends",
  });
  CHECK(s.order_state_of(1) == "released");

  // On scene straight from acknowledged is allowed too.
  CHECK_EFFECTS(s, s.ack(2, "weihai_water", 7_min), {});
  CHECK_EFFECTS(s, s.arrive(2, "weihai_water", 8_min), {});
  CHECK(s.order_state_of(2) == "on_scene");
  CHECK(s.deadlines().empty());

  // The released force may be named again; the one still on scene may not.
  CHECK_REJECTS(s, s.draft(1, "wendeng_fire", {"weihai_flood_team"}, {}, 8_min), "force_committed");
  REQUIRE(verdict(s.draft(1, "wendeng_fire", {"wendeng_flood_team"}, {}, 9_min)) == "accepted");
}

TEST_CASE("3.3.2 order: a step out of order is not allowed in the order's state (not_allowed_in_state)") {
  scenario s(no_special_period);
  REQUIRE(verdict(s.report(1, "wendeng", "flood", "general", "wendeng_water", 0_min)) == "accepted");
  REQUIRE(verdict(s.draft(1, "wendeng_fire", {"wendeng_flood_team"}, {}, 1_min)) == "accepted");
  REQUIRE(verdict(s.approve(1, "wendeng_em", 2_min)) == "accepted");  // order 1
  CHECK_REJECTS(s, s.arrive(1, "wendeng_water", 2_min), "not_allowed_in_state");  // arrive before ack
  CHECK_REJECTS(s, s.depart(1, "wendeng_water", 2_min), "not_allowed_in_state");  // depart before ack
  CHECK(s.order_state_of(1) == "issued");
  REQUIRE(verdict(s.ack(1, "wendeng_water", 3_min)) == "accepted");
  CHECK_REJECTS(s, s.ack(1, "wendeng_water", 3_min), "not_allowed_in_state");
  REQUIRE(verdict(s.arrive(1, "wendeng_water", 4_min)) == "accepted");
  CHECK_REJECTS(s, s.depart(1, "wendeng_water", 4_min), "not_allowed_in_state");  // on scene → en route
  REQUIRE(verdict(s.release(1, "wendeng_fire", 5_min)) == "accepted");
  CHECK_REJECTS(s, s.arrive(1, "wendeng_water", 5_min), "not_allowed_in_state");
  CHECK_REJECTS(s, s.release(1, "wendeng_fire", 5_min), "not_allowed_in_state");
  CHECK(s.order_state_of(1) == "released");
}

TEST_CASE("3.1.2 order: only the force's owner acknowledges; only the commander, the issuer or the headquarters releases (actor_lacks_role)") {
  scenario s(no_special_period);
  REQUIRE(verdict(s.report(1, "wendeng", "flood", "general", "wendeng_water", 0_min)) == "accepted");
  REQUIRE(verdict(s.draft(1, "wendeng_fire", {"wendeng_flood_team"}, {}, 1_min)) == "accepted");
  REQUIRE(verdict(s.approve(1, "wendeng_em", 2_min)) == "accepted");
  CHECK_REJECTS(s, s.ack(1, "wendeng_fire", 2_min), "actor_lacks_role");
  CHECK_REJECTS(s, s.ack(1, "weihai_water", 2_min), "actor_lacks_role");
  CHECK_REJECTS(s, s.decline(1, "wendeng_em", 2_min), "actor_lacks_role");
  REQUIRE(verdict(s.ack(1, "wendeng_water", 3_min)) == "accepted");
  CHECK_REJECTS(s, s.release(1, "wendeng_water", 3_min), "actor_lacks_role");
  CHECK_REJECTS(s, s.release(1, "wendeng_em", 3_min), "actor_lacks_role");
  CHECK(s.order_state_of(1) == "acknowledged");
}

TEST_CASE("3.1.2 4.0 silent force: ack overdue escalates to its industry authority and the commander, and proposes substitutes not committed elsewhere, own jurisdiction first") {
  scenario s(no_special_period);
  REQUIRE(verdict(s.report(1, "wendeng", "building_fire", "general", "wendeng_gov", 0_min)) == "accepted");
  REQUIRE(verdict(s.report(2, "huancui", "building_fire", "general", "huancui_gov", 0_min)) == "accepted");
  // Elsewhere: Huancui has the city's special service battalion on an order (committed).
  REQUIRE(verdict(s.draft(2, "huancui_fire", {"weihai_fire_special_service"}, {}, 1_min)) == "accepted");  // request 1
  REQUIRE(verdict(s.approve(1, "huancui_em", 1_min)) == "accepted");                                        // order 1
  REQUIRE(verdict(s.ack(1, "weihai_fire", 2_min)) == "accepted");
  // Wendeng orders the aviation-fuel response team and the airport fire station.
  REQUIRE(verdict(s.draft(1, "wendeng_fire", {"cnaf_weihai_response_team", "weihai_airport_fire_station"}, {}, 2_min)) == "accepted");
  REQUIRE(verdict(s.approve(2, "wendeng_em", 2_min)) == "accepted");  // orders 2 (cnaf), 3 (airport), due +12m
  REQUIRE(verdict(s.ack(3, "weihai_airport", 5_min)) == "accepted");

  CHECK_EFFECTS(s, s.advance(11_min), {});
  // building_fire needs fire_suppression, medical_first_aid, traffic_control, security_cordon;
  // of cnaf's capabilities (hazmat, fire_suppression) it needs fire_suppression. Available
  // forces with it: in Wendeng none (the airport station is committed, wendeng_fire_brigade is
  // the issuer's own, on scene since first response); in the city weihai_fire_volunteers (the
  // special service battalion is committed in Huancui); then distance 2, registry order:
  // huancui_fire_brigade, rongcheng_fire_brigade.
  // The commander is the issuer wendeng_fire itself: no escalation back to it (it is proposed
  // the substitutes).
  CHECK_EFFECTS(s, s.advance(12_min), {
      "escalate order_overdue at=+12m to=weihai_transport force=cnaf_weihai_response_team order=2 because=orders",
      "propose_substitute at=+12m force=weihai_fire_volunteers order=2 because=orders",
      "propose_substitute at=+12m force=huancui_fire_brigade order=2 because=orders",
      "propose_substitute at=+12m force=rongcheng_fire_brigade order=2 because=orders",
  });
  CHECK(s.order_state_of(2) == "overdue");
  CHECK(s.deadlines().empty());
  CHECK_EFFECTS(s, s.advance(1_h), {});

  // An overdue order can still be acknowledged.
  CHECK_EFFECTS(s, s.ack(2, "cnaf_weihai", 1_h), {});
  CHECK(s.order_state_of(2) == "acknowledged");
}

TEST_CASE("4.0 silent force: at most engine_options::max_substitutes substitutes are proposed") {
  muster::engine_options options;
  options.max_substitutes = 1;
  scenario s(no_special_period, options);
  REQUIRE(verdict(s.report(1, "wendeng", "building_fire", "general", "wendeng_gov", 0_min)) == "accepted");
  REQUIRE(verdict(s.draft(1, "wendeng_fire", {"cnaf_weihai_response_team"}, {}, 1_min)) == "accepted");
  REQUIRE(verdict(s.approve(1, "wendeng_em", 2_min)) == "accepted");
  CHECK_EFFECTS(s, s.advance(12_min), {
      "escalate order_overdue at=+12m to=weihai_transport force=cnaf_weihai_response_team order=1 because=orders",
      "propose_substitute at=+12m force=weihai_airport_fire_station order=1 because=orders",
  });
}

TEST_CASE("3.3.2 order declined by the force: the issuer is told and substitutes are proposed; the force is free again") {
  scenario s(no_special_period);
  REQUIRE(verdict(s.report(1, "wendeng", "building_fire", "general", "wendeng_gov", 0_min)) == "accepted");
  REQUIRE(verdict(s.draft(1, "wendeng_fire", {"cnaf_weihai_response_team", "weihai_airport_fire_station"}, {}, 1_min)) == "accepted");
  REQUIRE(verdict(s.approve(1, "wendeng_em", 2_min)) == "accepted");  // orders 1 (cnaf), 2 (airport)
  REQUIRE(verdict(s.ack(2, "weihai_airport", 3_min)) == "accepted");
  CHECK_EFFECTS(s, s.decline(1, "cnaf_weihai", 4_min), {
      "notify order_declined at=+4m to=wendeng_fire force=cnaf_weihai_response_team order=1 because=orders",
      "propose_substitute at=+4m force=weihai_fire_special_service order=1 because=orders",
      "propose_substitute at=+4m force=weihai_fire_volunteers order=1 because=orders",
      "propose_substitute at=+4m force=huancui_fire_brigade order=1 because=orders",
  });
  CHECK(s.order_state_of(1) == "declined");
  CHECK(s.deadlines().empty());
  CHECK_EFFECTS(s, s.advance(12_min), {});  // no ack timer left for a declined order
  REQUIRE(verdict(s.draft(1, "wendeng_fire", {"cnaf_weihai_response_team"}, {}, 13_min)) == "accepted");
}
