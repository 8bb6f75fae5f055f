// Internal: the compact per-instance records the engine keeps. Each holds its machine
// (24 bytes, no heap) and the few indices its actions need.
#pragma once

#include <muster/engine.hpp>
#include <muster/events.hpp>
#include <muster/machines/approval_chain.hpp>
#include <muster/machines/incident.hpp>
#include <muster/machines/order.hpp>
#include <muster/machines/schedule_run.hpp>
#include <muster/machines/warning.hpp>
#include <muster/model/basics.hpp>

#include <array>
#include <climits>
#include <cstdint>

MUSTER_BEGIN_NAMESPACE
namespace detail {

inline constexpr std::uint32_t no_record = 0xFFFFFFFF;

struct incident_record {
  machine_slot<incident_machine> m;
  std::uint32_t first_request = no_record;  ///< intrusive lists, newest first
  incident_id id = 0;
  timestamp reported_at = 0;
  timestamp review_due = 0;          ///< next after-action report deadline (3.3.3)
  std::uint64_t flags = 0;           ///< bit i: the policy's flag i is set
  std::uint32_t first_order = no_record;
  std::uint32_t timer_gen = 0;
  index_t jurisdiction = no_index;
  index_t type = no_index;
  index_t grade = no_index;
  index_t command = no_index;        ///< command jurisdiction
  index_t headquarters = no_index;   ///< organisation, once established
  /// Positions given by assign_command (a headquarters taking over, 3.1.3, or a chain's action):
  /// they override the grade's command until assigned again. no_index: the grade decides.
  index_t assigned_coordinator = no_index;
  index_t assigned_commander = no_index;
  std::uint8_t report_silence = 0;   ///< review timeouts passed
  /// Fire teams that took part (first responder, order issuers); they owe after-action reports.
  /// They lie on the path from the incident to the root, so a handful of slots suffice.
  std::array<index_t, 8> participants{};
  std::uint8_t participant_count = 0;
  std::uint8_t reports_owed = 0;     ///< bit i: participants[i] still owes its report
  input_status status = input_status::actual;  ///< a drill (3.2.3): every effect about it carries the exercise mark
};

// Fields are ordered so each record packs without holes: the machine is 28 bytes, 4-aligned.
struct request_record {
  machine_slot<approval_chain_machine> m;
  std::uint32_t incident = no_record;       ///< index into incidents
  timestamp due = 0;
  std::uint64_t answered = 0;               ///< bit i: force i answered this step (per-force steps)
  std::uint64_t dropped = 0;                ///< bit i: force i left the request
  std::int64_t measure = 0;                 ///< the quantity or amount the chain is about (0: none)
  std::uint32_t next_in_incident = no_record;
  std::uint32_t forces = 0;                 ///< offset in the force pool
  std::uint32_t timer_gen = 0;
  index_t chain = no_index;
  index_t step = no_index;
  index_t drafted_by = no_index;
  index_t item = no_index;                  ///< drawing on stock (4.3): the item of its one force
  std::uint32_t held = 0;                   ///< units of `item` it holds now
  bool stock_out = false;                   ///< those units were handed over (its requisition was approved): only release_stock gives them back
  std::uint8_t force_count = 0;
  std::uint8_t silence = 0;                 ///< timeouts passed on this step
  std::uint8_t escalation = 0;              ///< levels the step has been re-addressed up
};

struct order_record {
  machine_slot<order_machine> m;
  std::uint32_t incident = no_record;
  timestamp due = 0;
  std::uint32_t next_in_incident = no_record;
  request_id request = 0;
  std::uint32_t timer_gen = 0;
  index_t force = no_index;
  index_t issued_by = no_index;
  std::uint8_t action = 0;  ///< the action of its request's chain that gave it (its terms: overdue, substitutes)
  bool support = false;  ///< a request for decision support (experts, 3.3.2), not a deployment order
  bool departed = false;  ///< its force set off (order.depart): its release is a return from the road (4.2)
};

/// A warning (3.3.1). Its recipients are round members, listed from first_member on.
struct warning_record {
  machine_slot<warning_machine> m;
  warning_id id = 0;                        ///< as issued; updates and cancels add other ids for it
  timestamp issued_at = 0;
  timestamp until = 0;                      ///< 0: until cancelled
  std::uint32_t first_member = no_record;   ///< in the order they were asked
  std::uint32_t last_member = no_record;
  std::uint32_t area = 0;                   ///< offset of its jurisdictions in the area pool
  std::uint32_t timer_gen = 0;              ///< the expiry timer
  index_t issuer = no_index;
  index_t hazard = no_index;
  std::uint8_t level = 0;                   ///< warning_level
  std::uint8_t area_count = 0;
  input_status status = input_status::actual;
};

/// A force as it stands now (the live registry, 3.2.1, 3.2.2): the registry's values until a
/// force.update changes them. Equipment and material counts live in engine::impl::item_counts.
struct force_live {
  std::int64_t data_day = INT64_MIN;           ///< local day of the last base-data update or confirmation; INT64_MIN: never
  std::uint32_t personnel = 0;
  std::uint32_t standby_warning = no_record;   ///< the warning that last put it on standby
  duty_status duty = duty_status::available;
};

/// A run of a schedule (a roll-call, a drill's report round). Its calls are round members,
/// listed from first_member on.
struct run_record {
  machine_slot<schedule_run_machine> m;
  timestamp opened_at = 0;
  timestamp closed_at = 0;
  std::uint32_t first_member = no_record;
  std::uint32_t last_member = no_record;
  std::uint32_t unanswered = 0;             ///< calls not answered yet (pending or missed): the run closes at 0
  index_t schedule = no_index;
  index_t rhythm = no_index;                ///< the more_often rhythm it ran by; no_index: the regular one
};

/// Where each schedule stands: when it runs next, and its latest run.
struct schedule_state {
  timestamp next = 0;                       ///< 0: not armed yet (no input seen)
  std::uint32_t timer_gen = 0;
  std::uint32_t last_run = no_record;
  index_t next_rhythm = no_index;           ///< the more_often rhythm `next` comes from; no_index: the regular one
};

/// A chain the policy opens some time after an engine event (`opened_on: { event: …, after: … }`),
/// waiting for its time. It opens then as an immediate trigger would, drafted by whoever the
/// chain's `opened_by` names at that moment.
struct opening_record {
  timestamp due = 0;
  std::uint32_t incident = no_record;
  index_t chain = no_index;
  index_t force = no_index;                 ///< the order's force, for order.* triggers
  bool fired = false;                       ///< its time came (whether or not the chain could open)
};

/// Where a round member stands (the public call_state: pending, answered, late, missed, closed).
using member_state = call_state;

/// What a round belongs to: a warning (its receive and push tiers) or a schedule run.
enum class round_kind : std::uint8_t { warning, run };

/// One recipient of an answer round (a warning's receiving team, a force it was pushed to, a
/// party a schedule run calls): who answers, for which force, and how far up the ladder
/// silence has climbed.
struct round_member {
  std::uint32_t round = no_record;          ///< the warning's or the run's index
  std::uint32_t next = no_record;           ///< the round's next member
  timestamp due = 0;
  timestamp answered_at = 0;
  std::uint32_t timer_gen = 0;
  index_t org = no_index;                   ///< who answers
  index_t force = no_index;                 ///< the force it is for (push), or no_index
  index_t asked_by = no_index;              ///< who asked (the issuer, or the team that pushed it)
  index_t jurisdiction = no_index;          ///< the jurisdiction it stands for (parties resolve from it)
  std::uint8_t tier = 0;                    ///< a warning's: 0 receive, 1 push; a run's: 0
  round_kind kind = round_kind::warning;
  std::uint8_t silence = 0;                 ///< deadlines passed without an answer
  member_state state = member_state::pending;
  bool standby = false;                     ///< its force was put on standby
};

enum class timer_kind : std::uint8_t { request_step, order_ack, review_report, period_end, warning_member, warning_expiry, run_member, schedule_due, chain_opening, release_incident, release_warning, release_run };

/// A pending deadline. Stale ones (their record's generation moved on) are skipped when they
/// fire. The generation keeps its low 24 bits, the kind takes the top 8.
struct timer {
  timestamp due = 0;
  std::uint32_t target = 0;
  std::uint32_t gen_kind = 0;
  timer() = default;
  timer(timestamp d, std::uint32_t t, std::uint32_t packed_gen_kind) : due(d), target(t), gen_kind(packed_gen_kind) {}
  timer(timestamp d, std::uint32_t t, std::uint32_t gen, timer_kind k)
      : due(d), target(t), gen_kind((gen & 0xFFFFFFU) | static_cast<std::uint32_t>(k) << 24) {}
  timer_kind kind() const { return static_cast<timer_kind>(gen_kind >> 24); }
  bool current(std::uint32_t record_gen) const { return (record_gen & 0xFFFFFFU) == (gen_kind & 0xFFFFFFU); }
};

}  // namespace detail
MUSTER_END_NAMESPACE
