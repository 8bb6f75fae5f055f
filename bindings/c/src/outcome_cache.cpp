// Outcomes are allocated and freed once per input: each thread keeps the last one it freed,
// with its buffers, for its next input (a host's submit → read → free loop then allocates
// nothing once the buffers have grown). One per thread, so no lock; an outcome freed on
// another thread than it was made on simply goes to that thread's spare.
#include "capi.hpp"

#include <utility>

namespace muster::capi {
namespace {

/// Buffers larger than this are not kept: one odd outcome should not pin memory per thread.
constexpr std::size_t max_kept_bytes = 64 * 1024;

// A trivially destructible pointer plus an owner that frees it at thread exit, and a flag that
// stays readable after the owner is gone (a free from a later thread-exit destructor deletes).
thread_local muster_outcome* spare = nullptr;
thread_local bool exiting = false;
struct spare_owner {
  ~spare_owner() {
    exiting = true;
    delete std::exchange(spare, nullptr);
  }
};
thread_local spare_owner owner;

}  // namespace

muster_outcome* new_outcome() {
  (void)&owner;  // constructed on first use in this thread, so the spare is freed at its exit
  if (muster_outcome* o = std::exchange(spare, nullptr)) return o;  // the session rewrites all of it
  return new muster_outcome;
}

void recycle_outcome(muster_outcome* o) noexcept {
  if (o == nullptr) return;
  if (!exiting && spare == nullptr && o->text.json.capacity() <= max_kept_bytes) {
    (void)&owner;
    spare = o;
    return;
  }
  delete o;
}

}  // namespace muster::capi
