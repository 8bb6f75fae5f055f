// What the host tells the engine (events) and what the engine tells the host (effects).
// Plain values, no heap: an event is read during submit(), effects live in the outcome.
#pragma once

#include <muster/config.hpp>
#include <muster/model/basics.hpp>

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

MUSTER_BEGIN_NAMESPACE

/// Seconds since 1970-01-01T00:00:00Z. Event time only: the engine never reads a clock.
using timestamp = std::int64_t;
/// Chosen by the host, unique per event; a repeat returns the first outcome.
using event_id = std::uint64_t;
/// Chosen by the host when it reports an incident.
using incident_id = std::uint64_t;
/// Assigned by the engine, in order, from 1.
using request_id = std::uint32_t;
using order_id = std::uint32_t;
/// Chosen by the host (a CAP alert's identifier), like an incident id; an update or a cancel
/// has its own id, which names the same warning from then on.
using warning_id = std::uint64_t;
/// A run of one of the policy's schedules (a roll-call, a drill's report round): numbered by
/// the engine, in order, from 1.
using run_id = std::uint32_t;
/// Position in engine::rules(): a rule of the policy (file:line, clause).
using rule_index = std::uint16_t;
inline constexpr rule_index no_rule = 0xFFFF;

enum class event_kind : std::uint8_t {
  incident_report,          ///< jurisdiction, incident_type, grade
  incident_regrade,         ///< grade
  incident_hq_established,  ///< actor: the Party committee / government that set it up (3.1.3)
  incident_conclude,
  incident_review_filed,    ///< actor: a participating fire team files its after-action report (3.3.3)
  plan_draft,               ///< shorthand of chain_open for the chain with `opened_with: plan.draft`
  request_approve,          ///< target request
  request_reject,
  request_consent,          ///< target request, force
  request_refuse,           ///< target request, force
  request_withdraw,
  reinforcement_apply,      ///< shorthand of chain_open for the chain with `opened_with: reinforcement.apply`
  order_ack,                ///< target order; actor: the force's owner
  order_decline,
  order_depart,             ///< en route
  order_arrive,             ///< on scene
  order_release,
  period_declare,           ///< period (declared ones), until (0: until period_end)
  period_end,
  clock_advance,            ///< only moves time and fires timers
  chain_open,               ///< chain; forces and/or capabilities, quantity or amount, as the chain is about; item: one force's stock item (a chain with `stock: reserve`, 4.3)
  request_acknowledge,      ///< target request (and force, on a per-force step): received
  request_submit,           ///< target request: the document the step waits for is submitted
  warning_issue,            ///< warning, hazard, level, area, until (0: until cancelled), status (3.3.1)
  warning_update,           ///< warning (the update's own id), references; hazard, level, area, until when they change
  warning_cancel,           ///< warning (the cancel's own id), references
  warning_acknowledge,      ///< warning (any of its ids); force, when acknowledging a push for a force
  incident_update,          ///< incident; reason: the new facts (spread, casualties …), from a department of its jurisdiction (2.3)
  schedule_answer,          ///< target run; force, when the schedule calls forces; actor: the one called (a roll-call's answer, a drill's report)
  force_update,             ///< force; duty, personnel, item + count, confirmed: the live registry (3.2.1); actor: the force's owner or industry authority
};

inline constexpr int event_kind_count = 30;

/// Whether an input is real or practice (CAP status Actual / Exercise / Test). Effects of a
/// practice input carry the exercise mark, so a host never takes them for a real call-out.
enum class input_status : std::uint8_t { actual, exercise, test };

/// Who acts: an organisation of the policy, and optionally a person (host's id, 0 = none).
struct actor {
  index_t organisation = no_index;
  std::uint32_t person = 0;
};

/// One line of a claim (4.1): what was consumed or spent, and its amount in the smallest unit.
struct cost_line {
  std::string_view what;
  std::int64_t amount = 0;
};

