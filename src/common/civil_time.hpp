// Internal: civil dates and RFC 3339 times at a fixed UTC offset (no tz database), whole
// seconds. Shared by the codec (JSON times), the engine (calendar periods, rejection details)
// and the CLI, so the calendar maths exists once.
#pragma once

#include <muster/config.hpp>
#include <muster/model/basics.hpp>

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

MUSTER_BEGIN_NAMESPACE
namespace detail {

struct civil_date {
  std::int64_t year;
  unsigned month, day;
};

/// The `n` decimal digits of `s` at `at` as a number; false when one is missing or not a digit
/// (the fixed-width fields of RFC 3339 and CAP times).
inline bool fixed_digits(std::string_view s, std::size_t at, std::size_t n, int& v) {
  if (at + n > s.size()) return false;
  v = 0;
  for (std::size_t i = at; i < at + n; ++i) {
    if (s[i] < '0' || s[i] > '9') return false;
    v = v * 10 + (s[i] - '0');
  }
  return true;
}

/// Whether `y` is a leap year in the proleptic Gregorian calendar.
constexpr bool is_leap_year(std::int64_t y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

/// Days in `month` (1 … 12) of `year`, or 0 when there is no such month. Policy dates, event
/// times and month-days all check a day against it.
constexpr int days_in_month(std::int64_t year, int month) {
  constexpr int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (month < 1 || month > 12) return 0;
  return month == 2 && is_leap_year(year) ? 29 : days[month - 1];
}

/// Days from 1970-01-01 to y-m-d, proleptic Gregorian (Howard Hinnant's days_from_civil).
/// constexpr, so tests can name instants at compile time.
constexpr std::int64_t days_from_civil(std::int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const auto yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}
/// The inverse: the civil date `days` after 1970-01-01.
civil_date civil_from_days(std::int64_t days);
/// Division rounding towards negative infinity (days before 1970 stay whole).
std::int64_t floor_div(std::int64_t a, std::int64_t b);

/// A registry date as a day number (days since 1970-01-01); INT64_MIN when it is not set.
std::int64_t days_since_epoch(date d);
/// The date of day number `day`.
date date_of_day(std::int64_t day);
/// "2026-06-30".
std::string date_text(date d);

/// The most bytes format_rfc3339 writes.
inline constexpr std::size_t max_rfc3339_chars = 32;

/// Writes `t` (seconds since 1970) at `p` as RFC 3339 at `utc_offset_minutes` ("Z" when 0),
/// quoted when asked; returns the end. A time whose local year would leave 0000…9999 is
/// written in UTC, and failing that as decimal seconds.
char* format_rfc3339(char* p, std::int64_t t, int utc_offset_minutes, bool quoted);
/// The same, as a string: "2026-07-10T09:00:00+08:00".
std::string rfc3339(std::int64_t t, int utc_offset_minutes);

}  // namespace detail
MUSTER_END_NAMESPACE
