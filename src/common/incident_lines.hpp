// Internal: the one dialect of incident files (JSON Lines), read the same way by the command
// line (muster replay / diff / run, src/cli/timeline.cpp) and by the API's batches
// (session::submit_batch, muster_engine_submit_batch): blank lines and lines whose first
// non-blank character is `#` are skipped, a line that is exactly an object {"advance": T} moves
// the clock, and every other line is an event. A byte-order mark before the first line is
// skipped. T is an RFC 3339 time, seconds since 1970, or `+<duration>` ("+20m", "+1h30m")
// after the latest time seen.
#pragma once

#include <muster/config.hpp>

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

MUSTER_BEGIN_NAMESPACE
namespace detail {

enum class incident_line_kind : std::uint8_t { skip, event, advance };

struct incident_line {
  incident_line_kind kind = incident_line_kind::skip;
  std::string time;  ///< advance: T as written (a string's contents, else the JSON value's text)
};

/// What `line` (without its "\n"; a trailing "\r" is ignored) is. `first`: the file's first
/// line, which may start with a UTF-8 byte-order mark. A line over `max_bytes` is never an
/// advance (its JSON is not parsed: decoding refuses it, located).
incident_line classify_incident_line(std::string_view line, bool first, std::size_t max_bytes);

/// `line` without a leading byte-order mark (when `first`) and a trailing "\r".
std::string_view incident_line_text(std::string_view line, bool first);

/// Parses `+90s`, `+16m`, `+1h30m`, `+7d` (a sum of whole units; `-` for earlier). False when it is not one.
bool parse_offset(std::string_view s, std::int64_t& seconds);

/// The time an advance line's T names: `latest` + the offset for `+<duration>` (refused when
/// `latest` is INT64_MIN: nothing to count from), else `absolute(T, out)` (RFC 3339 or seconds,
/// in the caller's time zone). False with `err` saying why (the same words wherever it is read).
bool advance_time(std::string_view t, std::int64_t latest, const std::function<bool(std::string_view, std::int64_t&)>& absolute,
                  std::int64_t& out, std::string& err);

}  // namespace detail
MUSTER_END_NAMESPACE