/// An input. Fields not used by a kind are ignored. `forces` is read only during submit().
struct event {
  event_id id = 0;
  event_kind kind = event_kind::clock_advance;
  timestamp at = 0;
  actor by;
  incident_id incident = 0;
  std::uint32_t target = 0;             ///< request_id, order_id or run_id
  index_t jurisdiction = no_index;      ///< incident_report
  index_t incident_type = no_index;     ///< incident_report
  index_t grade = no_index;             ///< incident_report, incident_regrade
  index_t force = no_index;             ///< request_consent / request_refuse
  index_t period = no_index;            ///< period_declare / period_end
  timestamp until = 0;                  ///< period_declare
  index_t chain = no_index;             ///< chain_open
  std::int64_t quantity = 0;            ///< chain_open, a chain about a quantity (machinery, materials: 4.3)
  std::int64_t amount = 0;              ///< chain_open, a chain about a claim (compensation: 4.1)
  const cost_line* costs = nullptr;     ///< chain_open with an amount: what it is made of (they add up to it); kept in the journal, the engine reads only the amount
  std::uint32_t cost_count = 0;
  const index_t* forces = nullptr;      ///< plan_draft / reinforcement_apply: named forces
  std::uint32_t force_count = 0;
  std::uint64_t capabilities = 0;       ///< plan_draft / reinforcement_apply: wanted capabilities (mask)
  bool break_glass = false;             ///< request_approve outside the normal approver; a request naming a force a break_glass check holds back (4.4); needs a reason
  std::string_view reason;              ///< break-glass or rejection reason (read during submit)
  warning_id warning = 0;               ///< warning_*: the warning (issue), or the message's own id (update, cancel)
  warning_id references = 0;            ///< warning_update / warning_cancel: the warning, by any of its ids
  index_t hazard = no_index;            ///< warning_issue / warning_update
  std::uint8_t level = 0xFF;            ///< warning_level; 0xFF: not given
  input_status status = input_status::actual;  ///< warning_issue, incident_report (a drill, 3.2.3)
  const index_t* area = nullptr;        ///< warning_issue / warning_update: jurisdictions (read during submit)
  std::uint32_t area_count = 0;
  std::uint8_t duty = 0xFF;             ///< force_update: a duty_status; 0xFF: unchanged
  std::int64_t personnel = -1;          ///< force_update: the new head count; -1: unchanged
  index_t item = no_index;              ///< force_update: the force's equipment (0 …) then materials item whose count is `count`; chain_open: the item of its one force the quantity is drawn from
  std::int64_t count = -1;              ///< force_update: with `item`
  bool confirmed = false;               ///< force_update: the owner confirms the base data current on the event's day (3.2.1)
};

enum class effect_kind : std::uint8_t {
  notify,              ///< tell `to` about `topic`
  assign_command,      ///< `to` coordinates (topic coordinator) or commands (topic commander) at `grade`
  request_approval,    ///< `to` must approve request `request` at `step`, by `due`
  request_consent,     ///< `to` must consent to `force` joining request `request`, by `due`
  issue_order,         ///< `from` orders `force` (order `order`); acknowledgement due by `due`
  file_record,         ///< `from` files a record (报备) of `force`'s order with `to`
  escalate,            ///< `to` (one level up, or the party named by the policy) takes over / is told about `topic`
  remind,              ///< `to` is reminded that `topic` is due by `due`
  propose_force,       ///< the engine proposes `force` for request `request` (drafted by capability)
  propose_substitute,  ///< the engine proposes `force` to replace order `order`'s force
  request_report,      ///< `to` owes an after-action report to `from` by `due` (3.3.3)
  request_support,     ///< `from` asks `force` (an expert group), through its owner `to`, for decision support (order `order`); acknowledgement due by `due` (3.3.2)
  request_acknowledgement,  ///< `to` must acknowledge request `request` at `step` (for `force`, when per force), by `due`
  request_submission,  ///< `to` must submit the document of request `request` at `step`, by `due`
  warning_notice,      ///< `from` tells `to` of warning `warning` (for `force`, when pushed to a force); acknowledgement due by `due` (3.3.1)
  standby,             ///< `force` (through its owner `to`) stands by while warning `warning` lasts
  schedule_call,       ///< `from` calls `to` (for `force`, when the schedule calls forces) in run `run` of schedule `schedule`; the answer (topic answer_due) or report (report_due) is due by `due`
};

inline constexpr int effect_kind_count = 17;

/// What a notify / remind / escalate is about.
enum class topic : std::uint8_t {
  none,
  incident_reported, incident_copied, first_response, regraded, command_moved, hq_established,
  concluded, closed, request_opened, request_approved, request_rejected, request_withdrawn,
  request_expired, request_failed, force_dropped, step_overdue, order_overdue, order_declined,
  report_overdue, coordinator, commander, period_declared, period_ended, break_glass, flag_set, flag_cleared,
  warning_issued, warning_updated, warning_cancelled, warning_expired, warning_unacknowledged,
  situation_updated,  ///< new facts on an incident (incident.update, 2.3)
  force_in_drill,     ///< the force is busy in a drill, 3.2.3: propose_force (order: the drill's); issue_order / request_support (order: the real one, which ends the drill's); notify to the drill's issuer and commander (order: the drill's, exercise)
  answer_due,         ///< schedule_call: answer (schedule.answer) that you are there and ready (a roll-call)
  report_due,         ///< schedule_call: a report is owed (schedule.answer when it is filed), e.g. after a drill
  call_unanswered,    ///< remind / escalate / notify: a schedule call went unanswered past its deadline
  request_reduced,    ///< notify: request `request` was approved at this step for less than asked (`measure`, the new quantity or amount; 4.1, 4.3)
  stock_released,     ///< notify: the units request `request` held of `force`'s `item` are back in stock (returned, or the requisition ended unapproved: 4.3)
  force_status_changed,  ///< notify: `force`, holding order `order`, changed its duty status (force.update; the information routes `on_event: force.update`)
  call_answered,         ///< notify: a schedule call was answered (`from` the one who answered; a drill's report filed, 3.2.3): to the schedule's `on_answer` parties
};

