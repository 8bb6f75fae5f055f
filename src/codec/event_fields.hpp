// Internal: the fields of an event's JSON form and which kinds need or allow them. The one
// table both the decoder (strictness) and the encoder (what to write) read.
#pragma once

#include <muster/events.hpp>

#include <cstdint>
#include <string_view>

MUSTER_BEGIN_NAMESPACE
namespace detail {

/// In the order the encoder writes them.
enum field : std::uint8_t {
  f_id, f_kind, f_at, f_actor, f_person, f_incident, f_jurisdiction, f_incident_type, f_grade, f_forces,
  f_capabilities, f_request, f_order, f_run, f_force, f_period, f_until, f_break_glass, f_reason, f_chain, f_quantity, f_amount, f_costs,
  f_warning, f_references, f_hazard, f_level, f_area, f_status, f_duty, f_personnel, f_item, f_count, f_confirmed,
  field_count,
  f_none = 0xFF,
};

inline constexpr std::string_view field_names[field_count] = {
    "id", "kind", "at", "actor", "person", "incident", "jurisdiction", "incident_type", "grade", "forces",
    "capabilities", "request", "order", "run", "force", "period", "until", "break_glass", "reason", "chain", "quantity", "amount", "costs",
    "warning", "references", "hazard", "level", "area", "status", "duty", "personnel", "item", "count", "confirmed"};

using field_mask = std::uint64_t;
constexpr field_mask bit(field f) { return field_mask{1} << f; }

struct kind_fields {
  field_mask required;
  field_mask allowed;  ///< includes `required`
};

/// Which fields `k` needs and which it accepts; any other field is an error. plan.draft and
/// reinforcement.apply also need at least one of forces / capabilities (checked apart).
constexpr kind_fields fields_of(event_kind k) {
  constexpr field_mask base = bit(f_id) | bit(f_kind) | bit(f_at) | bit(f_actor);
  constexpr field_mask who = bit(f_person);
  constexpr field_mask inc = bit(f_incident);
  switch (k) {
    case event_kind::incident_report:
      return {base | inc | bit(f_jurisdiction) | bit(f_incident_type) | bit(f_grade),
              base | who | inc | bit(f_jurisdiction) | bit(f_incident_type) | bit(f_grade) | bit(f_status)};
    case event_kind::incident_regrade: return {base | inc | bit(f_grade), base | who | inc | bit(f_grade)};
    case event_kind::incident_hq_established:
    case event_kind::incident_conclude:
    case event_kind::incident_review_filed: return {base | inc, base | who | inc};
    case event_kind::plan_draft:
    case event_kind::reinforcement_apply:  // break_glass + reason: naming a force a dispatch check holds back
      return {base | inc, base | who | inc | bit(f_forces) | bit(f_capabilities) | bit(f_break_glass) | bit(f_reason)};
    case event_kind::request_approve:
      return {base | bit(f_request), base | who | inc | bit(f_request) | bit(f_break_glass) | bit(f_reason) | bit(f_amount) | bit(f_quantity)};
    case event_kind::request_reject: return {base | bit(f_request), base | who | inc | bit(f_request) | bit(f_force) | bit(f_reason)};
    case event_kind::request_consent: return {base | bit(f_request) | bit(f_force), base | who | inc | bit(f_request) | bit(f_force)};
    case event_kind::request_refuse:
      return {base | bit(f_request) | bit(f_force), base | who | inc | bit(f_request) | bit(f_force) | bit(f_reason)};
    case event_kind::request_withdraw: return {base | bit(f_request), base | who | inc | bit(f_request) | bit(f_reason)};
    case event_kind::order_decline: return {base | bit(f_order), base | who | inc | bit(f_order) | bit(f_reason)};
    case event_kind::order_ack:
    case event_kind::order_depart:
    case event_kind::order_arrive:
    case event_kind::order_release: return {base | bit(f_order), base | who | inc | bit(f_order)};
    case event_kind::period_declare: return {base | bit(f_period), base | who | bit(f_period) | bit(f_until)};
    case event_kind::period_end: return {base | bit(f_period), base | who | bit(f_period)};
    case event_kind::clock_advance: return {bit(f_id) | bit(f_kind) | bit(f_at), base | who};
    case event_kind::chain_open:
      return {base | inc | bit(f_chain), base | who | inc | bit(f_chain) | bit(f_forces) | bit(f_capabilities) | bit(f_quantity) | bit(f_amount) |
                  bit(f_costs) | bit(f_item) | bit(f_break_glass) | bit(f_reason)};
    case event_kind::request_acknowledge: return {base | bit(f_request), base | who | inc | bit(f_request) | bit(f_force)};
    case event_kind::request_submit: return {base | bit(f_request), base | who | inc | bit(f_request) | bit(f_force) | bit(f_reason)};
    case event_kind::warning_issue:
      return {base | bit(f_warning) | bit(f_hazard) | bit(f_level) | bit(f_area),
              base | who | bit(f_warning) | bit(f_hazard) | bit(f_level) | bit(f_area) | bit(f_until) | bit(f_status)};
    case event_kind::warning_update:
      return {base | bit(f_warning) | bit(f_references),
              base | who | bit(f_warning) | bit(f_references) | bit(f_hazard) | bit(f_level) | bit(f_area) | bit(f_until)};
    case event_kind::warning_cancel: return {base | bit(f_warning) | bit(f_references), base | who | bit(f_warning) | bit(f_references)};
    case event_kind::warning_acknowledge: return {base | bit(f_warning), base | who | bit(f_warning) | bit(f_force)};
    case event_kind::incident_update: return {base | inc, base | who | inc | bit(f_reason)};
    case event_kind::schedule_answer: return {base | bit(f_run), base | who | bit(f_run) | bit(f_force)};
    case event_kind::force_update:  // and at least one change (checked apart)
      return {base | bit(f_force),
              base | who | bit(f_force) | bit(f_duty) | bit(f_personnel) | bit(f_item) | bit(f_count) | bit(f_confirmed)};
  }
  return {base, base};
}

/// Kinds that name forces and/or wanted capabilities.
constexpr bool opens_request(event_kind k) { return k == event_kind::plan_draft || k == event_kind::reinforcement_apply; }

/// The field that holds a kind's `target`: `request`, `order` or `run` (f_none: it has none).
constexpr field target_field(event_kind k) {
  const field_mask allowed = fields_of(k).allowed;
  return allowed & bit(f_request) ? f_request : allowed & bit(f_order) ? f_order : allowed & bit(f_run) ? f_run : f_none;
}

}  // namespace detail
MUSTER_END_NAMESPACE
