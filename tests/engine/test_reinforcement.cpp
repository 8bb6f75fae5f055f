// Cross-region reinforcement (chain `cross_region`, 3.1.2 and 2.2) against docs/engine.md
// "Cross-region reinforcement": the local EM applies to the upper-level EM; on approval the
// upper-level fire team orders forces from outside the incident's jurisdiction.
//
// Readings of docs/engine.md used here, where the document is not explicit: as in
// test_call_plan.cpp (step effects name the step then the chain; propose_force names the chain;
// the drafter answering its own request is separation_of_duties before any addressee check).
#include "engine/scenario.hpp"

using namespace muster_test;

TEST_CASE("3.1.2 2.2 cross-region reinforcement: the county EM applies, the city EM approves, the city fire team orders forces from outside the incident's jurisdiction") {
  scenario s(no_special_period);
  REQUIRE(verdict(s.report(1, "wendeng", "flood", "general", "wendeng_water", 0_min)) == "accepted");
  // 由属地应急管理部门向上级应急管理部门提出申请
  CHECK_EFFECTS(s, s.apply(1, "wendeng_em", {"weihai_flood_team", "huancui_fire_brigade"}, {}, 1_min), {
      "request_approval at=+1m to=weihai_em request=1 step=upper_em_approval due=+21m because=chains.cross_region.steps.upper_em_approval,chains.cross_region",
  });
  CHECK(s.incident_state_of(1) == "fire_led");
  auto r = s.engine().request(1);
  REQUIRE(r);
  CHECK(r->chain == policy().find_chain("cross_region"));
  CHECK(org_id(r->drafted_by) == "wendeng_em");
  CHECK(lines(org_ids(r->awaiting)) == lines({"weihai_em"}));

  CHECK_REJECTS(s, s.approve(1, "wendeng_em", 1_min), "separation_of_duties");
  CHECK_REJECTS(s, s.approve(1, "rongcheng_em", 1_min), "actor_lacks_role");
  // 经批准后，由上级消防救援队伍具体实施; 同时向行业主管部门报备
  CHECK_EFFECTS(s, s.approve(1, "weihai_em", 3_min), {
      "issue_order at=+3m from=weihai_fire force=weihai_flood_team order=1 due=+13m because=chains.cross_region.on_approved.issue_orders,chains.cross_region",
      "issue_order at=+3m from=weihai_fire force=huancui_fire_brigade order=2 due=+13m because=chains.cross_region.on_approved.issue_orders,chains.cross_region",
      "file_record at=+3m from=weihai_fire to=weihai_water force=weihai_flood_team because=chains.cross_region.on_approved.file_record,chains.cross_region",
      "file_record at=+3m from=weihai_fire to=huancui_em force=huancui_fire_brigade because=chains.cross_region.on_approved.file_record,chains.cross_region",
      "notify request_approved at=+3m to=wendeng_em request=1 because=chains.cross_region.on_approved.notify_applicant,chains.cross_region",
      "notify request_approved at=+3m to=wendeng_fire request=1 because=chains.cross_region.on_approved.notify_local_fire,chains.cross_region",
  });
  CHECK(s.request_state_of(1) == "executed");
  auto o = s.engine().order(1);
  REQUIRE(o);
  CHECK(org_id(o->issued_by) == "weihai_fire");

  // The forces answer their owners' way; the issuer (city fire) or the commander (Wendeng
  // fire) may release them.
  REQUIRE(verdict(s.ack(1, "weihai_water", 4_min)) == "accepted");
  REQUIRE(verdict(s.ack(2, "huancui_fire", 4_min)) == "accepted");
  CHECK_EFFECTS(s, s.release(1, "weihai_fire", 5_min), {});
  CHECK_EFFECTS(s, s.release(2, "wendeng_fire", 5_min), {});
  CHECK(s.order_state_of(1) == "released");
  CHECK(s.order_state_of(2) == "released");
}

TEST_CASE("3.1.2 2.2 cross-region reinforcement in flood season: the chain has no consent step, and every order is recorded with its industry authority") {
  scenario s(flood_season);
  REQUIRE(verdict(s.report(1, "wendeng", "flood", "general", "wendeng_water", 0_min)) == "accepted");
  REQUIRE(verdict(s.apply(1, "wendeng_em", {"weihai_flood_team"}, {}, 1_min)) == "accepted");
  CHECK_EFFECTS(s, s.approve(1, "weihai_em", 2_min), {
      "issue_order at=+2m from=weihai_fire force=weihai_flood_team order=1 due=+12m because=chains.cross_region.on_approved.issue_orders,chains.cross_region",
      "file_record at=+2m from=weihai_fire to=weihai_water force=weihai_flood_team because=chains.cross_region.on_approved.file_record,chains.cross_region",
      "notify request_approved at=+2m to=wendeng_em request=1 because=chains.cross_region.on_approved.notify_applicant,chains.cross_region",
      "notify request_approved at=+2m to=wendeng_fire request=1 because=chains.cross_region.on_approved.notify_local_fire,chains.cross_region",
  });
}

