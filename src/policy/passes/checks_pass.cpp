// Pass `checks`: the `checks:` list — registry facts a force must show before it is proposed,
// named in a request or given an order (1.3 registration, 4.4 insurance, 3.2.1 current data),
// and what follows when it does not (warn, break_glass, exclude).
#include "policy/party_reading.hpp"
#include "policy/policy_context.hpp"
#include "policy/scalars.hpp"

#include <map>

MUSTER_BEGIN_NAMESPACE
namespace detail {
namespace {

check_fact fact_of(const std::string& s) {
  return s == "insured"        ? check_fact::insured
         : s == "data_current" ? check_fact::data_current
         : s == "duty"         ? check_fact::duty
         : s == "standby"      ? check_fact::standby
                               : check_fact::registered;
}

/// `fails_on: [maintenance, stood_down]` as a duty_status bit set; `available` is refused.
std::uint8_t duty_statuses_of(policy_context& cx, const std::string& id, const yaml_node& list) {
  std::uint8_t mask = 0;
  for (const yaml_node& item : list.items) {
    if (duty_status s; parse_duty_status(item.text, s)) mask = static_cast<std::uint8_t>(mask | 1U << static_cast<unsigned>(s));
    if (item.text == "available")
      cx.report(item, "check-fails-on", "checks." + id + ": fails_on: available would hold back every force on duty",
                "list the statuses that keep a force from being sent: on_duty_elsewhere, maintenance, stood_down");
  }
  return mask;
}

check_action action_of(const std::string& s) {
  return s == "exclude" ? check_action::exclude : s == "break_glass" ? check_action::break_glass : check_action::warn;
}

}  // namespace

void resolve_checks(policy_context& cx) {
  std::map<std::string, std::uint32_t> seen;  // id → line of first definition
  const auto& list = cx.list("checks");
  // The engine keeps a force's failed checks as one 32-bit set per query.
  if (list.size() > max_checks)
    cx.report(list[max_checks], "too-many-checks",
              "checks: " + std::to_string(list.size()) + " checks; a policy may have at most " + std::to_string(max_checks),
              "merge checks of the same fact: one check lists several categories");
  for (const auto& n : list) {
    const yaml_node* id = field(n, "id");
    if (!id) continue;
    if (auto [it, fresh] = seen.emplace(id->text, id->line); !fresh) {
      cx.report(*id, "duplicate-id", "checks: id '" + id->text + "' is already defined on line " + std::to_string(it->second),
                "ids must be unique within their list");
      continue;
    }
    dispatch_check& c = cx.p.checks.emplace_back();
    c.id = id->text;
    c.name = read_text(n);
    c.rule = cx.rule("checks." + c.id, n);
    c.fact = fact_of(scalar_or(n, "check"));
    c.then = action_of(scalar_or(n, "then"));
    if (const yaml_node* cats = field(n, "categories")) c.categories = read_categories(*cats);
    const yaml_node* age = field(n, "max_age");
    if (c.fact == check_fact::data_current) {
      if (!age)
        cx.report(n, "missing-key", "checks." + c.id + ": check: data_current needs max_age",
                  "say how old the base data may be, e.g. max_age: 180d (3.2.1 asks owners to keep it current)");
      else if (const auto d = parse_duration(age->text); d && *d % 86400 != 0)
        // Checks compare calendar days (the registry dates data by day), so the limit is in days.
        cx.report(*age, "check-max-age", "checks." + c.id + ": max_age " + age->text + " is not a whole number of days",
                  "dates in the registry are days: write it in days, e.g. max_age: 180d");
      else c.max_age = d.value_or(0);
    } else if (age) {
      cx.report(*age, "check-max-age", "checks." + c.id + ": max_age is read only by check: data_current",
                "leave it out, or make the check data_current");
    }
    const yaml_node* fails_on = field(n, "fails_on");
    if (c.fact == check_fact::duty) {
      if (!fails_on)
        cx.report(n, "missing-key", "checks." + c.id + ": check: duty needs fails_on",
                  "name the duty statuses that fail it, e.g. fails_on: [maintenance, stood_down]");
      else c.duty_statuses = duty_statuses_of(cx, c.id, *fails_on);
    } else if (fails_on) {
      cx.report(*fails_on, "check-fails-on", "checks." + c.id + ": fails_on is read only by check: duty",
                "leave it out, or make the check duty");
    }
    // Only social teams register (1.3); the registry leaves `registered` false for the others.
    if (c.fact == check_fact::registered && !field(n, "categories"))
      cx.report(n, "missing-key", "checks." + c.id + ": check: registered needs categories",
                "registration is what the registry records for social teams (1.3): write categories: [social]");
  }
}

}  // namespace detail
MUSTER_END_NAMESPACE
