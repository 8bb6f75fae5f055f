// The incident machine against docs/engine.md "Incident": information routing on report
// (3.3.1), the command matrix and regrading (3.1.1), the on-site headquarters (3.1.3) and the
// after-action review (3.3.3), on the reference policy rules/weihai.yaml.
//
// Readings of docs/engine.md used here, where the document is not explicit:
//   - information routes on regrade / hq_established / conclude give every `notify` and
//     `copy` party the one topic the document names for that trigger (regraded,
//     hq_established, concluded); only incident.report distinguishes incident_copied;
//   - "skipping the reporting organisation itself" applies to incident.report only (only a
//     report has a reporting organisation); on the other triggers the actor is told like any
//     other party, and only "already told by an earlier entry of this list" is skipped;
//   - incident.regrade is sent by whoever directs the incident (coordinator, commander,
//     headquarters): docs/engine.md names no actor for it;
//   - the notify that closes the incident and the request_report / remind / escalate of the
//     review name `review` as their rule.
#include "engine/scenario.hpp"

#include <algorithm>

using namespace muster_test;

namespace {

void check_command(const scenario& s, incident_id id, const char* grade_, const char* command, const char* coordinator,
                   const char* commander) {
  auto v = s.engine().incident(id);
  REQUIRE(v);
  CHECK(grade_id(v->grade) == grade_);
  CHECK(jurisdiction_id(v->command_jurisdiction) == command);
  CHECK(org_id(v->coordinator) == coordinator);
  CHECK(org_id(v->commander) == commander);
}

}  // namespace

TEST_CASE("3.3.1 information: a county incident is reported to the local government and copied to same-level EM and fire; 3.1.1 below 较大 the county commands") {
  scenario s(no_special_period);
  // The department where it happens (文登区水务局) reports: 报送党委政府，抄报同级应急管理部门和消防救援队伍.
  auto o = s.report(1, "wendeng", "flood", "general", "wendeng_water", 0_min);
  CHECK_EFFECTS(s, o, {
      "notify incident_reported at=+0 to=wendeng_gov because=information.report_to_local_government",
      "notify incident_copied at=+0 to=wendeng_em because=information.report_to_local_government",
      "notify incident_copied at=+0 to=wendeng_fire because=information.report_to_local_government",
      "assign_command coordinator at=+0 to=wendeng_em grade=general because=command",
      "assign_command commander at=+0 to=wendeng_fire grade=general because=command",
      "notify first_response at=+0 to=wendeng_fire because=first_response",
  });
  auto v = s.engine().incident(1);
  REQUIRE(v);
  CHECK(s.incident_state_of(1) == "first_response");
  CHECK(jurisdiction_id(v->jurisdiction) == "wendeng");
  CHECK(v->incident_type == incident_type("flood"));
  CHECK(v->headquarters == no_index);
  CHECK(v->reported_at == s.at(0_min));
  CHECK(v->requests.empty());
  CHECK(v->orders.empty());
  check_command(s, 1, "general", "wendeng", "wendeng_em", "wendeng_fire");
}

TEST_CASE("3.3.1 3.3.2 information: at or above 较大 the city EM, fire and government learn at once, the reporter is not told its own report, and the city commands (3.1.1)") {
  scenario s(no_special_period);
  auto o = s.report(1, "wendeng", "typhoon", "larger", "wendeng_em", 0_min);
  CHECK_EFFECTS(s, o, {
      "notify incident_reported at=+0 to=wendeng_gov because=information.report_to_local_government",
      // wendeng_em reported it: not copied to itself
      "notify incident_copied at=+0 to=wendeng_fire because=information.report_to_local_government",
      "notify incident_reported at=+0 to=weihai_em because=information.report_to_city_command",
      "notify incident_reported at=+0 to=weihai_fire because=information.report_to_city_command",
      "notify incident_copied at=+0 to=weihai_gov because=information.report_to_city_command",
      "assign_command coordinator at=+0 to=weihai_em grade=larger because=command",
      "assign_command commander at=+0 to=weihai_fire grade=larger because=command",
      "notify first_response at=+0 to=weihai_fire because=first_response",
  });
  check_command(s, 1, "larger", "weihai", "weihai_em", "weihai_fire");
}

