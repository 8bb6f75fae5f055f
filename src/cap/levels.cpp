// Colour levels, their names in events and CAP, and CAP severities (see mapping.hpp).
#include "cap/mapping.hpp"

#include <cctype>
#include <iterator>

MUSTER_BEGIN_NAMESPACE
namespace cap::detail {
namespace {

struct level_names {
  const char* event;     ///< as docs/warnings.md writes it
  const char* zh;
  const char* zh_short;
  const char* en;
  const char* severity;  ///< what export writes; import reads it back
};

constexpr level_names levels[] = {
    {"blue", "蓝色", "蓝", "Blue", "Minor"},
    {"yellow", "黄色", "黄", "Yellow", "Moderate"},
    {"orange", "橙色", "橙", "Orange", "Severe"},
    {"red", "红色", "红", "Red", "Extreme"},
};
static_assert(std::size(levels) == warning_level_count, "a row for each warning_level");

bool equal_ignoring_case(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i)
    if (std::tolower(static_cast<unsigned char>(a[i])) != std::tolower(static_cast<unsigned char>(b[i]))) return false;
  return true;
}

const level_names& row(int level) { return levels[level >= 0 && level < warning_level_count ? level : 0]; }

}  // namespace

const char* level_name(int level) { return row(level).event; }
const char* level_name_zh(int level) { return row(level).zh; }
const char* level_name_en(int level) { return row(level).en; }
const char* severity_of_level(int level) { return row(level).severity; }

int level_from_colour(std::string_view s) {
  for (int l = 0; l < warning_level_count; ++l)
    if (equal_ignoring_case(s, levels[l].event) || s == levels[l].zh || s == levels[l].zh_short) return l;
  return -1;
}

int level_from_severity(std::string_view severity) {
  for (int l = 0; l < warning_level_count; ++l)
    if (severity == levels[l].severity) return l;
  return -1;
}

bool is_level_parameter(std::string_view value_name) {
  return equal_ignoring_case(value_name, "level") || equal_ignoring_case(value_name, "colour") ||
         equal_ignoring_case(value_name, "color") || value_name == "预警级别";
}

}  // namespace cap::detail
MUSTER_END_NAMESPACE
