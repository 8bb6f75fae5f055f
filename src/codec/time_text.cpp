// RFC 3339 in the policy's time zone: formatting and strict parsing.
#include "codec/time_text.hpp"

#include "common/civil_time.hpp"

#include <cstring>

#include <muster/codec.hpp>

MUSTER_BEGIN_NAMESPACE
namespace detail {
namespace {

bool fail(std::string* why, const char* reason) {
  if (why) *why = reason;
  return false;
}

constexpr const char* expected_form = "expected an RFC 3339 time such as 2026-07-10T09:00:00+08:00, or seconds since 1970";

}  // namespace

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
  if (!(fixed_digits(s, 0, 4, y) && s.size() > 4 && s[4] == '-' && fixed_digits(s, 5, 2, mo) && s.size() > 7 && s[7] == '-' &&
        fixed_digits(s, 8, 2, d)))
    return fail(why, expected_form);
  if (s.size() == 10) return fail(why, "a date without a time of day; expected e.g. 2026-07-10T09:00:00+08:00");
  if (!(s[10] == 'T' || s[10] == 't') || !(fixed_digits(s, 11, 2, h) && s.size() > 13 && s[13] == ':' && fixed_digits(s, 14, 2, mi) &&
                                           s.size() > 16 && s[16] == ':' && fixed_digits(s, 17, 2, se)))
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
    if (!(fixed_digits(s, at + 1, 2, oh) && s.size() > at + 3 && s[at + 3] == ':' && fixed_digits(s, at + 4, 2, om)))
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

void write_time(json_sink& out, timestamp t, int utc_offset_minutes, bool quoted) {
  out.commit(format_rfc3339(out.room(max_time_chars), t, utc_offset_minutes, quoted));
}

void write_time(json_sink& out, timestamp t, int utc_offset_minutes, time_memo& memo) {
  if (memo.len == 0 || memo.t != t) {
    memo.t = t;
    memo.len = static_cast<std::uint8_t>(format_rfc3339(memo.text, t, utc_offset_minutes, true) - memo.text);
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
