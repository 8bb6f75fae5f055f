// The flat table of the policy's rules that effects cite by index (rule_table.hpp).
#include "policy/rule_table.hpp"

#include <stdexcept>

MUSTER_BEGIN_NAMESPACE
namespace detail {

std::vector<const rule_ref*> build_rule_table(const policy& p, rule_offsets& at) {
  std::vector<const rule_ref*> t;
  auto here = [&] { return static_cast<rule_index>(t.size()); };
  at.command = here(); t.push_back(&p.command.rule);
  at.first_response = here(); t.push_back(&p.first_response.rule);
  at.headquarters = here(); t.push_back(&p.headquarters.rule);
  at.orders = here(); t.push_back(&p.orders.rule);
  at.review = here(); t.push_back(&p.review.rule);
  at.information = here();
  for (const auto& r : p.information) t.push_back(&r.rule);
  at.periods = here();
  for (const auto& x : p.periods) t.push_back(&x.rule);
  at.incident_types = here();
  for (const auto& x : p.incident_types) t.push_back(&x.rule);
  for (const auto& c : p.chains) {
    at.chains.push_back(here());
    t.push_back(&c.rule);
    at.steps.push_back(here());
    for (const auto& s : c.steps) t.push_back(&s.rule);
    at.actions.push_back(here());
    for (const auto& a : c.on_approved) t.push_back(&a.rule);
  }
  if (p.warnings.defined()) {
    at.warnings = here();
    for (const rule_ref* r : {&p.warnings.rule, &p.warnings.receive.rule, &p.warnings.push.rule, &p.warnings.standby_rule}) t.push_back(r);
    at.hazards = here();
    for (const auto& h : p.warnings.hazards) t.push_back(&h.rule);
  }
  for (const auto& s : p.schedules) {
    at.schedules.push_back(here());
    t.push_back(&s.rule);
    for (const auto& d : s.more_often) t.push_back(&d.rule);
  }
  at.checks = here();
  for (const auto& c : p.checks) t.push_back(&c.rule);
  if (t.size() >= no_rule) throw std::length_error("policy has more rules than a rule_index can name");
  return t;
}

rule_index rule_offsets::of(rule_source s) const {
  switch (s.block) {
    case rule_block::command: return command;
    case rule_block::first_response: return first_response;
    case rule_block::headquarters: return headquarters;
    case rule_block::orders: return orders;
    case rule_block::review: return review;
    case rule_block::information: return static_cast<rule_index>(information + s.index);
    case rule_block::none: break;
  }
  return no_rule;
}

}  // namespace detail
MUSTER_END_NAMESPACE
