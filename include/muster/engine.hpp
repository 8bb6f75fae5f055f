// The engine: feed it what happens, get back what the mechanism says must happen next, and why.
//
//   muster::engine eng(policy, registry);
//   const muster::outcome& o = eng.submit(ev);       // accepted with effects, or a typed rejection
//   for (const auto& e : o.effects) host.carry_out(e, eng.explain(e));
//   eng.advance_to(t);                                // fires due timers, in (due, creation) order
//
// One engine is single-threaded: call it from one thread at a time. Engines sharing one
// compiled policy may run on different threads.
#pragma once

#include <muster/config.hpp>
#include <muster/events.hpp>
#include <muster/policy.hpp>
#include <muster/status.hpp>

#include <memory>
#include <optional>
#include <string>
#include <vector>

MUSTER_BEGIN_NAMESPACE

namespace detail {
struct engine_access;  // tests and the journal reach the internals through this
}

struct engine_options {
  unsigned max_substitutes = 3;      ///< proposals per overdue or declined order
  bool allow_break_glass = true;     ///< approvals outside the normal approver, with a reason
  /// How far one input may move the clock, in seconds: further is a clock_jump rejection (a
  /// mistyped year must not fire every timer and make every later event stale). Unset: the
  /// policy's `limits.max_clock_step` (31 days when the policy says nothing). 0: no bound, for
  /// replaying long histories with quiet months in them. A journaled session must be reopened
  /// with the same setting, or its replay will not match.
  std::optional<seconds_t> max_clock_step;
};

/// How rejection details spell incident ids. The engine knows an incident by the number the
/// host gave it; a host that names incidents in text (the JSON codec: "INC-2026-0710-01")
/// supplies the names, so a detail reads "no incident INC-7", never an internal number.
class incident_names {
 public:
  virtual std::string incident_name(incident_id id) const = 0;

 protected:
  ~incident_names() = default;
};

// The states of the incident, approval chain and order machines (include/muster/machines/),
// each numbered as Boost.MSM numbers the machine's states, so a record's state is its machine's
// state id. to_string() spells them as the machine's states name themselves;
// tests/engine/test_machine_tables.cpp checks that each enumerator is the state of its name.
enum class incident_state : std::uint8_t { reported, first_response, fire_led, hq_led, concluded, under_review, closed };
enum class request_state : std::uint8_t { drafted, awaiting, approved, failed, rejected, withdrawn, expired, executed };
enum class order_state : std::uint8_t { issued, overdue, acknowledged, en_route, on_scene, declined, released };
enum class warning_state : std::uint8_t { active, cancelled, expired };
enum class run_state : std::uint8_t { open, closed };

struct incident_view {
  incident_id id = 0;
  incident_state state = incident_state::reported;
  index_t jurisdiction = no_index;
  index_t incident_type = no_index;
  index_t grade = no_index;
  index_t command_jurisdiction = no_index;  ///< where command sits now (3.1.1)
  index_t coordinator = no_index;           ///< EM organisation
  index_t commander = no_index;             ///< fire organisation
  index_t headquarters = no_index;          ///< set once established (3.1.3)
  timestamp reported_at = 0;
  std::vector<request_id> requests;         ///< in creation order
  std::vector<order_id> orders;
  std::vector<index_t> reports_owed;        ///< fire teams whose after-action report is outstanding
  std::uint64_t flags = 0;                  ///< bit i: the policy's flag i (policy::flags) is set
};

struct request_view {
  request_id id = 0;
  incident_id incident = 0;
  index_t chain = no_index;
  request_state state = request_state::drafted;
  index_t step = no_index;                  ///< current step while awaiting
  index_t drafted_by = no_index;
  std::vector<index_t> forces;              ///< still in the request (dropped ones removed)
  std::vector<index_t> awaiting;            ///< organisations whose answer is awaited
  timestamp due = 0;
  unsigned escalations = 0;
  std::int64_t measure = 0;                 ///< the quantity (4.3) or amount (4.1) its chain is about; 0: none
  index_t item = no_index;                  ///< drawing on stock: its force's item (equipment 0 …, then materials)
  std::uint32_t held = 0;                   ///< units of `item` it holds now (0 once released)
};

struct order_view {
  order_id id = 0;
  incident_id incident = 0;
  request_id request = 0;
  index_t force = no_index;
  index_t issued_by = no_index;
  order_state state = order_state::issued;
  timestamp due = 0;                        ///< acknowledgement deadline while issued
};

/// Where a call of a schedule run (or a warning's recipient) stands: asked and not yet
/// answered, answered in time, answered after its deadline, never answered (its ladder ran out,
/// or it was overdue when the run closed), or closed before it was due.
enum class call_state : std::uint8_t { pending, answered, late, missed, closed };

