// Actions of the incident machine: each sets what the event itself decides (the grade, the
// command level, the headquarters, the reports still owed) and runs the policy's reactions to
// it (src/engine/reactions.cpp).
#include "engine/engine_impl.hpp"

MUSTER_BEGIN_NAMESPACE
namespace detail {
namespace {

int participant_slot(const incident_record& inc, index_t org) {
  for (int i = 0; i < inc.participant_count; ++i)
    if (inc.participants[i] == org) return i;
  return -1;
}

/// The grade decides the command level (3.1.1): set before the reactions run, since parties
/// `of: command` read it.
void set_command_level(dispatch& cx) {
  incident_record& inc = cx.inc();
  inc.command = cx.en.p.organisations[command_for(cx.en, inc, inc.grade).first].jurisdiction;
}

}  // namespace

void add_participant(dispatch& cx, index_t team) {
  incident_record& inc = cx.inc();
  if (team == no_index || participant_slot(inc, team) >= 0 || inc.participant_count == inc.participants.size()) return;
  inc.participants[inc.participant_count++] = team;
}

void assign_position(dispatch& cx, command_position pos, index_t org, std::initializer_list<rule_index> because) {
  cx.touch_incident(cx.incident);
  incident_record& inc = cx.inc();
  const bool commands = pos == command_position::commander;
  (commands ? inc.assigned_commander : inc.assigned_coordinator) = org;
  cx.emit(effect_kind::assign_command, commands ? topic::commander : topic::coordinator, org, because).grade = inc.grade;
}

void incident_reported(dispatch& cx) {
  set_command_level(cx);
  react(cx, incident_event::report);
}

void incident_regraded(dispatch& cx) {
  const index_t before = cx.inc().command;
  cx.inc().grade = cx.ev.grade;
  set_command_level(cx);
  react(cx, incident_event::regrade, {before, no_index});
}

/// 2.3: a department reports new facts on the incident.
void incident_situation_updated(dispatch& cx) { react(cx, incident_event::update); }

/// 3.1.3: the headquarters is set up, or one set up by the level that now commands takes over
/// from an earlier one (after a regrade moved command).
void incident_hq_established(dispatch& cx) {
  incident_record& inc = cx.inc();
  const index_t before = inc.headquarters;
  inc.headquarters = cx.ev.by.organisation;
  react(cx, incident_event::hq_established, {no_index, before});
}

void incident_concluded(dispatch& cx) {
  react(cx, incident_event::conclude);
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

void incident_review_started(dispatch& cx) { react(cx, incident_event::review_start); }

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
  release_when_due(cx, timer_kind::release_incident, cx.incident);
  incident_report_filed(cx);
  ++cx.inc().timer_gen;
  react(cx, incident_event::review_close);
  open_triggered(cx, chain_trigger::review_closed);
}

void incident_report_overdue(dispatch& cx) { report_round_overdue(cx); }

}  // namespace detail
MUSTER_END_NAMESPACE
