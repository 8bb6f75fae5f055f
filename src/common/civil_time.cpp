// Civil dates and RFC 3339 formatting (see civil_time.hpp).
#include "common/civil_time.hpp"

#include <cstdio>
#include <charconv>

MUSTER_BEGIN_NAMESPACE
namespace detail {
namespace {

void put2(char* p, unsigned v) {
  p[0] = static_cast<char>('0' + v / 10);
  p[1] = static_cast<char>('0' + v % 10);
}

}  // namespace

civil_date civil_from_days(std::int64_t z) {
  z += 719468;
  const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const auto doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  const unsigned d = doy - (153 * mp + 2) / 5 + 1;
  const unsigned m = mp < 10 ? mp + 3 : mp - 9;
  return {static_cast<std::int64_t>(yoe) + era * 400 + (m <= 2), m, d};
}

std::int64_t floor_div(std::int64_t a, std::int64_t b) {
  std::int64_t q = a / b;
  return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
}

char* format_rfc3339(char* p, std::int64_t t, int utc_offset_minutes, bool quoted) {
  // The largest offsets in use are ±14:00; anything else is not a time zone.
  if (utc_offset_minutes < -24 * 60 || utc_offset_minutes > 24 * 60) utc_offset_minutes = 0;
  const std::int64_t limit = 253402300799;  // 9999-12-31T23:59:59 local
  std::int64_t local = 0;
  bool fits = false;
  for (int attempt = 0; attempt < 2 && !fits; ++attempt) {
    if (attempt == 1) utc_offset_minutes = 0;
    const std::int64_t shift = static_cast<std::int64_t>(utc_offset_minutes) * 60;
    const std::int64_t lowest = -62167219200;  // 0000-01-01T00:00:00
    if (t > limit - shift || t < lowest - shift) continue;
    local = t + shift;
    fits = true;
  }
  if (!fits) {
    if (quoted) *p++ = '"';
    p = std::to_chars(p, p + 24, t).ptr;
    if (quoted) *p++ = '"';
    return p;
  }
  const std::int64_t days = floor_div(local, 86400);
  const auto secs = static_cast<unsigned>(local - days * 86400);
  const civil_date c = civil_from_days(days);
  if (quoted) *p++ = '"';
  const auto year = static_cast<unsigned>(c.year);
  put2(p, year / 100);
  put2(p + 2, year % 100);
  p[4] = '-';
  put2(p + 5, c.month);
  p[7] = '-';
  put2(p + 8, c.day);
  p[10] = 'T';
  put2(p + 11, secs / 3600);
  p[13] = ':';
  put2(p + 14, secs / 60 % 60);
  p[16] = ':';
  put2(p + 17, secs % 60);
  p += 19;
  if (utc_offset_minutes == 0) {
    *p++ = 'Z';
  } else {
    const unsigned m = static_cast<unsigned>(utc_offset_minutes < 0 ? -utc_offset_minutes : utc_offset_minutes);
    *p++ = utc_offset_minutes < 0 ? '-' : '+';
    put2(p, m / 60);
    p[2] = ':';
    put2(p + 3, m % 60);
    p += 5;
  }
  if (quoted) *p++ = '"';
  return p;
}

std::string rfc3339(std::int64_t t, int utc_offset_minutes) {
  char buf[max_rfc3339_chars];
  return std::string(buf, format_rfc3339(buf, t, utc_offset_minutes, false));
}

std::int64_t days_since_epoch(date d) { return d.valid() ? days_from_civil(d.year, d.month, d.day) : INT64_MIN; }

date date_of_day(std::int64_t day) {
  const civil_date c = civil_from_days(day);
  return {static_cast<std::int16_t>(c.year), static_cast<std::uint8_t>(c.month), static_cast<std::uint8_t>(c.day)};
}

std::string date_text(date d) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", static_cast<int>(d.year), static_cast<unsigned>(d.month), static_cast<unsigned>(d.day));
  return buf;
}

}  // namespace detail
MUSTER_END_NAMESPACE
