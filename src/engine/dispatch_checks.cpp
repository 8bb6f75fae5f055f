// Dispatch checks (1.3 registration, 3.2.1 current data, 3.2.2 duty status, 3.3.1 standby, 4.4
// insurance): what the live registry says of a force, compared with the local day of event time.
// Most facts reduce to the first day a check fails, kept per force × check and recomputed when a
// force.update changes them; standby depends on the incident, so it is read when asked.
#include "engine/engine_impl.hpp"
#include "engine/warning_round.hpp"

#include "common/civil_time.hpp"

#include "policy/scalars.hpp"

#include <algorithm>
#include <climits>

MUSTER_BEGIN_NAMESPACE
namespace detail {
namespace {

constexpr std::int64_t day_seconds = 86400;
constexpr std::int64_t never = INT64_MAX;
constexpr std::int64_t always = INT64_MIN;


std::int64_t fails_from(const dispatch_check& c, const force& x, const force_live& now) {
  if (!((c.categories >> static_cast<unsigned>(x.category)) & 1U)) return never;  // not a force it applies to
  switch (c.fact) {
    case check_fact::registered: return x.registered ? never : always;
    case check_fact::insured: return x.insured_until.valid() ? days_since_epoch(x.insured_until) + 1 : always;
    case check_fact::data_current:
      // Fails once (today - updated) days exceed max_age.
      return now.data_day == INT64_MIN ? always : now.data_day + c.max_age / day_seconds + 1;
    case check_fact::duty: return (c.duty_statuses >> static_cast<unsigned>(now.duty)) & 1U ? always : never;
    case check_fact::standby: return never;  // read by failed_checks: it depends on the incident
  }
  return never;
}

/// The latest active warning `force` stands by under, when the jurisdiction `where` lies in the
/// area of none of them. Standing by under several (a rainstorm and a typhoon), a force is
/// needed in all their areas: an incident in any one of them is what it stands by for.
const warning_record* standby_elsewhere(const engine::impl& en, index_t force, index_t where) {
  const warning_record* outside = nullptr;
  bool inside = false;
  for_each_standby(en, force, [&](const warning_record& w) {
    if (where != no_index && in_area(en, w, where)) inside = true;
    else outside = &w;
  });
  return inside ? nullptr : outside;
}

}  // namespace

const warning_record* latest_standby(const engine::impl& en, index_t force) {
  const warning_record* latest = nullptr;
  for_each_standby(en, force, [&](const warning_record& w) { latest = &w; });
  return latest;
}

std::vector<std::int64_t> check_thresholds(const policy& p, const force_registry& f, const std::vector<force_live>& live) {
  std::vector<std::int64_t> out;
  out.reserve(f.forces.size() * p.checks.size());
  for (std::size_t i = 0; i < f.forces.size(); ++i)
    for (const dispatch_check& c : p.checks) out.push_back(fails_from(c, f.forces[i], live[i]));
  return out;
}

void summarise_checks(engine::impl& en, index_t force) {
  const std::size_t n = en.p.checks.size();
  const std::int64_t* from = en.check_fails_from.data() + static_cast<std::size_t>(force) * n;
  std::int64_t first = never;
  for (std::size_t c = 0; c < n; ++c) first = std::min(first, from[c]);
  en.facts[force].first_failing_day = static_cast<std::int32_t>(std::clamp<std::int64_t>(first, INT32_MIN, INT32_MAX));
}

void refresh_checks(dispatch& cx, index_t force) {
  engine::impl& en = cx.en;
  const std::size_t n = en.p.checks.size();
  for (std::size_t c = 0; c < n; ++c) {
    const auto at = static_cast<std::uint32_t>(static_cast<std::size_t>(force) * n + c);
    const std::int64_t now = fails_from(en.p.checks[c], en.reg->forces[force], en.live[force]);
    if (now == en.check_fails_from[at]) continue;
    en.undo.check_fails_from.emplace_back(at, en.check_fails_from[at]);
    en.check_fails_from[at] = now;
  }
  summarise_checks(en, force);
}

std::uint32_t failed_checks(const engine::impl& en, index_t force, index_t where) {
  const std::size_t n = en.p.checks.size();
  if (n == 0) return 0;
  // Called for every force a plan names or an effect cites, so it reads one row of thresholds
  // without branching on the check; a standby check's threshold is `never`.
  const std::int64_t today = floor_div(en.now + en.p.utc_offset(), day_seconds);
  std::uint32_t failed = 0;
  if (today >= en.facts[force].first_failing_day) {
    const std::int64_t* from = en.check_fails_from.data() + static_cast<std::size_t>(force) * n;
    for (std::size_t c = 0; c < n; ++c) failed |= static_cast<std::uint32_t>(today >= from[c]) << c;
  }
  // Standby depends on the incident; only a warning puts a force on standby, so with none on
  // record (most events of most engines) there is nothing to read.
  if (en.warnings.empty()) return failed;
  for (std::size_t c = 0; c < n; ++c) {
    const dispatch_check& k = en.p.checks[c];
    if (k.fact == check_fact::standby && k.categories >> en.facts[force].category & 1U && standby_elsewhere(en, force, where) != nullptr)
      failed |= 1U << c;
  }
  return failed;
}

check_action strongest_action(const engine::impl& en, std::uint32_t failed) {
  check_action a = check_action::warn;
  for (std::size_t c = 0; c < en.p.checks.size(); ++c)
    if ((failed >> c & 1U) && en.p.checks[c].then > a) a = en.p.checks[c].then;
  return a;
}

std::string check_failure(const engine::impl& en, index_t which, std::uint32_t failed) {
  const force& x = en.reg->forces[which];
  const force_live& now = en.live[which];
  std::string out;
  for (std::size_t c = 0; c < en.p.checks.size(); ++c) {
    if (!(failed >> c & 1U)) continue;
    const dispatch_check& k = en.p.checks[c];
    if (!out.empty()) out += "; ";
    out += "check " + k.id + (k.rule.clauses.empty() ? "" : " (" + k.rule.clauses.front() + ")") + ": ";
    switch (k.fact) {
      case check_fact::registered: out += "the registry does not show it registered"; break;
      case check_fact::insured:
        out += x.insured_until.valid() ? "its insurance ended on " + date_text(x.insured_until) : "the registry gives no insurance";
        break;
      case check_fact::data_current:
        out += now.data_day != INT64_MIN ? "its data was last confirmed on " + date_text(date_of_day(now.data_day)) + ", more than " +
                                               format_duration(k.max_age) + " ago"
                                         : "the registry gives no data_updated";
        break;
      case check_fact::duty: out += std::string("its duty status is ") + to_string(now.duty); break;
      case check_fact::standby: out += "it stands by under an active warning whose area does not hold the incident"; break;
    }
  }
  return out;
}

void cite_checks(const engine::impl& en, effect& e, index_t force, index_t where) {
  if (force == no_index) return;
  const std::uint32_t failed = failed_checks(en, force, where);
  for (std::size_t c = 0; failed && c < en.p.checks.size(); ++c) {
    if (!(failed >> c & 1U) || e.because_count == e.because.size()) continue;
    const auto rule = static_cast<rule_index>(en.at.checks + c);
    bool cited = false;
    for (std::uint8_t i = 0; i < e.because_count; ++i) cited |= e.because[i] == rule;
    if (!cited) e.because[e.because_count++] = rule;
  }
}

}  // namespace detail
MUSTER_END_NAMESPACE
