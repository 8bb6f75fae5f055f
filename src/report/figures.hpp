// The figures of a scorecard row by their dotted path in the report's JSON ("orders.issued",
// "orders.ack_latency.p50", "claims.amount_claimed"): one table, from which render_json.cpp
// writes a row's figures and a scenario's `report:` (src/cli/scenario_report.cpp) reads them,
// from the typed row rather than from the JSON text. Private to Muster.
#pragma once

#include <muster/report.hpp>

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace muster::report_detail {

struct row_figure {
  std::string path;  ///< dotted, as in the JSON: "orders.ack_latency.p50"
  /// The figure in `row`; unset where the JSON says null (nothing to measure: no percentile of
  /// no durations, no percentage of nothing asked).
  std::function<std::optional<std::int64_t>(const report_row&)> get;
};

/// Every figure of a row, in the order the JSON writes them.
const std::vector<row_figure>& row_figures();

/// The figure at `path`, or nullptr.
const row_figure* find_row_figure(std::string_view path);

/// The row of `r` whose key (row_key: "total", "jurisdiction:wendeng", "force:…",
/// "organisation:…") is `key`, among the total, the jurisdictions and the forces; or nullptr.
const report_row* find_row(const report& r, std::string_view key);

}  // namespace muster::report_detail
