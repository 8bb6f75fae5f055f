// Internal: validation and routing of each event kind into its machine, and of timers.
#pragma once

#include "engine/engine_impl.hpp"

MUSTER_BEGIN_NAMESPACE
namespace detail {

/// Validates `cx.ev` (references, authorisation) and dispatches it; rejections go through cx.reject.
void handle_event(dispatch& cx);
/// Whether a due timer's record still waits for it (its generation has not moved on). Most
/// do not: an answer makes its deadline stale, and stale timers are skipped before any work.
bool timer_current(const engine::impl& en, const timer& t);
/// Dispatches a due timer to its record; `timer_current` must hold.
void fire_timer(dispatch& cx, const timer& t);

/// Refuses an event about `what` ("incident A-1", "request 12"), a record released under
/// limits.retention `ended` ("closed") more than the window ago: beyond_retention, never
/// unknown (it existed) and never taken as new.
void refuse_released(dispatch& cx, const std::string& what, const char* ended);

/// Validation and routing of warning events and timers (src/engine/warning_handlers.cpp).
void handle_warning_event(dispatch& cx);
bool warning_timer_current(const engine::impl& en, const timer& t);
void fire_warning_timer(dispatch& cx, const timer& t);

/// force.update: the live registry (src/engine/force_handlers.cpp).
void handle_force_update(dispatch& cx);

/// Schedule answers and timers (src/engine/schedule_handlers.cpp).
void handle_schedule_answer(dispatch& cx);
bool schedule_timer_current(const engine::impl& en, const timer& t);
void fire_schedule_timer(dispatch& cx, const timer& t);

inline std::string org_name(const engine::impl& en, index_t org) {
  return org < en.p.organisations.size() ? en.p.organisations[org].id : std::string("(none)");
}

inline bool known_actor(dispatch& cx) {
  if (cx.ev.by.organisation < cx.en.p.organisations.size()) return true;
  cx.reject(rejection::unknown_organisation, "the acting organisation is not one of the policy's");
  return false;
}

/// Hands `ev` to machine `m`; a state without a row for it rejects through the dispatch context.
template <class Machine, class Event>
void run(Machine& m, Event ev) {
  m.process_event(ev);
}

/// Authorisation helpers (src/engine/authorisation.cpp).
bool holds_role_on_path(const engine::impl& en, const incident_record& inc, index_t org, index_t role);
/// Whether `org` may answer the request's current step (for `force`, in per-force steps).
bool is_addressee(const dispatch& cx, index_t org, index_t force);

}  // namespace detail
MUSTER_END_NAMESPACE
