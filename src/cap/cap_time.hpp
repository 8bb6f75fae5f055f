// Internal: CAP 1.2 dateTime, "YYYY-MM-DDThh:mm:ss±hh:mm" exactly (CAP 1.2 §3.3.2: no "Z", no
// fraction; UTC is written -00:00), read strictly and written in a policy's time zone.
#pragma once

#include <muster/cap.hpp>

#include <string>
#include <string_view>

MUSTER_BEGIN_NAMESPACE
namespace cap::detail {

/// False, with `why` a short reason, when `s` is not a CAP dateTime (or lies outside
/// 1970 … 9999, the times an event may carry).
bool parse_cap_time(std::string_view s, date_time& out, std::string& why);

/// `seconds` at `utc_offset_minutes` as CAP writes it: "2026-07-10T06:00:00+08:00", UTC as "-00:00".
std::string format_cap_time(std::int64_t seconds, int utc_offset_minutes);

/// The same instant as an event's RFC 3339 time in the policy's zone (as the codec writes it).
std::string event_time(std::int64_t seconds, int utc_offset_minutes);

}  // namespace cap::detail
MUSTER_END_NAMESPACE
