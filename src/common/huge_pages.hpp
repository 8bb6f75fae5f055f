// Internal: memory for a large table read at random (the codec's name tables), backed by
// transparent huge pages where the kernel offers them. Every probe of a table of millions of
// slots misses the cache; with 4 KiB pages it misses the TLB too, and the page walk is paid
// again on each probe. Same bytes, same behaviour: only where the pages come from changes.
#pragma once

#include <muster/config.hpp>

#include <cstddef>
#include <memory>
#include <new>

MUSTER_BEGIN_NAMESPACE
namespace detail {

/// Tables smaller than this take ordinary memory.
inline constexpr std::size_t huge_page_bytes = std::size_t{2} << 20;

/// `bytes` (a multiple of huge_page_bytes) aligned to huge_page_bytes, the kernel asked to back
/// them with huge pages (Linux: madvise MADV_HUGEPAGE, before the pages are first touched);
/// nullptr when none can be had. Freed with release_huge_pages.
void* allocate_huge_pages(std::size_t bytes);
void release_huge_pages(void* p) noexcept;

/// A std::allocator that takes huge pages for blocks of huge_page_bytes or more.
template <class T>
struct huge_page_allocator {
  using value_type = T;
  huge_page_allocator() = default;
  template <class U>
  huge_page_allocator(const huge_page_allocator<U>&) noexcept {}

  static std::size_t rounded(std::size_t n) { return (n * sizeof(T) + huge_page_bytes - 1) / huge_page_bytes * huge_page_bytes; }

  T* allocate(std::size_t n) {
    if (n * sizeof(T) < huge_page_bytes) return std::allocator<T>().allocate(n);
    if (void* p = allocate_huge_pages(rounded(n))) return static_cast<T*>(p);
    throw std::bad_alloc();
  }
  void deallocate(T* p, std::size_t n) noexcept {
    if (n * sizeof(T) < huge_page_bytes) std::allocator<T>().deallocate(p, n);
    else release_huge_pages(p);
  }
  template <class U>
  bool operator==(const huge_page_allocator<U>&) const noexcept { return true; }
  template <class U>
  bool operator!=(const huge_page_allocator<U>&) const noexcept { return false; }
};

}  // namespace detail
MUSTER_END_NAMESPACE
