// Who may act: the organisation a step names, resolved for this incident, or (break-glass)
// a holder of the same role on the path from the incident to the root.
#include "engine/handlers.hpp"

MUSTER_BEGIN_NAMESPACE
namespace detail {

bool holds_role_on_path(const engine::impl& en, const incident_record& inc, index_t org, index_t role) {
  if (org == no_index || org >= en.p.organisations.size() || !en.p.organisations[org].holds(role)) return false;
  for (index_t j = inc.jurisdiction; j != no_index; j = en.p.jurisdictions[j].parent)
    if (en.p.organisations[org].jurisdiction == j) return true;
  return false;
}

bool is_addressee(const dispatch& cx, index_t org, index_t force) {
  const request_record& r = cx.req();
  const chain_step& st = cx.en.p.chains[r.chain].steps[r.step];
  // The original addressee and every level the step was escalated to may answer.
  for (unsigned level = 0; level <= r.escalation; ++level)
    if (resolve_party(cx.en, cx.inc(), st.by, st.per_force ? force : no_index, level) == org) return true;
  return false;
}

}  // namespace detail
MUSTER_END_NAMESPACE