TEST_CASE("3.3.1 information: an organisation told by an earlier route is not told again (a 重大 incident in the city itself)") {
  scenario s(no_special_period);
  auto o = s.report(7, "weihai", "hazmat_leak", "major", "weihai_water", 0_min);
  // report_to_city_command names weihai_em, weihai_fire and weihai_gov again: all already told.
  CHECK_EFFECTS(s, o, {
      "notify incident_reported at=+0 to=weihai_gov because=information.report_to_local_government",
      "notify incident_copied at=+0 to=weihai_em because=information.report_to_local_government",
      "notify incident_copied at=+0 to=weihai_fire because=information.report_to_local_government",
      "assign_command coordinator at=+0 to=weihai_em grade=major because=command",
      "assign_command commander at=+0 to=weihai_fire grade=major because=command",
      "notify first_response at=+0 to=weihai_fire because=first_response",
  });
  check_command(s, 7, "major", "weihai", "weihai_em", "weihai_fire");
}

TEST_CASE("3.3.1 report: an incident id already reported is refused (incident_exists)") {
  scenario s(no_special_period);
  REQUIRE(verdict(s.report(1, "wendeng", "flood", "general", "wendeng_water", 0_min)) == "accepted");
  CHECK_REJECTS(s, s.report(1, "rushan", "forest_fire", "larger", "rushan_em", 0_min), "incident_exists");
  check_command(s, 1, "general", "wendeng", "wendeng_em", "wendeng_fire");
}

TEST_CASE("3.1.1 regrade 一般 → 较大: command moves to the city EM and fire, and the pending approval is re-routed to the city EM with a fresh due time") {
  scenario s(no_special_period);
  REQUIRE(verdict(s.report(1, "wendeng", "flood", "general", "wendeng_water", 0_min)) == "accepted");
  CHECK_EFFECTS(s, s.draft(1, "wendeng_fire", {"wendeng_flood_team", "weihai_emergency_medical"}, {}, 1_min), {
      "request_approval at=+1m to=wendeng_em request=1 step=em_approval due=+16m because=chains.call_plan.steps.em_approval,chains.call_plan",
  });
  CHECK_EFFECTS(s, s.advance(16_min), {
      "remind step_overdue at=+16m to=wendeng_em request=1 step=em_approval due=+31m because=chains.call_plan.steps.em_approval,chains.call_plan",
  });

  auto o = s.regrade(1, "larger", "wendeng_em", 20_min);
  CHECK_EFFECTS(s, o, {
      // regrade_to_command resolved at the new command level (the city), then the incident's own
      // (wendeng_em regraded: it is not told of its own act)
      "notify regraded at=+20m to=weihai_em grade=larger because=information.regrade_to_command",
      "notify regraded at=+20m to=weihai_fire grade=larger because=information.regrade_to_command",
      "notify regraded at=+20m to=weihai_gov grade=larger because=information.regrade_to_command",
      "notify regraded at=+20m to=wendeng_fire grade=larger because=information.regrade_to_command",
      "assign_command coordinator at=+20m to=weihai_em grade=larger because=command",
      "assign_command commander at=+20m to=weihai_fire grade=larger because=command",
      // re-routed: the same step, re-resolved at the city, a fresh due time
      "request_approval at=+20m to=weihai_em request=1 step=em_approval due=+35m because=chains.call_plan.steps.em_approval,chains.call_plan",
  });
  check_command(s, 1, "larger", "weihai", "weihai_em", "weihai_fire");
  CHECK(s.incident_state_of(1) == "fire_led");
  auto r = s.engine().request(1);
  REQUIRE(r);
  CHECK(lines(org_ids(r->awaiting)) == lines({"weihai_em"}));
  CHECK(r->due == s.at(35_min));
  CHECK(r->escalations == 0);
  CHECK(lines(s.deadlines()) == lines({"request_step due=+35m request=1 org=weihai_em"}));

  // The county EM no longer answers for it.
  CHECK_REJECTS(s, s.approve(1, "wendeng_em", 20_min), "actor_lacks_role");

  // The silence count was reset: the next timeout reminds the city EM, it does not escalate.
  CHECK_EFFECTS(s, s.advance(35_min), {
      "remind step_overdue at=+35m to=weihai_em request=1 step=em_approval due=+50m because=chains.call_plan.steps.em_approval,chains.call_plan",
  });

  // Approved at the city: the city detachment orders and files the records (3.1.1 + 3.1.2).
  CHECK_EFFECTS(s, s.approve(1, "weihai_em", 36_min), {
      "issue_order at=+36m from=weihai_fire force=wendeng_flood_team order=1 due=+46m because=chains.call_plan.on_approved.issue_orders,chains.call_plan",
      "issue_order at=+36m from=weihai_fire force=weihai_emergency_medical order=2 due=+46m because=chains.call_plan.on_approved.issue_orders,chains.call_plan",
      "file_record at=+36m from=weihai_fire to=wendeng_water force=wendeng_flood_team because=chains.call_plan.on_approved.file_record,chains.call_plan",
      "file_record at=+36m from=weihai_fire to=weihai_health force=weihai_emergency_medical because=chains.call_plan.on_approved.file_record,chains.call_plan",
  });
}

