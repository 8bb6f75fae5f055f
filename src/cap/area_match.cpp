// CAP areas → the policy's jurisdictions, by GB/T 2260 division code (see mapping.hpp).
// Only geocodes are matched: a polygon or circle would need the jurisdictions' boundaries,
// which a policy does not carry. What is not matched is said, never dropped silently.
#include "cap/mapping.hpp"

#include <algorithm>
#include <cctype>

MUSTER_BEGIN_NAMESPACE
namespace cap::detail {
namespace {

index_t jurisdiction_with_code(const policy& p, std::string_view code) {
  if (code.empty()) return no_index;
  for (std::size_t j = 0; j < p.jurisdictions.size(); ++j)
    if (p.jurisdictions[j].code == code) return static_cast<index_t>(j);
  return no_index;
}

}  // namespace

bool is_division_code_name(std::string_view value_name) {
  if (value_name == "行政区划代码") return true;
  std::string key;
  for (char c : value_name) {
    if (c == ' ' || c == '/' || c == '-' || c == '_' || c == '.') continue;
    key += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  }
  return key == "GBT2260" || key == "GB2260" || key == "ADCODE";
}

std::vector<std::string> jurisdiction_codes(const policy& p) {
  std::vector<std::string> out;
  for (const jurisdiction& j : p.jurisdictions)
    if (!j.code.empty()) out.push_back(j.code + " " + (j.name.zh.empty() ? j.id : j.name.zh));
  return out;
}

area_match match_areas(const policy& p, const info& in, reporter* rep) {
  area_match m;
  std::vector<std::size_t> outside;  // areas with geocodes, none of them ours
  for (std::size_t a = 0; a < in.areas.size(); ++a) {
    const area& ar = in.areas[a];
    bool matched = false;
    for (const value_pair& g : ar.geocodes) {
      m.geocodes.push_back(g.name + " " + g.value);
      if (!is_division_code_name(g.name)) continue;
      const index_t j = jurisdiction_with_code(p, g.value);
      if (j == no_index) continue;
      matched = true;
      if (std::find(m.jurisdictions.begin(), m.jurisdictions.end(), j) == m.jurisdictions.end()) m.jurisdictions.push_back(j);
    }
    if (matched || rep == nullptr) continue;
    if (ar.geocodes.empty() && (!ar.polygons.empty() || !ar.circles.empty()))
      rep->add(msg::polygon_only, ar.where, {std::to_string(a + 1) + " " + shown(ar.description)});
    else
      outside.push_back(a);
  }
  if (rep == nullptr) return m;
  if (m.jurisdictions.empty()) {
    std::string named = m.geocodes.empty() ? "no geocode" : "the geocodes " + listed(m.geocodes);
    std::vector<std::string> descs;
    for (const area& ar : in.areas) descs.push_back(shown(ar.description));
    if (!descs.empty()) named += " (areas " + listed(descs) + ")";
    rep->add(msg::area_unmatched, in.areas.empty() ? in.where : in.areas.front().where, {named, listed(jurisdiction_codes(p), 20)});
    return m;
  }
  for (std::size_t a : outside) {
    const area& ar = in.areas[a];
    std::vector<std::string> codes;
    for (const value_pair& g : ar.geocodes) codes.push_back(g.name + " " + g.value);
    rep->add(msg::area_outside, ar.where, {std::to_string(a + 1) + " " + shown(ar.description), codes.empty() ? "no geocode" : listed(codes)});
  }
  return m;
}

}  // namespace cap::detail
MUSTER_END_NAMESPACE
