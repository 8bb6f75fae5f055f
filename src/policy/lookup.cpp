#include "policy/lookup_tables.hpp"

#include <algorithm>

MUSTER_BEGIN_NAMESPACE
namespace detail {
index_t find_in(const id_table& t, std::string_view id) {
  auto it = std::lower_bound(t.begin(), t.end(), id, [](const auto& e, std::string_view k) { return e.first < k; });
  return it != t.end() && it->first == id ? it->second : no_index;
}
}  // namespace detail

index_t policy::find_grade(std::string_view key) const { return detail::find_in(tables->grades, key); }
index_t policy::find_role(std::string_view key) const { return detail::find_in(tables->roles, key); }
index_t policy::find_sector(std::string_view key) const { return detail::find_in(tables->sectors, key); }
index_t policy::find_capability(std::string_view key) const { return detail::find_in(tables->capabilities, key); }
index_t policy::find_jurisdiction(std::string_view key) const { return detail::find_in(tables->jurisdictions, key); }
index_t policy::find_organisation(std::string_view key) const { return detail::find_in(tables->organisations, key); }
index_t policy::find_incident_type(std::string_view key) const { return detail::find_in(tables->incident_types, key); }
index_t policy::find_period(std::string_view key) const { return detail::find_in(tables->periods, key); }
index_t policy::find_chain(std::string_view key) const { return detail::find_in(tables->chains, key); }
index_t policy::find_hazard(std::string_view key) const { return detail::find_in(tables->hazards, key); }
index_t policy::find_schedule(std::string_view key) const { return detail::find_in(tables->schedules, key); }

index_t policy::holder(index_t role, index_t j) const {
  if (role == no_index || j == no_index || j >= tables->jurisdiction_count) return no_index;
  std::size_t at = static_cast<std::size_t>(role) * tables->jurisdiction_count + j;
  return at < tables->holders.size() ? tables->holders[at] : no_index;
}

bool policy::in_or_below(index_t j, const std::vector<index_t>& scope) const {
  if (scope.empty()) return true;
  for (; j != no_index; j = jurisdictions[j].parent)
    for (index_t named : scope)
      if (named == j) return true;
  return false;
}

index_t force_registry::find_force(std::string_view key) const { return detail::find_in(by_id, key); }

MUSTER_END_NAMESPACE