TEST_CASE("3.1.1 regrade 一般 → 较大: a pending order-ack timer keeps its due time and escalates at the new command level") {
  scenario s(no_special_period);
  REQUIRE(verdict(s.report(1, "wendeng", "flood", "general", "wendeng_water", 0_min)) == "accepted");
  REQUIRE(verdict(s.draft(1, "wendeng_fire", {"wendeng_flood_team", "weihai_flood_team"}, {}, 1_min)) == "accepted");
  REQUIRE(verdict(s.approve(1, "wendeng_em", 2_min)) == "accepted");  // orders 1, 2 due +12m
  REQUIRE(verdict(s.ack(2, "weihai_water", 3_min)) == "accepted");     // weihai_flood_team is committed
  CHECK_EFFECTS(s, s.regrade(1, "larger", "wendeng_em", 4_min), {
      "notify regraded at=+4m to=weihai_em grade=larger because=information.regrade_to_command",
      "notify regraded at=+4m to=weihai_fire grade=larger because=information.regrade_to_command",
      "notify regraded at=+4m to=weihai_gov grade=larger because=information.regrade_to_command",
      "notify regraded at=+4m to=wendeng_fire grade=larger because=information.regrade_to_command",
      "assign_command coordinator at=+4m to=weihai_em grade=larger because=command",
      "assign_command commander at=+4m to=weihai_fire grade=larger because=command",
  });
  CHECK(lines(s.deadlines()) == lines({"order_ack due=+12m order=1 org=wendeng_water"}));
  // No substitute: the only other force with flood_drainage + water_rescue is committed.
  CHECK_EFFECTS(s, s.advance(12_min), {
      "escalate order_overdue at=+12m to=wendeng_water force=wendeng_flood_team order=1 because=orders",
      "escalate order_overdue at=+12m to=weihai_fire force=wendeng_flood_team order=1 because=orders",
  });
  CHECK(s.order_state_of(1) == "overdue");
}

