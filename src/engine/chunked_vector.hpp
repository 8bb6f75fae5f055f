// Internal: the engine's record tables. Records live in fixed blocks that never move, so
// growing a table copies nothing and wastes at most one partly filled block (a doubling
// vector keeps up to half its capacity idle: a third of the bytes per open request).
// Records may be released (a closed incident's, after limits.retention): a released record is
// absent; a block whose every record is released is freed, so a table over years holds only
// the blocks the recent past and the long-open records keep.
#pragma once

#include <muster/config.hpp>

#include "common/byte_stream.hpp"

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <vector>

MUSTER_BEGIN_NAMESPACE
namespace detail {

template <class T, std::size_t BlockBits = 10>
class chunked_vector {
  static constexpr std::size_t block = std::size_t{1} << BlockBits;

 public:
  /// Record `i`, which must be present (i < size() and not released).
  T& operator[](std::size_t i) { return blocks_[i >> BlockBits][i & (block - 1)]; }
  const T& operator[](std::size_t i) const { return blocks_[i >> BlockBits][i & (block - 1)]; }
  /// One past the highest index ever given: released records keep their indices.
  std::size_t size() const { return size_; }
  bool empty() const { return size_ == 0; }

  /// Whether record `i` exists and has not been released.
  bool present(std::size_t i) const {
    if (i >= size_) return false;
    const std::size_t b = i >> BlockBits;
    if (!blocks_[b]) return false;
    return b >= released_.size() || !released_[b] || !((released_[b][(i & (block - 1)) >> 6] >> (i & 63)) & 1U);
  }
  /// Releases present record `i` for good; frees its block once every record of it is released.
  void release(std::size_t i) {
    const std::size_t b = i >> BlockBits;
    if (released_.size() <= b) {
      released_.resize(blocks_.size());
      released_count_.resize(blocks_.size());
    }
    if (!released_[b]) released_[b] = std::make_unique<std::uint64_t[]>(words);
    released_[b][(i & (block - 1)) >> 6] |= std::uint64_t{1} << (i & 63);
    if (++released_count_[b] == block) {
      blocks_[b].reset();
      released_[b].reset();
    }
  }
  /// Records released so far (freed blocks included).
  std::size_t released() const {
    std::size_t n = 0;
    for (std::size_t c : released_count_) n += c;
    return n;
  }

  T& emplace_back() {
    grow();
    T& slot = (*this)[size_++];
    slot = T{};
    return slot;
  }
  void push_back(const T& value) {
    grow();
    (*this)[size_++] = value;
  }
  /// Drops the records past `n` (rollback of a refused event's new records).
  void shrink_to(std::size_t n) {
    if (n < size_) size_ = n;
  }
  /// Bytes held: the blocks not freed, their release marks, and the tables of pointers.
  std::size_t bytes() const {
    std::size_t n = blocks_.capacity() * sizeof(void*) + released_.capacity() * sizeof(void*) + released_count_.capacity() * sizeof(std::uint16_t);
    for (const auto& b : blocks_) n += b ? block * sizeof(T) : 0;
    for (const auto& r : released_) n += r ? words * sizeof(std::uint64_t) : 0;
    return n;
  }

  /// The records' bytes (snapshots). T holds plain values only — records with a machine
  /// (machine_slot: MSM's state ints and flags, copied by assignment only because MSM's copy
  /// constructor restarts it) included. Each block is written whole (0), freed (1), or with
  /// some records released (2: its release marks, then its records, released ones as they were).
  void save(byte_writer& w) const {
    w.put<std::uint64_t>(size_);
    for (std::size_t i = 0; i < size_; i += block) {
      const std::size_t b = i >> BlockBits;
      const std::uint64_t* marks = b < released_.size() ? released_[b].get() : nullptr;
      w.put<std::uint8_t>(!blocks_[b] ? 1 : marks ? 2 : 0);
      if (!blocks_[b]) continue;
      if (marks) w.put_raw(marks, words * sizeof(std::uint64_t));
      w.put_raw(blocks_[b].get(), std::min(block, size_ - i) * sizeof(T));
    }
  }
  bool load(byte_reader& r) {
    const std::uint64_t n = r.get_count(0);  // each block takes at least a byte: a bogus count fails on the way
    blocks_.clear();
    released_.clear();
    released_count_.clear();
    size_ = 0;
    for (std::size_t i = 0; i < n && !r.failed(); i += block) {
      const auto kind = r.get<std::uint8_t>();
      const std::size_t b = i >> BlockBits;
      blocks_.emplace_back();
      if (kind == 0) {
        blocks_.back() = std::make_unique<T[]>(block);
      } else if (kind == 1) {
        mark_loaded(b, nullptr, block);
        continue;
      } else if (kind == 2) {
        auto marks = std::make_unique<std::uint64_t[]>(words);
        r.get_raw(static_cast<void*>(marks.get()), words * sizeof(std::uint64_t));
        std::size_t count = 0;
        for (std::size_t k = 0; k < words; ++k) count += static_cast<std::size_t>(__builtin_popcountll(marks[k]));
        if (count == 0 || count >= block) return fail(r);
        blocks_.back() = std::make_unique<T[]>(block);
        mark_loaded(b, std::move(marks), count);
      } else {
        return fail(r);
      }
      r.get_raw(static_cast<void*>(blocks_.back().get()), std::min<std::size_t>(block, n - i) * sizeof(T));
    }
    size_ = r.failed() ? 0 : n;
    return !r.failed();
  }

  /// Calls fn(record) for each present record, in index order.
  template <class Fn>
  void for_each(Fn fn) const {
    for_each_index([&](std::size_t, const T& v) { fn(v); });
  }
  /// Calls fn(index, record) for each present record, in index order; freed blocks are skipped whole.
  template <class Fn>
  void for_each_index(Fn fn) const {
    for (std::size_t i = 0; i < size_; ++i) {
      if (!blocks_[i >> BlockBits]) {
        i |= block - 1;
        continue;
      }
      if (present(i)) fn(i, (*this)[i]);
    }
  }
  /// The same, each record changeable.
  template <class Fn>
  void for_each_index(Fn fn) {
    static_cast<const chunked_vector&>(*this).for_each_index([&](std::size_t i, const T&) { fn(i, (*this)[i]); });
  }

 private:
  static constexpr std::size_t words = block / 64;
  static_assert(block % 64 == 0, "release marks are whole words");

  void grow() {
    if (size_ == blocks_.size() * block) blocks_.push_back(std::make_unique<T[]>(block));
  }
  void mark_loaded(std::size_t b, std::unique_ptr<std::uint64_t[]> marks, std::size_t count) {
    if (released_.size() <= b) {
      released_.resize(b + 1);
      released_count_.resize(b + 1);
    }
    released_[b] = std::move(marks);
    released_count_[b] = static_cast<std::uint16_t>(count);
  }
  bool fail(byte_reader& r) {
    r.fail();
    blocks_.clear();
    released_.clear();
    released_count_.clear();
    size_ = 0;
    return false;
  }

  std::vector<std::unique_ptr<T[]>> blocks_;               ///< nullptr: freed (every record released)
  std::vector<std::unique_ptr<std::uint64_t[]>> released_;  ///< per block, made on its first release: bit i, record i released
  std::vector<std::uint16_t> released_count_;              ///< per block: records released
  std::size_t size_ = 0;
};

}  // namespace detail
MUSTER_END_NAMESPACE
