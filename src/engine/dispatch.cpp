// The dispatch context: effects, timers and the undo log that makes a failed event change nothing.
#include "engine/engine_impl.hpp"

MUSTER_BEGIN_NAMESPACE
namespace detail {

void dispatch::touch_incident(std::uint32_t i) {
  if (i >= en.undo.incident_count) return;  // created by this event: removed wholesale on failure
  for (const auto& s : en.undo.incidents) if (s.first == i) return;
  en.undo.incidents.emplace_back(i, en.incidents[i]);
}

void dispatch::touch_request(std::uint32_t i) {
  if (i >= en.undo.request_count) return;
  for (const auto& s : en.undo.requests) if (s.first == i) return;
  en.undo.requests.emplace_back(i, en.requests[i]);
}

void dispatch::touch_order(std::uint32_t i) {
  if (i >= en.undo.order_count) return;
  for (const auto& s : en.undo.orders) if (s.first == i) return;
  en.undo.orders.emplace_back(i, en.orders[i]);
}

void dispatch::touch_warning(std::uint32_t i) {
  if (i >= en.undo.warning_count) return;
  for (const auto& s : en.undo.warnings) if (s.first == i) return;
  en.undo.warnings.emplace_back(i, en.warnings[i]);
}

void dispatch::touch_member(std::uint32_t i) {
  if (i >= en.undo.member_count) return;
  for (const auto& s : en.undo.members) if (s.first == i) return;
  en.undo.members.emplace_back(i, en.members[i]);
}

void dispatch::touch_run(std::uint32_t i) {
  if (i >= en.undo.run_count) return;
  for (const auto& s : en.undo.runs) if (s.first == i) return;
  en.undo.runs.emplace_back(i, en.runs[i]);
}

void dispatch::touch_schedule(index_t i) {
  for (const auto& s : en.undo.schedules) if (s.first == i) return;
  en.undo.schedules.emplace_back(i, en.schedule_states[i]);
}

void dispatch::touch_force(index_t i) {
  for (const auto& s : en.undo.forces) if (s.first == i) return;
  en.undo.forces.emplace_back(i, en.live[i]);
}

void dispatch::commit_force(index_t force, std::uint32_t order_plus_one) {
  en.undo.commitments.emplace_back(force, en.committed[force]);
  en.committed[force] = order_plus_one;
}

effect& dispatch::emit(effect_kind k, topic about, index_t to, std::initializer_list<rule_index> because) {
  effect& e = en.out.effects.emplace_back();
  e.kind = k;
  e.about = about;
  e.to = to;
  e.at = en.now;
  if (incident != no_record) {
    e.incident = en.incidents[incident].id;
    e.exercise = en.incidents[incident].status != input_status::actual;  // a drill's effects are marked (3.2.3)
    // 3.1.3: once the headquarters exists, everything said about the incident goes through it
    // (except to the headquarters itself, and command assignments, which name it).
    const index_t hq = en.incidents[incident].headquarters;
    if (hq != no_index && to != hq && k != effect_kind::assign_command) e.via = hq;
  }
  if (request != no_record) {
    const request_record& r = en.requests[request];
    e.request = request + 1;
    e.chain = r.chain;
    e.measure = r.measure;  // the quantity or amount it is about travels with every word about it (4.1, 4.3)
  }
  if (order != no_record) e.order = order + 1;
  if (warning != no_record) {
    const warning_record& w = en.warnings[warning];
    e.warning = w.id;
    e.hazard = w.hazard;
    e.level = w.level;
    e.exercise = w.status != input_status::actual;
  }
  if (run != no_record) {
    e.run = run + 1;
    e.schedule = en.runs[run].schedule;
  }
  for (rule_index r : because) {
    if (r == no_rule || e.because_count == e.because.size()) continue;
    e.because[e.because_count++] = r;
  }
  if (en.fault_hook) en.fault_hook(e);
  return e;
}

void dispatch::start_timer(timer_kind k, std::uint32_t target, std::uint32_t gen, timestamp due) {
  en.staged_timers.emplace_back(due, target, gen, k);
}

void dispatch::reject(rejection r, std::string why) {
  if (refused) return;  // the first reason wins
  refused = true;
  reason = r;
  detail = std::move(why);
}

void reject_not_allowed(dispatch& cx, int) {
  // Name the state of the record the event was for, as the public enums spell it.
  std::string where = cx.run != no_record ? std::string("the run is ") + to_string(state_of(cx.schedule_run()))
                    : cx.warning != no_record ? std::string("the warning is ") + to_string(state_of(cx.warn()))
                    : cx.order != no_record ? std::string("the order is ") + to_string(state_of(cx.ord()))
                    : cx.request != no_record && ((cx.ev.kind >= event_kind::request_approve && cx.ev.kind <= event_kind::request_withdraw) ||
                                                  cx.ev.kind == event_kind::request_acknowledge || cx.ev.kind == event_kind::request_submit)
                        ? std::string("the request is ") + to_string(state_of(cx.req()))
                    : cx.incident != no_record ? std::string("the incident is ") + to_string(state_of(cx.inc()))
                                               : std::string("the current state");
  cx.reject(rejection::not_allowed_in_state, std::string(to_string(cx.ev.kind)) + " is not allowed: " + where);
}

void report_internal_error(dispatch& cx, const std::exception& ex) {
  cx.reject(rejection::internal_error, std::string("internal error: ") + ex.what());
}

// A record's state is its machine's MSM state id: the public enums number the states as MSM
// does (src/engine/machine_tables.cpp; tests/engine/test_machine_tables.cpp checks the names).
incident_state state_of(const incident_record& r) { return static_cast<incident_state>(r.m.state()); }
request_state state_of(const request_record& r) { return static_cast<request_state>(r.m.state()); }
order_state state_of(const order_record& r) { return static_cast<order_state>(r.m.state()); }
warning_state state_of(const warning_record& r) { return static_cast<warning_state>(r.m.state()); }
run_state state_of(const run_record& r) { return static_cast<run_state>(r.m.state()); }

}  // namespace detail
MUSTER_END_NAMESPACE
