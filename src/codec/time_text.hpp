// Internal: RFC 3339 times at a fixed UTC offset (no tz database), whole seconds.
#pragma once

#include "codec/json_out.hpp"
#include "common/civil_time.hpp"

#include <muster/events.hpp>

#include <string>
#include <string_view>

MUSTER_BEGIN_NAMESPACE
namespace detail {

/// Times the codec accepts: 1970-01-01T00:00:00Z … 9999-12-31T23:59:59Z.
inline constexpr timestamp min_time = 0;
inline constexpr timestamp max_time = 253402300799;

/// Parses "YYYY-MM-DDTHH:MM:SS[.fraction](Z|±HH:MM)" (the fraction is dropped) or a plain
/// decimal number of seconds. On failure returns false and, via `why`, a short reason.
bool parse_time_text(std::string_view s, timestamp& out, std::string* why);

/// The most bytes a written time takes (common/civil_time.hpp formats it).
inline constexpr std::size_t max_time_chars = max_rfc3339_chars;

/// The last time written, kept: the effects of one outcome mostly share `at` and `due`.
struct time_memo {
  timestamp t = 0;
  std::uint8_t len = 0;
  char text[max_time_chars] = {};  ///< copied whole: a fixed-size copy is a few moves, a variable one a `rep movs`
};

/// Writes `t` as a quoted RFC 3339 string at `utc_offset_minutes` ("Z" when 0). A time whose
/// local year would leave 0000…9999 is written in UTC, and failing that as decimal seconds.
void write_time(json_sink& out, timestamp t, int utc_offset_minutes, bool quoted = true);
void write_time(json_sink& out, timestamp t, int utc_offset_minutes, time_memo& memo);

}  // namespace detail
MUSTER_END_NAMESPACE
