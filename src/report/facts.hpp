// What a journal says happened, one fact per thing someone was asked to do, before any
// counting: collect_facts reads the records (collect_facts.cpp), compute_report counts them
// per jurisdiction and per force (compute_report.cpp). Private to src/report.
#pragma once

#include <muster/codec.hpp>
#include <muster/policy.hpp>
#include <muster/report.hpp>

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace muster::report_detail {

/// Whom a fact is about: the force when there is one (its home jurisdiction), else the
/// organisation addressed (its jurisdiction).
struct party {
  index_t force = no_index;
  index_t organisation = no_index;
  index_t jurisdiction = no_index;
};

struct order_fact {
  party who;
  timestamp issued = 0;
  std::optional<timestamp> acknowledged;
  bool declined = false;
  bool overdue = false;
  std::uint64_t escalations = 0;
};

/// The rounds where someone must answer by a deadline.
enum class round : std::uint8_t { roll_call, warning, review, drill_report, approval };
inline constexpr std::size_t round_count = 5;

struct answer_fact {
  party who;
  timestamp asked = 0;
  timestamp due = 0;  ///< 0: no deadline
  std::optional<timestamp> answered;
  std::uint64_t escalations = 0;
};

struct claim_fact {
  party who;
  timestamp opened = 0;
  std::int64_t amount = 0;
  std::uint64_t request = 0;  ///< 0: its request number was not seen
  std::optional<timestamp> settled;
  bool approved = false;
  std::int64_t granted = 0;   ///< approved: the amount the approval names (less than claimed when reduced, 4.1)
  std::vector<cost_total> costs;  ///< as chain.open itemised them
};

struct exercise_fact {
  party who;
  timestamp reported = 0;
};

struct journal_facts {
  std::vector<order_fact> orders;
  std::array<std::vector<answer_fact>, round_count> answers;
  std::vector<claim_fact> claims;
  std::vector<exercise_fact> exercises;
  std::optional<timestamp> first_event, last_time;  ///< last_time: the latest event or clock advance
  std::uint64_t records = 0, events = 0;
};

/// Reads the (verified) journal at `path`. The journal's status when it cannot be read;
/// journal_damaged, naming the record, when a record the report needs is not what the session
/// writes.
status collect_facts(const policy& p, const force_registry& forces, const codec& times, const std::string& path,
                     journal_facts& out);

/// Counts the facts that started in [options.from, options.to) into `r`'s rows.
void compute_report(const policy& p, const force_registry& forces, const journal_facts& facts,
                    const report_options& options, report& r);

}  // namespace muster::report_detail
