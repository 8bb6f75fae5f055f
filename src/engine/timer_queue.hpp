// Internal: the engine's pending deadlines, fired in (due second, creation) order.
//
// Timers live in one pool of 12-byte slots threaded into a list per due second; a fired
// timer's slot is reused by the next one, and so is a fired second's tree node. The due second is the list's key, and creation order
// is list order, so a slot holds neither. A heap had to sift out the many timers made stale by
// an answer; a vector per second grew by doubling on every burst of 100k deadlines (page
// faults and copies: ~6% of the engine's time); the pool reaches its peak once and stays.
#pragma once

#include "engine/chunked_vector.hpp"
#include "engine/node_pool.hpp"
#include "engine/records.hpp"

#include <cstdint>
#include <map>

MUSTER_BEGIN_NAMESPACE
namespace detail {

class timer_queue {
 public:
  timer_queue() = default;
  timer_queue(const timer_queue&) = delete;  // `last_` points into this queue's own tree
  timer_queue& operator=(const timer_queue&) = delete;

  /// Appends `t` to its second (after every timer already due then).
  void add(const timer& t) {
    const std::uint32_t i = allocate();
    slots_[i] = {t.target, t.gen_kind, none};
    // Deadlines mostly arrive in order of due time (now + a fixed timeout): the last second
    // used, or a new last second, needs no search of the tree.
    if (last_ == seconds_.end() || last_->first != t.due) {
      last_ = !seconds_.empty() && t.due > seconds_.rbegin()->first ? seconds_.emplace_hint(seconds_.end(), t.due, list{})
                                                                     : seconds_.try_emplace(t.due).first;
    }
    list& l = last_->second;
    if (l.first == none) l.first = i;
    else slots_[l.last].next = i;
    l.last = i;
    ++size_;
  }

  /// Removes every timer due at or before `until` and calls fire(timer) on each, in order. fire
  /// may add timers; one added at a second being fired is fired in this call too.
  template <class Fire>
  void pop_due(timestamp until, Fire&& fire) {
    while (!seconds_.empty() && seconds_.begin()->first <= until) {
      const auto second = seconds_.begin();
      for (std::uint32_t i = second->second.first; i != none;) {
        const slot s = slots_[i];
        fire(timer(second->first, s.target, s.gen_kind));
        const std::uint32_t next = slots_[i].next;  // re-read: fire may have appended to this second
        release(i);
        --size_;
        i = next;
      }
      if (last_ == second) last_ = seconds_.end();
      seconds_.erase(second);
    }
  }

  /// Every pending timer, in firing order.
  template <class Fn>
  void for_each(Fn&& fn) const {
    for (const auto& [due, l] : seconds_)
      for (std::uint32_t i = l.first; i != none; i = slots_[i].next) fn(timer(due, slots_[i].target, slots_[i].gen_kind));
  }

  /// The first pending timer, in firing order, for which pred(timer) holds; false when none does.
  template <class Pred>
  bool find_first(Pred&& pred, timer& out) const {
    for (const auto& [due, l] : seconds_)
      for (std::uint32_t i = l.first; i != none; i = slots_[i].next) {
        const timer t(due, slots_[i].target, slots_[i].gen_kind);
        if (pred(t)) return out = t, true;
      }
    return false;
  }

  /// Every pending timer in firing order (snapshots); loading adds them back in that order, so
  /// they fire as they would have.
  void save(byte_writer& w) const {
    w.put<std::uint64_t>(size_);
    for_each([&](const timer& t) { w.put(t); });
  }
  bool load(byte_reader& r) {
    const std::uint64_t n = r.get_count(sizeof(timer));
    for (std::uint64_t i = 0; i < n; ++i) add(r.get<timer>());
    return !r.failed();
  }

  bool empty() const { return size_ == 0; }
  std::size_t size() const { return size_; }
  /// The slot pool and the tree's node pool, each at its peak.
  std::size_t bytes() const { return slots_.bytes() + nodes_.bytes(); }

 private:
  static constexpr std::uint32_t none = 0xFFFFFFFF;
  struct slot {
    std::uint32_t target, gen_kind, next;
  };
  struct list {
    std::uint32_t first = none, last = none;
  };

  std::uint32_t allocate() {
    if (free_ == none) {
      slots_.emplace_back();
      return static_cast<std::uint32_t>(slots_.size() - 1);
    }
    const std::uint32_t i = free_;
    free_ = slots_[i].next;
    return i;
  }
  void release(std::uint32_t i) {
    slots_[i].next = free_;
    free_ = i;
  }

  chunked_vector<slot, 12> slots_;
  using seconds_map = std::map<timestamp, list, std::less<timestamp>, pool_allocator<std::pair<const timestamp, list>>>;
  node_pool nodes_;  ///< declared before seconds_: outlives it
  seconds_map seconds_{pool_allocator<std::pair<const timestamp, list>>(nodes_)};
  seconds_map::iterator last_ = seconds_.end();  ///< the second added to last
  std::uint32_t free_ = none;  ///< released slots, linked through `next`
  std::size_t size_ = 0;
};

}  // namespace detail
MUSTER_END_NAMESPACE
