// Internal: what import and export share about a policy's warnings — the colour levels and
// their CAP severities, naming a hazard, and matching CAP areas to jurisdictions.
#pragma once

#include "cap/messages.hpp"

#include <muster/cap.hpp>
#include <muster/policy.hpp>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

MUSTER_BEGIN_NAMESPACE
namespace cap::detail {

// ---- levels (levels.cpp) ---------------------------------------------------------------------

/// "blue" … "red" for warning_level 0 … 3, as the events write them.
const char* level_name(int level);
/// "蓝色" … "红色".
const char* level_name_zh(int level);
/// "Blue" … "Red".
const char* level_name_en(int level);
/// A colour as a level parameter or an event's text gives it: blue, Blue, 蓝色 or 蓝 … → 0 … 3;
/// -1 when it is none.
int level_from_colour(std::string_view s);
/// CAP severity → level: Minor blue, Moderate yellow, Severe orange, Extreme red; -1 otherwise (Unknown).
int level_from_severity(std::string_view severity);
/// The severity export writes for a level.
const char* severity_of_level(int level);
/// Whether a parameter's valueName says it carries the level: level, colour, color, 预警级别.
bool is_level_parameter(std::string_view value_name);

// ---- hazards (hazard_match.cpp) --------------------------------------------------------------

struct hazard_match {
  int hazard = -1;      ///< in policy::warnings.hazards; -1: none
  int other = -1;       ///< a second hazard some eventCode names (ambiguous), or -1
  int colour = -1;      ///< the level a colour in the event text names ("暴雨橙色预警"), or -1
  bool by_code = false; ///< found by eventCode (else by the event text)
};

/// The hazard `in` is about: an eventCode value in a hazard's cap_codes, else the event text
/// equal to a hazard's id, zh or en name or one of its cap_events — also with a colour and
/// 预警 / 预警信号 after it ("暴雨橙色预警"), or a colour before and "Warning" after it
/// ("Orange Rainstorm Warning").
hazard_match match_hazard(const policy& p, const info& in);

/// "rainstorm (暴雨)" for each hazard of the policy.
std::vector<std::string> hazard_names(const policy& p);

// ---- areas (area_match.cpp) ------------------------------------------------------------------

/// Whether a geocode's valueName names GB/T 2260 division codes: "GB/T 2260", "GB/T2260",
/// "GBT2260", "GB 2260", "GB2260" (any case), "ADCODE" or "行政区划代码".
bool is_division_code_name(std::string_view value_name);

struct area_match {
  std::vector<index_t> jurisdictions;  ///< in the order the geocodes name them, each once
  std::vector<std::string> geocodes;   ///< every geocode of the info, "valueName value", for messages
};

/// The jurisdictions `in`'s areas name by division code. With `rep`, reports what is not
/// matched: an area of polygons or circles only (polygon-only), an area none of whose
/// geocodes is a jurisdiction's while another is (area-outside), and nothing matched at all
/// (area-unmatched, naming the codes seen and the policy's).
area_match match_areas(const policy& p, const info& in, reporter* rep);

/// "371003 文登区" for each jurisdiction that has a code.
std::vector<std::string> jurisdiction_codes(const policy& p);

}  // namespace cap::detail
MUSTER_END_NAMESPACE
