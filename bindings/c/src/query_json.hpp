// Private: the engine's views as JSON for the C API's queries (names, not indices).
#pragma once

#include <muster/session.hpp>

#include <string>
#include <vector>

namespace muster::capi {

std::string incident_json(const session& s, const incident_view& v);
std::string request_json(const session& s, const request_view& v);
std::string order_json(const session& s, const order_view& v);
std::string run_json(const session& s, const run_view& v);
std::string force_json(const session& s, const force_view& v);
std::string deadlines_json(const session& s, const std::vector<deadline_view>& ds);
std::string worklist_json(const session& s, const std::vector<work_item>& items);
/// The views of `ids` as a JSON array of incident_json / request_json / order_json objects.
std::string open_incidents_json(const session& s, const std::vector<incident_id>& ids);
std::string open_requests_json(const session& s, const std::vector<request_id>& ids);
std::string open_orders_json(const session& s, const std::vector<order_id>& ids);

}  // namespace muster::capi