TEST_CASE("3.1.1 regrade 较大 → 重大 stays at the city: information routes only, command does not move") {
  scenario s(no_special_period);
  REQUIRE(verdict(s.report(1, "wendeng", "flood", "larger", "wendeng_em", 0_min)) == "accepted");
  CHECK_EFFECTS(s, s.regrade(1, "major", "weihai_em", 5_min), {
      "notify regraded at=+5m to=weihai_fire grade=major because=information.regrade_to_command",
      "notify regraded at=+5m to=weihai_gov grade=major because=information.regrade_to_command",
      "notify regraded at=+5m to=wendeng_em grade=major because=information.regrade_to_command",
      "notify regraded at=+5m to=wendeng_fire grade=major because=information.regrade_to_command",
  });
  check_command(s, 1, "major", "weihai", "weihai_em", "weihai_fire");
}

TEST_CASE("3.1.1 regrade 一般 → 一般 within the county: every party is told once, command does not move") {
  scenario s(no_special_period);
  REQUIRE(verdict(s.report(1, "rushan", "forest_fire", "general", "rushan_nrp", 0_min)) == "accepted");
  // A re-assessment that keeps the grade is still a regrade: docs/engine.md does not refuse it.
  // command = incident = rushan: em/fire of incident were already told as em/fire of command.
  CHECK_EFFECTS(s, s.regrade(1, "general", "rushan_em", 5_min), {
      "notify regraded at=+5m to=rushan_fire grade=general because=information.regrade_to_command",
      "notify regraded at=+5m to=rushan_gov grade=general because=information.regrade_to_command",
  });
  check_command(s, 1, "general", "rushan", "rushan_em", "rushan_fire");
}

TEST_CASE("3.1.3 headquarters: once the Party committee/government sets it up, later approvals, orders and records go via the headquarters") {
  scenario s(no_special_period);
  REQUIRE(verdict(s.report(1, "wendeng", "flood", "larger", "wendeng_em", 0_min)) == "accepted");
  CHECK_EFFECTS(s, s.draft(1, "weihai_fire", {"wendeng_flood_team", "weihai_emergency_medical"}, {}, 1_min), {
      "request_approval at=+1m to=weihai_em request=1 step=em_approval due=+16m because=chains.call_plan.steps.em_approval,chains.call_plan",
  });
  CHECK(s.incident_state_of(1) == "fire_led");

  CHECK_EFFECTS(s, s.establish_hq(1, "weihai_gov", 2_min), {
      "assign_command commander at=+2m to=weihai_gov grade=larger because=headquarters,command",
      "notify hq_established at=+2m to=weihai_em because=information.headquarters_established,headquarters",
      "notify hq_established at=+2m to=weihai_fire because=information.headquarters_established,headquarters",
      "notify hq_established at=+2m to=wendeng_em because=information.headquarters_established,headquarters",
      "notify hq_established at=+2m to=wendeng_fire because=information.headquarters_established,headquarters",
      "notify hq_established at=+2m to=wendeng_gov because=information.headquarters_established,headquarters",
  });
  CHECK(s.incident_state_of(1) == "hq_led");
  auto v = s.engine().incident(1);
  REQUIRE(v);
  CHECK(org_id(v->headquarters) == "weihai_gov");

  CHECK_EFFECTS(s, s.draft(1, "weihai_fire", {"weihai_flood_team"}, {}, 3_min), {
      "request_approval at=+3m to=weihai_em via=weihai_gov request=2 step=em_approval due=+18m because=chains.call_plan.steps.em_approval,chains.call_plan",
  });
  CHECK(s.incident_state_of(1) == "hq_led");

  CHECK_EFFECTS(s, s.approve(1, "weihai_em", 4_min), {
      "issue_order at=+4m from=weihai_fire via=weihai_gov force=wendeng_flood_team order=1 due=+14m because=chains.call_plan.on_approved.issue_orders,chains.call_plan",
      "issue_order at=+4m from=weihai_fire via=weihai_gov force=weihai_emergency_medical order=2 due=+14m because=chains.call_plan.on_approved.issue_orders,chains.call_plan",
      "file_record at=+4m from=weihai_fire to=wendeng_water via=weihai_gov force=wendeng_flood_team because=chains.call_plan.on_approved.file_record,chains.call_plan",
      "file_record at=+4m from=weihai_fire to=weihai_health via=weihai_gov force=weihai_emergency_medical because=chains.call_plan.on_approved.file_record,chains.call_plan",
  });

  // Every force follows the headquarters: it may release an order too (docs/engine.md, Orders).
  REQUIRE(verdict(s.ack(1, "wendeng_water", 5_min)) == "accepted");
  CHECK_EFFECTS(s, s.release(1, "weihai_gov", 6_min), {});
  CHECK(s.order_state_of(1) == "released");
}

