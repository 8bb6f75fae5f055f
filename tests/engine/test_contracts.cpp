// The engine's general contract (docs/engine.md "General rules" and "Rejections"): order of
// work in submit, duplicates, stale time, timers, typed rejections that change nothing,
// `because` and explain(), periods, and determinism.
#include "engine/scenario.hpp"

#include <fstream>
#include <functional>

using namespace muster_test;

namespace {

/// The 1-based line of the first line of `path` starting with `prefix`, after line `after`.
unsigned line_of(const std::string& path, const std::string& prefix, unsigned after = 0) {
  std::ifstream in(path);
  std::string text;
  for (unsigned n = 1; std::getline(in, text); ++n)
    if (n > after && text.rfind(prefix, 0) == 0) return n;
  return 0;
}

/// Every outcome of a fixed scenario that touches each machine, rendered, plus verdicts.
std::vector<std::string> run_script(scenario& s) {
  std::vector<std::string> log;
  auto note = [&](const outcome& o) {
    log.push_back(verdict(o) + " seq=" + std::to_string(o.seq));
    for (auto& l : s.effects(o)) log.push_back("  " + l);
  };
  note(s.report(1, "wendeng", "flood", "general", "wendeng_water", 0_min));
  note(s.report(2, "rongcheng", "maritime_accident", "larger", "rongcheng_ocean", 0_min));
  note(s.draft(1, "wendeng_fire", {"wendeng_flood_team", "weihai_emergency_medical"}, {}, 1_min));
  note(s.draft(2, "weihai_fire", {}, {"maritime_sar", "medical_first_aid"}, 1_min));
  note(s.approve(1, "rongcheng_em", 2_min));  // rejected
  note(s.approve(1, "wendeng_em", 2_min));
  note(s.consent(1, "wendeng_water", "wendeng_flood_team", 3_min));
  note(s.refuse(1, "weihai_health", "weihai_emergency_medical", 4_min));
  note(s.ack(1, "wendeng_water", 5_min));
  note(s.advance(20_min));
  note(s.regrade(1, "larger", "wendeng_em", 25_min));
  note(s.establish_hq(2, "weihai_gov", 26_min));
  note(s.approve(2, "weihai_em", 27_min));
  note(s.advance(2_h));
  note(s.conclude(1, "weihai_em", 3_h));
  note(s.resubmit_last());  // duplicate
  note(s.advance(8_d));
  return log;
}

}  // namespace

TEST_CASE("General 2 duplicates: a repeated event id returns the first outcome with duplicate=true and changes nothing") {
  scenario s(no_special_period);
  const outcome first = s.report(1, "wendeng", "flood", "general", "wendeng_water", 0_min);
  REQUIRE(verdict(first) == "accepted");
  const std::string digest = s.digest();
  const std::size_t bytes = s.engine().state_bytes();

  const outcome again = s.resubmit_last();
  CHECK(verdict(again) == "accepted (duplicate)");
  CHECK(again.seq == first.seq);
  CHECK(lines(s.effects(again)) == lines(s.effects(first)));
  CHECK(s.digest() == digest);
  CHECK(s.engine().state_bytes() == bytes);

  // Same id, other content, later time: still the first outcome, still nothing changes.
  event e = s.make(muster::event_kind::incident_report, "rushan_em", 1_h);
  e.id = s.last_event().id;
  e.incident = 2;
  e.jurisdiction = jurisdiction("rushan");
  e.incident_type = incident_type("forest_fire");
  e.grade = grade("major");
  const outcome other = s.submit(e);
  CHECK(verdict(other) == "accepted (duplicate)");
  CHECK(other.seq == first.seq);
  CHECK(lines(s.effects(other)) == lines(s.effects(first)));
  CHECK(s.digest() == digest);
  CHECK(s.incident_state_of(2) == "missing");
  CHECK(s.engine().now() == s.at(0_min));
}

