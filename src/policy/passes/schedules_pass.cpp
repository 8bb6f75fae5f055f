// Pass `schedules`: the `schedules:` list — recurring duties such as roll-calls (3.2.2) and
// drills with their reports (3.2.3). Each says when it runs (and more often in which periods),
// whom a run calls, what the answer is, and what silence does.
#include "common/civil_time.hpp"
#include "policy/party_reading.hpp"
#include "policy/policy_context.hpp"
#include "policy/scalars.hpp"

#include <algorithm>
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

/// What `day:` is for each recurrence (by recurrence::week, month, year), an example, and the
/// hint that names the values allowed.
struct day_rule {
  const char* what;
  const char* example;
  const char* allowed;
};
constexpr day_rule day_rules[] = {
    {"", "", ""},
    {"a weekday", "day: mon", "write one of mon, tue, wed, thu, fri, sat, sun (lower case)"},
    {"a day of the month from 1 to 28", "day: 1",
     "write a number from 1 to 28, without a leading zero: every month has those days (a monthly run on the 29th to 31st would skip the shorter months)"},
    {"a month and day \"MM-DD\"", "day: \"06-01\"",
     "write a quoted \"MM-DD\" that exists, e.g. \"06-01\" (\"02-29\" runs on 28 February in common years)"},
};