inline constexpr int topic_count = 41;

/// An instruction to the host. `because` names the rules that produced it.
struct effect {
  effect_kind kind = effect_kind::notify;
  topic about = topic::none;
  std::uint8_t because_count = 0;
  std::uint8_t level = 0xFF;  ///< about a warning: its warning_level

  index_t to = no_index;      ///< organisation addressed
  index_t from = no_index;    ///< organisation acting (issuer, requester)
  index_t via = no_index;     ///< the headquarters, once it commands (3.1.3)
  index_t force = no_index;
  index_t step = no_index;    ///< chain step, when about a request
  index_t grade = no_index;   ///< assign_command, regraded
  index_t chain = no_index;   ///< the chain of request `request`, when about one
  index_t flag = no_index;    ///< notify flag_set / flag_cleared: which incident flag
  std::array<rule_index, 4> because{no_rule, no_rule, no_rule, no_rule};
  index_t hazard = no_index;  ///< about a warning: its hazard
  bool exercise = false;      ///< produced by a practice input (a drill, an Exercise or Test warning): not a real call-out
  incident_id incident = 0;
  request_id request = 0;
  order_id order = 0;
  timestamp at = 0;           ///< when it was decided
  timestamp due = 0;          ///< deadline, 0 when none
  warning_id warning = 0;     ///< the warning, when about one
  run_id run = 0;             ///< the schedule run, when about one
  index_t schedule = no_index;  ///< its schedule (policy().schedules)
  index_t item = no_index;    ///< about a request drawing on stock: the item of `force` (equipment 0 …, then materials) it holds (4.3)
  /// About a request whose chain is about a quantity or a claim: that quantity (4.3) or amount (4.1); else 0.
  std::int64_t measure = 0;
};

enum class rejection : std::uint8_t {
  none,
  malformed,               ///< a field the kind needs is missing or out of range
  unknown_incident,
  unknown_request,
  unknown_order,
  unknown_force,
  unknown_organisation,
  unknown_reference,       ///< grade, jurisdiction, incident type or period not in the policy
  incident_exists,
  not_allowed_in_state,
  actor_lacks_role,
  separation_of_duties,
  stale_time,
  force_committed,
  no_forces,
  no_upper_level,
  break_glass_needs_reason,
  wrong_incident,            ///< the request or order named belongs to another incident than the one the event names
  force_in_own_jurisdiction, ///< a reinforcement names a force of the incident's own jurisdiction (2.2: it comes from outside)
  clock_jump,                ///< the event's time is further ahead of the clock than one input may move it
  internal_error,
  unknown_warning,           ///< no warning has that id
  warning_exists,            ///< the warning id (or an update's / cancel's own id) is taken
  unknown_run,               ///< no schedule run has that number
  force_check_failed,        ///< a force named fails a dispatch check the policy excludes on, or break-glasses without break_glass (1.3, 3.2.1, 4.4)
  force_not_deployed,        ///< a claim names a force that had no order on the incident (4.1: compensation is for forces that served)
  insufficient_stock,        ///< a requisition asks for more of an item than its force has left (stock less what other requests hold, 4.3); detail says how many are left
  beyond_retention,          ///< the event is older than the policy's limits.retention: its id may have been forgotten, so it is neither answered nor taken
};

inline constexpr int rejection_count = 28;

struct outcome {
  bool accepted = false;
  bool duplicate = false;            ///< this event id was seen before; this is the first outcome
  rejection reason = rejection::none;
  rule_index rule = no_rule;         ///< the rule that refused it, when a rule did
  std::string detail;                ///< human-readable, English; empty when accepted
  std::uint64_t seq = 0;             ///< position of the event in the engine's input order
  std::vector<effect> effects;       ///< timers that fired before the event, then the event's own
};

const char* to_string(event_kind k);
const char* to_string(effect_kind k);
const char* to_string(topic t);
const char* to_string(rejection r);
const char* to_string(warning_level l);  ///< blue, yellow, orange, red
const char* to_string(input_status s);   ///< actual, exercise, test

MUSTER_END_NAMESPACE