TEST_CASE("General 2 duplicates: a repeated id of a rejected event returns the first rejection") {
  scenario s(no_special_period);
  REQUIRE(verdict(s.report(1, "wendeng", "flood", "general", "wendeng_water", 0_min)) == "accepted");
  REQUIRE(verdict(s.draft(1, "wendeng_fire", {"wendeng_flood_team"}, {}, 1_min)) == "accepted");
  const outcome first = s.approve(1, "rongcheng_em", 2_min);
  REQUIRE(verdict(first) == "rejected: actor_lacks_role");
  const std::string digest = s.digest();
  const outcome again = s.resubmit_last();
  CHECK(verdict(again) == "rejected: actor_lacks_role (duplicate)");
  CHECK(again.detail == first.detail);
  CHECK(again.seq == first.seq);
  CHECK(s.digest() == digest);
}

TEST_CASE("General 3 stale time: an event earlier than now() is refused (stale_time); equal times are fine") {
  scenario s(no_special_period);
  REQUIRE(verdict(s.report(1, "wendeng", "flood", "general", "wendeng_water", 10_min)) == "accepted");
  CHECK(s.engine().now() == s.at(10_min));
  CHECK_REJECTS(s, s.draft(1, "wendeng_fire", {"wendeng_flood_team"}, {}, 5_min), "stale_time");
  CHECK_REJECTS(s, s.report(2, "rushan", "forest_fire", "general", "rushan_em", 10_min - 1_s), "stale_time");
  CHECK(s.incident_state_of(2) == "missing");
  CHECK(s.engine().now() == s.at(10_min));
  CHECK_EFFECTS(s, s.draft(1, "wendeng_fire", {"wendeng_flood_team"}, {}, 10_min), {
      "request_approval at=+10m to=wendeng_em request=1 step=em_approval due=+25m because=chains.call_plan.steps.em_approval,chains.call_plan",
  });
}

TEST_CASE("General 3 stale time: advance_to earlier than now() is refused (stale_time)") {
  scenario s(no_special_period);
  REQUIRE(verdict(s.report(1, "wendeng", "flood", "general", "wendeng_water", 10_min)) == "accepted");
  const std::string digest = s.digest();
  const outcome o = s.advance(9_min);
  CHECK(verdict(o) == "rejected: stale_time");
  CHECK(o.effects.empty());
  CHECK(s.digest() == digest);
  CHECK(s.engine().now() == s.at(10_min));
  CHECK_EFFECTS(s, s.advance(10_min), {});
}

