#include "policy/lookup_tables.hpp"

#include "common/text_hash.hpp"

#include <algorithm>

MUSTER_BEGIN_NAMESPACE
namespace detail {
index_t find_in(const id_table& t, std::string_view id) {
  auto it = std::lower_bound(t.begin(), t.end(), id, [](const auto& e, std::string_view k) { return e.first < k; });
  return it != t.end() && it->first == id ? it->second : no_index;
}

id_lookup::id_lookup(id_table sorted) : sorted_(std::move(sorted)) {
  std::size_t n = 8;
  while (n < sorted_.size() * 2) n *= 2;
  slots_.assign(n, slot{});
  for (std::size_t k = 0; k < sorted_.size(); ++k) {
    const std::uint64_t h = hash_text(sorted_[k].first);
    std::size_t i = static_cast<std::size_t>(h) & (n - 1);
    while (slots_[i].entry != 0) i = (i + 1) & (n - 1);
    slots_[i] = {static_cast<std::uint32_t>(h), static_cast<std::uint32_t>(k + 1)};
  }
}

index_t id_lookup::find(std::string_view id) const {
  if (slots_.empty()) return no_index;
  const std::uint64_t h = hash_text(id);
  const std::size_t mask = slots_.size() - 1;
  for (std::size_t i = static_cast<std::size_t>(h) & mask;; i = (i + 1) & mask) {
    const slot& s = slots_[i];
    if (s.entry == 0) return no_index;
    if (s.tag == static_cast<std::uint32_t>(h) && sorted_[s.entry - 1].first == id) return sorted_[s.entry - 1].second;
  }
}
}  // namespace detail

index_t policy::find_grade(std::string_view key) const { return tables->grades.find(key); }
index_t policy::find_role(std::string_view key) const { return tables->roles.find(key); }
index_t policy::find_sector(std::string_view key) const { return tables->sectors.find(key); }
index_t policy::find_capability(std::string_view key) const { return tables->capabilities.find(key); }
index_t policy::find_jurisdiction(std::string_view key) const { return tables->jurisdictions.find(key); }
index_t policy::find_organisation(std::string_view key) const { return tables->organisations.find(key); }
index_t policy::find_incident_type(std::string_view key) const { return tables->incident_types.find(key); }
index_t policy::find_period(std::string_view key) const { return tables->periods.find(key); }
index_t policy::find_chain(std::string_view key) const { return tables->chains.find(key); }
index_t policy::find_hazard(std::string_view key) const { return tables->hazards.find(key); }
index_t policy::find_schedule(std::string_view key) const { return tables->schedules.find(key); }

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
