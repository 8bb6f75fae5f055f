// The call plan (chain `call_plan`, 3.1.2) against docs/engine.md "Call plan", on the reference
// policy: the commanding fire team drafts, the same-level EM approves, in special periods each
// force's industry authority consents, then the fire team orders and files records.
//
// Readings of docs/engine.md used here, where the document is not explicit:
//   - an effect about a request at a step (request_approval / request_consent, remind and
//     escalate on silence, request_rejected, force_dropped, request_failed, request_expired,
//     request_withdrawn, the break_glass notice) names the step, then the chain;
//   - propose_force names the chain;
//   - request_failed and request_expired are told to the drafter;
//   - when a step addressed to the root jurisdiction escalates, "at the root it stays": the
//     escalate effect still goes out, to the same organisation;
//   - an answer of the wrong kind for the current step (approve at a consent step, consent at
//     an approve step) is not_allowed_in_state: the machine has no transition for it,
//     whoever sends it;
//   - the drafter answering its own request is separation_of_duties, checked before whether it
//     is the addressee (docs/engine.md states both rules, not their order);
//   - once the silence ladder is exhausted ("after the last action nothing more happens") the
//     request has no pending deadline in engine::deadlines().
#include "engine/scenario.hpp"

using namespace muster_test;

namespace {

/// A flood in Wendeng, reported by the district water bureau at +0.
void report_wendeng_flood(scenario& s, const char* grade_ = "general") {
  REQUIRE(verdict(s.report(1, "wendeng", "flood", grade_, "wendeng_water", 0_min)) == "accepted");
}

const char* const em_approval_because = "because=chains.call_plan.steps.em_approval,chains.call_plan";

}  // namespace

TEST_CASE("3.1.2 call plan: EM approves, fire team orders and files records outside special periods") {
  scenario s(no_special_period);
  report_wendeng_flood(s);
  CHECK_FALSE(s.engine().special_period_active());

  CHECK_EFFECTS(s, s.draft(1, "wendeng_fire", {"wendeng_flood_team", "weihai_emergency_medical"}, {}, 1_min), {
      "request_approval at=+1m to=wendeng_em request=1 step=em_approval due=+16m because=chains.call_plan.steps.em_approval,chains.call_plan",
  });
  CHECK(s.incident_state_of(1) == "fire_led");
  auto r = s.engine().request(1);
  REQUIRE(r);
  CHECK(r->incident == 1);
  CHECK(r->chain == policy().find_chain("call_plan"));
  CHECK(s.request_state_of(1) == "awaiting");
  CHECK(org_id(r->drafted_by) == "wendeng_fire");
  CHECK(lines(force_ids(r->forces)) == lines({"wendeng_flood_team", "weihai_emergency_medical"}));
  CHECK(lines(org_ids(r->awaiting)) == lines({"wendeng_em"}));
  CHECK(r->due == s.at(16_min));
  CHECK(s.engine().open_requests() == 1);
  CHECK(lines(s.deadlines()) == lines({"request_step due=+16m request=1 org=wendeng_em"}));

  // 报同级应急管理部门同意 → 直接下达出动指令，同时向行业主管部门报备
  CHECK_EFFECTS(s, s.approve(1, "wendeng_em", 5_min), {
      "issue_order at=+5m from=wendeng_fire force=wendeng_flood_team order=1 due=+15m because=chains.call_plan.on_approved.issue_orders,chains.call_plan",
      "issue_order at=+5m from=wendeng_fire force=weihai_emergency_medical order=2 due=+15m because=chains.call_plan.on_approved.issue_orders,chains.call_plan",
      "file_record at=+5m from=wendeng_fire to=wendeng_water force=wendeng_flood_team because=chains.call_plan.on_approved.file_record,chains.call_plan",
      "file_record at=+5m from=wendeng_fire to=weihai_health force=weihai_emergency_medical because=chains.call_plan.on_approved.file_record,chains.call_plan",
  });
  CHECK(s.request_state_of(1) == "executed");
  CHECK(s.engine().open_requests() == 0);
  auto o1 = s.engine().order(1);
  REQUIRE(o1);
  CHECK(o1->incident == 1);
  CHECK(o1->request == 1);
  CHECK(force_id(o1->force) == "wendeng_flood_team");
  CHECK(org_id(o1->issued_by) == "wendeng_fire");
  CHECK(s.order_state_of(1) == "issued");
  CHECK(o1->due == s.at(15_min));
  auto v = s.engine().incident(1);
  REQUIRE(v);
  CHECK(v->requests == std::vector<request_id>{1});
  CHECK(v->orders == std::vector<order_id>{1, 2});
  CHECK(lines(s.deadlines()) == lines({
                                   "order_ack due=+15m order=1 org=wendeng_water",
                                   "order_ack due=+15m order=2 org=weihai_health",
                               }));
}

