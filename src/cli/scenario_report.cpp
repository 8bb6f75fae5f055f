// `report:` in a scenario: reading the expected figures, and checking them against the
// scorecards built from the run's journal (scenario_report.hpp).
#include "cli/scenario_report.hpp"

#include "common/did_you_mean.hpp"
#include "policy/scalars.hpp"
#include "report/figures.hpp"

#include <muster/report.hpp>

#include <fmt/format.h>

namespace muster::cli {
namespace {

using detail::yaml_node;

/// Every figure path of a row ("orders.issued", "orders.ack_latency.p50" …), for hints.
std::vector<std::string> figure_paths() {
  std::vector<std::string> out;
  for (const report_detail::row_figure& f : report_detail::row_figures()) out.push_back(f.path);
  return out;
}

/// Every row key the policy and registry could give, for a did-you-mean.
std::vector<std::string> row_keys(const rules_pair& rules) {
  std::vector<std::string> keys{"total"};
  for (const auto& j : rules.pol->jurisdictions) keys.push_back("jurisdiction:" + j.id);
  for (const auto& o : rules.pol->organisations) keys.push_back("organisation:" + o.id);
  for (const auto& f : rules.forces->forces) keys.push_back("force:" + f.id);
  return keys;
}

bool known_row(const std::string& key, const rules_pair& rules) {
  if (key == "total") return true;
  const std::size_t colon = key.find(':');
  if (colon == std::string::npos) return false;
  const std::string_view kind(key.data(), colon), id(key.data() + colon + 1, key.size() - colon - 1);
  if (kind == "jurisdiction") return rules.pol->find_jurisdiction(id) != no_index;
  if (kind == "organisation") return rules.pol->find_organisation(id) != no_index;
  if (kind == "force") return rules.forces->find_force(id) != no_index;
  return false;
}

struct figure_reader {
  const std::string& file;
  std::vector<diagnostic>& diags;
  bool failed = false;

  void error(const yaml_node& at, std::string message, std::string hint = {}) {
    diagnostic d;
    d.code = "scenario-bad-report";
    d.where.file = file;
    d.where.line = at.line;
    d.where.column = at.column;
    d.message = std::move(message);
    d.hint = std::move(hint);
    diags.push_back(std::move(d));
    failed = true;
  }

  /// A whole number, a duration (its seconds) or null.
  bool value(const yaml_node& v, report_figure& f) {
    f.written = v.text;
    if (v.is_scalar() && v.null) return true;
    if (v.is_scalar() && !v.quoted) {
      if (const auto n = detail::parse_integer(v.text); n && *n >= 0) return f.value = *n, true;
      if (const auto d = detail::parse_duration(v.text)) return f.value = *d, true;
    }
    error(v, fmt::format("'{}' is not a figure: write a whole number, a duration such as 5m (seconds in the JSON) or null", v.text));
    return false;
  }
};

}  // namespace

bool parse_report_expectation(const yaml_node& n, const std::string& file, const rules_pair& rules, report_expectation& out,
                              std::vector<diagnostic>& diags) {
  figure_reader r{file, diags};
  out.present = true;
  out.where = source_location{file, n.line, n.column, -1};
  if (!n.is_map() || n.entries.empty()) {
    r.error(n, "'report' is a mapping from scorecard rows to their figures", "report: { total: { orders.issued: 2 } }");
    return false;
  }
  const std::vector<std::string> paths = figure_paths();
  for (const auto& row : n.entries) {
    if (!known_row(row.key.text, rules)) {
      const std::string best = detail::did_you_mean(row.key.text, row_keys(rules));
      r.error(row.key, fmt::format("'{}' is not a scorecard row of this policy and registry", row.key.text),
              best.empty() ? "rows: total, jurisdiction:<id>, force:<id>, organisation:<id> (the key of a row in muster report --format json)"
                           : "did you mean '" + best + "'?");
      continue;
    }
    if (!row.value.is_map() || row.value.entries.empty()) {
      r.error(row.value, fmt::format("row '{}' needs a mapping of figures", row.key.text), "e.g. { orders.issued: 2, orders.ack_latency.p50: 5m }");
      continue;
    }
    for (const auto& fig : row.value.entries) {
      if (!report_detail::find_row_figure(fig.key.text)) {
        const std::string best = detail::did_you_mean(fig.key.text, paths);
        r.error(fig.key, fmt::format("'{}' is not a figure of a scorecard row", fig.key.text),
                best.empty() ? "figures: " + fmt::format("{}", fmt::join(paths, ", ")) : "did you mean '" + best + "'?");
        continue;
      }
      report_figure f;
      f.where = source_location{file, fig.key.line, fig.key.column, -1};
      f.row = row.key.text;
      f.path = fig.key.text;
      if (r.value(fig.value, f)) out.figures.push_back(std::move(f));
    }
  }
  return !r.failed;
}

std::vector<report_mismatch> check_report(const report_expectation& x, const rules_pair& rules, const std::string& journal_path) {
  std::vector<report_mismatch> out;
  const report_result built = build_report(rules.pol, rules.forces, journal_path, report_options{});
  if (!built) {
    out.push_back({x.where, "the run's journal gave no scorecards: " + built.error().message()});
    return out;
  }
  for (const report_figure& f : x.figures) {
    const report_row* row = report_detail::find_row(*built, f.row);
    if (!row) {
      out.push_back({f.where, fmt::format("the scorecards have no row {}: nothing in the run concerned it", f.row)});
      continue;
    }
    const report_detail::row_figure* figure = report_detail::find_row_figure(f.path);  // checked when read
    const std::optional<std::int64_t> actual = figure ? figure->get(*row) : std::nullopt;
    if (actual != f.value)
      out.push_back({f.where, fmt::format("{} {} is {}, expected {}", f.row, f.path, actual ? std::to_string(*actual) : "null",
                                          f.value ? std::to_string(*f.value) + (f.written != std::to_string(*f.value) ? " (" + f.written + ")" : "")
                                                  : "null")});
  }
  return out;
}

}  // namespace muster::cli
