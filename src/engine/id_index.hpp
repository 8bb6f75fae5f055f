// Internal: maps host-chosen ids (events, incidents) to positions in the engine's tables.
//
// Hosts (and the JSON codec, which numbers ids by first appearance) mostly send ids in
// increasing order, and usually one apart. Increasing ids go to a sorted list of runs — ids
// that follow each other map to positions that follow each other, so a run of a million
// consecutive event ids is one 16-byte entry. Telling a new id from a repeat is one comparison
// with the highest id, with no probe into a table the size of the history (a cache miss per
// event, measured as most of the engine's time), and remembering it costs no memory when it
// extends the last run (a pair per id cost 16 B and a growing copy: a sixth of the engine's
// time). Ids that arrive below the highest seen go to a hash map of their own.
#pragma once

#include "engine/flat_id_map.hpp"

#include <algorithm>
#include <cstdint>
#include <optional>
#include <vector>

MUSTER_BEGIN_NAMESPACE
namespace detail {

class id_index {
 public:
  std::optional<std::uint32_t> find(std::uint64_t id) const {
    if (runs_.empty() || id > last_id()) return std::nullopt;  // new: the common case
    // The last run whose first id is <= id.
    auto it = std::upper_bound(runs_.begin(), runs_.end(), id, [](std::uint64_t k, const run& r) { return k < r.first_id; });
    if (it != runs_.begin()) {
      const run& r = *--it;
      if (id - r.first_id < r.length) return r.first_value + static_cast<std::uint32_t>(id - r.first_id);
    }
    if (const std::uint32_t* v = stragglers_.find(id)) return *v;
    return std::nullopt;
  }
  /// `id` must not be present (call find first).
  void insert(std::uint64_t id, std::uint32_t value) {
    if (runs_.empty() || id > last_id()) {
      run* last = runs_.empty() ? nullptr : &runs_.back();
      if (last && id == last_id() + 1 && value == last->first_value + last->length) ++last->length;
      else runs_.push_back({id, value, 1});
    } else {
      stragglers_.insert(id, value);
    }
  }
  /// Removes `id`, which must be the last inserted (rollback of a refused event's insert).
  void erase(std::uint64_t id) {
    if (!runs_.empty() && last_id() == id) {
      if (--runs_.back().length == 0) runs_.pop_back();
    } else {
      stragglers_.erase(id);
    }
  }
  /// Forgets every id whose value is below `first` (values are outcome numbers: the oldest
  /// go); returns the lowest id still known, or UINT64_MAX when none is.
  std::uint64_t forget_values_below(std::uint32_t first) {
    std::vector<run> kept;
    for (run r : runs_) {
      if (r.first_value + std::uint64_t{r.length} <= first) continue;
      if (r.first_value < first) {
        const std::uint32_t cut = first - r.first_value;
        r.first_id += cut;
        r.first_value = first;
        r.length -= cut;
      }
      kept.push_back(r);
    }
    runs_ = std::move(kept);
    const std::uint64_t lowest = stragglers_.keep_values_from(first);
    return runs_.empty() ? lowest : std::min(lowest, runs_.front().first_id);
  }
  /// Calls fn(id, value) for each id inserted below the highest then known (no decision may
  /// depend on the order).
  template <class Fn>
  void for_each_straggler(Fn fn) const {
    stragglers_.for_each(fn);
  }
  std::size_t size() const {
    std::size_t n = stragglers_.size();
    for (const run& r : runs_) n += r.length;
    return n;
  }
  std::size_t bytes() const { return runs_.capacity() * sizeof(run) + stragglers_.bytes(); }
  void save(byte_writer& w) const {
    w.put_vector(runs_);
    stragglers_.save(w);
  }
  bool load(byte_reader& r) {
    r.get_vector(runs_);
    return stragglers_.load(r);
  }

 private:
  struct run {
    std::uint64_t first_id;
    std::uint32_t first_value;
    std::uint32_t length;  ///< ids first_id … first_id + length - 1
  };
  std::uint64_t last_id() const { return runs_.back().first_id + runs_.back().length - 1; }

  std::vector<run> runs_;  ///< increasing, disjoint
  flat_id_map stragglers_;
};

}  // namespace detail
MUSTER_END_NAMESPACE