TEST_CASE("3.1.2 call plan in a special period (flood season): EM consults each force's industry authority and orders go out only after its consent; no record is filed") {
  scenario s(flood_season);
  report_wendeng_flood(s);
  CHECK(s.engine().special_period_active());
  REQUIRE(verdict(s.draft(1, "wendeng_fire", {"wendeng_flood_team", "weihai_emergency_medical"}, {}, 1_min)) == "accepted");

  CHECK_EFFECTS(s, s.approve(1, "wendeng_em", 5_min), {
      "request_consent at=+5m to=wendeng_water force=wendeng_flood_team request=1 step=authority_consent due=+35m because=chains.call_plan.steps.authority_consent,chains.call_plan",
      "request_consent at=+5m to=weihai_health force=weihai_emergency_medical request=1 step=authority_consent due=+35m because=chains.call_plan.steps.authority_consent,chains.call_plan",
  });
  CHECK(s.request_state_of(1) == "awaiting");
  auto r = s.engine().request(1);
  REQUIRE(r);
  CHECK(lines(org_ids(r->awaiting)) == lines({"wendeng_water", "weihai_health"}));

  // Each authority answers for its own force only.
  CHECK_REJECTS(s, s.consent(1, "wendeng_water", "weihai_emergency_medical", 5_min), "actor_lacks_role");
  CHECK_REJECTS(s, s.consent(1, "wendeng_em", "wendeng_flood_team", 5_min), "actor_lacks_role");

  CHECK_EFFECTS(s, s.consent(1, "weihai_health", "weihai_emergency_medical", 6_min), {});
  r = s.engine().request(1);
  REQUIRE(r);
  CHECK(lines(org_ids(r->awaiting)) == lines({"wendeng_water"}));

  CHECK_EFFECTS(s, s.consent(1, "wendeng_water", "wendeng_flood_team", 7_min), {
      "issue_order at=+7m from=wendeng_fire force=wendeng_flood_team order=1 due=+17m because=chains.call_plan.on_approved.issue_orders,chains.call_plan",
      "issue_order at=+7m from=wendeng_fire force=weihai_emergency_medical order=2 due=+17m because=chains.call_plan.on_approved.issue_orders,chains.call_plan",
      // file_record: when not_special_period — the authorities have already consented
      "notify request_approved at=+7m to=wendeng_em request=1 because=chains.call_plan.on_approved.notify_em,chains.call_plan",
  });
  CHECK(s.request_state_of(1) == "executed");
}

TEST_CASE("3.1.2 call plan in a special period: a refusal drops only that force (on_refuse: drop_force)") {
  scenario s(flood_season);
  report_wendeng_flood(s);
  REQUIRE(verdict(s.draft(1, "wendeng_fire", {"wendeng_flood_team", "weihai_emergency_medical"}, {}, 1_min)) == "accepted");
  REQUIRE(verdict(s.approve(1, "wendeng_em", 5_min)) == "accepted");

  CHECK_EFFECTS(s, s.refuse(1, "wendeng_water", "wendeng_flood_team", 6_min), {
      "notify force_dropped at=+6m to=wendeng_fire force=wendeng_flood_team request=1 because=chains.call_plan.steps.authority_consent,chains.call_plan",
  });
  auto r = s.engine().request(1);
  REQUIRE(r);
  CHECK(s.request_state_of(1) == "awaiting");
  CHECK(lines(force_ids(r->forces)) == lines({"weihai_emergency_medical"}));
  CHECK(lines(org_ids(r->awaiting)) == lines({"weihai_health"}));

  CHECK_EFFECTS(s, s.consent(1, "weihai_health", "weihai_emergency_medical", 7_min), {
      "issue_order at=+7m from=wendeng_fire force=weihai_emergency_medical order=1 due=+17m because=chains.call_plan.on_approved.issue_orders,chains.call_plan",
      "notify request_approved at=+7m to=wendeng_em request=1 because=chains.call_plan.on_approved.notify_em,chains.call_plan",
  });
  CHECK(s.request_state_of(1) == "executed");
  CHECK(s.order_state_of(2) == "missing");
}

