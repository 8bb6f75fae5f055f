// Internal: the sorted id tables and the role-holder matrix behind policy::find_* and holder().
#pragma once

#include <muster/policy.hpp>

#include <algorithm>
#include <string>
#include <utility>
#include <vector>

MUSTER_BEGIN_NAMESPACE

/// Sorted (id, index) pairs: the compiler's passes search them and list them (did-you-mean).
using id_table = std::vector<std::pair<std::string, index_t>>;

namespace detail {
/// An id_table with a hash index beside it, for the lookups the decoder makes on every event
/// (an actor, a jurisdiction, an incident type …): a binary search compared strings log2(n)
/// times, this hashes the id once and compares one. Lookup only: never iterated by hash.
class id_lookup {
 public:
  id_lookup() = default;
  id_lookup(id_table sorted);  // NOLINT: built from the table it indexes
  operator const id_table&() const { return sorted_; }  // NOLINT: what the passes read
  /// The index of `id`, or no_index.
  index_t find(std::string_view id) const;

 private:
  struct slot {
    std::uint32_t tag = 0;    ///< the hash's low half
    std::uint32_t entry = 0;  ///< 1 + its place in sorted_; 0: empty
  };
  id_table sorted_;
  std::vector<slot> slots_;  ///< a power of two, at most half full
};
}  // namespace detail

struct policy::lookup_tables {
  detail::id_lookup grades, roles, sectors, capabilities, jurisdictions, organisations, incident_types, periods, chains, flags, hazards,
      schedules;
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
