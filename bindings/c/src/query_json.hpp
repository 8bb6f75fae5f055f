// Private: the engine's views as JSON for the C API's queries (names, not indices).
#pragma once

#include <muster/session.hpp>

#include <string>
#include <vector>

namespace muster::capi {

std::string incident_json(const session& s, const incident_view& v);
std::string request_json(const session& s, const request_view& v);
std::string order_json(const session& s, const order_view& v);
std::string deadlines_json(const session& s, const std::vector<deadline_view>& ds);

}  // namespace muster::capi
