// Pass `schedules`: the `schedules:` list — recurring duties such as roll-calls (3.2.2) and
// drills with their reports (3.2.3). Each says when it runs (and more often in which periods),
// whom a run calls, what the answer is, and what silence does.
#include "common/civil_time.hpp"
#include "policy/party_reading.hpp"
#include "policy/policy_context.hpp"
#include "policy/scalars.hpp"

#include <map>

MUSTER_BEGIN_NAMESPACE
namespace detail {
namespace {

constexpr const char* weekdays[] = {"mon", "tue", "wed", "thu", "fri", "sat", "sun"};

constexpr const char* recurrences[] = {"day", "week", "month", "year"};

recurrence recurrence_of(const std::string& s) {
  return s == "day" ? recurrence::day : s == "week" ? recurrence::week : s == "year" ? recurrence::year : recurrence::month;
}

/// "HH:MM" as seconds after midnight, or -1.
std::int32_t time_of_day(const std::string& s) {
  int h = 0, m = 0;
  if (s.size() != 5 || s[2] != ':' || !fixed_digits(s, 0, 2, h) || !fixed_digits(s, 3, 2, m) || h > 23 || m > 59) return -1;
  return h * 3600 + m * 60;
}

/// `every`, `day` and `at` of the mapping `n` (a schedule, or one of its denser rhythms).
rhythm read_rhythm(policy_context& cx, const yaml_node& n) {
  rhythm r;
  r.every = recurrence_of(scalar_or(n, "every"));
  if (const yaml_node* at = field(n, "at")) {
    const std::int32_t t = time_of_day(at->text);
    if (t < 0) cx.report(*at, "invalid-schedule-time", "at: '" + at->text + "' is not a time of day", "write it as HH:MM, e.g. \"09:00\" (local time)");
    r.at = t < 0 ? 0 : t;
  }
  const yaml_node* day = field(n, "day");
  const std::string every = scalar_or(n, "every");
  if (r.every == recurrence::day) {
    if (day) cx.report(*day, "invalid-schedule-time", "day: is not used by a daily schedule", "leave it out, or choose every: week, month or year");
    return r;
  }
  static const char* const wanted[] = {"", "a weekday: mon, tue, wed, thu, fri, sat or sun",
                                       "a day of the month from 1 to 28 (every month has it)", "a month and day, e.g. \"06-01\""};
  const char* what = wanted[static_cast<int>(r.every)];
  if (!day) {
    if (field(n, "every")) cx.report(n, "missing-key", "every: " + every + " needs day: " + what);
    return r;
  }
  bool ok = false;
  if (r.every == recurrence::week) {
    for (std::uint16_t i = 0; i < 7; ++i)
      if (day->text == weekdays[i]) r.day = i, ok = true;
  } else if (r.every == recurrence::month) {
    const auto d = parse_integer(day->text);
    ok = d && *d >= 1 && *d <= 28;
    if (ok) r.day = static_cast<std::uint16_t>(*d);
  } else if (const auto md = parse_month_day(day->text)) {
    r.day = *md;
    ok = true;
  }
  if (!ok) cx.report(*day, "invalid-schedule-time", "day: '" + day->text + "' is not " + what + " (every: " + every + ")");
  return r;
}

/// The periods (by id) or period classes (special, sensitive) a denser rhythm holds during.
void read_during(policy_context& cx, const yaml_node& n, denser_rhythm& d) {
  for (const auto& item : items_of(field(n, "during"))) {
    const index_t p = find_in(cx.tables->periods, item.text);
    if (p != no_index) d.periods.push_back(p);
    else if (item.text == "special") d.classes |= 1U << static_cast<unsigned>(period_class::special);
    else if (item.text == "sensitive") d.classes |= 1U << static_cast<unsigned>(period_class::sensitive);
    else cx.resolve(item, cx.tables->periods, "period");  // reports unknown-period with a did-you-mean
  }
}

void read_calls(policy_context& cx, const yaml_node& n, schedule& s, const std::string& id) {
  const yaml_node* forces = field(n, "forces");
  const yaml_node* role = field(n, "role");
  if ((forces != nullptr) == (role != nullptr)) {
    cx.report(forces ? *role : n, "schedule-calls", id + ".calls names " + (forces ? "both forces and a role" : "neither forces nor a role"),
              "calls: { forces: [government, enterprise, social], from: ... } calls every force of those categories (its owner "
              "answers); calls: { role: fire_rescue, from: ... } calls the holder of the role in each jurisdiction");
  }
  s.calls_forces = forces != nullptr;
  if (forces) s.categories = read_categories(*forces);
  if (role) s.role = cx.resolve(*role, cx.tables->roles, "role");
  for (const auto& c : items_of(field(n, "capabilities"))) {
    const index_t i = cx.resolve(c, cx.tables->capabilities, "capability");
    if (i != no_index) s.capabilities |= capability_mask{1} << i;
  }
  if (const yaml_node* caps = field(n, "capabilities"); caps && !forces)
    cx.report(*caps, "schedule-calls", id + ".calls: capabilities choose forces, but the schedule calls a role", "leave capabilities out, or call forces");
  for (const auto& j : items_of(field(n, "jurisdictions"))) {
    const index_t i = cx.resolve(j, cx.tables->jurisdictions, "jurisdiction");
    if (i != no_index) s.jurisdictions.push_back(i);
  }
  const unsigned scopes = allow_area | allow_upper | allow_root | (forces ? allow_force : 0U);
  s.from = read_party(cx, field(n, "from"), scopes, (id + ".calls.from").c_str());
}

}  // namespace

void resolve_schedules(policy_context& cx) {
  std::map<std::string, std::uint32_t> seen;  // id → line of first definition
  for (const auto& n : cx.list("schedules")) {
    const yaml_node* id = field(n, "id");
    if (!id) continue;
    if (auto [it, fresh] = seen.emplace(id->text, id->line); !fresh) {
      cx.report(*id, "duplicate-id", "schedules: id '" + id->text + "' is already defined on line " + std::to_string(it->second),
                "ids must be unique within their list");
      continue;
    }
    schedule& s = cx.p.schedules.emplace_back();
    s.id = id->text;
    s.name = read_text(n);
    const std::string rule_id = "schedules." + s.id;
    s.every = read_rhythm(cx, n);
    for (const auto& d : items_of(field(n, "more_often"))) {
      denser_rhythm& r = s.more_often.emplace_back();
      r.r = read_rhythm(cx, d);
      r.rule = cx.rule(rule_id + ".more_often", d);
      if (r.rule.clauses.empty()) r.rule.clauses = read_clauses(field(n, "clause"));
      read_during(cx, d, r);
      if (r.r.every >= s.every.every)
        cx.report(*field(d, "every"), "not-denser",
                  rule_id + ": a rhythm of every " + to_string(r.r.every) + " is not more often than the schedule's every " + to_string(s.every.every),
                  "more_often adds runs: choose a shorter recurrence (day < week < month < year)");
    }
    s.catch_up = scalar_or(n, "catch_up") == "each_missed" ? catch_up_rule::each_missed : catch_up_rule::once;
    s.answer = scalar_or(n, "answer") == "report" ? answer_kind::report : answer_kind::acknowledge;
    if (const yaml_node* calls = field(n, "calls")) read_calls(cx, *calls, s, rule_id);
    const unsigned around = allow_area | allow_upper | allow_root | (s.calls_forces ? allow_force | allow_owner : 0U);
    s.call = read_tier(cx, n, rule_id, around);
    s.rule = s.call.rule;
  }
  cx.tables->schedules = make_table(cx.p.schedules);
}

}  // namespace detail
MUSTER_END_NAMESPACE