TEST_CASE("3.1.2 call plan in a special period: when every force is refused the request fails") {
  scenario s(flood_season);
  report_wendeng_flood(s);
  REQUIRE(verdict(s.draft(1, "wendeng_fire", {"wendeng_flood_team", "weihai_emergency_medical"}, {}, 1_min)) == "accepted");
  REQUIRE(verdict(s.approve(1, "wendeng_em", 5_min)) == "accepted");
  REQUIRE(verdict(s.refuse(1, "wendeng_water", "wendeng_flood_team", 6_min)) == "accepted");
  CHECK_EFFECTS(s, s.refuse(1, "weihai_health", "weihai_emergency_medical", 7_min), {
      "notify force_dropped at=+7m to=wendeng_fire force=weihai_emergency_medical request=1 because=chains.call_plan.steps.authority_consent,chains.call_plan",
      "notify request_failed at=+7m to=wendeng_fire request=1 because=chains.call_plan.steps.authority_consent,chains.call_plan",
  });
  CHECK(s.request_state_of(1) == "failed");
  CHECK(s.engine().open_requests() == 0);
  CHECK(s.deadlines().empty());
  CHECK(s.order_state_of(1) == "missing");
}

TEST_CASE("3.1.2 call plan: the same-level EM rejects it and the drafting fire team is told") {
  scenario s(no_special_period);
  report_wendeng_flood(s);
  REQUIRE(verdict(s.draft(1, "wendeng_fire", {"wendeng_flood_team"}, {}, 1_min)) == "accepted");
  CHECK_REJECTS(s, s.reject(1, "rongcheng_em", 1_min), "actor_lacks_role");
  CHECK_EFFECTS(s, s.reject(1, "wendeng_em", 5_min, "the brigade can cope"), {
      "notify request_rejected at=+5m to=wendeng_fire request=1 because=chains.call_plan.steps.em_approval,chains.call_plan",
  });
  CHECK(s.request_state_of(1) == "rejected");
  CHECK(s.engine().open_requests() == 0);
  CHECK(s.deadlines().empty());
  CHECK(s.order_state_of(1) == "missing");
  // Nothing is due any more: silence after a rejection does nothing.
  CHECK_EFFECTS(s, s.advance(2_h), {});
}

TEST_CASE("3.1.2 call plan: silence reminds the same-level EM, then escalates to the upper-level EM, which may then approve") {
  scenario s(no_special_period);
  report_wendeng_flood(s);
  REQUIRE(verdict(s.draft(1, "wendeng_fire", {"wendeng_flood_team", "weihai_emergency_medical"}, {}, 1_min)) == "accepted");

  CHECK_EFFECTS(s, s.advance(15_min), {});  // not yet due
  CHECK_EFFECTS(s, s.advance(16_min), {
      "remind step_overdue at=+16m to=wendeng_em request=1 step=em_approval due=+31m because=chains.call_plan.steps.em_approval,chains.call_plan",
  });
  CHECK(lines(s.deadlines()) == lines({"request_step due=+31m request=1 org=wendeng_em"}));
  CHECK_EFFECTS(s, s.advance(31_min), {
      "escalate step_overdue at=+31m to=weihai_em request=1 step=em_approval because=chains.call_plan.steps.em_approval,chains.call_plan",
  });
  auto r = s.engine().request(1);
  REQUIRE(r);
  CHECK(r->escalations == 1);
  CHECK(lines(org_ids(r->awaiting)) == lines({"weihai_em"}));
  // [remind, escalate]: after the last action nothing more happens.
  CHECK(s.deadlines().empty());
  CHECK_EFFECTS(s, s.advance(3_h), {});

  CHECK_EFFECTS(s, s.approve(1, "weihai_em", 3_h), {
      "issue_order at=+3h from=wendeng_fire force=wendeng_flood_team order=1 due=+3h10m because=chains.call_plan.on_approved.issue_orders,chains.call_plan",
      "issue_order at=+3h from=wendeng_fire force=weihai_emergency_medical order=2 due=+3h10m because=chains.call_plan.on_approved.issue_orders,chains.call_plan",
      "file_record at=+3h from=wendeng_fire to=wendeng_water force=wendeng_flood_team because=chains.call_plan.on_approved.file_record,chains.call_plan",
      "file_record at=+3h from=wendeng_fire to=weihai_health force=weihai_emergency_medical because=chains.call_plan.on_approved.file_record,chains.call_plan",
      "notify request_approved at=+3h to=wendeng_em request=1 because=chains.call_plan.on_approved.notify_em,chains.call_plan",
  });
  CHECK(s.request_state_of(1) == "executed");
}

