// The scorecards as text for a terminal: a heading with the period, the totals in one
// paragraph, then per grouping one table per section, listing the rows that have a figure in it.
#include "report/render_common.hpp"

#include <fmt/core.h>

#include <algorithm>
#include <functional>

MUSTER_BEGIN_NAMESPACE
namespace {

using report_detail::format_duration;

std::string percent(const std::optional<std::uint32_t>& p) { return p ? fmt::format("{}%", *p) : "\u2014"; }

/// ¥12,500.00 from 1250000 fen: integers all the way.
std::string money(std::int64_t fen) {
  const bool negative = fen < 0;
  const std::uint64_t v = negative ? 0 - static_cast<std::uint64_t>(fen) : static_cast<std::uint64_t>(fen);
  std::string yuan = std::to_string(v / 100);
  for (std::size_t i = yuan.size(); i > 3; i -= 3) yuan.insert(i - 3, ",");
  return fmt::format("{}¥{}.{:02}", negative ? "-" : "", yuan, v % 100);
}

struct column {
  const char* head;
  std::function<std::string(const report_row&)> cell;
};

/// One section's table: the rows for which `has` holds; the id first, the name last.
void table(std::string& out, const char* title, const std::vector<report_row>& rows, const std::function<bool(const report_row&)>& has,
           const std::vector<column>& cols) {
  std::vector<const report_row*> shown;
  for (const report_row& r : rows)
    if (has(r)) shown.push_back(&r);
  out += fmt::format("\n{}\n", title);
  if (shown.empty()) {
    out += "  none 无\n";
    return;
  }
  std::size_t id_width = 2;
  for (const report_row* r : shown) id_width = std::max(id_width, r->id.size());
  std::vector<std::size_t> widths;
  for (const column& c : cols) {
    std::size_t w = std::string_view(c.head).size();
    for (const report_row* r : shown) w = std::max(w, c.cell(*r).size());
    widths.push_back(w);
  }
  out += fmt::format("  {:<{}}", "id", id_width);
  for (std::size_t i = 0; i < cols.size(); ++i) out += fmt::format("  {:>{}}", cols[i].head, widths[i]);
  out += "  name\n";
  for (const report_row* r : shown) {
    out += fmt::format("  {:<{}}", r->id, id_width);
    for (std::size_t i = 0; i < cols.size(); ++i) out += fmt::format("  {:>{}}", cols[i].cell(*r), widths[i]);
    out += fmt::format("  {}\n", r->name_zh.empty() ? r->name_en : r->name_zh);
  }
}

std::string n(std::uint64_t v) { return std::to_string(v); }

void answer_table(std::string& out, const report_detail::answer_section& s, const std::vector<report_row>& rows) {
  const auto get = s.get;
  table(out, fmt::format("{} {}", s.zh, s.en).c_str(), rows, [get](const report_row& r) { return get(r).asked > 0; },
        {{"asked", [get](const report_row& r) { return n(get(r).asked); }},
         {"on time", [get](const report_row& r) { return n(get(r).on_time); }},
         {"late", [get](const report_row& r) { return n(get(r).late); }},
         {"missed", [get](const report_row& r) { return n(get(r).missed); }},
         {"pending", [get](const report_row& r) { return n(get(r).pending); }},
         {"on time %", [get](const report_row& r) { return percent(get(r).on_time_percent()); }},
         {"escalations", [get](const report_row& r) { return n(get(r).escalations); }}});
}

/// One line per cost a row's claims itemised: "  id  amount  what" (the text last, as names are:
/// it may be Chinese, whose width the columns do not measure).
void cost_table(std::string& out, const std::vector<report_row>& rows) {
  out += "\n补偿费用 claim costs (as the claims itemised them, by what)\n";
  std::size_t id_width = 2;
  bool any = false;
  for (const report_row& r : rows)
    if (!r.claims.costs.empty()) id_width = std::max(id_width, r.id.size()), any = true;
  if (!any) {
    out += "  none 无\n";
    return;
  }
  for (const report_row& r : rows)
    for (const cost_total& line : r.claims.costs) out += fmt::format("  {:<{}}  {:>14}  {}\n", r.id, id_width, money(line.amount), line.what);
}

void group_tables(std::string& out, const std::vector<report_row>& rows) {
  table(out, "指令 orders (acknowledgement latency: order issued → acknowledged)", rows,
        [](const report_row& r) { return r.orders.issued > 0; },
        {{"issued", [](const report_row& r) { return n(r.orders.issued); }},
         {"acked", [](const report_row& r) { return n(r.orders.acknowledged); }},
         {"p50", [](const report_row& r) { return format_duration(r.orders.ack_latency.p50); }},
         {"p90", [](const report_row& r) { return format_duration(r.orders.ack_latency.p90); }},
         {"declined", [](const report_row& r) { return n(r.orders.declined); }},
         {"overdue", [](const report_row& r) { return n(r.orders.overdue); }},
         {"pending", [](const report_row& r) { return n(r.orders.pending); }},
         {"escalations", [](const report_row& r) { return n(r.orders.escalations); }}});
  for (const auto& s : report_detail::answer_sections()) answer_table(out, s, rows);
  table(out, "演练 drills held (reports filed, exercises run)", rows,
        [](const report_row& r) { return r.drills.reports.asked > 0 || r.drills.exercises > 0; },
        {{"held", [](const report_row& r) { return n(r.drills.held()); }},
         {"reports filed", [](const report_row& r) { return n(r.drills.reports.on_time + r.drills.reports.late); }},
         {"exercises", [](const report_row& r) { return n(r.drills.exercises); }}});
  table(out, "补偿 compensation claims (settled: chain opened → approved or rejected)", rows,
        [](const report_row& r) { return r.claims.opened > 0; },
        {{"opened", [](const report_row& r) { return n(r.claims.opened); }},
         {"approved", [](const report_row& r) { return n(r.claims.approved); }},
         {"rejected", [](const report_row& r) { return n(r.claims.rejected); }},
         {"open", [](const report_row& r) { return n(r.claims.open); }},
         {"p50", [](const report_row& r) { return format_duration(r.claims.settle_time.p50); }},
         {"p90", [](const report_row& r) { return format_duration(r.claims.settle_time.p90); }},
         {"claimed", [](const report_row& r) { return money(r.claims.amount_claimed); }},
         {"reduced", [](const report_row& r) { return n(r.claims.reduced); }},
         {"granted", [](const report_row& r) { return money(r.claims.amount_granted); }}});
  cost_table(out, rows);
}

}  // namespace

