// When schedules run: the next time a rhythm names (daily, weekly, monthly, yearly at a local
// time), and the denser rhythms that count while their periods are in force (3.2.2: "重要节点、
// 敏感时期加密调度频次"). Event time only; the offset is the policy's fixed zone.
#include "engine/schedule_round.hpp"

#include "common/civil_time.hpp"

MUSTER_BEGIN_NAMESPACE
namespace detail {
namespace {

constexpr std::int64_t day_seconds = 86400;

/// The day (days since 1970-01-01, local) on or after `from` that `r` names.
std::int64_t next_day(const rhythm& r, std::int64_t from) {
  switch (r.every) {
    case recurrence::day: return from;
    case recurrence::week: {
      const auto weekday = static_cast<unsigned>(((from + 3) % 7 + 7) % 7);  // 1970-01-01 was a Thursday; Monday = 0
      return from + static_cast<std::int64_t>((r.day + 7 - weekday) % 7);
    }
    case recurrence::month: {
      const civil_date c = civil_from_days(from);
      const std::int64_t d = days_from_civil(c.year, c.month, r.day);
      if (d >= from) return d;
      return c.month == 12 ? days_from_civil(c.year + 1, 1, r.day) : days_from_civil(c.year, c.month + 1, r.day);
    }
    case recurrence::year: {
      const civil_date c = civil_from_days(from);
      const unsigned month = r.day / 100;
      auto on = [&](std::int64_t y) {  // 29 February in a common year: the 28th
        const auto last = static_cast<unsigned>(days_in_month(y, static_cast<int>(month)));
        return days_from_civil(y, month, std::min<unsigned>(r.day % 100, last));
      };
      const std::int64_t d = on(c.year);
      return d >= from ? d : on(c.year + 1);
    }
  }
  return from;
}

bool rhythm_in_force(const engine::impl& en, const denser_rhythm& d, timestamp t) {
  for (index_t p : d.periods) {
    const period& x = en.p.periods[p];
    if (x.declared ? declared_active(en, p, t) : x.contains(local_month_day(en, t))) return true;
  }
  for (unsigned c = 0; c < 2; ++c)
    if ((d.classes >> c & 1U) && period_class_active(en, static_cast<period_class>(c), t)) return true;
  return false;
}

}  // namespace

timestamp next_in_rhythm(const rhythm& r, timestamp after, seconds_t utc_offset) {
  const std::int64_t local = after + utc_offset;
  const std::int64_t today = floor_div(local, day_seconds);
  std::int64_t day = next_day(r, today);
  if (day == today && today * day_seconds + r.at <= local) day = next_day(r, today + 1);  // today's has passed
  return day * day_seconds + r.at - utc_offset;
}

std::pair<timestamp, index_t> next_run(const engine::impl& en, const schedule& s, timestamp after) {
  const seconds_t offset = en.p.utc_offset();
  std::pair<timestamp, index_t> best{next_in_rhythm(s.every, after, offset), no_index};
  for (std::size_t i = 0; i < s.more_often.size(); ++i) {
    const denser_rhythm& d = s.more_often[i];
    // Each candidate before the regular run, until one falls in a period that is in force.
    for (timestamp t = next_in_rhythm(d.r, after, offset); t < best.first; t = next_in_rhythm(d.r, t, offset))
      if (rhythm_in_force(en, d, t)) {
        best = {t, static_cast<index_t>(i)};
        break;
      }
  }
  return best;
}

}  // namespace detail
MUSTER_END_NAMESPACE
