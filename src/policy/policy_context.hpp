// Internal: the state the policy passes share while they build a `policy`.
#pragma once

#include "policy/compile_context.hpp"
#include "policy/lookup_tables.hpp"

#include <memory>

MUSTER_BEGIN_NAMESPACE
namespace detail {

struct policy_context : compile_context {
  policy& p;
  /// The loaded document itself: only the `templates` pass adds to it, before any other reads it.
  yaml_document& source;
  load_limits limits;
  std::shared_ptr<policy::lookup_tables> tables = std::make_shared<policy::lookup_tables>();

  // The YAML node of each entity, parallel to the policy's vectors, for located diagnostics.
  std::vector<const yaml_node*> jurisdiction_nodes, organisation_nodes, incident_type_nodes, period_nodes, chain_nodes,
      route_nodes;
  std::vector<std::vector<const yaml_node*>> step_nodes, action_nodes;  ///< per chain

  /// Every party reference read so far, to check that each one resolves in every jurisdiction.
  struct party_use { party_ref ref; const yaml_node* node; };
  std::vector<party_use> parties;

  policy_context(yaml_document& d, std::vector<diagnostic>& ds, policy& out, const load_limits& l)
      : compile_context{d, policy_file_spec(), ds, {}}, p(out), source(d), limits(l) {}

  /// Items of a top-level list, or an empty list.
  const std::vector<yaml_node>& list(std::string_view key) const { return items_of(field(doc.root, key)); }

  rule_ref rule(std::string id, const yaml_node& node) const {
    return {std::move(id), where(node), read_clauses(field(node, "clause"))};
  }

  /// Resolves `ref` in `table`; reports `unknown-<what>` with a did-you-mean when absent.
  index_t resolve(const yaml_node& ref, const id_table& table, std::string_view what);
};

void expand_templates(policy_context& cx);    ///< pass `templates`
void resolve_names(policy_context& cx);       ///< pass `names`
void resolve_references(policy_context& cx);  ///< pass `references`
void lower_incident_blocks(policy_context& cx);  ///< pass `lower`
void check_chains(policy_context& cx);        ///< pass `chains`
void resolve_warnings(policy_context& cx);    ///< pass `warnings`
void check_calendar(policy_context& cx);      ///< pass `calendar`
void resolve_schedules(policy_context& cx);   ///< pass `schedules`
void resolve_checks(policy_context& cx);      ///< pass `checks`
void build_tables(policy_context& cx);        ///< pass `tables`

}  // namespace detail
MUSTER_END_NAMESPACE
