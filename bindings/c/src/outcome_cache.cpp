// Outcomes are allocated and freed once per input: each thread keeps the last one it freed,
// with its buffers, for its next input (a host's submit → read → free loop then allocates
// nothing once the buffers have grown). One per thread, so no lock; an outcome freed on
// another thread than it was made on simply goes to that thread's spare. Batches likewise.
#include "capi.hpp"

#include <utility>

namespace muster::capi {
namespace {

/// Buffers larger than this are not kept: one odd outcome should not pin memory per thread.
constexpr std::size_t max_kept_bytes = 64 * 1024;
/// Nor batches of more outcomes than this.
constexpr std::size_t max_kept_outcomes = 4096;

// A trivially destructible pointer plus an owner that frees it at thread exit, and a flag that
// stays readable after the owner is gone (a free from a later thread-exit destructor deletes).
thread_local muster_outcome* spare = nullptr;
thread_local muster_batch* spare_batch = nullptr;
thread_local bool exiting = false;
struct spare_owner {
  ~spare_owner() {
    exiting = true;
    delete std::exchange(spare, nullptr);
    delete std::exchange(spare_batch, nullptr);
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
  if (o == nullptr || o->borrowed != nullptr) return;
  if (!exiting && spare == nullptr && o->text.json.capacity() <= max_kept_bytes) {
    (void)&owner;
    spare = o;
    return;
  }
  delete o;
}

muster_batch* new_batch() {
  (void)&owner;
  if (muster_batch* b = std::exchange(spare_batch, nullptr)) return b;  // the session rewrites what it uses
  return new muster_batch;
}

void recycle_batch(muster_batch* b) noexcept {
  if (b == nullptr) return;
  if (!exiting && spare_batch == nullptr && b->texts.size() <= max_kept_outcomes) {
    std::size_t bytes = 0;
    for (const auto& t : b->texts) bytes += t.json.capacity();
    if (bytes <= max_kept_outcomes * 1024) {
      (void)&owner;
      spare_batch = b;
      return;
    }
  }
  delete b;
}

}  // namespace muster::capi
