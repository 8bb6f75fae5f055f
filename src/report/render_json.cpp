// The scorecards as one JSON document (docs/report.md "JSON"): what hosts read through the C
// API and Python, and what the HTML page's figures are checked against.
#include "report/render_common.hpp"

#include <nlohmann/json.hpp>

MUSTER_BEGIN_NAMESPACE
namespace {

using json = nlohmann::ordered_json;

json opt(const std::optional<seconds_t>& v) { return v ? json(*v) : json(nullptr); }

json durations(const duration_figures& d) { return {{"count", d.count}, {"p50", opt(d.p50)}, {"p90", opt(d.p90)}, {"max", opt(d.max)}}; }

json answers(const answer_figures& a) {
  const auto pct = a.on_time_percent();
  return {{"asked", a.asked},     {"on_time", a.on_time}, {"late", a.late},
          {"missed", a.missed},   {"pending", a.pending}, {"on_time_percent", pct ? json(*pct) : json(nullptr)},
          {"escalations", a.escalations}};
}

json row_json(const report_row& r) {
  json j;
  j["kind"] = to_string(r.kind);
  j["key"] = report_detail::row_key(r);
  if (r.kind != report_row_kind::total) {
    j["id"] = r.id;
    j["name"] = {{"zh", r.name_zh}, {"en", r.name_en}};
  }
  if (!r.jurisdiction.empty()) j["jurisdiction"] = r.jurisdiction;
  const order_figures& o = r.orders;
  j["orders"] = {{"issued", o.issued},   {"acknowledged", o.acknowledged},          {"declined", o.declined},
                 {"overdue", o.overdue}, {"pending", o.pending},                    {"escalations", o.escalations},
                 {"ack_latency", durations(o.ack_latency)}};
  for (const auto& s : report_detail::answer_sections())
    if (std::string_view(s.key) != "drill_reports") j[s.key] = answers(s.get(r));
  j["drills"] = {{"held", r.drills.held()}, {"exercises", r.drills.exercises}, {"reports", answers(r.drills.reports)}};
  const claim_figures& c = r.claims;
  j["claims"] = {{"opened", c.opened},   {"settled", c.settled()},           {"approved", c.approved},
                 {"rejected", c.rejected}, {"open", c.open},                  {"amount_claimed", c.amount_claimed},
                 {"reduced", c.reduced},   {"amount_granted", c.amount_granted}, {"settle_time", durations(c.settle_time)}};
  json costs = json::array();
  for (const cost_total& line : c.costs) costs.push_back({{"what", line.what}, {"amount", line.amount}});
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
