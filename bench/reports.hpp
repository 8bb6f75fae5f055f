// The benches' simplest workload: incident.report events, one incident each, spread over the
// nine county-level jurisdictions of the reference policy (5 effects each).
#pragma once

#include <cstddef>
#include <string>

namespace muster_bench {

inline constexpr const char* counties[] = {"huancui", "wendeng", "rongcheng", "rushan", "econ_zone",
                                           "hitech_zone", "lingang_zone", "bonded_zone", "nanhai"};
inline constexpr long long t0 = 1791594000;  // 2026-10-10T09:00:00+08:00

/// Event `i` (0-based) of the workload: id i + 1, incident inc-(i + 1).
inline std::string report_event(std::size_t i) {
  return R"({"id":)" + std::to_string(i + 1) + R"(,"kind":"incident.report","at":)" + std::to_string(t0) +
         R"(,"actor":"weihai_em","incident":"inc-)" + std::to_string(i + 1) + R"(","jurisdiction":")" + counties[i % 9] +
         R"(","incident_type":"flood","grade":"general"})";
}

}  // namespace muster_bench