/// `every`, `day` and `at` of the mapping `n` (a schedule, or one of its denser rhythms).
rhythm read_rhythm(policy_context& cx, const yaml_node& n) {
  rhythm r;
  r.every = recurrence_of(scalar_or(n, "every"));
  if (const yaml_node* at = field(n, "at")) {
    const std::int32_t t = time_of_day(at->text);
    if (t < 0)
      cx.report(*at, "invalid-schedule-time", "at: '" + at->text + "' is not a time of day",
                "write HH:MM from 00:00 to 23:59, quoted, in the policy's time zone, e.g. at: \"09:00\"");
    r.at = t < 0 ? 0 : t;
  }
  const yaml_node* day = field(n, "day");
  const std::string every = scalar_or(n, "every");
  if (r.every == recurrence::day) {
    if (day)
      cx.report(*day, "invalid-schedule-time", "day: '" + day->text + "' is not used by every: day (a daily schedule runs every day)",
                "leave day out, or choose every: week, month or year");
    return r;
  }
  const day_rule& rule = day_rules[static_cast<int>(r.every)];
  if (!day) {
    if (field(n, "every"))
      cx.report(n, "missing-key", "every: " + every + " needs 'day': " + rule.what, std::string("e.g. ") + rule.example + "; " + rule.allowed);
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
  if (!ok) cx.report(*day, "invalid-schedule-time", "day: '" + day->text + "' is not " + rule.what + " (every: " + every + ")", rule.allowed);
  return r;
}

/// The periods (by id) or period classes (special, sensitive) a denser rhythm holds during.
/// A denser rhythm that holds during nothing (`during: []`) would never run: refused.
void read_during(policy_context& cx, const yaml_node& n, denser_rhythm& d, const std::string& id) {
  const yaml_node* during = field(n, "during");
  if (during && during->is_seq() && during->items.empty())
    cx.report(*during, "empty-list", id + ".more_often: during: [] names no period, so this rhythm would never run",
              "name the periods it holds during, by id (e.g. during: [key_dates]) or by class (special, sensitive), or remove the rhythm");
  for (const auto& item : items_of(during)) {
    const index_t p = find_in(cx.tables->periods, item.text);
    if (p != no_index) d.periods.push_back(p);
    else if (item.text == "special") d.classes |= 1U << static_cast<unsigned>(period_class::special);
    else if (item.text == "sensitive") d.classes |= 1U << static_cast<unsigned>(period_class::sensitive);
    else cx.resolve(item, cx.tables->periods, "period");  // reports unknown-period with a did-you-mean
  }
}

/// An empty list in calls reads as "none", but for capabilities and jurisdictions it would mean
/// "any" (0, empty), and for forces "nobody": each is refused, at the list.
void refuse_empty(policy_context& cx, const yaml_node* list, const std::string& what, const std::string& hint) {
  if (list && list->is_seq() && list->items.empty()) cx.report(*list, "empty-list", what, hint);
}

/// Whom a run calls. Returns false when calls names neither forces nor a role (reported), so
/// the caller does not also refuse the per-force parties of a schedule whose kind is unknown.
/// `calls.failing: [check ids]`: a run calls only the forces that fail one of those dispatch
/// checks on its day (3.2.1: owners whose data went stale). Checks compile first.
void read_failing(policy_context& cx, const yaml_node& n, schedule& s, const std::string& id, bool calls_role) {
  const yaml_node* failing = field(n, "failing");
  if (!failing) return;
  if (calls_role)
    return cx.report(*failing, "schedule-calls", id + ".calls: failing chooses forces, but the schedule calls a role",
                     "leave failing out, or call forces");
  refuse_empty(cx, failing, id + ".calls: failing: [] names no check, so a run would call nobody",
               "name the dispatch checks whose failing forces are called, e.g. failing: [base_data_current]");
  std::vector<std::string> ids;
  for (const dispatch_check& c : cx.p.checks) ids.push_back(c.id);
  for (const yaml_node& item : failing->items) {
    const auto at = std::find(ids.begin(), ids.end(), item.text);
    if (at == ids.end()) {
      const std::string guess = did_you_mean(item.text, ids);
      cx.report(item, "unknown-check", "check '" + item.text + "' is not defined under checks",
                guess.empty() ? "name the id of a check of the policy's checks: list" : "did you mean '" + guess + "'?");
      continue;
    }
    s.failing |= 1U << static_cast<unsigned>(at - ids.begin());
  }
}

/// A run calling a role asks one organisation per jurisdiction, the first in file order that
/// holds it: several holders in a jurisdiction called is the warning shared-role (the others are
/// never called), and no holder in any is schedule-calls (a run would call nobody).
void check_called_role(policy_context& cx, const yaml_node& at, const schedule& s, const std::string& id) {
  const policy& p = cx.p;
  bool anyone = false, warned = false;
  for (std::size_t j = 0; j < p.jurisdictions.size(); ++j) {
    if (!p.in_or_below(static_cast<index_t>(j), s.jurisdictions)) continue;
    std::vector<std::string> holders;
    for (const organisation& o : p.organisations)
      if (o.jurisdiction == j && o.holds(s.role)) holders.push_back("'" + o.id + "'");
    anyone = anyone || !holders.empty();
    if (holders.size() < 2 || warned) continue;
    std::string all;
    for (const auto& h : holders) all += (all.empty() ? "" : ", ") + h;
    cx.warn(at, "shared-role",
            id + ".calls: role '" + p.roles[s.role].id + "' is held by " + std::to_string(holders.size()) + " organisations in jurisdiction '" +
                p.jurisdictions[j].id + "' (" + all + "); a run calls only the first, " + holders.front(),
            "call a role one organisation holds per jurisdiction, or call forces");
    warned = true;
  }
  if (!anyone)
    cx.report(at, "schedule-calls",
              id + ".calls: no organisation holds role '" + p.roles[s.role].id + "' in the jurisdictions called: a run would call nobody",
              "give those jurisdictions an organisation with roles: [" + p.roles[s.role].id + "], or call another role");
}

bool read_calls(policy_context& cx, const yaml_node& n, schedule& s, const std::string& id) {
  const yaml_node* forces = field(n, "forces");
  const yaml_node* role = field(n, "role");
  if ((forces != nullptr) == (role != nullptr)) {
    cx.report(forces ? *role : n, "schedule-calls",
              id + ".calls names " + (forces ? "both forces and a role: a run calls one or the other" : "neither forces nor a role: a run would call nobody"),
              std::string(forces ? "keep one: " : "add one: ") +
                  "calls: { forces: [government, enterprise, social], from: ... } calls every force of those categories (its owner "
                  "answers); calls: { role: fire_rescue, from: ... } calls the holder of the role in each jurisdiction");
  }
  s.calls_forces = forces != nullptr;
  if (forces) s.categories = read_categories(*forces);
  refuse_empty(cx, forces, id + ".calls: forces: [] names no category, so a run would call nobody",
               "name the categories called, e.g. forces: [government, enterprise, social] (of government, enterprise, social, expert)");
  if (forces)  // on a role, capabilities are refused whatever they hold (below)
    refuse_empty(cx, field(n, "capabilities"), id + ".calls: capabilities: [] would call forces with any capability",
                 "leave capabilities out to call every force of the categories, or name the capabilities that choose them");
  refuse_empty(cx, field(n, "jurisdictions"), id + ".calls: jurisdictions: [] would call in every jurisdiction",
               "leave jurisdictions out to call in the whole policy, or name the jurisdictions (and those below them) called");
  if (role) s.role = cx.resolve(*role, cx.tables->roles, "role");
  for (const auto& c : items_of(field(n, "capabilities"))) {
    const index_t i = cx.resolve(c, cx.tables->capabilities, "capability");
    if (i != no_index) s.capabilities |= capability_mask{1} << i;
  }
  if (const yaml_node* caps = field(n, "capabilities"); caps && role && !forces)
    cx.report(*caps, "schedule-calls", id + ".calls: capabilities choose forces, but the schedule calls a role", "leave capabilities out, or call forces");
  for (const auto& j : items_of(field(n, "jurisdictions"))) {
    const index_t i = cx.resolve(j, cx.tables->jurisdictions, "jurisdiction");
    if (i != no_index) s.jurisdictions.push_back(i);
  }
  if (role && !forces && s.role != no_index) check_called_role(cx, *role, s, id);
  read_failing(cx, n, s, id, role && !forces);
  // A force's authority may call it; with neither forces nor a role (reported), take it too.
  const unsigned scopes = allow_area | allow_upper | allow_root | (forces || !role ? allow_force : 0U);
  s.from = read_party(cx, field(n, "from"), scopes, (id + ".calls.from").c_str());
  return forces || role;
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
      read_during(cx, d, r, rule_id);
      // Harmless, but not what more_often is for: its runs are added to the regular ones while
      // its periods are in force, and the schedule gets no denser. A warning; it compiles.
      if (r.r.every >= s.every.every)
        cx.warn(*field(d, "every"), "not-denser",
                rule_id + ".more_often: every " + to_string(r.r.every) + " is not more often than the schedule's every " +
                    to_string(s.every.every) + "; its runs are only added to the regular ones while its periods are in force",
                s.every.every == recurrence::day
                    ? std::string("nothing is more often than every day: remove this rhythm")
                    : std::string("more_often is for a denser rhythm: choose a shorter recurrence than every ") + to_string(s.every.every) +
                          " (day < week < month < year), or remove it");
    }
    s.catch_up = scalar_or(n, "catch_up") == "each_missed" ? catch_up_rule::each_missed : catch_up_rule::once;
    const std::string answer = scalar_or(n, "answer");
    s.answer = answer == "report" ? answer_kind::report : answer == "update" ? answer_kind::update : answer_kind::acknowledge;
    // Whom escalate_to and the ladder may name depends on whom a run calls: a force's owner and
    // authority only when forces are called. When calls says neither (reported), take both, so
    // the one mistake is reported once.
    const yaml_node* calls = field(n, "calls");
    const bool known = calls && read_calls(cx, *calls, s, rule_id);
    const unsigned around = allow_area | allow_upper | allow_root | (s.calls_forces || !known ? allow_force | allow_owner : 0U);
    s.call = read_tier(cx, n, rule_id, around);
    if (const yaml_node* heard = field(n, "on_answer")) s.on_answer = read_parties(cx, field(*heard, "notify"), around, "on_answer");
    s.rule = s.call.rule;
  }
  cx.tables->schedules = make_table(cx.p.schedules);
}

}  // namespace detail
MUSTER_END_NAMESPACE