std::string render_report_text(const report& r, report_grouping g) {
  std::string out = fmt::format("考核评估 Scorecards (5.1): policy {}, journal {}\n", r.policy_id, r.journal);
  out += fmt::format("时段 Period: {} … {}", r.from.empty() ? "start" : r.from, r.to.empty() ? "end" : r.to);
  out += fmt::format(" (journal {} … {}; {} records, {} events)\n", r.first_event.empty() ? "\u2014" : r.first_event,
                     r.last_event.empty() ? "\u2014" : r.last_event, r.records, r.events);
  const report_row& t = r.total;
  out += fmt::format(
      "合计 Total: {} orders, {} acknowledged (p50 {}, p90 {}), {} declined, {} overdue; approvals {} asked, {} late, {} escalated; "
      "roll-calls {} asked, {} late, {} missed; "
      "warnings {} asked, {} on time; reviews {} asked, {} late, {} missed; drills held {}; claims {} opened, {} settled (p50 {})\n",
      t.orders.issued, t.orders.acknowledged, format_duration(t.orders.ack_latency.p50), format_duration(t.orders.ack_latency.p90),
      t.orders.declined, t.orders.overdue, t.approvals.asked, t.approvals.late, t.approvals.escalations, t.roll_calls.asked, t.roll_calls.late, t.roll_calls.missed, t.warnings.asked,
      percent(t.warnings.on_time_percent()), t.reviews.asked, t.reviews.late, t.reviews.missed, t.drills.held(), t.claims.opened,
      t.claims.settled(), format_duration(t.claims.settle_time.p50));
  for (const auto& grp : report_detail::groups(r, g)) {
    out += fmt::format("\n== {} {} ==\n", grp.title_zh, grp.title_en);
    group_tables(out, *grp.rows);
  }
  return out;
}

MUSTER_END_NAMESPACE
