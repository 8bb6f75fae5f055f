// Internal: the flat table of a policy's rules, in the order effects cite them by index
// (engine::rules()), and where each block's rules start in it. Built once per engine and once
// per codec from the same function, so a rule index means the same rule to both.
#pragma once

#include <muster/policy.hpp>

#include <vector>

MUSTER_BEGIN_NAMESPACE
namespace detail {

/// Positions of the policy's rules in the table, so actions can cite them cheaply.
struct rule_offsets {
  rule_index command = no_rule, first_response = no_rule, headquarters = no_rule, orders = no_rule, review = no_rule;
  rule_index information = no_rule;     ///< + route index
  rule_index periods = no_rule;         ///< + period index
  rule_index incident_types = no_rule;  ///< + type index
  std::vector<rule_index> chains;       ///< per chain: the chain itself
  std::vector<rule_index> steps;        ///< per chain: first step (+ step index)
  std::vector<rule_index> actions;      ///< per chain: first action (+ action index)
  rule_index warnings = no_rule;        ///< the block, + 1 receive, + 2 push, + 3 standby
  rule_index hazards = no_rule;         ///< + hazard index
  std::vector<rule_index> schedules;    ///< per schedule: the schedule (+ 1 + i: its more_often[i])
  rule_index checks = no_rule;          ///< + check index
  rule_index warning_rule(unsigned part) const { return warnings == no_rule ? no_rule : static_cast<rule_index>(warnings + part); }
  /// The index of the rule a lowered reaction cites (rule_of gives the rule itself); no_rule for none.
  rule_index of(rule_source s) const;
};

/// Every rule of `p` in citing order, and where each block starts (`at`). Throws
/// std::length_error when there are more rules than a rule_index can name.
std::vector<const rule_ref*> build_rule_table(const policy& p, rule_offsets& at);

}  // namespace detail
MUSTER_END_NAMESPACE
