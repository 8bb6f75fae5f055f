// CAP 1.2 dateTime (see cap_time.hpp).
#include "cap/cap_time.hpp"

#include "common/civil_time.hpp"

MUSTER_BEGIN_NAMESPACE
namespace cap::detail {
namespace {

using muster::detail::fixed_digits;

bool fail(std::string& why, const char* reason) {
  why = reason;
  return false;
}

}  // namespace

bool parse_cap_time(std::string_view s, date_time& out, std::string& why) {
  // 2026-07-10T06:00:00+08:00: 25 characters, every one in its place.
  int y, mo, d, h, mi, se, oh, om;
  if (!(fixed_digits(s, 0, 4, y) && s.size() > 4 && s[4] == '-' && fixed_digits(s, 5, 2, mo) && s.size() > 7 && s[7] == '-' &&
        fixed_digits(s, 8, 2, d)))
    return fail(why, "expected a date and time such as 2026-07-10T06:00:00+08:00");
  if (s.size() == 10) return fail(why, "a date without a time of day");
  if (!(s[10] == 'T' && fixed_digits(s, 11, 2, h) && s.size() > 13 && s[13] == ':' && fixed_digits(s, 14, 2, mi) && s.size() > 16 &&
        s[16] == ':' && fixed_digits(s, 17, 2, se)))
    return fail(why, "expected a date and time such as 2026-07-10T06:00:00+08:00");
  if (s.size() == 19) return fail(why, "no UTC offset (CAP needs one, e.g. +08:00; UTC is -00:00)");
  if (s[19] == 'Z' || s[19] == 'z') return fail(why, "CAP 1.2 forbids 'Z': write UTC as -00:00");
  if (s[19] == '.') return fail(why, "CAP 1.2 times have no fraction of a second");
  if (!((s[19] == '+' || s[19] == '-') && fixed_digits(s, 20, 2, oh) && s.size() > 22 && s[22] == ':' && fixed_digits(s, 23, 2, om)))
    return fail(why, "the UTC offset must look like +08:00 or -05:30");
  if (s.size() != 25) return fail(why, "unexpected text after the UTC offset");
  if (mo < 1 || mo > 12 || d < 1 || d > muster::detail::days_in_month(y, mo)) return fail(why, "no such day in the calendar");
  if (h > 23 || mi > 59) return fail(why, "no such time of day");
  if (se > 59) return fail(why, "seconds must be 00 … 59");
  if (oh > 14 || om > 59) return fail(why, "no such UTC offset");
  const int offset = (oh * 60 + om) * (s[19] == '-' ? -1 : 1);
  const std::int64_t t = muster::detail::days_from_civil(y, static_cast<unsigned>(mo), static_cast<unsigned>(d)) * 86400 +
                         h * 3600 + mi * 60 + se - static_cast<std::int64_t>(offset) * 60;
  if (t < 0 || t > 253402300799) return fail(why, "outside 1970 … 9999");
  out.seconds = t;
  out.utc_offset_minutes = static_cast<std::int16_t>(offset);
  return true;
}

std::string format_cap_time(std::int64_t seconds, int utc_offset_minutes) {
  std::string s = muster::detail::rfc3339(seconds, utc_offset_minutes);
  if (!s.empty() && s.back() == 'Z') {
    s.pop_back();
    s += "-00:00";
  }
  return s;
}

std::string event_time(std::int64_t seconds, int utc_offset_minutes) {
  return muster::detail::rfc3339(seconds, utc_offset_minutes);
}

}  // namespace cap::detail
MUSTER_END_NAMESPACE