TEST_CASE("3.1.3 headquarters: only the Party committee/government of the command level sets it up, once") {
  scenario s(no_special_period);
  REQUIRE(verdict(s.report(1, "wendeng", "flood", "larger", "wendeng_em", 0_min)) == "accepted");
  // 较大: command sits at the city, so the county government may not set it up.
  CHECK_REJECTS(s, s.establish_hq(1, "wendeng_gov", 0_min), "actor_lacks_role");
  CHECK_REJECTS(s, s.establish_hq(1, "weihai_em", 0_min), "actor_lacks_role");
  REQUIRE(verdict(s.establish_hq(1, "weihai_gov", 1_min)) == "accepted");
  CHECK_REJECTS(s, s.establish_hq(1, "weihai_gov", 1_min), "not_allowed_in_state");
}

TEST_CASE("3.3.3 after action: conclude asks every participating fire team for a written report to its same-level EM; silence reminds then escalates; the last report closes the incident") {
  scenario s(no_special_period);
  REQUIRE(verdict(s.report(1, "wendeng", "flood", "general", "wendeng_water", 0_min)) == "accepted");
  REQUIRE(verdict(s.draft(1, "wendeng_fire", {"wendeng_flood_team"}, {}, 1_min)) == "accepted");   // request 1
  REQUIRE(verdict(s.approve(1, "wendeng_em", 2_min)) == "accepted");                                  // order 1 by wendeng_fire
  REQUIRE(verdict(s.apply(1, "wendeng_em", {"weihai_flood_team"}, {}, 3_min)) == "accepted");       // request 2
  REQUIRE(verdict(s.approve(2, "weihai_em", 4_min)) == "accepted");                                   // order 2 by weihai_fire
  REQUIRE(verdict(s.ack(1, "wendeng_water", 5_min)) == "accepted");
  REQUIRE(verdict(s.ack(2, "weihai_water", 5_min)) == "accepted");
  REQUIRE(verdict(s.draft(1, "wendeng_fire", {"weihai_emergency_medical"}, {}, 6_min)) == "accepted");  // request 3, pending

  CHECK_EFFECTS(s, s.conclude(1, "wendeng_em", 10_min), {
      // conclude_to_command (the concluding wendeng_em is not told of its own act)
      "notify concluded at=+10m to=wendeng_fire because=information.conclude_to_command",
      "notify concluded at=+10m to=wendeng_gov because=information.conclude_to_command",
      // before the reports: the request still awaiting an answer is withdrawn, its addressee told
      // (a consequence of the act, not the act: told even though it concluded)
      "notify request_withdrawn at=+10m to=wendeng_em request=3 because=chains.call_plan.steps.em_approval,chains.call_plan",
      // the first responder, then every organisation that issued an order, each to its own EM
      "request_report at=+10m to=wendeng_fire from=wendeng_em due=+7d10m because=review",
      "request_report at=+10m to=weihai_fire from=weihai_em due=+7d10m because=review",
  });
  CHECK(s.incident_state_of(1) == "under_review");
  CHECK(s.request_state_of(3) == "withdrawn");
  auto v = s.engine().incident(1);
  REQUIRE(v);
  CHECK(lines(org_ids(v->reports_owed)) == lines({"wendeng_fire", "weihai_fire"}));
  CHECK(lines(s.deadlines()) == lines({
                                   "review_report due=+7d10m org=wendeng_fire",
                                   "review_report due=+7d10m org=weihai_fire",
                               }));

  CHECK_REJECTS(s, s.file_review(1, "rongcheng_fire", 10_min), "actor_lacks_role");

  CHECK_EFFECTS(s, s.file_review(1, "weihai_fire", 1_d), {});
  v = s.engine().incident(1);
  REQUIRE(v);
  CHECK(lines(org_ids(v->reports_owed)) == lines({"wendeng_fire"}));
  CHECK(s.incident_state_of(1) == "under_review");

  // The reference policy's base-data upkeep (3.2.1) calls the owners of stale forces on 15
  // October and reminds them a week later; those calls are not the review's and are left out.
  auto review_only = [&](outcome o) {
    auto upkeep = [&](const muster::effect& e) {
      if (e.kind == muster::effect_kind::schedule_call) return true;
      for (unsigned i = 0; i < e.because_count; ++i)
        if (s.engine().rules()[e.because[i]]->id.rfind("schedules.base_data_upkeep", 0) == 0) return true;
      return false;
    };
    o.effects.erase(std::remove_if(o.effects.begin(), o.effects.end(), upkeep), o.effects.end());
    return o;
  };
  auto o = s.advance(7_d + 10_min);
  REQUIRE(o.accepted);
  CHECK_EFFECTS(s, review_only(o), {
                                       "remind report_overdue at=+7d10m to=wendeng_fire due=+14d10m because=review",
                                       // the EM the report is owed to learns it is late (review.on_timeout's first rung notifies it)
                                       "notify report_overdue at=+7d10m to=wendeng_em because=review",
                                   });
  o = s.advance(14_d + 10_min);
  REQUIRE(o.accepted);
  CHECK_EFFECTS(s, review_only(o), {
                                       // report_to for wendeng_fire is wendeng_em; its upper level is the city EM
                                       "escalate report_overdue at=+14d10m to=weihai_em because=review",
                                   });
  CHECK_EFFECTS(s, s.file_review(1, "wendeng_fire", 15_d), {
      "notify closed at=+15d to=wendeng_em because=review",
  });
  CHECK(s.incident_state_of(1) == "closed");
  for (const std::string& d : s.deadlines()) CHECK(d.rfind("schedule_call", 0) == 0);  // only the upkeep's calls are left
}

