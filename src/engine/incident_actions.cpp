// Actions of the incident machine: information routing (3.3.1), command (3.1.1), first
// response (3.3.2), headquarters (3.1.3) and after-action review (3.3.3).
#include "engine/engine_impl.hpp"

#include <algorithm>

MUSTER_BEGIN_NAMESPACE
namespace detail {
namespace {

void assign_command(dispatch& cx) {
  incident_record& inc = cx.inc();
  auto [coordinator, commander] = command_for(cx.en, inc, inc.grade);
  inc.command = cx.en.p.organisations[coordinator].jurisdiction;
  const rule_index why = cx.en.at.command;
  cx.emit(effect_kind::assign_command, topic::coordinator, coordinator, {why}).grade = inc.grade;
  cx.emit(effect_kind::assign_command, topic::commander, commander, {why}).grade = inc.grade;
}

/// Move every awaiting request of the incident to the new command level at once.
void reroute_requests(dispatch& cx) {
  for (std::uint32_t r = cx.inc().first_request; r != no_record; r = cx.en.requests[r].next_in_incident) {
    if (state_of(cx.en.requests[r]) != request_state::awaiting) continue;
    dispatch sub{cx.en, cx.ev, cx.incident, r};
    sub.touch_request(r);
    cx.en.requests[r].m.fsm.process_event(chain_ev::reroute{&sub});
    if (sub.refused) cx.reject(sub.reason, sub.detail);
  }
}

int participant_slot(const incident_record& inc, index_t org) {
  for (int i = 0; i < inc.participant_count; ++i)
    if (inc.participants[i] == org) return i;
  return -1;
}

/// report_to for a participant: the role in the participant's own jurisdiction (3.3.3: same level).
index_t review_party(const engine::impl& en, const party_ref& r, index_t participant, unsigned escalation) {
  index_t j = en.p.organisations[participant].jurisdiction;
  if (r.of != party_scope::participant) return no_index;
  index_t up = ancestor(en.p, j, escalation);
  index_t org = en.p.holder(r.role, up);
  return org != no_index ? org : en.p.holder(r.role, j);
}

index_t review_target(const engine::impl& en, const incident_record& inc, const party_ref& r, index_t participant,
                      unsigned escalation) {
  return r.of == party_scope::participant ? review_party(en, r, participant, escalation) : resolve_party(en, inc, r, no_index, escalation);
}

}  // namespace

void add_participant(dispatch& cx, index_t team) {
  incident_record& inc = cx.inc();
  if (team == no_index || participant_slot(inc, team) >= 0 || inc.participant_count == inc.participants.size()) return;
  inc.participants[inc.participant_count++] = team;
}

index_t assign_position(dispatch& cx, command_position pos, index_t org, std::initializer_list<rule_index> because) {
  cx.touch_incident(cx.incident);
  incident_record& inc = cx.inc();
  const auto [coordinator, commander] = command_for(cx.en, inc, inc.grade);
  const bool commands = pos == command_position::commander;
  (commands ? inc.assigned_commander : inc.assigned_coordinator) = org;
  cx.emit(effect_kind::assign_command, commands ? topic::commander : topic::coordinator, org, because).grade = inc.grade;
  return commands ? commander : coordinator;
}

void route_information(dispatch& cx, info_trigger trigger, topic notify_topic, topic copy_topic, rule_index also) {
  const engine::impl& en = cx.en;
  once_each told;
  auto tell = [&](const party_ref& party, topic t, rule_index why) {
    const index_t org = resolve_party(en, cx.inc(), party);
    if (!told.first(org)) return;
    effect& e = cx.emit(effect_kind::notify, t, org, {why, also});
    if (trigger == info_trigger::incident_regrade) e.grade = cx.inc().grade;
  };
  for (std::size_t i = 0; i < en.p.information.size(); ++i) {
    const information_route& route = en.p.information[i];
    if (route.on != trigger || !holds(en, cx.inc(), route.when)) continue;
    const auto why = static_cast<rule_index>(en.at.information + i);
    for (const auto& party : route.notify) tell(party, notify_topic, why);
    for (const auto& party : route.copy) tell(party, copy_topic, why);
  }
}

void incident_reported(dispatch& cx) {
  incident_record& inc = cx.inc();
  auto [coordinator, commander] = command_for(cx.en, inc, inc.grade);
  (void)commander;
  inc.command = cx.en.p.organisations[coordinator].jurisdiction;
  route_information(cx, info_trigger::incident_report, topic::incident_reported, topic::incident_copied);
  assign_command(cx);
  const index_t first = resolve_party(cx.en, cx.inc(), cx.en.p.first_response.by);
  cx.emit(effect_kind::notify, topic::first_response, first, {cx.en.at.first_response});
  add_participant(cx, first);
}

void incident_regraded(dispatch& cx) {
  incident_record& inc = cx.inc();
  const index_t before = inc.command;
  inc.grade = cx.ev.grade;
  auto [coordinator, commander] = command_for(cx.en, inc, inc.grade);
  (void)commander;
  const index_t after = cx.en.p.organisations[coordinator].jurisdiction;
  inc.command = after;
  route_information(cx, info_trigger::incident_regrade, topic::regraded, topic::regraded);
  if (after == before) return;
  assign_command(cx);
  reroute_requests(cx);
}

/// 2.3: a department reports new facts; the information routes `on_event: incident.update` say who hears.
void incident_situation_updated(dispatch& cx) {
  route_information(cx, info_trigger::incident_update, topic::situation_updated, topic::situation_updated);
}

/// 3.1.3: the headquarters is set up, or one set up by the level that now commands takes over
/// from an earlier one (after a regrade moved command). When the policy says it commands, that
/// is a command change like any other: assigned, and the recipients told.
void incident_hq_established(dispatch& cx) {
  incident_record& inc = cx.inc();
  const index_t before = inc.headquarters;
  inc.headquarters = cx.ev.by.organisation;
  const rule_index why = cx.en.at.headquarters;
  if (cx.en.p.headquarters.takes_command) assign_position(cx, command_position::commander, inc.headquarters, {why, cx.en.at.command});
  route_information(cx, info_trigger::incident_hq_established, topic::hq_established, topic::hq_established, why);
  if (before != no_index) cx.emit(effect_kind::notify, topic::command_moved, before, {why}).from = inc.headquarters;
}

void incident_concluded(dispatch& cx) {
  route_information(cx, info_trigger::incident_conclude, topic::concluded, topic::concluded);
  // Requests that move forces or equipment still waiting are moot: withdraw them, telling whoever
  // was to answer. Claims, documents and chains about nothing follow the incident (a return
  // certificate, a situation report): they run on, as chain.open may open them after it.
  for (std::uint32_t r = cx.inc().first_request; r != no_record; r = cx.en.requests[r].next_in_incident) {
    if (state_of(cx.en.requests[r]) != request_state::awaiting) continue;
    const chain_subject about = cx.en.p.chains[cx.en.requests[r].chain].about;
    if (about != chain_subject::forces && about != chain_subject::quantity) continue;
    if (cx.en.requests[r].stock_out) continue;  // requisitioned stock still has to come back (4.3): its return runs on
    dispatch sub{cx.en, cx.ev, cx.incident, r};
    sub.touch_request(r);
    cx.en.requests[r].m.fsm.process_event(chain_ev::withdraw{&sub});
  }
}

void incident_review_started(dispatch& cx) {
  incident_record& inc = cx.inc();
  const review_rule& rv = cx.en.p.review;
  const timestamp due = cx.en.now + rv.due;
  for (int i = 0; i < inc.participant_count; ++i) {
    inc.reports_owed = static_cast<std::uint8_t>(inc.reports_owed | (1U << i));
    effect& e = cx.emit(effect_kind::request_report, topic::none, inc.participants[i], {cx.en.at.review});
    e.from = review_target(cx.en, inc, rv.report_to, inc.participants[i], 0);
    e.due = due;
  }
  inc.report_silence = 0;
  inc.review_due = due;
  ++inc.timer_gen;
  if (inc.reports_owed != 0) cx.start_timer(timer_kind::review_report, cx.incident, inc.timer_gen, due);
}

bool last_report(const dispatch& cx) {
  const incident_record& inc = cx.inc();
  const int slot = participant_slot(inc, cx.ev.by.organisation);
  return slot >= 0 && inc.reports_owed == (1U << slot);
}

void incident_report_filed(dispatch& cx) {
  incident_record& inc = cx.inc();
  const int slot = participant_slot(inc, cx.ev.by.organisation);
  if (slot >= 0) inc.reports_owed = static_cast<std::uint8_t>(inc.reports_owed & ~(1U << slot));
}

void incident_closed(dispatch& cx) {
  incident_report_filed(cx);
  ++cx.inc().timer_gen;
  auto [coordinator, commander] = command_for(cx.en, cx.inc(), cx.inc().grade);
  (void)commander;
  cx.emit(effect_kind::notify, topic::closed, coordinator, {cx.en.at.review});
  open_triggered(cx, chain_trigger::review_closed);
}

void incident_report_overdue(dispatch& cx) {
  incident_record& inc = cx.inc();
  const review_rule& rv = cx.en.p.review;
  if (inc.report_silence >= rv.on_timeout.size()) return;
  const silence_rung& rung = rv.on_timeout[inc.report_silence++];
  const silence_action act = rung.act;
  const bool more = inc.report_silence < rv.on_timeout.size() && rv.on_timeout[inc.report_silence].act != silence_action::expire;
  const timestamp due = more ? cx.en.now + rv.due : 0;  // the last action names no deadline
  for (int i = 0; i < inc.participant_count; ++i) {
    if (!(inc.reports_owed & (1U << i))) continue;
    const index_t team = inc.participants[i];
    if (act == silence_action::remind) {
      effect& e = cx.emit(effect_kind::remind, topic::report_overdue, team, {cx.en.at.review});
      e.due = due;
    } else if (act == silence_action::escalate) {
      effect& e = cx.emit(effect_kind::escalate, topic::report_overdue, review_target(cx.en, inc, rv.report_to, team, 1), {cx.en.at.review});
      e.from = team;
      e.due = due;
    }
    // Whoever else the rung names (3.3.3: the EM the report is owed to) learns it is late.
    once_each told;
    for (const party_ref& party : rung.notify) {
      const index_t org = review_target(cx.en, inc, party, team, 0);
      if (!told.first(org)) continue;
      effect& e = cx.emit(effect_kind::notify, topic::report_overdue, org, {cx.en.at.review});
      e.from = team;
      e.due = due;
    }
  }
  if (more) {
    inc.review_due = due;
    cx.start_timer(timer_kind::review_report, cx.incident, inc.timer_gen, due);
  }
}

}  // namespace detail
MUSTER_END_NAMESPACE
