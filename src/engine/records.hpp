// Internal: the compact per-instance records the engine keeps. Each holds its machine
// (24 bytes, no heap) and the few indices its actions need.
#pragma once

#include <muster/events.hpp>
#include <muster/machines/approval_chain.hpp>
#include <muster/machines/incident.hpp>
#include <muster/machines/order.hpp>
#include <muster/model/basics.hpp>

#include <array>
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
  std::uint8_t report_silence = 0;   ///< review timeouts passed
  /// Fire teams that took part (first responder, order issuers); they owe after-action reports.
  /// They lie on the path from the incident to the root, so a handful of slots suffice.
  std::array<index_t, 8> participants{};
  std::uint8_t participant_count = 0;
  std::uint8_t reports_owed = 0;     ///< bit i: participants[i] still owes its report
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
  bool support = false;  ///< a request for decision support (experts, 3.3.2), not a deployment order
};

enum class timer_kind : std::uint8_t { request_step, order_ack, review_report, period_end };

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