TEST_CASE("3.3.3 conclude: only the coordinator, the commander or the headquarters may conclude, once") {
  scenario s(no_special_period);
  REQUIRE(verdict(s.report(1, "wendeng", "flood", "general", "wendeng_water", 0_min)) == "accepted");
  CHECK_REJECTS(s, s.conclude(1, "rongcheng_em", 0_min), "actor_lacks_role");
  CHECK_REJECTS(s, s.conclude(1, "wendeng_water", 0_min), "actor_lacks_role");
  CHECK_EFFECTS(s, s.conclude(1, "wendeng_fire", 5_min), {
      "notify concluded at=+5m to=wendeng_em because=information.conclude_to_command",
      "notify concluded at=+5m to=wendeng_gov because=information.conclude_to_command",
      "request_report at=+5m to=wendeng_fire from=wendeng_em due=+7d5m because=review",
  });
  CHECK(s.incident_state_of(1) == "under_review");
  CHECK_REJECTS(s, s.conclude(1, "wendeng_em", 5_min), "not_allowed_in_state");
  CHECK_REJECTS(s, s.regrade(1, "larger", "wendeng_em", 5_min), "not_allowed_in_state");
  CHECK_REJECTS(s, s.draft(1, "wendeng_fire", {"wendeng_flood_team"}, {}, 5_min), "not_allowed_in_state");
}
