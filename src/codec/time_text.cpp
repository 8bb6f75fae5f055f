// RFC 3339 in the policy's time zone: formatting and strict parsing.
#include "codec/time_text.hpp"

#include <cstring>

#include "policy/scalars.hpp"

#include <muster/codec.hpp>

MUSTER_BEGIN_NAMESPACE
namespace detail {
namespace {

struct civil {
  std::int64_t year;
  unsigned month, day;
};

civil civil_from_days(std::int64_t z) {
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

bool digits(std::string_view s, std::size_t at, std::size_t n, int& v) {
  if (at + n > s.size()) return false;
  v = 0;
  for (std::size_t i = at; i < at + n; ++i) {
    if (s[i] < '0' || s[i] > '9') return false;
    v = v * 10 + (s[i] - '0');
  }
  return true;
}

void put2(char* p, unsigned v) {
  p[0] = static_cast<char>('0' + v / 10);
  p[1] = static_cast<char>('0' + v % 10);
}

bool fail(std::string* why, const char* reason) {
  if (why) *why = reason;
  return false;
}

constexpr const char* expected_form = "expected an RFC 3339 time such as 2026-07-10T09:00:00+08:00, or seconds since 1970";

}  // namespace

std::int64_t days_from_civil(std::int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const auto yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

bool parse_time_text(std::string_view s, timestamp& out, std::string* why) {
  if (s.empty()) return fail(why, expected_form);
  // Decimal seconds: digits only, no sign, no leading zero.
  if ((s.size() < 5 || s[4] != '-') && s.find_first_not_of("0123456789") == std::string_view::npos) {
    if (s.size() > 1 && s[0] == '0') return fail(why, "leading zeros are not allowed in seconds since 1970");
    if (s.size() > 15) return fail(why, "out of range (1970 … 9999)");
    std::int64_t v = 0;
    for (char c : s) v = v * 10 + (c - '0');
    if (v > max_time) return fail(why, "out of range (1970 … 9999)");
    out = v;
    return true;
  }
  // YYYY-MM-DDTHH:MM:SS
  int y, mo, d, h, mi, se;
  if (!(digits(s, 0, 4, y) && s.size() > 4 && s[4] == '-' && digits(s, 5, 2, mo) && s.size() > 7 && s[7] == '-' &&
        digits(s, 8, 2, d)))
    return fail(why, expected_form);
  if (s.size() == 10) return fail(why, "a date without a time of day; expected e.g. 2026-07-10T09:00:00+08:00");
  if (!(s[10] == 'T' || s[10] == 't') || !(digits(s, 11, 2, h) && s.size() > 13 && s[13] == ':' && digits(s, 14, 2, mi) &&
                                           s.size() > 16 && s[16] == ':' && digits(s, 17, 2, se)))
    return fail(why, expected_form);
  if (mo < 1 || mo > 12 || d < 1 || d > days_in_month(y, mo)) return fail(why, "no such day in the calendar");
  if (h > 23 || mi > 59) return fail(why, "no such time of day");
  if (se > 59) return fail(why, "seconds must be 00 … 59 (leap seconds are not supported)");
  std::size_t at = 19;
  if (at < s.size() && s[at] == '.') {  // fractions of a second: read, then dropped
    std::size_t n = 0;
    while (at + 1 + n < s.size() && s[at + 1 + n] >= '0' && s[at + 1 + n] <= '9') ++n;
    if (n == 0 || n > 9) return fail(why, "a fraction of a second needs 1 … 9 digits");
    at += 1 + n;
  }
  if (at == s.size()) return fail(why, "no UTC offset: end the time with Z or an offset such as +08:00");
  int offset = 0;
  if (s[at] == 'Z' || s[at] == 'z') {
    ++at;
  } else if (s[at] == '+' || s[at] == '-') {
    int oh, om;
    if (!(digits(s, at + 1, 2, oh) && s.size() > at + 3 && s[at + 3] == ':' && digits(s, at + 4, 2, om)))
      return fail(why, "the UTC offset must look like +08:00 or -05:30");
    if (oh > 23 || om > 59) return fail(why, "no such UTC offset");
    offset = (oh * 60 + om) * (s[at] == '-' ? -1 : 1);
    at += 6;
  } else {
    return fail(why, expected_form);
  }
  if (at != s.size()) return fail(why, "unexpected text after the UTC offset");
  const std::int64_t t = days_from_civil(y, static_cast<unsigned>(mo), static_cast<unsigned>(d)) * 86400 + h * 3600 +
                         mi * 60 + se - static_cast<std::int64_t>(offset) * 60;
  if (t < min_time || t > max_time) return fail(why, "out of range (1970 … 9999)");
  out = t;
  return true;
}

char* format_time(char* p, timestamp t, int utc_offset_minutes, bool quoted) {
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
  const civil c = civil_from_days(days);
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

void write_time(json_sink& out, timestamp t, int utc_offset_minutes, bool quoted) {
  out.commit(format_time(out.room(max_time_chars), t, utc_offset_minutes, quoted));
}

void write_time(json_sink& out, timestamp t, int utc_offset_minutes, time_memo& memo) {
  if (memo.len == 0 || memo.t != t) {
    memo.t = t;
    memo.len = static_cast<std::uint8_t>(format_time(memo.text, t, utc_offset_minutes, true) - memo.text);
  }
  char* p = out.room(max_time_chars);
  std::memcpy(p, memo.text, max_time_chars);
  out.commit(p + memo.len);
}

}  // namespace detail

std::string codec::format_time(timestamp t) const {
  std::string s;
  {
    detail::json_sink w(s);
    detail::write_time(w, t, policy_->utc_offset_minutes, false);
  }
  return s;
}

bool codec::parse_time(std::string_view s, timestamp& out) const { return detail::parse_time_text(s, out, nullptr); }

MUSTER_END_NAMESPACE