TEST_CASE("3.1.2 call plan: silence on an authority's consent reminds, escalates (at the root it stays) and then expires the request") {
  scenario s(flood_season);
  report_wendeng_flood(s);
  REQUIRE(verdict(s.draft(1, "wendeng_fire", {"weihai_emergency_medical"}, {}, 1_min)) == "accepted");
  CHECK_EFFECTS(s, s.approve(1, "wendeng_em", 2_min), {
      "request_consent at=+2m to=weihai_health force=weihai_emergency_medical request=1 step=authority_consent due=+32m because=chains.call_plan.steps.authority_consent,chains.call_plan",
  });
  CHECK_EFFECTS(s, s.advance(32_min), {
      "remind step_overdue at=+32m to=weihai_health request=1 step=authority_consent due=+1h2m because=chains.call_plan.steps.authority_consent,chains.call_plan",
      "notify step_overdue at=+32m to=wendeng_em because=chains.call_plan.steps.authority_consent,chains.call_plan",
  });
  // weihai_health sits in the root jurisdiction: the step stays with it.
  CHECK_EFFECTS(s, s.advance(1_h + 2_min), {
      "escalate step_overdue at=+1h2m to=weihai_health request=1 step=authority_consent because=chains.call_plan.steps.authority_consent,chains.call_plan",
  });
  CHECK_EFFECTS(s, s.advance(1_h + 32_min), {
      "notify request_expired at=+1h32m to=wendeng_em request=1 because=chains.call_plan.steps.authority_consent,chains.call_plan",
      "notify request_expired at=+1h32m to=wendeng_fire request=1 because=chains.call_plan.steps.authority_consent,chains.call_plan",
  });
  CHECK(s.request_state_of(1) == "expired");
  CHECK(s.deadlines().empty());
  CHECK(s.engine().open_requests() == 0);
}

TEST_CASE("3.1.2 call plan: the drafter withdraws it and every organisation whose answer was awaited is told") {
  scenario s(flood_season);
  report_wendeng_flood(s);
  REQUIRE(verdict(s.draft(1, "wendeng_fire", {"wendeng_flood_team", "weihai_emergency_medical"}, {}, 1_min)) == "accepted");
  REQUIRE(verdict(s.approve(1, "wendeng_em", 2_min)) == "accepted");
  REQUIRE(verdict(s.consent(1, "weihai_health", "weihai_emergency_medical", 3_min)) == "accepted");
  CHECK_REJECTS(s, s.withdraw(1, "wendeng_em", 3_min), "actor_lacks_role");
  CHECK_EFFECTS(s, s.withdraw(1, "wendeng_fire", 4_min), {
      "notify request_withdrawn at=+4m to=wendeng_water request=1 because=chains.call_plan.steps.authority_consent,chains.call_plan",
  });
  CHECK(s.request_state_of(1) == "withdrawn");
  CHECK(s.deadlines().empty());
}

TEST_CASE("3.1.2 call plan: only the commanding fire team drafts, only the addressed EM approves (actor_lacks_role)") {
  scenario s(no_special_period);
  report_wendeng_flood(s);
  CHECK_REJECTS(s, s.draft(1, "rongcheng_fire", {"wendeng_flood_team"}, {}, 0_min), "actor_lacks_role");
  CHECK_REJECTS(s, s.draft(1, "weihai_fire", {"wendeng_flood_team"}, {}, 0_min), "actor_lacks_role");
  CHECK_REJECTS(s, s.draft(1, "wendeng_em", {"wendeng_flood_team"}, {}, 0_min), "actor_lacks_role");
  CHECK(s.incident_state_of(1) == "first_response");

  REQUIRE(verdict(s.draft(1, "wendeng_fire", {"wendeng_flood_team"}, {}, 1_min)) == "accepted");
  CHECK_REJECTS(s, s.approve(1, "rongcheng_em", 1_min), "actor_lacks_role");
  // The upper-level EM is not the addressee before an escalation (without break-glass).
  CHECK_REJECTS(s, s.approve(1, "weihai_em", 1_min), "actor_lacks_role");
  CHECK_REJECTS(s, s.approve(1, "wendeng_water", 1_min), "actor_lacks_role");
  // Outside a special period there is no consent step: a consent is not an answer this step takes.
  CHECK_REJECTS(s, s.consent(1, "wendeng_water", "wendeng_flood_team", 1_min), "not_allowed_in_state");
  CHECK(s.request_state_of(1) == "awaiting");
}

