// English names of the engine's enums, as JSON, timelines and diagnostics spell them.
#include "engine/machine_tables.hpp"

#include <muster/engine.hpp>

#include <iterator>

MUSTER_BEGIN_NAMESPACE

const char* to_string(event_kind k) {
  static const char* const n[] = {"incident.report", "incident.regrade", "incident.hq_established", "incident.conclude",
                                  "incident.review_filed", "plan.draft", "request.approve", "request.reject",
                                  "request.consent", "request.refuse", "request.withdraw", "reinforcement.apply",
                                  "order.ack", "order.decline", "order.depart", "order.arrive", "order.release",
                                  "period.declare", "period.end", "clock.advance",
                                  "chain.open", "request.acknowledge", "request.submit",
                                  "warning.issue", "warning.update", "warning.cancel", "warning.acknowledge",
                                  "incident.update", "schedule.answer", "force.update"};
  static_assert(std::size(n) == event_kind_count, "a name for each value");
  return n[static_cast<int>(k)];
}
const char* to_string(effect_kind k) {
  static const char* const n[] = {"notify", "assign_command", "request_approval", "request_consent", "issue_order",
                                  "file_record", "escalate", "remind", "propose_force", "propose_substitute", "request_report",
                                  "request_support", "request_acknowledgement", "request_submission",
                                  "warning_notice", "standby", "schedule_call"};
  static_assert(std::size(n) == effect_kind_count, "a name for each value");
  return n[static_cast<int>(k)];
}
const char* to_string(topic t) {
  static const char* const n[] = {"none", "incident_reported", "incident_copied", "first_response", "regraded",
                                  "command_moved", "hq_established", "concluded", "closed", "request_opened",
                                  "request_approved", "request_rejected", "request_withdrawn", "request_expired",
                                  "request_failed", "force_dropped", "step_overdue", "order_overdue", "order_declined",
                                  "report_overdue", "coordinator", "commander", "period_declared", "period_ended", "break_glass",
                                  "flag_set", "flag_cleared", "warning_issued", "warning_updated", "warning_cancelled",
                                  "warning_expired", "warning_unacknowledged", "situation_updated",
                                  "force_in_drill", "answer_due", "report_due", "call_unanswered", "request_reduced", "stock_released",
                                  "force_status_changed", "call_answered"};
  static_assert(std::size(n) == topic_count, "a name for each value");
  return n[static_cast<int>(t)];
}
const char* to_string(rejection r) {
  static const char* const n[] = {"none", "malformed", "unknown_incident", "unknown_request", "unknown_order", "unknown_force",
                                  "unknown_organisation", "unknown_reference", "incident_exists", "not_allowed_in_state",
                                  "actor_lacks_role", "separation_of_duties", "stale_time", "force_committed", "no_forces",
                                  "no_upper_level", "break_glass_needs_reason", "wrong_incident",
                                  "force_in_own_jurisdiction", "clock_jump", "internal_error", "unknown_warning", "warning_exists",
                                  "unknown_run", "force_check_failed", "force_not_deployed", "insufficient_stock",
                                  "beyond_retention"};
  static_assert(std::size(n) == rejection_count, "a name for each value");
  return n[static_cast<int>(r)];
}
const char* to_string(warning_level l) {
  static const char* const n[] = {"blue", "yellow", "orange", "red"};
  static_assert(std::size(n) == warning_level_count, "a name for each value");
  return static_cast<int>(l) < warning_level_count ? n[static_cast<int>(l)] : "none";
}
const char* to_string(input_status s) {
  static const char* const n[] = {"actual", "exercise", "test"};
  return n[static_cast<int>(s)];
}
const char* to_string(duty_status s) {
  static const char* const n[] = {"available", "on_duty_elsewhere", "maintenance", "stood_down"};
  static_assert(std::size(n) == duty_status_count, "a name for each value");
  return static_cast<int>(s) < duty_status_count ? n[static_cast<int>(s)] : "none";
}
bool parse_duty_status(std::string_view s, duty_status& out) {
  for (int d = 0; d < duty_status_count; ++d)
    if (s == to_string(static_cast<duty_status>(d))) {
      out = static_cast<duty_status>(d);
      return true;
    }
  return false;
}
// The states are named by their machines (the public enums are the machines' state ids).
const char* to_string(incident_state s) { return detail::incident_machine_table().states[static_cast<int>(s)]; }
const char* to_string(request_state s) { return detail::approval_chain_machine_table().states[static_cast<int>(s)]; }
const char* to_string(order_state s) { return detail::order_machine_table().states[static_cast<int>(s)]; }
const char* to_string(warning_state s) { return detail::warning_machine_table().states[static_cast<int>(s)]; }
const char* to_string(run_state s) { return detail::schedule_run_machine_table().states[static_cast<int>(s)]; }
// A call's state is the engine's bookkeeping of one party of a run, not a machine's.
const char* to_string(call_state s) {
  static const char* const n[] = {"pending", "answered", "late", "missed", "closed"};
  return n[static_cast<int>(s)];
}

MUSTER_END_NAMESPACE
