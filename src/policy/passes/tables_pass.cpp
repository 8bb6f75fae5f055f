// Pass `tables`: the role-holder matrix the engine resolves parties with, and the check that
// every party a rule names exists in every jurisdiction it can resolve to.
#include "policy/policy_context.hpp"

MUSTER_BEGIN_NAMESPACE
namespace detail {

namespace {

/// A role named by level that several organisations hold in one jurisdiction (industry
/// authorities, warning agencies) resolves to the first of them in file order: the others are
/// never asked. Legal, but rarely meant, so a warning at the reference names them all.
bool warn_if_shared(policy_context& cx, const policy_context::party_use& use, index_t j) {
  const policy& p = cx.p;
  std::vector<std::string> holders;
  for (const organisation& o : p.organisations)
    if (o.jurisdiction == j && o.holds(use.ref.role)) holders.push_back("'" + o.id + "'");
  if (holders.size() < 2) return false;
  std::string all;
  for (const auto& h : holders) all += (all.empty() ? "" : ", ") + h;
  cx.warn(*use.node, "shared-role",
          "role '" + p.roles[use.ref.role].id + "' (of: " + to_string(use.ref.of) + ") is held by " + std::to_string(holders.size()) +
              " organisations in jurisdiction '" + p.jurisdictions[j].id + "' (" + all + "); only the first, " + holders.front() +
              ", is asked",
          "name a role one organisation holds per jurisdiction, or of: force for a force's own industry authority");
  return true;
}

}  // namespace

void build_tables(policy_context& cx) {
  policy& p = cx.p;
  auto& t = *cx.tables;
  const std::size_t nj = p.jurisdictions.size();
  t.jurisdiction_count = nj;
  t.holders.assign(p.roles.size() * nj, no_index);
  for (std::size_t o = 0; o < p.organisations.size(); ++o) {
    const organisation& org = p.organisations[o];
    for (std::size_t r = 0; r < p.roles.size(); ++r) {
      if (!org.holds(static_cast<index_t>(r)) || org.jurisdiction == no_index) continue;
      index_t& slot = t.holders[r * nj + org.jurisdiction];
      if (slot == no_index) slot = static_cast<index_t>(o);
    }
  }
  // Roles marked one_per_jurisdiction (EM and fire, the backbone of every jurisdiction: 2.2,
  // 3.1.1): exactly one holder each, or holder() would silently pick the first and the other
  // would never be asked.
  for (index_t role = 0; role < p.roles.size(); ++role) {
    if (!p.roles[role].one_per_jurisdiction) continue;
    for (std::size_t o = 0; o < p.organisations.size(); ++o) {
      const organisation& org = p.organisations[o];
      if (!org.holds(role) || org.jurisdiction == no_index) continue;
      const index_t first = t.holders[role * nj + org.jurisdiction];
      if (first == o) continue;
      const yaml_node* at = cx.organisation_nodes[o];
      for (const auto& item : items_of(field(*at, "roles")))
        if (item.text == p.roles[role].id) at = &item;
      cx.report(*at, "duplicate-holder",
                "organisation '" + org.id + "' holds '" + p.roles[role].id + "' in jurisdiction '" +
                    p.jurisdictions[org.jurisdiction].id + "', but '" + p.organisations[first].id + "' already does",
                "a jurisdiction has exactly one organisation holding '" + p.roles[role].id + "'; remove the role from one of them");
    }
    for (std::size_t j = 0; j < nj; ++j)
      if (t.holders[role * nj + j] == no_index)
        cx.report(*cx.jurisdiction_nodes[j], "missing-holder",
                  "jurisdiction '" + p.jurisdictions[j].id + "' has no organisation holding '" + p.roles[role].id + "'",
                  "add an organisation with jurisdiction: " + p.jurisdictions[j].id + " and roles: [" + p.roles[role].id + "]");
  }
  // A party named by level must resolve wherever an incident can be (any jurisdiction for
  // incident/command/participant, any non-root for upper, the root for root).
  std::vector<bool> checked(p.roles.size() * 8, false);
  for (const auto& use : cx.parties) {
    const party_ref& r = use.ref;
    if (r.per_force() || r.role == no_index || p.roles[r.role].one_per_jurisdiction) continue;
    std::size_t key = r.role * 8U + static_cast<unsigned>(r.of);
    if (checked[key]) continue;
    checked[key] = true;
    for (std::size_t j = 0; j < nj; ++j) {
      bool needed = r.of == party_scope::root ? j == p.root : r.of == party_scope::upper ? p.jurisdictions[j].children.size() > 0 : true;
      if (needed && t.holders[r.role * nj + j] == no_index) {
        cx.report(*use.node, "unresolvable-party",
                  "role '" + p.roles[r.role].id + "' (of: " + to_string(r.of) + ") has no holder in jurisdiction '" + p.jurisdictions[j].id + "'",
                  "give jurisdiction '" + p.jurisdictions[j].id + "' an organisation with that role");
        break;
      }
      if (needed && warn_if_shared(cx, use, static_cast<index_t>(j))) break;
    }
  }
  p.tables = cx.tables;
}

}  // namespace detail
MUSTER_END_NAMESPACE
