// Scorecards for supervision (5.1): what a journal says about how each jurisdiction and each
// force answered — orders acknowledged and how fast, roll-calls, warnings, after-action
// reports, drills and compensation claims (docs/report.md).
//
//   muster::report_options o;
//   o.from = …; o.to = …;                                  // optional, event time, [from, to)
//   auto r = muster::build_report(policy, forces, "weihai.journal", o);
//   if (!r.value) die(r.error);                            // names the record that does not verify
//   std::cout << muster::render_report_text(*r.value, muster::report_grouping::both);
//
// Every figure is read from the journal's records — the inputs and the effects the engine
// answered with — never from the wall clock, so the same journal gives the same report.
#pragma once

#include <muster/config.hpp>
#include <muster/events.hpp>
#include <muster/policy.hpp>
#include <muster/status.hpp>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

MUSTER_BEGIN_NAMESPACE

struct report_options {
  /// Facts that started (an order issued, a call or notice sent, a report asked for, a claim
  /// opened) in [from, to) count; what became of them is read from the whole journal.
  std::optional<timestamp> from, to;
};

/// Nearest-rank percentiles of durations in seconds; unset when there are none.
struct duration_figures {
  std::uint64_t count = 0;
  std::optional<seconds_t> p50, p90, max;
};

struct order_figures {
  std::uint64_t issued = 0, acknowledged = 0, declined = 0, overdue = 0, pending = 0, escalations = 0;
  duration_figures ack_latency;  ///< issue_order's time → the accepted order.ack's
};

/// Calls that must be answered by a deadline: roll-calls, warning notices, after-action
/// reports, drill reports. on_time + late + missed + pending = asked.
struct answer_figures {
  std::uint64_t asked = 0, on_time = 0, late = 0, missed = 0, pending = 0, escalations = 0;
  /// on_time * 100 / asked, rounded half up; unset when nothing was asked.
  std::optional<std::uint32_t> on_time_percent() const;
};

struct drill_figures {
  answer_figures reports;        ///< drill schedules' report calls (answer: report, 3.2.3)
  std::uint64_t exercises = 0;   ///< incidents reported with status exercise or test
  std::uint64_t held() const { return reports.on_time + reports.late + exercises; }
};

/// What claims itemised under one `what` (chain.open `costs`: materials consumed, fuel, …),
/// summed, in the smallest unit.
struct cost_total {
  std::string what;
  std::int64_t amount = 0;
};

struct claim_figures {
  std::uint64_t opened = 0, approved = 0, rejected = 0, open = 0;
  std::int64_t amount_claimed = 0;  ///< in the smallest unit (fen), as the claims carried it
  std::int64_t amount_granted = 0;  ///< of the approved claims: what the approval granted (less when reduced)
  std::uint64_t reduced = 0;        ///< approved claims granted less than they asked
  duration_figures settle_time;      ///< chain.open → the first request_approved / request_rejected
  /// The opened claims' cost lines, summed by `what` (the text as written), sorted by it (4.1).
  std::vector<cost_total> costs;
  std::uint64_t settled() const { return approved + rejected; }
};

enum class report_row_kind : std::uint8_t { total, jurisdiction, force, organisation };
const char* to_string(report_row_kind k);

/// One line of a scorecard.
struct report_row {
  report_row_kind kind = report_row_kind::total;
  std::string id;              ///< policy / registry id ("" for the total)
  std::string name_zh, name_en;
  std::string jurisdiction;    ///< force and organisation rows: the jurisdiction's id
  order_figures orders;
  /// Chain steps asked (request_approval, request_consent, request_acknowledgement,
  /// request_submission) → the accepted request.* answer; escalations are the step's (3.1.2, 4.1).
  /// Counted for whom the step first asked, also when an escalation re-addressed it.
  answer_figures approvals;
  answer_figures roll_calls;   ///< schedules with answer: acknowledge (3.2.2)
  answer_figures warnings;     ///< warning_notice → warning.acknowledge (3.3.1)
  answer_figures reviews;      ///< request_report → incident.review_filed (3.3.3)
  drill_figures drills;
  claim_figures claims;
};

struct report {
  std::string policy_id;
  std::string journal;                   ///< the path read
  std::string from, to;                  ///< RFC 3339 in the policy's zone, "" when open
  std::string first_event, last_event;   ///< the journal's first and last event times ("" when none)
  std::uint64_t records = 0, events = 0; ///< records after the header; event records among them
  report_row total;
  std::vector<report_row> jurisdictions; ///< policy order; only those with a fact
  std::vector<report_row> forces;        ///< registry order, then organisations (facts about no force) in policy order
};

/// The report, or why there is none: the journal's status as replay_journal gives it, naming
/// the record ("<path>:<line>: journal-damaged: record 12: …"; io_error when the file cannot
/// be read).
using report_result = result<report>;

/// Verifies the journal as opening it would (replay_journal: hash chain, pinned policy and
/// registry, replay against the recorded outcomes) and computes the scorecards.
report_result build_report(std::shared_ptr<const policy> p, std::shared_ptr<const force_registry> forces,
                           const std::string& journal_path, const report_options& options);

enum class report_grouping : std::uint8_t { both, jurisdiction, force };

/// A plain-text scorecard, one table per grouping, bilingual headings.
std::string render_report_text(const report& r, report_grouping g);
/// One JSON document (docs/report.md "JSON"): every figure, durations in seconds.
std::string render_report_json(const report& r, report_grouping g);
/// One self-contained HTML page: inline CSS, charts as inline SVG, no script, nothing fetched.
std::string render_report_html(const report& r, report_grouping g);

MUSTER_END_NAMESPACE
