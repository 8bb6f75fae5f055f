// Helpers shared by the CAP tests: the reference policy with the test's own hazards, the
// alerts of tests/cap/data, one-snippet edits and the diagnostics a test looks for.
//
// The hazards are the test's (not whatever rules/weihai.yaml's warnings: block says), so the
// expectations here do not move when the policy writers retune their hazards.
#pragma once

#include <muster/cap.hpp>
#include <muster/policy.hpp>

#include <doctest/doctest.h>

#include <fstream>
#include <memory>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

namespace cap_test {

inline std::string data_path(const std::string& name) { return std::string(MUSTER_SOURCE_DIR) + "/tests/cap/data/" + name; }

inline std::string data(const std::string& name) {
  std::ifstream in(data_path(name), std::ios::binary);
  REQUIRE_MESSAGE(in.good(), "cannot read " << data_path(name));
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

inline muster::hazard make_hazard(const char* id, const char* zh, const char* en, std::vector<std::string> codes,
                                  std::vector<std::string> events = {}) {
  muster::hazard h;
  h.id = id;
  h.name.zh = zh;
  h.name.en = en;
  h.cap_codes = std::move(codes);
  h.cap_events = std::move(events);
  return h;
}

/// rules/weihai.yaml, compiled once, with five hazards and warning agencies as issuers.
inline const muster::policy& weihai() {
  static const std::shared_ptr<const muster::policy> p = [] {
    const muster::policy_result r = muster::compile_policy_file(std::string(MUSTER_SOURCE_DIR) + "/rules/weihai.yaml");
    REQUIRE_MESSAGE(r.ok(), "rules/weihai.yaml does not compile");
    auto copy = std::make_shared<muster::policy>(*r.value);
    copy->warnings.hazards = {
        make_hazard("rainstorm", "暴雨", "Rainstorm", {"11B03"}),
        make_hazard("typhoon", "台风", "Typhoon", {"11B01"}),
        make_hazard("storm_surge", "风暴潮", "Storm Surge", {}),
        make_hazard("forest_fire_risk", "森林火险", "Forest Fire Danger", {}, {"森林火险气象等级预警"}),
        make_hazard("geological_hazard", "地质灾害", "Geological Hazard", {}, {"地质灾害气象风险预警"}),
    };
    const muster::index_t agency = copy->find_role("warning_agency");
    REQUIRE(agency != muster::no_index);
    copy->warnings.issued_by = muster::role_mask{1} << agency;
    return std::shared_ptr<const muster::policy>(std::move(copy));
  }();
  return *p;
}

/// `text` with its one `from` replaced by `to`; fails the test when `from` is absent or repeated.
inline std::string edited(std::string text, std::string_view from, std::string_view to) {
  const auto at = text.find(from);
  REQUIRE_MESSAGE(at != std::string::npos, "snippet not found: " << from);
  REQUIRE_MESSAGE(text.find(from, at + 1) == std::string::npos, "snippet not unique: " << from);
  return text.replace(at, from.size(), to);
}

/// 1-based line and column of the one `snippet` in `text` (columns in characters).
struct spot {
  std::uint32_t line = 0, column = 0;
};
inline spot at(const std::string& text, std::string_view snippet) {
  const auto off = text.find(snippet);
  REQUIRE_MESSAGE(off != std::string::npos, "snippet not found: " << snippet);
  spot s{1, 1};
  for (std::size_t i = 0; i < off; ++i) {
    if (text[i] == '\n') {
      ++s.line;
      s.column = 1;
    } else if ((static_cast<unsigned char>(text[i]) & 0xC0U) != 0x80U) {
      ++s.column;
    }
  }
  return s;
}

inline const muster::diagnostic* find(const std::vector<muster::diagnostic>& diags, std::string_view code) {
  for (const auto& d : diags)
    if (d.code == code) return &d;
  return nullptr;
}

inline std::string rendered(const std::vector<muster::diagnostic>& diags) {
  std::string out;
  for (const auto& d : diags) out += muster::render(d) + "\n";
  return out;
}

/// Imports `name` of tests/cap/data as weihai_meteo (unless told otherwise).
inline muster::result<muster::cap::warning_event> import_data(const std::string& name, std::string actor = {}) {
  muster::cap::import_options o;
  o.actor = std::move(actor);
  return muster::cap::import_alert(weihai(), data(name), name, o);
}

}  // namespace cap_test