TEST_CASE("3.1.2 separation of duties: the drafting fire team may not approve its own call plan (separation_of_duties)") {
  // In Weihai the drafter (fire_rescue) never holds the step's role (emergency_management), so
  // the refusal rests on the reading above: the drafter is refused before the addressee check.
  // The case where the drafter does hold the step's role (break-glass by the applicant EM) is
  // proved on the cross-region chain (test_reinforcement.cpp).
  for (const auto& o : policy().organisations)
    CHECK_FALSE((o.holds(policy().find_role("fire_rescue")) && o.holds(policy().find_role("emergency_management"))));
  scenario s(no_special_period);
  report_wendeng_flood(s);
  REQUIRE(verdict(s.draft(1, "wendeng_fire", {"wendeng_flood_team"}, {}, 1_min)) == "accepted");
  CHECK_REJECTS(s, s.approve(1, "wendeng_fire", 1_min), "separation_of_duties");
  CHECK_REJECTS(s, s.break_glass(1, "wendeng_fire", "EM unreachable", 1_min), "separation_of_duties");
  CHECK_REJECTS(s, s.reject(1, "wendeng_fire", 1_min), "separation_of_duties");
  CHECK(s.request_state_of(1) == "awaiting");
}

TEST_CASE("3.1.2 break-glass: the EM of an ancestor jurisdiction approves with a reason; the coordinator is told first") {
  scenario s(no_special_period);
  report_wendeng_flood(s);
  REQUIRE(verdict(s.draft(1, "wendeng_fire", {"wendeng_flood_team", "weihai_emergency_medical"}, {}, 1_min)) == "accepted");
  CHECK_EFFECTS(s, s.break_glass(1, "weihai_em", "Wendeng EM bureau unreachable, dike breach", 2_min), {
      "notify break_glass at=+2m to=wendeng_em request=1 because=chains.call_plan.steps.em_approval,chains.call_plan",
      "issue_order at=+2m from=wendeng_fire force=wendeng_flood_team order=1 due=+12m because=chains.call_plan.on_approved.issue_orders,chains.call_plan",
      "issue_order at=+2m from=wendeng_fire force=weihai_emergency_medical order=2 due=+12m because=chains.call_plan.on_approved.issue_orders,chains.call_plan",
      "file_record at=+2m from=wendeng_fire to=wendeng_water force=wendeng_flood_team because=chains.call_plan.on_approved.file_record,chains.call_plan",
      "file_record at=+2m from=wendeng_fire to=weihai_health force=weihai_emergency_medical because=chains.call_plan.on_approved.file_record,chains.call_plan",
      "notify request_approved at=+2m to=wendeng_em request=1 because=chains.call_plan.on_approved.notify_em,chains.call_plan",
  });
  CHECK(s.request_state_of(1) == "executed");
}

TEST_CASE("3.1.2 break-glass: without a reason it is refused (break_glass_needs_reason); outside the incident's jurisdiction and ancestors it is actor_lacks_role") {
  scenario s(no_special_period);
  report_wendeng_flood(s);
  REQUIRE(verdict(s.draft(1, "wendeng_fire", {"wendeng_flood_team"}, {}, 1_min)) == "accepted");
  CHECK_REJECTS(s, s.break_glass(1, "weihai_em", "", 1_min), "break_glass_needs_reason");
  // rongcheng is a sibling of wendeng, not an ancestor; weihai_water holds no EM role.
  CHECK_REJECTS(s, s.break_glass(1, "rongcheng_em", "nearest EM on duty", 1_min), "actor_lacks_role");
  CHECK_REJECTS(s, s.break_glass(1, "weihai_water", "nearest bureau on duty", 1_min), "actor_lacks_role");
  CHECK(s.request_state_of(1) == "awaiting");
}