TEST_CASE("Rejections: unknown incident, request, order, force, organisation and reference are typed and change nothing") {
  scenario s(no_special_period);
  REQUIRE(verdict(s.report(1, "wendeng", "flood", "general", "wendeng_water", 0_min)) == "accepted");
  REQUIRE(verdict(s.draft(1, "wendeng_fire", {"wendeng_flood_team"}, {}, 0_min)) == "accepted");   // request 1
  REQUIRE(verdict(s.approve(1, "wendeng_em", 0_min)) == "accepted");                                 // order 1

  SUBCASE("unknown incident") {
    CHECK_REJECTS(s, s.draft(99, "wendeng_fire", {"wendeng_flood_team"}, {}, 0_min), "unknown_incident");
    CHECK_REJECTS(s, s.regrade(99, "larger", "wendeng_em", 0_min), "unknown_incident");
    CHECK_REJECTS(s, s.conclude(99, "wendeng_em", 0_min), "unknown_incident");
  }
  SUBCASE("unknown request") {
    CHECK_REJECTS(s, s.approve(42, "wendeng_em", 0_min), "unknown_request");
    CHECK_REJECTS(s, s.consent(42, "wendeng_water", "wendeng_flood_team", 0_min), "unknown_request");
    CHECK_REJECTS(s, s.withdraw(42, "wendeng_fire", 0_min), "unknown_request");
  }
  SUBCASE("unknown order") {
    CHECK_REJECTS(s, s.ack(42, "wendeng_water", 0_min), "unknown_order");
    CHECK_REJECTS(s, s.release(42, "wendeng_fire", 0_min), "unknown_order");
  }
  SUBCASE("unknown force") {
    event e = s.make(muster::event_kind::plan_draft, "wendeng_fire", 0_min);
    e.incident = 1;
    const auto beyond = static_cast<index_t>(registry().forces.size());
    CHECK_REJECTS(s, s.submit(e, {force("weihai_flood_team"), beyond}), "unknown_force");
    event c = s.make(muster::event_kind::request_consent, "wendeng_water", 0_min);
    c.incident = 1;
    c.target = 1;
    c.force = beyond;
    CHECK_REJECTS(s, s.submit(c), "unknown_force");
  }
  SUBCASE("unknown organisation") {
    event e = s.make(muster::event_kind::request_approve, "", 0_min);
    e.incident = 1;
    e.target = 1;
    e.by.organisation = static_cast<index_t>(policy().organisations.size());
    CHECK_REJECTS(s, s.submit(e), "unknown_organisation");
  }
  SUBCASE("unknown reference: grade, jurisdiction, incident type or period not in the policy") {
    // Indices past the end of the policy's tables (no_index would be a missing field: malformed).
    event e = s.make(muster::event_kind::incident_report, "wendeng_water", 0_min);
    e.incident = 2;
    e.jurisdiction = jurisdiction("rushan");
    e.incident_type = incident_type("forest_fire");
    e.grade = static_cast<index_t>(policy().grades.size());
    CHECK_REJECTS(s, s.submit(e), "unknown_reference");
    e = s.make(muster::event_kind::incident_report, "wendeng_water", 0_min);
    e.incident = 2;
    e.jurisdiction = static_cast<index_t>(policy().jurisdictions.size());
    e.incident_type = incident_type("forest_fire");
    e.grade = grade("general");
    CHECK_REJECTS(s, s.submit(e), "unknown_reference");
    e = s.make(muster::event_kind::incident_report, "wendeng_water", 0_min);
    e.incident = 2;
    e.jurisdiction = jurisdiction("rushan");
    e.incident_type = static_cast<index_t>(policy().incident_types.size());
    e.grade = grade("general");
    CHECK_REJECTS(s, s.submit(e), "unknown_reference");
    event g = s.make(muster::event_kind::incident_regrade, "wendeng_em", 0_min);
    g.incident = 1;
    g.grade = static_cast<index_t>(policy().grades.size());
    CHECK_REJECTS(s, s.submit(g), "unknown_reference");
    event p = s.make(muster::event_kind::period_declare, "weihai_gov", 0_min);
    p.period = static_cast<index_t>(policy().periods.size());
    CHECK_REJECTS(s, s.submit(p), "unknown_reference");
    CHECK(s.incident_state_of(2) == "missing");
  }
  CHECK(s.request_state_of(1) == "executed");
  CHECK(s.order_state_of(1) == "issued");
}

