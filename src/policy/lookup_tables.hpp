// Internal: the sorted id tables and the role-holder matrix behind policy::find_* and holder().
#pragma once

#include <muster/policy.hpp>

#include <algorithm>
#include <string>
#include <utility>
#include <vector>

MUSTER_BEGIN_NAMESPACE

/// Sorted (id, index) pairs: binary search, deterministic, no hashing.
using id_table = std::vector<std::pair<std::string, index_t>>;

struct policy::lookup_tables {
  id_table grades, roles, sectors, capabilities, jurisdictions, organisations, incident_types, periods, chains, flags, hazards, schedules;
  /// holders[role * jurisdictions + j]: the organisation holding `role` in `j` (first in file order), or no_index.
  std::vector<index_t> holders;
  std::size_t jurisdiction_count = 0;
};

namespace detail {
index_t find_in(const id_table& t, std::string_view id);
/// Builds a sorted table from any vector of things with an `id`.
template <class T>
id_table make_table(const std::vector<T>& items) {
  id_table t;
  t.reserve(items.size());
  for (std::size_t i = 0; i < items.size(); ++i) t.emplace_back(items[i].id, static_cast<index_t>(i));
  std::sort(t.begin(), t.end());
  return t;
}
}  // namespace detail

MUSTER_END_NAMESPACE
