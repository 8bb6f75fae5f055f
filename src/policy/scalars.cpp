#include "policy/scalars.hpp"

#include "common/civil_time.hpp"

#include <algorithm>
#include <cctype>
#include <utility>

MUSTER_BEGIN_NAMESPACE
namespace detail {
namespace {

bool all_digits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

int to_int(std::string_view digits) {
  int v = 0;
  for (char c : digits) v = v * 10 + (c - '0');
  return v;
}

}  // namespace

bool is_valid_id(std::string_view s) {
  if (s.empty() || s.size() > 64 || !(s[0] >= 'a' && s[0] <= 'z')) return false;
  return std::all_of(s.begin(), s.end(), [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_'; });
}

std::optional<std::int64_t> parse_integer(std::string_view s, std::string* why) {
  std::string_view digits = s;
  bool negative = false;
  if (!digits.empty() && digits[0] == '-') {
    negative = true;
    digits.remove_prefix(1);
  }
  if (!all_digits(digits)) {
    if (why) *why = "not a decimal integer";
    return std::nullopt;
  }
  if (digits.size() > 1 && digits[0] == '0') {
    if (why) *why = "leading zeros are refused (YAML 1.1 reads 010 as octal 8)";
    return std::nullopt;
  }
  if (digits.size() > 15) {
    if (why) *why = "too large";
    return std::nullopt;
  }
  std::int64_t v = 0;
  for (char c : digits) v = v * 10 + (c - '0');
  return negative ? -v : v;
}

std::optional<bool> parse_boolean(std::string_view s) {
  if (s == "true") return true;
  if (s == "false") return false;
  return std::nullopt;
}

std::string format_duration(seconds_t s) {
  const std::pair<seconds_t, const char*> units[] = {{86400, "d"}, {3600, "h"}, {60, "m"}};
  for (const auto& [size, unit] : units)
    if (s != 0 && s % size == 0) return std::to_string(s / size) + unit;
  return std::to_string(s) + "s";
}

std::optional<seconds_t> parse_duration(std::string_view s, std::string* why) {
  if (s.size() < 2) {
    if (why) *why = "expected a number and a unit, e.g. 15m";
    return std::nullopt;
  }
  char unit = s.back();
  std::string_view digits = s.substr(0, s.size() - 1);
  seconds_t scale = unit == 's' ? 1 : unit == 'm' ? 60 : unit == 'h' ? 3600 : unit == 'd' ? 86400 : 0;
  if (scale == 0 || !all_digits(digits) || digits[0] == '0' || digits.size() > 9) {
    if (why) *why = "expected a whole number and one of s, m, h, d, e.g. 15m";
    return std::nullopt;
  }
  seconds_t v = 0;
  for (char c : digits) v = v * 10 + (c - '0');
  v *= scale;
  if (v > 366 * seconds_t{86400}) {
    if (why) *why = "longer than 366d";
    return std::nullopt;
  }
  return v;
}

std::optional<date> parse_date(std::string_view s, std::string* why) {
  if (s.size() != 10 || s[4] != '-' || s[7] != '-' || !all_digits(s.substr(0, 4)) || !all_digits(s.substr(5, 2)) ||
      !all_digits(s.substr(8, 2))) {
    if (why) *why = "expected a date YYYY-MM-DD";
    return std::nullopt;
  }
  int y = to_int(s.substr(0, 4)), m = to_int(s.substr(5, 2)), d = to_int(s.substr(8, 2));
  if (y < 1900 || y > 2999 || d < 1 || d > days_in_month(y, m)) {
    if (why) *why = "no such day in the calendar";
    return std::nullopt;
  }
  return date{static_cast<std::int16_t>(y), static_cast<std::uint8_t>(m), static_cast<std::uint8_t>(d)};
}

std::optional<std::uint16_t> parse_month_day(std::string_view s, std::string* why) {
  if (s.size() != 5 || s[2] != '-' || !all_digits(s.substr(0, 2)) || !all_digits(s.substr(3, 2))) {
    if (why) *why = "expected a month-day \"MM-DD\"";
    return std::nullopt;
  }
  int m = to_int(s.substr(0, 2)), d = to_int(s.substr(3, 2));
  if (d < 1 || d > days_in_month(2000, m)) {  // 2000 is a leap year: 02-29 is a real month-day
    if (why) *why = "no such day in the calendar";
    return std::nullopt;
  }
  return static_cast<std::uint16_t>(m * 100 + d);
}

std::optional<int> parse_time_zone(std::string_view s) {
  // Zones with no daylight saving since 1991 can be decided without a tz database,
  // so the same policy decides the same on every machine.
  struct zone { std::string_view name; int minutes; };
  static const zone zones[] = {{"Asia/Shanghai", 480}, {"Asia/Chongqing", 480}, {"Asia/Harbin", 480}, {"PRC", 480},
                               {"Asia/Hong_Kong", 480}, {"Asia/Taipei", 480},   {"UTC", 0}};
  for (const auto& z : zones) {
    if (z.name == s) return z.minutes;
  }
  // UTC+08:00 / UTC-05:30
  if (s.size() == 9 && s.substr(0, 3) == "UTC" && (s[3] == '+' || s[3] == '-') && s[6] == ':' &&
      all_digits(s.substr(4, 2)) && all_digits(s.substr(7, 2))) {
    int h = to_int(s.substr(4, 2)), m = to_int(s.substr(7, 2));
    if (h > 14 || m > 59) return std::nullopt;
    int total = h * 60 + m;
    return s[3] == '-' ? -total : total;
  }
  return std::nullopt;
}

}  // namespace detail
MUSTER_END_NAMESPACE