/// One called party of a schedule run: kept after the run closes, for supervision (5.1).
struct call_view {
  index_t organisation = no_index;          ///< who answers (a force's owner, or the party called)
  index_t force = no_index;                 ///< the force it is for, when the schedule calls forces
  index_t called_by = no_index;             ///< who calls (`from`)
  call_state state = call_state::pending;
  timestamp due = 0;                        ///< the current deadline
  timestamp answered_at = 0;                ///< 0 when not answered
  unsigned silences = 0;                    ///< deadlines passed without an answer
};

/// A run of a schedule (a roll-call, a drill's report round) and every call it made.
struct run_view {
  run_id id = 0;
  index_t schedule = no_index;              ///< policy().schedules
  run_state state = run_state::open;
  timestamp opened_at = 0;                  ///< the scheduled time of the run (a catch-up run keeps its own)
  timestamp closed_at = 0;                  ///< 0 while open
  std::vector<call_view> calls;             ///< in the order they were made
};

/// A force as the live registry has it now (3.2.1, 3.2.2): the registry file's values, changed by
/// force.update events; and what it is doing.
struct force_view {
  index_t force = no_index;                 ///< force_registry::forces
  duty_status duty = duty_status::available;
  std::uint32_t personnel = 0;
  date data_updated;                        ///< last base-data update or confirmation (invalid: never)
  std::vector<std::uint32_t> equipment;     ///< counts, in the registry's order
  std::vector<std::uint32_t> materials;
  /// Units held by open requisitions (chains with `stock: reserve`, 4.3), in the same order as
  /// equipment then materials; what is left to requisition is the count less these.
  std::vector<std::uint32_t> held;
  order_id order = 0;                       ///< the open order it is committed to (a drill's too), or 0
  warning_id standby = 0;                   ///< the active warning it stands by for, or 0
};

/// warning_ack: a recipient's acknowledgement of a warning (3.3.1); warning_expiry: its `until`;
/// schedule_call: an answer a schedule run awaits; schedule_run: a schedule's next run (owed by no
/// organisation: `schedule` names it), so a host that wakes on deadlines sees the calendar too.
/// chain_opening: a chain the policy opens some time after an event (`opened_on: { event: …,
/// after: … }`), not open yet: `chain` names it, `organisation` is who would draft it now.
enum class deadline_kind : std::uint8_t { request_step, order_ack, review_report, period_end, warning_ack, warning_expiry, schedule_call, schedule_run, chain_opening };

struct deadline_view {
  timestamp due = 0;
  deadline_kind kind = deadline_kind::request_step;
  incident_id incident = 0;
  request_id request = 0;
  order_id order = 0;
  index_t organisation = no_index;          ///< who owes the answer / report (or the period; a warning's issuer at its expiry)
  warning_id warning = 0;                   ///< warning_ack / warning_expiry: the warning, by its first id
  run_id run = 0;                           ///< schedule_call: the run
  index_t schedule = no_index;              ///< schedule_call / schedule_run: the schedule
  index_t chain = no_index;                 ///< chain_opening: the chain that opens then
};

/// One answer or report an organisation owes (engine::worklist). `kind` says what to send:
/// approve / consent / acknowledge / submit: request.approve|reject, .consent|refuse, … at the
/// request's current step; order_ack: order.ack|decline; review_report: incident.review_filed;
/// warning_ack: warning.acknowledge; schedule_answer: schedule.answer (a roll-call's answer, a report).
enum class work_kind : std::uint8_t { approve, consent, acknowledge, submit, order_ack, review_report, warning_ack, schedule_answer };

struct work_item {
  timestamp due = 0;                        ///< by when (passed already when overdue)
  work_kind kind = work_kind::approve;
  bool overdue = false;                     ///< due <= now() and still owed (a late answer still counts)
  incident_id incident = 0;                 ///< 0 for a warning
  request_id request = 0;
  index_t step = no_index;                  ///< the request's current step (its chain: request(request)->chain)
  order_id order = 0;
  index_t force = no_index;                 ///< the force the answer is for (per-force step, order, pushed warning)
  warning_id warning = 0;                   ///< by its first id
  run_id run = 0;                           ///< schedule_answer: the run
  index_t schedule = no_index;              ///< schedule_answer: its schedule
};

class engine {
 public:
  engine(std::shared_ptr<const policy> p, std::shared_ptr<const force_registry> forces, engine_options options = {});
  ~engine();
  engine(engine&&) noexcept;
  engine& operator=(engine&&) noexcept;
  engine(const engine&) = delete;
  engine& operator=(const engine&) = delete;

  /// Applies one event. The returned outcome stays valid until the next submit/advance_to.
  /// Timers due at or before `e.at` fire first; their effects lead the outcome.
  const outcome& submit(const event& e);
  /// Moves the clock forward and fires due timers. Earlier than now() is a stale_time rejection.
  const outcome& advance_to(timestamp t);
  timestamp now() const;
  /// Rejection details name incidents through `names` (borrowed: it must outlive its use here;
  /// nullptr, the default: by number). Times in details are RFC 3339 in the policy's zone.
  void name_incidents_with(const incident_names* names);

