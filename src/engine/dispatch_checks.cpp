// Dispatch checks (1.3 registration, 3.2.1 current data, 4.4 insurance): what the registry says
// of a force, compared with the local day of event time. Each force's facts are fixed by the
// registry, so each check reduces to the first day it fails; a query is one comparison.
#include "engine/engine_impl.hpp"

#include "common/civil_time.hpp"

#include "policy/scalars.hpp"

#include <climits>
#include <cstdio>

MUSTER_BEGIN_NAMESPACE
namespace detail {
namespace {

constexpr std::int64_t day_seconds = 86400;
constexpr std::int64_t never = INT64_MAX;
constexpr std::int64_t always = INT64_MIN;

std::int64_t day_of(date d) { return days_from_civil(d.year, d.month, d.day); }

std::string date_text(date d) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", static_cast<int>(d.year), static_cast<unsigned>(d.month), static_cast<unsigned>(d.day));
  return buf;
}

std::int64_t fails_from(const dispatch_check& c, const force& x) {
  if (!((c.categories >> static_cast<unsigned>(x.category)) & 1U)) return never;  // not a force it applies to
  switch (c.fact) {
    case check_fact::registered: return x.registered ? never : always;
    case check_fact::insured: return x.insured_until.valid() ? day_of(x.insured_until) + 1 : always;
    case check_fact::data_current:
      // Fails once (today - updated) days exceed max_age.
      return x.data_updated.valid() ? day_of(x.data_updated) + c.max_age / day_seconds + 1 : always;
  }
  return never;
}

}  // namespace

std::vector<std::int64_t> check_thresholds(const policy& p, const force_registry& f) {
  std::vector<std::int64_t> out;
  out.reserve(f.forces.size() * p.checks.size());
  for (const force& x : f.forces)
    for (const dispatch_check& c : p.checks) out.push_back(fails_from(c, x));
  return out;
}

std::uint32_t failed_checks(const engine::impl& en, index_t force) {
  const std::size_t n = en.p.checks.size();
  if (n == 0) return 0;
  const std::int64_t today = floor_div(en.now + en.p.utc_offset(), day_seconds);
  const std::int64_t* from = en.check_fails_from.data() + static_cast<std::size_t>(force) * n;
  std::uint32_t failed = 0;
  for (std::size_t c = 0; c < n; ++c)
    if (today >= from[c]) failed |= 1U << c;
  return failed;
}

check_action strongest_action(const engine::impl& en, std::uint32_t failed) {
  check_action a = check_action::warn;
  for (std::size_t c = 0; c < en.p.checks.size(); ++c)
    if ((failed >> c & 1U) && en.p.checks[c].then > a) a = en.p.checks[c].then;
  return a;
}

std::string check_failure(const engine::impl& en, index_t which, std::uint32_t failed) {
  const force& x = en.f.forces[which];
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
        out += x.data_updated.valid() ? "its data was last confirmed on " + date_text(x.data_updated) + ", more than " +
                                            format_duration(k.max_age) + " ago"
                                      : "the registry gives no data_updated";
        break;
    }
  }
  return out;
}

void cite_checks(const engine::impl& en, effect& e, index_t force) {
  if (force == no_index) return;
  const std::uint32_t failed = failed_checks(en, force);
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
