// Internal: maps host-chosen ids (events, incidents) to positions in the engine's tables.
//
// Hosts (and the JSON codec, which numbers ids by first appearance) mostly send ids in
// increasing order. Those go to the end of a sorted vector: telling a new id from a repeat is
// one comparison with the last id, with no probe into a table the size of the history (a
// cache miss per event, measured as most of the engine's time). Ids that arrive below the
// highest seen go to a hash map of their own.
#pragma once

#include "engine/flat_id_map.hpp"

#include <algorithm>
#include <cstdint>
#include <utility>
#include <vector>

MUSTER_BEGIN_NAMESPACE
namespace detail {

class id_index {
 public:
  const std::uint32_t* find(std::uint64_t id) const {
    if (ordered_.empty() || id > ordered_.back().first) return nullptr;  // new: the common case
    auto it = std::lower_bound(ordered_.begin(), ordered_.end(), id,
                               [](const std::pair<std::uint64_t, std::uint32_t>& e, std::uint64_t k) { return e.first < k; });
    if (it != ordered_.end() && it->first == id) return &it->second;
    return stragglers_.find(id);
  }
  /// `id` must not be present (call find first).
  void insert(std::uint64_t id, std::uint32_t value) {
    if (ordered_.empty() || id > ordered_.back().first) ordered_.emplace_back(id, value);
    else stragglers_.insert(id, value);
  }
  /// Removes `id` (rollback of the last insert of a refused event).
  void erase(std::uint64_t id) {
    if (!ordered_.empty() && ordered_.back().first == id) ordered_.pop_back();
    else stragglers_.erase(id);
  }
  std::size_t size() const { return ordered_.size() + stragglers_.size(); }
  std::size_t bytes() const { return ordered_.capacity() * sizeof(ordered_[0]) + stragglers_.bytes(); }

 private:
  std::vector<std::pair<std::uint64_t, std::uint32_t>> ordered_;  ///< strictly increasing ids
  flat_id_map stragglers_;
};

}  // namespace detail
MUSTER_END_NAMESPACE
