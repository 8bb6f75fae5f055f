// What the three renderings of a report share (render_text.cpp, render_json.cpp,
// render_html.cpp): the sections' bilingual names, durations in words, and which rows a
// grouping shows. Private to src/report.
#pragma once

#include <muster/report.hpp>

#include <string>
#include <vector>

namespace muster::report_detail {

/// "7m", "1h5m", "2d3h", "45s", "0s"; "—" when unset.
std::string format_duration(const std::optional<seconds_t>& s);

/// The rows of one grouping, with their headings.
struct row_group {
  const char* key;       ///< "jurisdictions" / "forces": the JSON member
  const char* title_zh;  ///< 按辖区 …
  const char* title_en;
  const std::vector<report_row>* rows;
};
std::vector<row_group> groups(const report& r, report_grouping g);

/// A row's name for people: "文登区 (Wendeng District)"; the total is "合计 (Total)".
std::string row_label(const report_row& row);
/// What identifies a row in the HTML's data attributes and the JSON: "jurisdiction:wendeng", "total".
std::string row_key(const report_row& row);

/// The answer rounds of a row, in the order every rendering lists them.
struct answer_section {
  const char* key;  ///< JSON member: "roll_calls", "warnings", "reviews", "drill_reports"
  const char* zh;
  const char* en;
  const answer_figures& (*get)(const report_row&);
};
const std::vector<answer_section>& answer_sections();

}  // namespace muster::report_detail