TEST_CASE("General 1: a rejected event leaves the state digest unchanged, whatever the reason") {
  scenario s(flood_season);
  REQUIRE(verdict(s.report(1, "wendeng", "flood", "general", "wendeng_water", 0_min)) == "accepted");
  REQUIRE(verdict(s.report(2, "wendeng", "flood", "larger", "wendeng_em", 0_min)) == "accepted");
  REQUIRE(verdict(s.draft(1, "wendeng_fire", {"wendeng_flood_team", "weihai_emergency_medical"}, {}, 1_min)) == "accepted");
  REQUIRE(verdict(s.approve(1, "wendeng_em", 2_min)) == "accepted");  // consents awaited
  REQUIRE(verdict(s.draft(2, "weihai_fire", {"weihai_flood_team"}, {}, 2_min)) == "accepted");  // request 2 awaits weihai_em
  const std::string digest = s.digest();
  CHECK_FALSE(digest.empty());

  CHECK_REJECTS(s, s.report(1, "wendeng", "flood", "general", "wendeng_water", 2_min), "incident_exists");
  CHECK_REJECTS(s, s.draft(1, "rushan_fire", {"weihai_flood_team"}, {}, 2_min), "actor_lacks_role");
  CHECK_REJECTS(s, s.draft(1, "wendeng_fire", {}, {}, 2_min), "no_forces");
  CHECK_REJECTS(s, s.approve(1, "wendeng_em", 2_min), "not_allowed_in_state");  // the step is now the consent
  CHECK_REJECTS(s, s.consent(1, "weihai_health", "wendeng_flood_team", 2_min), "actor_lacks_role");
  CHECK_REJECTS(s, s.approve(1, "wendeng_fire", 2_min), "not_allowed_in_state");
  CHECK_REJECTS(s, s.refuse(1, "wendeng_fire", "wendeng_flood_team", 2_min), "separation_of_duties");
  CHECK_REJECTS(s, s.apply(2, "weihai_em", {"huancui_fire_brigade"}, {}, 2_min), "no_upper_level");
  // wendeng_em holds EM in the incident's jurisdiction: break-glass material, but no reason.
  CHECK_REJECTS(s, s.break_glass(2, "wendeng_em", "", 2_min), "break_glass_needs_reason");
  CHECK_REJECTS(s, s.establish_hq(1, "weihai_gov", 2_min), "actor_lacks_role");
  CHECK_REJECTS(s, s.ack(7, "wendeng_water", 2_min), "unknown_order");
  CHECK_REJECTS(s, s.report(3, "wendeng", "flood", "general", "wendeng_water", 1_min), "stale_time");
  // Later, with no timer due yet (request 2 is due at +17m): not even the clock moves.
  CHECK_REJECTS(s, s.approve(2, "rongcheng_em", 10_min), "actor_lacks_role");
  CHECK(s.digest() == digest);
  CHECK(s.engine().open_requests() == 2);
  CHECK(s.engine().now() == s.at(2_min));
}

TEST_CASE("General 1: timers due at or before the event's time fire first and their effects lead the outcome") {
  scenario s(no_special_period);
  REQUIRE(verdict(s.report(1, "wendeng", "flood", "general", "wendeng_water", 0_min)) == "accepted");
  REQUIRE(verdict(s.draft(1, "wendeng_fire", {"wendeng_flood_team"}, {}, 1_min)) == "accepted");  // due +16m
  CHECK_EFFECTS(s, s.approve(1, "wendeng_em", 16_min), {
      "remind step_overdue at=+16m to=wendeng_em request=1 step=em_approval due=+31m because=chains.call_plan.steps.em_approval,chains.call_plan",
      "issue_order at=+16m from=wendeng_fire force=wendeng_flood_team order=1 due=+26m because=chains.call_plan.on_approved.issue_orders,chains.call_plan",
      "file_record at=+16m from=wendeng_fire to=wendeng_water force=wendeng_flood_team because=chains.call_plan.on_approved.file_record,chains.call_plan",
  });
  CHECK(s.request_state_of(1) == "executed");
  // The step's escalation timer went with the step.
  CHECK(lines(s.deadlines()) == lines({"order_ack due=+26m order=1 org=wendeng_water"}));
  CHECK_EFFECTS(s, s.advance(25_min), {});
}

TEST_CASE("General 1: a rejected event still carries the timers that fired before it, and they stay fired") {
  scenario s(no_special_period);
  REQUIRE(verdict(s.report(1, "wendeng", "flood", "general", "wendeng_water", 0_min)) == "accepted");
  REQUIRE(verdict(s.draft(1, "wendeng_fire", {"wendeng_flood_team"}, {}, 1_min)) == "accepted");  // due +16m
  const std::string before = s.digest();
  const outcome o = s.approve(1, "rongcheng_em", 20_min);
  CHECK(verdict(o) == "rejected: actor_lacks_role");
  CHECK(s.effects_differ(o, {"remind step_overdue at=+16m to=wendeng_em request=1 step=em_approval due=+31m because=chains.call_plan.steps.em_approval,chains.call_plan"}) ==
        "");
  CHECK(s.digest() != before);  // time did pass: the reminder is spent
  CHECK(lines(s.deadlines()) == lines({"request_step due=+31m request=1 org=wendeng_em"}));
  CHECK_EFFECTS(s, s.advance(31_min), {
      "escalate step_overdue at=+31m to=weihai_em request=1 step=em_approval because=chains.call_plan.steps.em_approval,chains.call_plan",
  });
}

