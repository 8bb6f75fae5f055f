// Internal: reading the policy's party references, timeout ladders, role lists and force
// categories and answer tiers — shared by the passes that resolve rules (references, warnings,
// schedules).
#pragma once

#include "policy/condition_compiler.hpp"
#include "policy/policy_context.hpp"

#include <string>
#include <vector>

MUSTER_BEGIN_NAMESPACE
namespace detail {

/// Which scopes a party reference may use where it stands.
enum scope_bits : unsigned {
  allow_incident = 1U << 0, allow_command = 1U << 1, allow_upper = 1U << 2, allow_root = 1U << 3,
  allow_force = 1U << 4, allow_participant = 1U << 5, allow_owner = 1U << 6, allow_area = 1U << 7, allow_position = 1U << 8,
  levels = allow_incident | allow_command | allow_upper | allow_root | allow_position,
  per_force = allow_force | allow_owner,
};

party_scope scope_of(const std::string& s);
/// A party reference (`{ role: R, of: scope }`, `{ of: owner }`, `{ position: P }`), its scope
/// checked against `allowed` (scope_bits); `where` names the place in messages.
party_ref read_party(policy_context& cx, const yaml_node* n, unsigned allowed, const char* where);
std::vector<party_ref> read_parties(policy_context& cx, const yaml_node* list, unsigned allowed, const char* where);
/// A `when:` expression, compiled into cx.p.conditions (src/policy/condition_compiler.cpp).
index_t read_condition(policy_context& cx, const yaml_node* n, const condition_place& place);
/// A timeout ladder: each rung a bare action (`remind`) or `{do: remind, notify: [parties]}`.
std::vector<silence_rung> read_ladder(policy_context& cx, const yaml_node* list, unsigned allowed, const char* where);
category_mask read_categories(const yaml_node& list);
/// An answer round's tier at `n` (within, within_special_period, on_timeout, escalate_to,
/// categories), its rule named `id`; `scopes` are those its parties may use
/// (src/policy/round_tier_reading.cpp).
round_tier read_tier(policy_context& cx, const yaml_node& n, const std::string& id, unsigned scopes);
/// A list of role ids as a mask.
role_mask read_roles(policy_context& cx, const yaml_node* list);

}  // namespace detail
MUSTER_END_NAMESPACE
