// The incident primitives: what runs on an incident event, read from policy::reactions (the
// lowered form of the command, first_response, headquarters, information and review blocks;
// src/policy/passes/lower_pass.cpp). Nothing here knows which block a reaction came from but
// to cite it.
#include "engine/engine_impl.hpp"

MUSTER_BEGIN_NAMESPACE
namespace detail {
namespace {

rule_index cite(const engine::impl& en, rule_source s) { return en.at.of(s); }

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

/// report_to for a participant: the role in the participant's own jurisdiction (3.3.3: same level).
index_t participant_party(const engine::impl& en, const party_ref& r, index_t participant, unsigned escalation) {
  index_t j = en.p.organisations[participant].jurisdiction;
  index_t up = ancestor(en.p, j, escalation);
  index_t org = en.p.holder(r.role, up);
  return org != no_index ? org : en.p.holder(r.role, j);
}

index_t report_party(const engine::impl& en, const incident_record& inc, const party_ref& r, index_t participant,
                     unsigned escalation) {
  return r.of == party_scope::participant ? participant_party(en, r, participant, escalation)
                                          : resolve_party(en, inc, r, no_index, escalation);
}

void notify(dispatch& cx, const reaction& r, once_each& told, std::initializer_list<rule_index> because) {
  auto tell = [&](const party_ref& party, topic t, bool acts) {
    const index_t org = resolve_party(cx.en, cx.inc(), party);
    if (!told.first(org)) return;
    effect& e = cx.emit(effect_kind::notify, t, org, because);
    if (r.on == incident_event::regrade) e.grade = cx.inc().grade;  // a regrade's notices say the new grade
    if (acts) add_participant(cx, org);
  };
  for (const auto& party : r.to) tell(party, r.to_topic, r.takes_part);
  for (const auto& party : r.copy) tell(party, r.copy_topic, false);
}

void command_by_grade(dispatch& cx, index_t command_before, rule_index why) {
  incident_record& inc = cx.inc();
  if (inc.command == command_before) return;
  auto [coordinator, commander] = command_for(cx.en, inc, inc.grade);
  cx.emit(effect_kind::assign_command, topic::coordinator, coordinator, {why}).grade = inc.grade;
  cx.emit(effect_kind::assign_command, topic::commander, commander, {why}).grade = inc.grade;
  reroute_requests(cx);
}

void request_reports(dispatch& cx, const reaction& r, rule_index why) {
  incident_record& inc = cx.inc();
  const timestamp due = cx.en.now + r.due;
  for (int i = 0; i < inc.participant_count; ++i) {
    inc.reports_owed = static_cast<std::uint8_t>(inc.reports_owed | (1U << i));
    effect& e = cx.emit(effect_kind::request_report, topic::none, inc.participants[i], {why});
    e.from = report_party(cx.en, inc, r.to.front(), inc.participants[i], 0);
    e.due = due;
  }
  inc.report_silence = 0;
  inc.review_due = due;
  ++inc.timer_gen;
  if (inc.reports_owed != 0) cx.start_timer(timer_kind::review_report, cx.incident, inc.timer_gen, due);
}

}  // namespace

void react(dispatch& cx, incident_event on, replaced before) {
  const policy& p = cx.en.p;
  once_each told;
  std::uint8_t group = 0;
  const auto event = static_cast<std::size_t>(on);
  for (std::size_t i = p.reactions_at[event]; i < p.reactions_at[event + 1]; ++i) {
    const reaction& r = p.reactions[i];
    if (!holds(cx.en, cx.inc(), r.when)) continue;
    const rule_index why = cite(cx.en, r.source), also = cite(cx.en, r.also);
    switch (r.kind) {
      case reaction_kind::notify:
        if (r.notice_group == 0 || r.notice_group != group) told.count = 0;  // a new audience
        group = r.notice_group;
        notify(cx, r, told, {why, also});
        break;
      case reaction_kind::command_by_grade:
        command_by_grade(cx, before.command, why);
        break;
      case reaction_kind::actor_takes_position:
        assign_position(cx, r.position, cx.ev.by.organisation, {why, also});
        break;
      case reaction_kind::tell_replaced:
        if (before.headquarters != no_index)
          cx.emit(effect_kind::notify, topic::command_moved, before.headquarters, {why, also}).from = cx.ev.by.organisation;
        break;
      case reaction_kind::request_reports:
        request_reports(cx, r, why);
        break;
    }
  }
}

const reaction* report_round(const policy& p) {
  const auto event = static_cast<std::size_t>(incident_event::review_start);
  for (std::size_t i = p.reactions_at[event]; i < p.reactions_at[event + 1]; ++i)
    if (p.reactions[i].kind == reaction_kind::request_reports) return &p.reactions[i];
  return nullptr;
}

void report_round_overdue(dispatch& cx) {
  incident_record& inc = cx.inc();
  const reaction* round = report_round(cx.en.p);
  if (round == nullptr || inc.report_silence >= round->on_timeout.size()) return;
  const rule_index why = cite(cx.en, round->source);
  const party_ref& report_to = round->to.front();
  const silence_rung& rung = round->on_timeout[inc.report_silence++];
  const silence_action act = rung.act;
  const bool more = inc.report_silence < round->on_timeout.size() && round->on_timeout[inc.report_silence].act != silence_action::expire;
  const timestamp due = more ? cx.en.now + round->due : 0;  // the last action names no deadline
  for (int i = 0; i < inc.participant_count; ++i) {
    if (!(inc.reports_owed & (1U << i))) continue;
    const index_t team = inc.participants[i];
    if (act == silence_action::remind) {
      effect& e = cx.emit(effect_kind::remind, topic::report_overdue, team, {why});
      e.due = due;
    } else if (act == silence_action::escalate) {
      effect& e = cx.emit(effect_kind::escalate, topic::report_overdue, report_party(cx.en, inc, report_to, team, 1), {why});
      e.from = team;
      e.due = due;
    }
    // Whoever else the rung names (3.3.3: the EM the report is owed to) learns it is late.
    once_each told;
    for (const party_ref& party : rung.notify) {
      const index_t org = report_party(cx.en, inc, party, team, 0);
      if (!told.first(org)) continue;
      effect& e = cx.emit(effect_kind::notify, topic::report_overdue, org, {why});
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