TEST_CASE("General 4: one advance_to fires every due timer, in (due time, creation) order") {
  scenario s(no_special_period);
  REQUIRE(verdict(s.report(1, "wendeng", "flood", "general", "wendeng_water", 0_min)) == "accepted");
  REQUIRE(verdict(s.report(2, "rushan", "forest_fire", "general", "rushan_nrp", 0_min)) == "accepted");
  REQUIRE(verdict(s.draft(2, "rushan_fire", {"rushan_forest_fire_team"}, {}, 2_min)) == "accepted");      // request 1, due +17m
  REQUIRE(verdict(s.draft(1, "wendeng_fire", {"wendeng_flood_team"}, {}, 1_min + 2_min)) == "accepted");  // request 2, due +18m
  REQUIRE(verdict(s.draft(1, "wendeng_fire", {"weihai_flood_team"}, {}, 3_min)) == "accepted");           // request 3, due +18m
  CHECK(lines(s.deadlines()) == lines({
                                   "request_step due=+17m request=1 org=rushan_em",
                                   "request_step due=+18m request=2 org=wendeng_em",
                                   "request_step due=+18m request=3 org=wendeng_em",
                               }));
  CHECK_EFFECTS(s, s.advance(1_h), {
      "remind step_overdue at=+17m to=rushan_em request=1 step=em_approval due=+32m because=chains.call_plan.steps.em_approval,chains.call_plan",
      "remind step_overdue at=+18m to=wendeng_em request=2 step=em_approval due=+33m because=chains.call_plan.steps.em_approval,chains.call_plan",
      "remind step_overdue at=+18m to=wendeng_em request=3 step=em_approval due=+33m because=chains.call_plan.steps.em_approval,chains.call_plan",
      "escalate step_overdue at=+32m to=weihai_em request=1 step=em_approval because=chains.call_plan.steps.em_approval,chains.call_plan",
      "escalate step_overdue at=+33m to=weihai_em request=2 step=em_approval because=chains.call_plan.steps.em_approval,chains.call_plan",
      "escalate step_overdue at=+33m to=weihai_em request=3 step=em_approval because=chains.call_plan.steps.em_approval,chains.call_plan",
  });
  CHECK(s.engine().now() == s.at(1_h));
  CHECK(s.deadlines().empty());
}

TEST_CASE("General 7: every effect names rules of the policy; explain() renders them with file:line:col and clauses") {
  scenario s(no_special_period);
  REQUIRE(verdict(s.report(1, "wendeng", "flood", "general", "wendeng_water", 0_min)) == "accepted");
  REQUIRE(verdict(s.draft(1, "wendeng_fire", {"wendeng_flood_team"}, {}, 1_min)) == "accepted");
  const outcome o = s.approve(1, "wendeng_em", 2_min);
  REQUIRE(verdict(o) == "accepted");
  REQUIRE_FALSE(o.effects.empty());
  const muster::effect& order = o.effects.front();
  REQUIRE(order.kind == muster::effect_kind::issue_order);
  REQUIRE(order.because_count == 2);
  const auto& rules = s.engine().rules();
  const muster::rule_ref& action = *rules.at(order.because[0]);
  const muster::rule_ref& chain = *rules.at(order.because[1]);
  CHECK(action.id == "chains.call_plan.on_approved.issue_orders");
  CHECK(chain.id == "chains.call_plan");
  // The lines where rules/weihai.yaml has them: the chain's item, then its issue_orders action.
  const unsigned chain_line = line_of(policy().file, "  - id: call_plan");
  CHECK(chain.where.line == chain_line);
  CHECK(action.where.line == line_of(policy().file, "      - id: issue_orders", chain_line));
  auto line = [](const muster::rule_ref& r) {
    return r.id + " (" + r.where.file + ":" + std::to_string(r.where.line) + ":" + std::to_string(r.where.column) + ") [3.1.2]";
  };
  std::string text = s.engine().explain(order);
  if (!text.empty() && text.back() == '\n') text.pop_back();
  CHECK(text == line(action) + "\n" + line(chain));
  CHECK(s.engine().explain_rule(order.because[1]) == line(chain));
  for (const auto& e : o.effects) {
    CHECK(e.because_count >= 1);
    for (unsigned i = 0; i < e.because_count; ++i) CHECK(e.because[i] < rules.size());
  }
}