TEST_CASE("2.1 3.1.2 call plan by capabilities: the engine proposes, per wanted capability, a force of the incident's jurisdiction first, then by tree distance, then registry order") {
  scenario s(no_special_period);
  report_wendeng_flood(s);
  // Capabilities in policy order: water_rescue, flood_drainage, maritime_sar, medical_first_aid.
  //  - water_rescue: wendeng_fire_brigade has it, but it is the drafter's own and on scene since
  //    first response (3.3.2): wendeng_flood_team (Wendeng), which also has flood_drainage;
  //  - maritime_sar: none in Wendeng; the city (distance 1) before nanhai_fire_brigade
  //    (distance 2, earlier in the registry): weihai_fishery_rescue;
  //  - medical_first_aid: weihai_airport_fire_station sits in Wendeng.
  CHECK_EFFECTS(s, s.draft(1, "wendeng_fire", {}, {"medical_first_aid", "maritime_sar", "flood_drainage", "water_rescue"}, 1_min), {
      "propose_force at=+1m force=wendeng_flood_team request=1 because=chains.call_plan",
      "propose_force at=+1m force=weihai_fishery_rescue request=1 because=chains.call_plan",
      "propose_force at=+1m force=weihai_airport_fire_station request=1 because=chains.call_plan",
      "request_approval at=+1m to=wendeng_em request=1 step=em_approval due=+16m because=chains.call_plan.steps.em_approval,chains.call_plan",
  });
  auto r = s.engine().request(1);
  REQUIRE(r);
  CHECK(lines(force_ids(r->forces)) == lines({"wendeng_flood_team", "weihai_fishery_rescue", "weihai_airport_fire_station"}));
}

TEST_CASE("2.1 3.1.2 call plan by capabilities: forces committed to an open order are not proposed") {
  scenario s(no_special_period);
  report_wendeng_flood(s);
  // Commit wendeng_flood_team to an open order first.
  REQUIRE(verdict(s.draft(1, "wendeng_fire", {"wendeng_flood_team"}, {}, 1_min)) == "accepted");
  REQUIRE(verdict(s.approve(1, "wendeng_em", 1_min)) == "accepted");
  // water_rescue → not the drafter's own wendeng_fire_brigade (on scene), the nearest other:
  // weihai_fire_special_service; flood_drainage: wendeng_flood_team is committed, so the first
  // city force that has it (weihai_municipal_rescue precedes weihai_flood_team).
  CHECK_EFFECTS(s, s.draft(1, "wendeng_fire", {}, {"water_rescue", "flood_drainage"}, 2_min), {
      "propose_force at=+2m force=weihai_fire_special_service request=2 because=chains.call_plan",
      "propose_force at=+2m force=weihai_municipal_rescue request=2 because=chains.call_plan",
      "request_approval at=+2m to=wendeng_em request=2 step=em_approval due=+17m because=chains.call_plan.steps.em_approval,chains.call_plan",
  });
}

TEST_CASE("3.1.2 call plan: a force committed to an open order cannot be named again until its order is released (force_committed)") {
  scenario s(no_special_period);
  report_wendeng_flood(s);
  REQUIRE(verdict(s.draft(1, "wendeng_fire", {"wendeng_flood_team"}, {}, 1_min)) == "accepted");
  REQUIRE(verdict(s.approve(1, "wendeng_em", 2_min)) == "accepted");  // order 1
  CHECK_REJECTS(s, s.draft(1, "wendeng_fire", {"weihai_emergency_medical", "wendeng_flood_team"}, {}, 2_min), "force_committed");
  REQUIRE(verdict(s.ack(1, "wendeng_water", 3_min)) == "accepted");
  CHECK_REJECTS(s, s.draft(1, "wendeng_fire", {"wendeng_flood_team"}, {}, 3_min), "force_committed");
  REQUIRE(verdict(s.release(1, "wendeng_fire", 4_min)) == "accepted");
  CHECK_EFFECTS(s, s.draft(1, "wendeng_fire", {"wendeng_flood_team"}, {}, 5_min), {
      "request_approval at=+5m to=wendeng_em request=2 step=em_approval due=+20m because=chains.call_plan.steps.em_approval,chains.call_plan",
  });
}

TEST_CASE("3.1.2 call plan: no named force and no wanted capability is refused (no_forces)") {
  scenario s(no_special_period);
  report_wendeng_flood(s);
  CHECK_REJECTS(s, s.draft(1, "wendeng_fire", {}, {}, 0_min), "no_forces");
  CHECK(s.incident_state_of(1) == "first_response");
  CHECK(s.request_state_of(1) == "missing");
}
