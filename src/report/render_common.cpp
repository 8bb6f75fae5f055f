// Helpers every rendering of a report uses, so text, JSON and HTML name and order things alike.
#include "report/render_common.hpp"

#include <fmt/core.h>

namespace muster::report_detail {

std::string format_duration(const std::optional<seconds_t>& s) {
  if (!s) return "\u2014";
  seconds_t v = *s;
  std::string out = v < 0 ? "-" : "";
  if (v < 0) v = -v;
  const seconds_t d = v / 86400, h = v % 86400 / 3600, m = v % 3600 / 60, sec = v % 60;
  if (d > 0) out += fmt::format("{}d", d);
  if (h > 0) out += fmt::format("{}h", h);
  if (m > 0 && d == 0) out += fmt::format("{}m", m);  // days and minutes: the minutes are noise
  if (sec > 0 && d == 0 && h == 0) out += fmt::format("{}s", sec);
  return out.empty() || out == "-" ? "0s" : out;
}

std::vector<row_group> groups(const report& r, report_grouping g) {
  std::vector<row_group> out;
  if (g != report_grouping::force) out.push_back({"jurisdictions", "按辖区", "by jurisdiction", &r.jurisdictions});
  if (g != report_grouping::jurisdiction) out.push_back({"forces", "按力量", "by force", &r.forces});
  return out;
}

std::string row_label(const report_row& row) {
  if (row.kind == report_row_kind::total) return "合计 (Total)";
  if (row.name_zh.empty() && row.name_en.empty()) return row.id;
  if (row.name_zh.empty() || row.name_en.empty()) return row.name_zh + row.name_en;
  return row.name_zh + " (" + row.name_en + ")";
}

std::string row_key(const report_row& row) {
  if (row.kind == report_row_kind::total) return "total";
  return std::string(to_string(row.kind)) + ":" + row.id;
}

const std::vector<answer_section>& answer_sections() {
  static const std::vector<answer_section> s = {
      {"approvals", "审批答复", "approval steps", [](const report_row& r) -> const answer_figures& { return r.approvals; }},
      {"roll_calls", "点名应答", "roll-call answers", [](const report_row& r) -> const answer_figures& { return r.roll_calls; }},
      {"warnings", "预警签收", "warning acknowledgements", [](const report_row& r) -> const answer_figures& { return r.warnings; }},
      {"reviews", "复盘报告", "after-action reports", [](const report_row& r) -> const answer_figures& { return r.reviews; }},
      {"drill_reports", "演练报告", "drill reports", [](const report_row& r) -> const answer_figures& { return r.drills.reports; }},
  };
  return s;
}

}  // namespace muster::report_detail