TEST_CASE("General 8: a special period by calendar (flood season 06-01 … 09-30, forest-fire prevention 11-01 … 05-31 in Beijing time); a declared sensitive period") {
  // The engine reads no clock: its time is the last event's (or advance_to's).
  {
    scenario s(flood_season);
    CHECK_EFFECTS(s, s.advance(0_min), {});
    CHECK(s.engine().special_period_active());
  }
  {
    scenario s(no_special_period);
    CHECK_EFFECTS(s, s.advance(0_min), {});
    CHECK_FALSE(s.engine().special_period_active());
  }
  // The calendar is read in the policy's time zone (Asia/Shanghai, +08:00): 2026-10-31 23:59
  // local is outside any special period; one minute later, 11-01 00:00 local (10-31 16:00 UTC),
  // forest-fire prevention has begun.
  {
    scenario s(local_time(2026, 10, 31, 23, 59));
    REQUIRE(verdict(s.report(1, "rushan", "forest_fire", "general", "rushan_nrp", 0_min)) == "accepted");
    CHECK_FALSE(s.engine().special_period_active());
    CHECK_EFFECTS(s, s.advance(1_min), {});
    CHECK(s.engine().special_period_active());
  }
  {
    scenario s(no_special_period);
    REQUIRE(verdict(s.report(1, "rushan", "forest_fire", "general", "rushan_nrp", 0_min)) == "accepted");
    CHECK_FALSE(s.engine().sensitive_period_active());
    event e = s.make(muster::event_kind::period_declare, "weihai_gov", 1_min);
    e.period = period("key_dates");
    CHECK(verdict(s.submit(e)) == "accepted");
    CHECK(s.engine().sensitive_period_active());
    CHECK_FALSE(s.engine().special_period_active());
    event end = s.make(muster::event_kind::period_end, "weihai_gov", 2_min);
    end.period = period("key_dates");
    CHECK(verdict(s.submit(end)) == "accepted");
    CHECK_FALSE(s.engine().sensitive_period_active());
  }
}

TEST_CASE("Determinism: the same inputs twice give identical outcomes, effects and state digest") {
  scenario a(flood_season), b(flood_season);
  const auto log_a = run_script(a);
  const auto log_b = run_script(b);
  CHECK(lines(log_a) == lines(log_b));
  CHECK_FALSE(a.digest().empty());
  CHECK(a.digest() == b.digest());
  CHECK(a.engine().state_bytes() == b.engine().state_bytes());
  // Nothing in the script depends on anything but its inputs: one more event moves the digest.
  REQUIRE(verdict(b.file_review(1, "wendeng_fire", 8_d)) == "accepted");
  CHECK(a.digest() != b.digest());
}

// ---- answers under another incident (issue 10, item 6) ------------------------------------

