// The scorecards as one self-contained HTML page for a duty officer: inline CSS, charts drawn
// as inline SVG, no script and nothing fetched, so it opens from a USB stick or a mail
// attachment. Every figure drawn or printed carries data-row / data-figure / data-value
// attributes naming the JSON member it shows (tests/report/check_html_report.py compares them).
#include "common/xml_escape.hpp"
#include "report/render_common.hpp"

#include <fmt/core.h>

#include <algorithm>
#include <functional>

MUSTER_BEGIN_NAMESPACE
namespace {

using report_detail::format_duration;
using report_detail::row_key;

std::string esc(std::string_view s) { return detail::xml_escape(s, true); }

std::string value_text(const std::optional<std::int64_t>& v) { return v ? std::to_string(*v) : "null"; }

/// The attributes that tie a mark or a cell to its JSON figure.
std::string data(const report_row& r, std::string_view figure, const std::optional<std::int64_t>& v) {
  return fmt::format(R"( data-row="{}" data-figure="{}" data-value="{}")", esc(row_key(r)), figure, value_text(v));
}

std::string short_name(const report_row& r) {
  if (r.kind == report_row_kind::total) return "合计 Total";
  return r.name_zh.empty() ? (r.name_en.empty() ? r.id : r.name_en) : r.name_zh;
}

constexpr int chart_width = 780, label_width = 250, bar_width = 420, row_height = 24, top = 30;

struct segment {
  const char* figure;  ///< the JSON member under the section, e.g. "on_time"
  const char* zh;
  const char* en;
  const char* colour;
  std::function<std::uint64_t(const report_row&)> get;
};

std::string legend(const std::vector<std::pair<std::string, const char*>>& items) {
  std::string out;
  int x = label_width;
  for (const auto& [text, colour] : items) {
    out += fmt::format(R"(<rect x="{}" y="6" width="12" height="12" fill="{}"/><text x="{}" y="16" class="legend">{}</text>)", x, colour,
                       x + 16, esc(text));
    x += 22 + static_cast<int>(text.size()) * 6;
  }
  return out;
}

std::string row_label_svg(const report_row& r, int y) {
  return fmt::format(R"(<text x="{}" y="{}" class="label" text-anchor="end"><title>{}</title>{}</text>)", label_width - 8, y + 16,
                     esc(report_detail::row_label(r)), esc(short_name(r)));
}

/// Stacked bars, one per row with something asked: on time, late, missed, pending.
std::string stacked_chart(const char* section, const std::vector<const report_row*>& rows, const std::vector<segment>& segs,
                          const std::function<std::string(const report_row&)>& note) {
  std::uint64_t most = 1;
  for (const report_row* r : rows) {
    std::uint64_t sum = 0;
    for (const segment& s : segs) sum += s.get(*r);
    most = std::max(most, sum);
  }
  const int height = top + static_cast<int>(rows.size()) * row_height + 8;
  std::vector<std::pair<std::string, const char*>> keys;
  for (const segment& s : segs) keys.emplace_back(fmt::format("{} {}", s.zh, s.en), s.colour);
  std::string out = fmt::format(R"(<svg class="chart" data-chart="{}" xmlns="http://www.w3.org/2000/svg" width="{}" height="{}" viewBox="0 0 {} {}" role="img">)",
                                section, chart_width, height, chart_width, height);
  out += legend(keys);
  int y = top;
  for (const report_row* r : rows) {
    out += row_label_svg(*r, y);
    double x = label_width;
    for (const segment& s : segs) {
      const std::uint64_t v = s.get(*r);
      const double w = static_cast<double>(v) * bar_width / static_cast<double>(most);
      out += fmt::format(R"(<rect x="{:.1f}" y="{}" width="{:.1f}" height="{}" fill="{}"{}><title>{} {}: {}</title></rect>)", x, y + 3, w,
                         row_height - 6, s.colour, data(*r, fmt::format("{}.{}", section, s.figure), static_cast<std::int64_t>(v)),
                         s.zh, s.en, v);
      if (v > 0) out += fmt::format(R"(<text x="{:.1f}" y="{}" class="inbar" text-anchor="middle">{}</text>)", x + w / 2, y + 16, v);
      x += w;
    }
    out += fmt::format(R"(<text x="{:.1f}" y="{}" class="note">{}</text>)", x + 6, y + 16, esc(note(*r)));
    y += row_height;
  }
  return out + "</svg>";
}

/// p50 and p90 of acknowledgement latency, slowest first.
std::string latency_chart(std::vector<const report_row*> rows) {
  std::stable_sort(rows.begin(), rows.end(), [](const report_row* a, const report_row* b) {
    return std::make_pair(*a->orders.ack_latency.p90, *a->orders.ack_latency.p50) >
           std::make_pair(*b->orders.ack_latency.p90, *b->orders.ack_latency.p50);
  });
  seconds_t most = 1;
  for (const report_row* r : rows) most = std::max(most, *r->orders.ack_latency.p90);
  constexpr int latency_width = 320;  // narrower than the stacked charts': the note after the bar is longer
  const int height = top + static_cast<int>(rows.size()) * row_height + 8;
  std::string out = fmt::format(R"(<svg class="chart" data-chart="orders.ack_latency" xmlns="http://www.w3.org/2000/svg" width="{}" height="{}" viewBox="0 0 {} {}" role="img">)",
                                chart_width, height, chart_width, height);
  out += legend({{"p50 中位数 median", "#1565c0"}, {"p90", "#90caf9"}});
  int y = top;
  for (const report_row* r : rows) {
    out += row_label_svg(*r, y);
    const auto& d = r->orders.ack_latency;
    for (const auto& [figure, v, colour, inset] : {std::make_tuple("p90", *d.p90, "#90caf9", 3), std::make_tuple("p50", *d.p50, "#1565c0", 8)}) {
      const double w = std::max(1.0, static_cast<double>(v) * latency_width / static_cast<double>(most));
      out += fmt::format(R"(<rect x="{}" y="{}" width="{:.1f}" height="{}" fill="{}"{}><title>{}: {}</title></rect>)", label_width, y + inset, w,
                         row_height - 2 * inset, colour, data(*r, fmt::format("orders.ack_latency.{}", figure), v), figure,
                         format_duration(v));
    }
    out += fmt::format(R"(<text x="{:.1f}" y="{}" class="note">p50 {} · p90 {} ({} acked 确认)</text>)",
                       label_width + static_cast<double>(*d.p90) * latency_width / static_cast<double>(most) + 6, y + 16,
                       format_duration(d.p50), format_duration(d.p90), d.count);
    y += row_height;
  }
  return out + "</svg>";
}

std::vector<segment> answer_segments(const answer_figures& (*get)(const report_row&)) {
  return {{"on_time", "按时", "on time", "#2e7d32", [get](const report_row& r) { return get(r).on_time; }},
          {"late", "迟报", "late", "#f9a825", [get](const report_row& r) { return get(r).late; }},
          {"missed", "未报", "missed", "#c62828", [get](const report_row& r) { return get(r).missed; }},
          {"pending", "待报", "pending", "#9e9e9e", [get](const report_row& r) { return get(r).pending; }}};
}

void chart_section(std::string& out, const char* zh, const char* en, const std::string& svg_or_empty) {
  out += fmt::format("<section class=\"chart-box\"><h3>{} <span class=\"en\">{}</span></h3>\n", zh, en);
  out += svg_or_empty.empty() ? std::string("<p class=\"none\">无数据 no data</p>") : svg_or_empty;
  out += "</section>\n";
}

struct cell {
  const char* figure;  ///< JSON path within the row
  const char* head;
  std::function<std::optional<std::int64_t>(const report_row&)> value;
  std::function<std::string(const std::optional<std::int64_t>&)> show;
};

std::string plain(const std::optional<std::int64_t>& v) { return v ? std::to_string(*v) : "\u2014"; }
std::string as_duration(const std::optional<std::int64_t>& v) { return format_duration(v); }
std::string as_percent(const std::optional<std::int64_t>& v) { return v ? fmt::format("{}%", *v) : "\u2014"; }

std::vector<cell> table_cells() {
  using row = const report_row&;
  const auto u = [](std::uint64_t v) { return std::optional<std::int64_t>(static_cast<std::int64_t>(v)); };
  std::vector<cell> c = {
      {"orders.issued", "指令<br>issued", [u](row r) { return u(r.orders.issued); }, plain},
      {"orders.acknowledged", "确认<br>acked", [u](row r) { return u(r.orders.acknowledged); }, plain},
      {"orders.ack_latency.p50", "确认 p50<br>ack p50", [](row r) { return r.orders.ack_latency.p50; }, as_duration},
      {"orders.ack_latency.p90", "确认 p90<br>ack p90", [](row r) { return r.orders.ack_latency.p90; }, as_duration},
      {"orders.declined", "拒绝<br>declined", [u](row r) { return u(r.orders.declined); }, plain},
      {"orders.overdue", "超时<br>overdue", [u](row r) { return u(r.orders.overdue); }, plain},
      {"orders.escalations", "升级<br>escalations", [u](row r) { return u(r.orders.escalations); }, plain},
      {"approvals.asked", "审批<br>approvals", [u](row r) { return u(r.approvals.asked); }, plain},
      {"approvals.late", "迟复<br>late", [u](row r) { return u(r.approvals.late); }, plain},
      {"approvals.escalations", "升级<br>escalated", [u](row r) { return u(r.approvals.escalations); }, plain},
      {"roll_calls.asked", "点名<br>roll-calls", [u](row r) { return u(r.roll_calls.asked); }, plain},
      {"roll_calls.late", "迟报<br>late", [u](row r) { return u(r.roll_calls.late); }, plain},
      {"roll_calls.missed", "未报<br>missed", [u](row r) { return u(r.roll_calls.missed); }, plain},
      {"warnings.asked", "预警<br>warnings", [u](row r) { return u(r.warnings.asked); }, plain},
      {"warnings.on_time_percent", "按时签收<br>on time", [](row r) {
         const auto p = r.warnings.on_time_percent();
         return p ? std::optional<std::int64_t>(*p) : std::nullopt;
       }, as_percent},
      {"reviews.asked", "复盘<br>reviews", [u](row r) { return u(r.reviews.asked); }, plain},
      {"reviews.late", "迟交<br>late", [u](row r) { return u(r.reviews.late); }, plain},
      {"reviews.missed", "未交<br>missed", [u](row r) { return u(r.reviews.missed); }, plain},
      {"drills.held", "演练<br>drills held", [u](row r) { return u(r.drills.held()); }, plain},
      {"claims.opened", "补偿申请<br>claims", [u](row r) { return u(r.claims.opened); }, plain},
      {"claims.settled", "已结<br>settled", [u](row r) { return u(r.claims.settled()); }, plain},
      {"claims.reduced", "核减<br>reduced", [u](row r) { return u(r.claims.reduced); }, plain},
      {"claims.settle_time.p50", "办结 p50<br>settle p50", [](row r) { return r.claims.settle_time.p50; }, as_duration},
  };
  return c;
}

void figures_table(std::string& out, const std::vector<const report_row*>& rows) {
  const std::vector<cell> cells = table_cells();
  out += "<table class=\"figures\"><thead><tr><th>名称 name</th>";
  for (const cell& c : cells) out += fmt::format("<th>{}</th>", c.head);
  out += "</tr></thead><tbody>\n";
  for (const report_row* r : rows) {
    out += fmt::format("<tr{}><th title=\"{}\">{}</th>", r->kind == report_row_kind::total ? " class=\"total\"" : "",
                       esc(r->id), esc(report_detail::row_label(*r)));
    for (const cell& c : cells) {
      const auto v = c.value(*r);
      out += fmt::format("<td{}>{}</td>", data(*r, c.figure, v), esc(c.show(v)));
    }
    out += "</tr>\n";
  }
  out += "</tbody></table>\n";
}

constexpr const char* style = R"(
body{font-family:"Noto Sans CJK SC","WenQuanYi Micro Hei","Microsoft YaHei",sans-serif;margin:24px;color:#222;max-width:1200px}
h1{font-size:22px;margin-bottom:4px}h2{font-size:18px;border-bottom:2px solid #1565c0;padding-bottom:4px;margin-top:32px}
h3{font-size:15px;margin:16px 0 6px}.en{color:#666;font-weight:normal}.meta{color:#555;font-size:13px}
.cards{display:flex;flex-wrap:wrap;gap:12px;margin:16px 0}.card{border:1px solid #ddd;border-radius:6px;padding:10px 14px;min-width:130px}
.card .v{font-size:22px;font-weight:bold}.card .k{font-size:12px;color:#555}
svg.chart text{font-size:12px}svg.chart .legend{font-size:11px;fill:#333}svg.chart .inbar{fill:#fff;font-size:11px}svg.chart .note{fill:#444;font-size:11px}
table.figures{border-collapse:collapse;font-size:12px;margin:8px 0}table.figures th,table.figures td{border:1px solid #ddd;padding:3px 6px;text-align:right}
table.figures th{background:#f3f6fa;text-align:center}table.figures tbody th{text-align:left;font-weight:normal;background:none}
tr.total{font-weight:bold;background:#fafafa}.none{color:#888}footer{margin-top:32px;color:#777;font-size:12px}
)";

std::string card(const report_row& t, const char* figure, const std::optional<std::int64_t>& v, const std::string& shown, const char* label) {
  return fmt::format("<div class=\"card\"><div class=\"v\"{}>{}</div><div class=\"k\">{}</div></div>", data(t, figure, v), esc(shown), label);
}

}  // namespace

std::string render_report_html(const report& r, report_grouping g) {
  const auto groups = report_detail::groups(r, g);
  std::string out = "<!DOCTYPE html>\n<html lang=\"zh-CN\"><head><meta charset=\"utf-8\">";
  out += fmt::format("<title>考核评估 Scorecards (5.1) — {}</title><style>{}</style></head><body>\n", esc(r.policy_id), style);
  out += fmt::format("<h1>考核评估 <span class=\"en\">Scorecards (5.1)</span> — {}</h1>\n", esc(r.policy_id));
  out += fmt::format("<p class=\"meta\">时段 period: {} … {} · 日志 journal <code>{}</code>: {} … {}, {} records, {} events</p>\n",
                     esc(r.from.empty() ? "start" : r.from), esc(r.to.empty() ? "end" : r.to), esc(r.journal),
                     esc(r.first_event.empty() ? "\u2014" : r.first_event), esc(r.last_event.empty() ? "\u2014" : r.last_event), r.records,
                     r.events);

  const report_row& t = r.total;
  const auto u = [](std::uint64_t v) { return std::optional<std::int64_t>(static_cast<std::int64_t>(v)); };
  const auto wp = t.warnings.on_time_percent();
  out += "<div class=\"cards\">";
  out += card(t, "orders.issued", u(t.orders.issued), std::to_string(t.orders.issued), "指令 orders issued");
  out += card(t, "orders.ack_latency.p50", t.orders.ack_latency.p50, format_duration(t.orders.ack_latency.p50), "确认用时 p50 ack latency");
  out += card(t, "orders.ack_latency.p90", t.orders.ack_latency.p90, format_duration(t.orders.ack_latency.p90), "确认用时 p90 ack latency");
  out += card(t, "orders.declined", u(t.orders.declined), std::to_string(t.orders.declined), "拒绝 declined");
  out += card(t, "orders.overdue", u(t.orders.overdue), std::to_string(t.orders.overdue), "超时未确认 overdue");
  out += card(t, "roll_calls.late", u(t.roll_calls.late), std::to_string(t.roll_calls.late), "点名迟报 roll-calls late");
  out += card(t, "roll_calls.missed", u(t.roll_calls.missed), std::to_string(t.roll_calls.missed), "点名未报 roll-calls missed");
  out += card(t, "warnings.on_time_percent", wp ? std::optional<std::int64_t>(*wp) : std::nullopt, wp ? fmt::format("{}%", *wp) : "\u2014",
              "预警按时签收 warnings acknowledged on time");
  out += card(t, "reviews.late", u(t.reviews.late), std::to_string(t.reviews.late), "复盘迟交 reviews late");
  out += card(t, "drills.held", u(t.drills.held()), std::to_string(t.drills.held()), "演练 drills held");
  out += card(t, "claims.settled", u(t.claims.settled()), std::to_string(t.claims.settled()), "补偿已结 claims settled");
  out += "</div>\n";

  // Charts: the stacked ones over the first grouping shown (counties, unless only forces are
  // asked for); latency over forces when they are shown — whose orders are acknowledged slowest.
  const std::vector<report_row>& places = *groups.front().rows;
  const std::vector<report_row>& units = groups.back().rows == &r.forces ? r.forces : places;
  out += "<h2>图表 <span class=\"en\">Charts</span></h2>\n";
  std::vector<const report_row*> acked;
  for (const report_row& row : units)
    if (row.orders.ack_latency.count > 0) acked.push_back(&row);
  chart_section(out, "指令确认用时", "Order acknowledgement latency, slowest first", acked.empty() ? "" : latency_chart(acked));
  for (const auto& s : report_detail::answer_sections()) {
    std::vector<const report_row*> asked;
    for (const report_row& row : places)
      if (s.get(row).asked > 0) asked.push_back(&row);
    const auto get = s.get;
    chart_section(out, s.zh, s.en,
                  asked.empty() ? ""
                                : stacked_chart(std::string_view(s.key) == "drill_reports" ? "drills.reports" : s.key, asked, answer_segments(get),
                                                [get](const report_row& row) {
                                                  const auto p = get(row).on_time_percent();
                                                  return p ? fmt::format("{}% 按时 on time", *p) : std::string();
                                                }));
  }

  for (const auto& grp : groups) {
    out += fmt::format("<h2>{} <span class=\"en\">{}</span></h2>\n", grp.title_zh, grp.title_en);
    std::vector<const report_row*> rows = {&r.total};
    for (const report_row& row : *grp.rows) rows.push_back(&row);
    figures_table(out, rows);
  }
  out += "<footer>Muster · docs/report.md: percentiles are nearest-rank; on time means answered before the deadline "
         "(按时: 截止时间之前); figures come from the journal's events and effects only.</footer>\n</body></html>\n";
  return out;
}

MUSTER_END_NAMESPACE
