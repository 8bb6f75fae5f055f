// `report:` in a scenario (5.1, docs/replay.md "Scenarios"): figures the scorecards of the
// run must show. The scenario then runs on a journal of its own, and `muster report`'s figures
// are read from the report build_report gives, through the table of a row's figures that its
// JSON is written from (src/report/figures.hpp).
//
//   report:
//     total: { orders.issued: 2, orders.ack_latency.p50: 5m }
//     force:jiajiayue_supply_team: { claims.approved: 1, claims.amount_claimed: 1250000 }
//
// A row is named by its `key` in the report's JSON (total, jurisdiction:ID, force:ID,
// organisation:ID); a figure by its dotted path in that row. Values are whole numbers, a
// duration (`5m`: seconds, as the JSON gives them) or `null` (no figure: nothing to measure).
#pragma once

#include "cli/timeline.hpp"
#include "policy/yaml_document.hpp"

#include <muster/diagnostic.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace muster::cli {

struct report_figure {
  source_location where;
  std::string row;                   ///< "total", "jurisdiction:wendeng", "force:…", "organisation:…"
  std::string path;                  ///< "orders.ack_latency.p50"
  std::optional<std::int64_t> value; ///< unset: null expected
  std::string written;               ///< as the scenario wrote it
};

struct report_expectation {
  bool present = false;
  source_location where;
  std::vector<report_figure> figures;
};

/// Reads `report:`; located diagnostics (`file`) for an unknown row or figure, or a value
/// that is not a number, a duration or null. False when any was added.
bool parse_report_expectation(const detail::yaml_node& n, const std::string& file, const rules_pair& rules, report_expectation& out,
                              std::vector<diagnostic>& diags);

/// One figure that did not hold (or why none could be read).
struct report_mismatch {
  source_location where;
  std::string message;
};

/// The scorecards of the journal at `journal_path` against `x`.
std::vector<report_mismatch> check_report(const report_expectation& x, const rules_pair& rules, const std::string& journal_path);

}  // namespace muster::cli