TEST_CASE("Contract: an answer naming another incident than its request's is wrong_incident and changes nothing") {
  scenario s(no_special_period);
  s.report(1, "wendeng", "flood", "general", "wendeng_water", 0_min);
  s.report(2, "rushan", "flood", "general", "rushan_em", 0_min);
  REQUIRE(verdict(s.draft(1, "wendeng_fire", {"wendeng_flood_team"}, {}, 1_min)) == "accepted");

  auto approve_under = [&](incident_id named) {
    event e = s.make(event_kind::request_approve, "wendeng_em", 2_min);
    e.target = 1;
    e.incident = named;
    return s.submit(e);
  };
  CHECK_REJECTS(s, approve_under(2), "wrong_incident");  // request 1 belongs to incident 1
  CHECK(approve_under(2).detail == "request 1 belongs to incident 1, not 2");
  CHECK_REJECTS(s, approve_under(99), "unknown_incident");  // no such incident at all
  CHECK(s.request_state_of(1) == "awaiting");
  // Naming no incident: the request number alone is enough.
  REQUIRE(verdict(approve_under(0)) == "accepted");
  REQUIRE(s.order_state_of(1) == "issued");

  auto ack_under = [&](incident_id named) {
    event e = s.make(event_kind::order_ack, "wendeng_water", 3_min);
    e.target = 1;
    e.incident = named;
    return s.submit(e);
  };
  CHECK_REJECTS(s, ack_under(2), "wrong_incident");
  CHECK(s.order_state_of(1) == "issued");
  CHECK(verdict(ack_under(1)) == "accepted");
}

// ---- the clock's bound (issue 10, item 8) ---------------------------------------------------

TEST_CASE("Contract: one input moves the clock at most limits.max_clock_step (31d); further is clock_jump and changes nothing") {
  scenario s(no_special_period);
  s.report(1, "wendeng", "flood", "general", "wendeng_water", 0_min);
  REQUIRE(verdict(s.draft(1, "wendeng_fire", {"wendeng_flood_team"}, {}, 1_min)) == "accepted");
  const timestamp clock = s.engine().now();
  // 2062 for 2026: refused, no timer fires, the clock stays, later events are on time.
  CHECK_REJECTS(s, s.advance(36 * 365_d), "clock_jump");
  CHECK_REJECTS(s, s.regrade(1, "larger", "wendeng_em", 36 * 365_d), "clock_jump");
  CHECK(s.engine().now() == clock);
  CHECK(s.advance(36 * 365_d).detail ==
        "time 2062-10-01T09:00:00+08:00 is more than 31d after the engine's clock 2026-10-10T09:01:00+08:00 "
        "(limits.max_clock_step); check the date, or advance the clock in steps");
  CHECK(s.deadlines().size() == 1);  // the approval step, and nothing fired
  // Exactly the bound is fine.
  CHECK(verdict(s.advance(1_min + 31_d)) == "accepted");
}

TEST_CASE("Contract: engine_options::max_clock_step overrides the policy's bound; 0 lifts it for long histories") {
  muster::engine_options lifted;
  lifted.max_clock_step = 0;
  scenario free(no_special_period, lifted);
  free.report(1, "wendeng", "flood", "general", "wendeng_water", 0_min);
  CHECK(verdict(free.advance(400_d)) == "accepted");

  muster::engine_options tight;
  tight.max_clock_step = 1_h;
  scenario s(no_special_period, tight);
  s.report(1, "wendeng", "flood", "general", "wendeng_water", 0_min);
  CHECK_REJECTS(s, s.advance(2_h), "clock_jump");
  CHECK(verdict(s.advance(1_h)) == "accepted");
}

TEST_CASE("Contract: a stale_time detail gives both times in RFC 3339, in the policy's zone") {
  scenario s(no_special_period);
  s.report(1, "wendeng", "flood", "general", "wendeng_water", 10_min);
  const outcome o = s.advance(5_min);
  CHECK(o.detail == "time 2026-10-10T09:05:00+08:00 is earlier than the engine's clock 2026-10-10T09:10:00+08:00");
}
