// The scorecards as one JSON document (docs/report.md "JSON"): what hosts read through the C
// API and Python, and what the HTML page's figures are checked against.
#include "report/figures.hpp"
#include "report/render_common.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>

MUSTER_BEGIN_NAMESPACE
namespace {

using json = nlohmann::ordered_json;

/// A row: who it is, then every figure at its path (figures.hpp, the table scenarios read too),
/// then the claims' cost lines.
json row_json(const report_row& r) {
  json j;
  j["kind"] = to_string(r.kind);
  j["key"] = report_detail::row_key(r);
  if (r.kind != report_row_kind::total) {
    j["id"] = r.id;
    j["name"] = {{"zh", r.name_zh}, {"en", r.name_en}};
  }
  if (!r.jurisdiction.empty()) j["jurisdiction"] = r.jurisdiction;
  for (const report_detail::row_figure& f : report_detail::row_figures()) {
    std::string pointer = "/" + f.path;
    std::replace(pointer.begin(), pointer.end(), '.', '/');
    const std::optional<std::int64_t> v = f.get(r);
    j[json::json_pointer(pointer)] = v ? json(*v) : json(nullptr);
  }
  json costs = json::array();
  for (const cost_total& line : r.claims.costs) costs.push_back({{"what", line.what}, {"amount", line.amount}});
  j["claims"]["costs"] = std::move(costs);
  return j;
}

json text_or_null(const std::string& s) { return s.empty() ? json(nullptr) : json(s); }

}  // namespace

std::string render_report_json(const report& r, report_grouping g) {
  json j;
  j["report"] = "muster-scorecards/1";
  j["policy"] = r.policy_id;
  j["journal"] = r.journal;
  j["from"] = text_or_null(r.from);
  j["to"] = text_or_null(r.to);
  j["first_event"] = text_or_null(r.first_event);
  j["last_event"] = text_or_null(r.last_event);
  j["records"] = r.records;
  j["events"] = r.events;
  j["total"] = row_json(r.total);
  for (const auto& grp : report_detail::groups(r, g)) {
    json rows = json::array();
    for (const report_row& row : *grp.rows) rows.push_back(row_json(row));
    j[grp.key] = std::move(rows);
  }
  return j.dump(2, ' ', false, json::error_handler_t::replace) + "\n";
}

MUSTER_END_NAMESPACE
