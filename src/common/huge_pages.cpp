// Memory backed by transparent huge pages: see huge_pages.hpp.
#include "common/huge_pages.hpp"

#include <new>

#if defined(__linux__)
#include <sys/mman.h>
#endif

MUSTER_BEGIN_NAMESPACE
namespace detail {

void* allocate_huge_pages(std::size_t bytes) {
  void* p = ::operator new(bytes, std::align_val_t{huge_page_bytes}, std::nothrow);
#if defined(__linux__) && defined(MADV_HUGEPAGE)
  // Advice only: where the kernel has THP off, or no huge page free, it keeps 4 KiB pages.
  if (p != nullptr) (void)::madvise(p, bytes, MADV_HUGEPAGE);
#endif
  return p;
}

void release_huge_pages(void* p) noexcept { ::operator delete(p, std::align_val_t{huge_page_bytes}); }

}  // namespace detail
MUSTER_END_NAMESPACE