TEST_CASE("3.1.2 2.2 cross-region by capabilities: only forces outside the incident's jurisdiction are proposed, nearest first") {
  scenario s(no_special_period);
  REQUIRE(verdict(s.report(1, "wendeng", "flood", "general", "wendeng_water", 0_min)) == "accepted");
  // water_rescue: wendeng_fire_brigade and wendeng_flood_team are inside Wendeng; the first city
  // force with it is weihai_fire_special_service. medical_first_aid: the airport station is in
  // Wendeng; the first city force is weihai_emergency_medical.
  CHECK_EFFECTS(s, s.apply(1, "wendeng_em", {}, {"water_rescue", "medical_first_aid"}, 1_min), {
      "propose_force at=+1m force=weihai_fire_special_service request=1 because=chains.cross_region",
      "propose_force at=+1m force=weihai_emergency_medical request=1 because=chains.cross_region",
      "request_approval at=+1m to=weihai_em request=1 step=upper_em_approval due=+21m because=chains.cross_region.steps.upper_em_approval,chains.cross_region",
  });
  auto r = s.engine().request(1);
  REQUIRE(r);
  CHECK(lines(force_ids(r->forces)) == lines({"weihai_fire_special_service", "weihai_emergency_medical"}));
}

TEST_CASE("2.2 cross-region: when the city already commands there is no upper level (no_upper_level)") {
  scenario s(no_special_period);
  REQUIRE(verdict(s.report(1, "wendeng", "flood", "larger", "wendeng_em", 0_min)) == "accepted");
  CHECK_REJECTS(s, s.apply(1, "weihai_em", {"huancui_fire_brigade"}, {}, 0_min), "no_upper_level");
  CHECK(s.incident_state_of(1) == "first_response");
  CHECK(s.request_state_of(1) == "missing");
  CHECK(s.engine().open_requests() == 0);
}

TEST_CASE("3.1.2 cross-region: only the command-level EM applies (actor_lacks_role)") {
  scenario s(no_special_period);
  REQUIRE(verdict(s.report(1, "wendeng", "flood", "general", "wendeng_water", 0_min)) == "accepted");
  CHECK_REJECTS(s, s.apply(1, "wendeng_fire", {"weihai_flood_team"}, {}, 0_min), "actor_lacks_role");
  CHECK_REJECTS(s, s.apply(1, "weihai_em", {"weihai_flood_team"}, {}, 0_min), "actor_lacks_role");
  CHECK_REJECTS(s, s.apply(1, "rongcheng_em", {"weihai_flood_team"}, {}, 0_min), "actor_lacks_role");
}

TEST_CASE("3.1.2 separation of duties: the applicant EM may not approve its own reinforcement, even with break-glass (separation_of_duties)") {
  // Constructed with break-glass: wendeng_em holds emergency_management in the incident's own
  // jurisdiction, so it passes the break-glass role check, and is refused only because it drafted
  // the request.
  scenario s(no_special_period);
  REQUIRE(verdict(s.report(1, "wendeng", "flood", "general", "wendeng_water", 0_min)) == "accepted");
  REQUIRE(verdict(s.apply(1, "wendeng_em", {"weihai_flood_team"}, {}, 1_min)) == "accepted");
  CHECK_REJECTS(s, s.break_glass(1, "wendeng_em", "city EM line down", 1_min), "separation_of_duties");
  CHECK(s.request_state_of(1) == "awaiting");
  // The normal approver still can.
  REQUIRE(verdict(s.approve(1, "weihai_em", 2_min)) == "accepted");
  CHECK(s.request_state_of(1) == "executed");
}

TEST_CASE("3.1.1 2.2 regrade to 较大 while a cross-region request waits: the city now commands, there is no upper level, the request fails and the applicant is told") {
  scenario s(no_special_period);
  REQUIRE(verdict(s.report(1, "wendeng", "flood", "general", "wendeng_water", 0_min)) == "accepted");
  REQUIRE(verdict(s.apply(1, "wendeng_em", {"weihai_flood_team"}, {}, 1_min)) == "accepted");
  const auto& o = s.regrade(1, "larger", "wendeng_em", 2_min);
  CHECK(verdict(o) == "accepted");
  CHECK(s.request_state_of(1) == "failed");
  CHECK(lines(s.effects(o)).find("notify request_failed to=wendeng_em request=1") != std::string::npos);
  CHECK(s.deadlines().empty());
  CHECK_REJECTS(s, s.approve(1, "weihai_em", 3_min), "not_allowed_in_state");
}

TEST_CASE("2.2 cross-region: naming a force of the incident's own jurisdiction is force_in_own_jurisdiction, not malformed") {
  scenario s(no_special_period);
  s.report(1, "wendeng", "flood", "general", "wendeng_water", 0_min);
  CHECK_REJECTS(s, s.apply(1, "wendeng_em", {"weihai_municipal_rescue", "wendeng_flood_team"}, {}, 1_min), "force_in_own_jurisdiction");
  const outcome o = s.apply(1, "wendeng_em", {"wendeng_flood_team"}, {}, 1_min);
  CHECK(o.detail == "force wendeng_flood_team is in the incident's own jurisdiction wendeng; reinforcement comes from outside it");
}
