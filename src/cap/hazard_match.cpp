// Which hazard of the policy a CAP info block is about (see mapping.hpp).
#include "cap/mapping.hpp"

#include <cctype>

MUSTER_BEGIN_NAMESPACE
namespace cap::detail {
namespace {

bool equal_ignoring_case(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i)
    if (std::tolower(static_cast<unsigned char>(a[i])) != std::tolower(static_cast<unsigned char>(b[i]))) return false;
  return true;
}

bool ends_with(std::string_view s, std::string_view tail) {
  return s.size() >= tail.size() && s.substr(s.size() - tail.size()) == tail;
}

bool ends_with_ignoring_case(std::string_view s, std::string_view tail) {
  return s.size() >= tail.size() && equal_ignoring_case(s.substr(s.size() - tail.size()), tail);
}

/// The hazard whose id, names or cap_events are `text` (ASCII case ignored), or -1.
int named(const policy& p, std::string_view text) {
  if (text.empty()) return -1;
  const auto& hs = p.warnings.hazards;
  for (std::size_t h = 0; h < hs.size(); ++h) {
    const hazard& z = hs[h];
    bool hit = equal_ignoring_case(text, z.id) || (!z.name.zh.empty() && text == z.name.zh) ||
               (!z.name.en.empty() && equal_ignoring_case(text, z.name.en));
    for (const auto& e : z.cap_events) hit = hit || equal_ignoring_case(text, e);
    if (hit) return static_cast<int>(h);
  }
  return -1;
}

/// "暴雨橙色预警", "暴雨预警信号" → "暴雨" and the colour (or -1).
std::string_view strip_zh(std::string_view s, int& colour) {
  colour = -1;
  if (ends_with(s, "预警信号")) s.remove_suffix(std::string_view("预警信号").size());
  else if (ends_with(s, "预警")) s.remove_suffix(std::string_view("预警").size());
  else return {};
  for (int l = 0; l < warning_level_count; ++l)
    if (ends_with(s, level_name_zh(l))) {
      s.remove_suffix(std::string_view(level_name_zh(l)).size());
      colour = l;
      break;
    }
  return s;
}

/// "Orange Rainstorm Warning", "Rainstorm Warning" → "Rainstorm" and the colour (or -1).
std::string_view strip_en(std::string_view s, int& colour) {
  colour = -1;
  if (!ends_with_ignoring_case(s, " warning")) return {};
  s.remove_suffix(std::string_view(" warning").size());
  for (int l = 0; l < warning_level_count; ++l) {
    const std::string_view c = level_name_en(l);
    if (s.size() > c.size() && equal_ignoring_case(s.substr(0, c.size()), c) && s[c.size()] == ' ') {
      s.remove_prefix(c.size() + 1);
      colour = l;
      break;
    }
  }
  return s;
}

}  // namespace

hazard_match match_hazard(const policy& p, const info& in) {
  hazard_match m;
  const auto& hs = p.warnings.hazards;
  for (const value_pair& code : in.event_codes)
    for (std::size_t h = 0; h < hs.size(); ++h)
      for (const auto& c : hs[h].cap_codes)
        if (c == code.value) {
          if (m.hazard < 0) m.hazard = static_cast<int>(h);
          else if (m.hazard != static_cast<int>(h) && m.other < 0) m.other = static_cast<int>(h);
        }
  m.by_code = m.hazard >= 0;
  int colour = -1;
  if (const std::string_view base = strip_zh(in.event, colour); !base.empty()) {
    if (m.hazard < 0) m.hazard = named(p, base);
    m.colour = colour;
  } else if (const std::string_view en_base = strip_en(in.event, colour); !en_base.empty()) {
    if (m.hazard < 0) m.hazard = named(p, en_base);
    m.colour = colour;
  }
  if (m.hazard < 0) m.hazard = named(p, in.event);  // the text as it is
  return m;
}

std::vector<std::string> hazard_names(const policy& p) {
  std::vector<std::string> out;
  for (const hazard& h : p.warnings.hazards) out.push_back(h.name.zh.empty() ? h.id : h.id + " (" + h.name.zh + ")");
  return out;
}

}  // namespace cap::detail
MUSTER_END_NAMESPACE
