// Internal: strict scalar syntax. Each parser returns nullopt (or false) on bad input and,
// via `why`, a short reason the caller turns into a located diagnostic.
#pragma once

#include <muster/model/basics.hpp>

#include "common/did_you_mean.hpp"  // the passes pair these parsers with its hints

#include <optional>
#include <string>
#include <string_view>
#include <vector>

MUSTER_BEGIN_NAMESPACE
namespace detail {

bool is_valid_id(std::string_view s);

/// Plain decimal; refuses leading zeros ("010": YAML 1.1 octal) and signs other than '-'.
std::optional<std::int64_t> parse_integer(std::string_view s, std::string* why = nullptr);

/// `true` / `false` only.
std::optional<bool> parse_boolean(std::string_view s);

/// `30s`, `15m`, `2h`, `7d`; 1 s … 366 d.
std::optional<seconds_t> parse_duration(std::string_view s, std::string* why = nullptr);
/// The inverse, as a policy writer spells it: the largest unit that divides `s` exactly (30m, 7d).
std::string format_duration(seconds_t s);

/// `YYYY-MM-DD`, a real calendar date.
std::optional<date> parse_date(std::string_view s, std::string* why = nullptr);

/// `MM-DD`, a day that exists in a leap year; returns month*100+day.
std::optional<std::uint16_t> parse_month_day(std::string_view s, std::string* why = nullptr);

/// Fixed UTC offset in minutes for the zones we support without a tz database.
std::optional<int> parse_time_zone(std::string_view s);

}  // namespace detail
MUSTER_END_NAMESPACE
