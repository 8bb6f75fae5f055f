// Internal: an allocator that recycles the nodes of one node-based container (std::map), so a
// container whose size goes up and down — the timer queue gains a second and loses one at
// almost every event — stops calling operator new once it has reached its working size.
#pragma once

#include <muster/config.hpp>

#include <algorithm>
#include <cstddef>
#include <memory>
#include <new>
#include <utility>
#include <vector>

MUSTER_BEGIN_NAMESPACE
namespace detail {

/// Blocks of one size, carved from chunks and kept on a free list when given back. Chunks are
/// released with the pool. Not thread-safe (each engine is used by one thread at a time).
class node_pool {
 public:
  node_pool() = default;
  node_pool(const node_pool&) = delete;
  node_pool& operator=(const node_pool&) = delete;

  /// A block of `size` bytes (the first size asked fixes the block size); nullptr when `size`
  /// or `align` does not fit the pool's blocks (the caller then uses operator new).
  void* take(std::size_t size, std::size_t align) {
    if (block_ == 0) block_ = round_up(std::max(size, sizeof(free_block)));
    if (size > block_ || align > alignof(std::max_align_t)) return nullptr;
    if (free_ != nullptr) return std::exchange(free_, free_->next);
    if (used_ == per_chunk) {
      chunks_.emplace_back(new unsigned char[block_ * per_chunk]);  // operator new[]: max_align_t aligned
      used_ = 0;
    }
    return chunks_.back().get() + block_ * used_++;
  }
  void give(void* p) { free_ = new (p) free_block{free_}; }
  /// Whether a block of `size` bytes would come from the pool (the block size is fixed by then).
  bool fits(std::size_t size) const { return block_ != 0 && size <= block_; }
  std::size_t bytes() const { return chunks_.size() * block_ * per_chunk + chunks_.capacity() * sizeof(void*); }

 private:
  struct free_block {
    free_block* next;
  };
  static constexpr std::size_t per_chunk = 256;
  static std::size_t round_up(std::size_t n) {
    const std::size_t a = alignof(std::max_align_t);
    return (n + a - 1) / a * a;
  }

  std::vector<std::unique_ptr<unsigned char[]>> chunks_;
  std::size_t used_ = per_chunk;  ///< blocks handed out of the last chunk
  std::size_t block_ = 0;
  free_block* free_ = nullptr;
};

/// std::allocator's interface over a node_pool; single objects come from the pool.
template <class T>
class pool_allocator {
 public:
  using value_type = T;
  explicit pool_allocator(node_pool& pool) noexcept : pool_(&pool) {}
  template <class U>
  pool_allocator(const pool_allocator<U>& other) noexcept : pool_(other.pool()) {}

  T* allocate(std::size_t n) {
    if (n == 1)
      if (void* p = pool_->take(sizeof(T), alignof(T))) return static_cast<T*>(p);
    return std::allocator<T>().allocate(n);
  }
  void deallocate(T* p, std::size_t n) noexcept {
    if (n == 1 && owns_size()) pool_->give(p);
    else std::allocator<T>().deallocate(p, n);
  }
  node_pool* pool() const noexcept { return pool_; }
  friend bool operator==(const pool_allocator& a, const pool_allocator& b) noexcept { return a.pool_ == b.pool_; }
  friend bool operator!=(const pool_allocator& a, const pool_allocator& b) noexcept { return a.pool_ != b.pool_; }

 private:
  // Mirrors take(): a T the pool's blocks could hold came from the pool.
  bool owns_size() const noexcept { return alignof(T) <= alignof(std::max_align_t) && pool_->fits(sizeof(T)); }
  node_pool* pool_;
};

}  // namespace detail
MUSTER_END_NAMESPACE