  const policy& rules_policy() const;
  const force_registry& forces() const;

  /// Moves the engine to an edited force registry (compiled against the same policy). Forces the
  /// engine already knows must keep their places (new ones are added at the end; retire one with
  /// `duty: stood_down`); what the file changed since the previous version replaces the live
  /// value, the rest (force.update, standby, open orders) carries on. A fresh engine takes any
  /// registry. When it cannot, nothing changed and the status says why: registry_conflict (a
  /// known force removed or moved, naming it) or invalid_argument (no registry, or one compiled
  /// against another policy). The session does this when a journal is reopened with an edited
  /// registry (docs/journal.md).
  status replace_registry(std::shared_ptr<const force_registry> next);

  /// Every rule of the policy, indexed by rule_index (effects' `because`, outcomes' `rule`).
  const std::vector<const rule_ref*>& rules() const;
  /// "chains.call_plan.steps.em_approval (rules/weihai.yaml:120:7) [3.1.2]" per rule, one per line.
  std::string explain(const effect& e) const;
  std::string explain_rule(rule_index r) const;

  std::optional<incident_view> incident(incident_id id) const;
  std::optional<request_view> request(request_id id) const;
  std::optional<order_view> order(order_id id) const;
  /// A schedule run and the outcome of each of its calls (answered, late, missed), open or closed.
  std::optional<run_view> run(run_id id) const;
  /// The number of schedule runs opened so far (runs are numbered 1 … run_count()).
  run_id run_count() const;
  /// A force of the registry as it stands now (force.update, orders, standby); nullopt for an index
  /// the registry does not have.
  std::optional<force_view> force_status(index_t force) const;
  /// Every pending deadline, soonest first.
  std::vector<deadline_view> deadlines() const;
  /// What `organisation` (an index of policy().organisations) must answer, and by when: every
  /// pending approval, consent, acknowledgement and submission step addressed to it (one item per
  /// force for a per-force step), orders of its forces awaiting acknowledgement, after-action
  /// reports it owes, warnings it has not acknowledged and schedule calls it has not answered. Ordered by (due, kind, incident,
  /// request, order, warning, run, force). Another index: empty. (src/engine/worklist.cpp)
  std::vector<work_item> worklist(index_t organisation) const;
  /// Incidents not closed, in the order they were reported.
  std::vector<incident_id> open_incident_ids() const;
  /// Requests still drafted, awaiting or approved (not executed, rejected, withdrawn, expired or failed), by id.
  std::vector<request_id> open_request_ids() const;
  /// Orders not declined or released, by id.
  std::vector<order_id> open_order_ids() const;
  /// When the earliest pending timer fires (a host may sleep until then and advance_to it);
  /// nullopt when no timer is pending.
  std::optional<timestamp> next_due() const;
  /// Whether a special (resp. sensitive) period is in force now, by calendar or declaration.
  bool special_period_active() const;
  bool sensitive_period_active() const;

  std::size_t open_requests() const;
  /// Bytes held for live incidents, requests, orders and timers (excluding the dedup history).
  std::size_t state_bytes() const;
  /// Bytes kept so that a repeated event id gets its first outcome back: every outcome, compact
  /// (~20 bytes per event in bench_engine). Grows with every event for the engine's lifetime,
  /// unless the policy sets limits.retention: then outcomes older than the window are forgotten.
  std::size_t history_bytes() const;
  /// Under limits.retention: every event id below this one is forgotten (a repeat of it is
  /// refused as beyond_retention, or judged again if it was refused). 0 until the engine first
  /// forgets; UINT64_MAX when it remembers no id at all. A host that numbers its own event
  /// names (as the JSON codec does) may forget the names of ids below it.
  std::uint64_t remembered_ids_from() const;
  /// SHA-256 over the engine's observable state: equal after replaying the same inputs.
  std::string state_digest() const;

  struct impl;

 private:
  friend struct detail::engine_access;
  std::unique_ptr<impl> impl_;
};

const char* to_string(incident_state s);
const char* to_string(request_state s);
const char* to_string(order_state s);
const char* to_string(warning_state s);
const char* to_string(run_state s);
/// pending, answered, late, missed, closed.
const char* to_string(call_state s);
/// approve, consent, acknowledge, submit, order_ack, review_report, warning_ack, schedule_answer.
const char* to_string(work_kind k);
/// request_step, order_ack, review_report, period_end, warning_ack, warning_expiry,
/// schedule_call, schedule_run, chain_opening.
const char* to_string(deadline_kind k);

MUSTER_END_NAMESPACE
