// Internal: an open-addressing map from 64-bit ids to 32-bit positions. Growth is amortised,
// so remembering one more event id costs no allocation of its own (std::unordered_map would
// allocate a node per event on the hot path). Lookup only: never iterated, so no order leaks.
#pragma once

#include <muster/config.hpp>

#include "common/byte_stream.hpp"

#include <cstdint>
#include <vector>

MUSTER_BEGIN_NAMESPACE
namespace detail {

class flat_id_map {
 public:
  /// The value stored for `key`, or nullptr.
  const std::uint32_t* find(std::uint64_t key) const {
    if (slots_.empty()) return nullptr;
    for (std::size_t i = slot_of(key);; i = (i + 1) & mask()) {
      const slot& s = slots_[i];
      if (s.value_plus_one == 0) return nullptr;
      if (s.key == key) return &s.value;
    }
  }
  /// Inserts `key` → `value`; `key` must not be present.
  void insert(std::uint64_t key, std::uint32_t value) {
    if ((size_ + 1) * 2 > slots_.size()) grow();
    place(key, value);
    ++size_;
  }
  /// Removes `key` if present (backward-shift deletion keeps probe chains intact).
  void erase(std::uint64_t key) {
    if (slots_.empty()) return;
    std::size_t i = slot_of(key);
    while (slots_[i].value_plus_one != 0 && slots_[i].key != key) i = (i + 1) & mask();
    if (slots_[i].value_plus_one == 0) return;
    for (std::size_t j = (i + 1) & mask(); slots_[j].value_plus_one != 0; j = (j + 1) & mask()) {
      const std::size_t home = slot_of(slots_[j].key);
      // Move j back into the hole at i unless its home lies cyclically in (i, j].
      const bool stays = i <= j ? (home > i && home <= j) : (home > i || home <= j);
      if (!stays) {
        slots_[i] = slots_[j];
        i = j;
      }
    }
    slots_[i] = slot{};
    --size_;
  }
  /// Drops every entry whose value is below `first`, re-placing the rest in a table sized for
  /// them (slots in order, so the same entries give the same table); returns the lowest key
  /// left, or UINT64_MAX when none is.
  std::uint64_t keep_values_from(std::uint32_t first) {
    std::vector<slot> old = std::move(slots_);
    std::size_t kept = 0;
    for (const slot& s : old) kept += s.value_plus_one != 0 && s.value >= first;
    std::size_t n = 1024;
    while (kept * 2 > n) n *= 2;
    slots_.assign(kept == 0 ? 0 : n, slot{});
    size_ = kept;
    std::uint64_t lowest = UINT64_MAX;
    for (const slot& s : old)
      if (s.value_plus_one != 0 && s.value >= first) {
        place(s.key, s.value);
        lowest = s.key < lowest ? s.key : lowest;
      }
    return lowest;
  }
  std::size_t size() const { return size_; }
  std::size_t bytes() const { return slots_.capacity() * sizeof(slot); }
  /// The table as it stands, slots and all (snapshots): loading gives the same probes.
  /// Calls fn(key, value) for each entry, in slot order (no decision may depend on it).
  template <class Fn>
  void for_each(Fn fn) const {
    for (const slot& s : slots_)
      if (s.value_plus_one != 0) fn(s.key, s.value);
  }
  void save(byte_writer& w) const {
    w.put_vector(slots_);
    w.put<std::uint64_t>(size_);
  }
  bool load(byte_reader& r) {
    r.get_vector(slots_);
    size_ = r.get<std::uint64_t>();
    if (!slots_.empty() && (slots_.size() & (slots_.size() - 1)) != 0) r.fail();  // not a power of two
    return !r.failed();
  }

 private:
  struct slot {
    std::uint64_t key = 0;
    std::uint32_t value = 0;
    std::uint32_t value_plus_one = 0;  ///< 0: empty
  };
  std::vector<slot> slots_;
  std::size_t size_ = 0;

  std::size_t mask() const { return slots_.size() - 1; }
  std::size_t slot_of(std::uint64_t key) const {
    key ^= key >> 33;  // murmur3 finaliser: spreads sequential ids
    key *= 0xff51afd7ed558ccdULL;
    key ^= key >> 33;
    return static_cast<std::size_t>(key) & mask();
  }
  void place(std::uint64_t key, std::uint32_t value) {
    std::size_t i = slot_of(key);
    while (slots_[i].value_plus_one != 0) i = (i + 1) & mask();
    slots_[i] = {key, value, value + 1};
  }
  void grow() {
    std::vector<slot> old = std::move(slots_);
    slots_.assign(old.empty() ? 1024 : old.size() * 2, slot{});
    for (const slot& s : old)
      if (s.value_plus_one != 0) place(s.key, s.value);
  }
};

}  // namespace detail
MUSTER_END_NAMESPACE
