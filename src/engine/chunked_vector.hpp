// Internal: the engine's record tables. Records live in fixed blocks that never move, so
// growing a table copies nothing and wastes at most one partly filled block (a doubling
// vector keeps up to half its capacity idle: a third of the bytes per open request).
#pragma once

#include <muster/config.hpp>

#include "common/byte_stream.hpp"

#include <algorithm>
#include <cstddef>
#include <memory>
#include <vector>

MUSTER_BEGIN_NAMESPACE
namespace detail {

template <class T, std::size_t BlockBits = 10>
class chunked_vector {
  static constexpr std::size_t block = std::size_t{1} << BlockBits;

 public:
  T& operator[](std::size_t i) { return blocks_[i >> BlockBits][i & (block - 1)]; }
  const T& operator[](std::size_t i) const { return blocks_[i >> BlockBits][i & (block - 1)]; }
  std::size_t size() const { return size_; }
  bool empty() const { return size_ == 0; }

  T& emplace_back() {
    if (size_ == blocks_.size() * block) blocks_.push_back(std::make_unique<T[]>(block));
    T& slot = (*this)[size_++];
    slot = T{};
    return slot;
  }
  void push_back(const T& value) {
    if (size_ == blocks_.size() * block) blocks_.push_back(std::make_unique<T[]>(block));
    (*this)[size_++] = value;
  }
  /// Drops the records past `n` (rollback of a refused event's new records).
  void shrink_to(std::size_t n) {
    if (n < size_) size_ = n;
  }
  std::size_t bytes() const { return blocks_.size() * block * sizeof(T) + blocks_.capacity() * sizeof(void*); }

  /// The records' bytes (snapshots). T holds plain values only — records with a machine
  /// (machine_slot: MSM's state ints and flags, copied by assignment only because MSM's copy
  /// constructor restarts it) included.
  void save(byte_writer& w) const {
    w.put<std::uint64_t>(size_);
    for (std::size_t i = 0; i < size_; i += block) w.put_raw(blocks_[i >> BlockBits].get(), std::min(block, size_ - i) * sizeof(T));
  }
  bool load(byte_reader& r) {
    const std::uint64_t n = r.get_count(sizeof(T));
    blocks_.clear();
    size_ = 0;
    for (std::size_t i = 0; i < n; i += block) {
      blocks_.push_back(std::make_unique<T[]>(block));
      r.get_raw(static_cast<void*>(blocks_.back().get()), std::min<std::size_t>(block, n - i) * sizeof(T));
    }
    size_ = r.failed() ? 0 : n;
    return !r.failed();
  }

  template <class Fn>
  void for_each(Fn fn) const {
    for (std::size_t i = 0; i < size_; ++i) fn((*this)[i]);
  }

 private:
  std::vector<std::unique_ptr<T[]>> blocks_;
  std::size_t size_ = 0;
};

}  // namespace detail
MUSTER_END_NAMESPACE
