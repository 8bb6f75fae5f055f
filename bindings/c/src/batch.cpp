// Batches: many events in one call (JSON Lines in), one journal commit for all of them, one
// answer per event line out. Built for hosts that receive events in bursts and for harnesses
// replaying recorded incidents: the call, the journal's hand-over and (every_event) the fsync
// are paid once per batch instead of once per event.
#include "capi.hpp"

#include <cstring>
#include <memory>

using namespace muster::capi;

namespace {

/// What the first answer that is not MUSTER_OK says, for the call's status and muster_error_last.
struct first_problem {
  int status = MUSTER_OK;
  std::string message;
};

/// Lines in `text`, at most (memchr: a byte loop here cost 6% of a batch).
std::uint64_t line_count(std::string_view text) {
  std::uint64_t n = 1;
  if (text.empty()) return n;  // data() may be NULL, which memchr must not see
  for (const char* p = text.data(), *end = p + text.size();
       (p = static_cast<const char*>(std::memchr(p, '\n', static_cast<std::size_t>(end - p)))) != nullptr; ++p)
    ++n;
  return n;
}

/// MUSTER_EINVAL (with the error set) unless `batch` holds outcome `index`.
int check_index(const char* function, const muster_batch* batch, std::size_t index) {
  if (batch == nullptr) return null_argument(function, "batch");
  if (index < batch->count) return MUSTER_OK;
  return fail(MUSTER_EINVAL, std::string(function) + ": index " + std::to_string(index) + " is out of range (the batch has " +
                                 std::to_string(batch->count) + " outcomes)");
}

}  // namespace

extern "C" MUSTER_API int muster_engine_submit_batch(muster_batch** out, muster_engine* engine, const char* jsonl, size_t len) {
  constexpr const char* fn = "muster_engine_submit_batch";
  return guarded(fn, [&]() -> int {
    if (out == nullptr) return null_argument(fn, "out");
    *out = nullptr;
    if (engine == nullptr) return null_argument(fn, "engine");
    if (jsonl == nullptr && len != 0) return null_argument(fn, "jsonl");
    engine_lock lock(*engine, fn);
    if (lock.status() != MUSTER_OK) return lock.status();
    const std::string_view text = len != 0 ? std::string_view(jsonl, len) : std::string_view();
    // Before decoding, as for one input: each line may name a new incident, even if the journal then refuses it.
    engine->inputs += line_count(text);

    std::unique_ptr<muster_batch, void (*)(muster_batch*)> b(new_batch(), [](muster_batch* p) { recycle_batch(p); });
    b->count = engine->session->submit_batch(text, b->texts);
    b->outcomes.resize(b->count);
    b->status.resize(b->count);
    first_problem first;
    bool refused = false;
    for (std::size_t i = 0; i < b->count; ++i) {
      b->outcomes[i].borrowed = &b->texts[i];
      std::string message;
      b->status[i] = verdict(fn, b->texts[i], message);
      b->outcomes[i].status = b->status[i];
      refused = refused || b->status[i] == MUSTER_EJOURNAL;
      if (b->status[i] != MUSTER_OK) {
        message += " (line " + std::to_string(b->texts[i].line) + ": event " + std::to_string(i + 1) + " of the batch's " +
                   std::to_string(b->count) + ")";
        if (first.status == MUSTER_OK) {
          first.status = b->status[i];
          first.message = message;
        }
      }
      b->outcomes[i].message = std::move(message);
    }
    if (b->count > 0) {  // muster_engine_last_outcome: the batch's last line (a batch of no events changes nothing)
      engine->answered = true;
      engine->last_status = b->status[b->count - 1];
      engine->last_message = b->outcomes[b->count - 1].message;
    }
    // A refused journal write makes the session rebuild its codec from the journal: ids may renumber.
    if (refused) engine->incidents.reset();
    for (std::size_t i = 0; i < b->count; ++i) {
      const std::string what = engine->on_effect != nullptr ? ", event " + std::to_string(i + 1) + " of " + std::to_string(b->count) : "";
      if (const int delivered = deliver(fn, *engine, b->texts[i], what); delivered != MUSTER_OK) {
        *out = b.release();
        return delivered;  // deliver() said why; every event was applied
      }
    }
    *out = b.release();
    // Set last: a callback may have made (refused) calls that left their own errors.
    if (first.status == MUSTER_OK) clear_error();
    else set_error(first.message);
    return first.status;
  });
}

extern "C" MUSTER_API void muster_batch_free(muster_batch* batch) {
  recycle_batch(batch);  // NULL is fine
}

extern "C" MUSTER_API size_t muster_batch_count(const muster_batch* batch) {
  if (batch == nullptr) {
    null_argument("muster_batch_count", "batch");
    return 0;
  }
  return batch->count;
}

extern "C" MUSTER_API int muster_batch_outcome(const muster_outcome** out, const muster_batch* batch, size_t index) {
  constexpr const char* fn = "muster_batch_outcome";
  return guarded_read(fn, [&]() -> int {
    if (out == nullptr) return null_argument(fn, "out");
    *out = nullptr;
    if (const int rc = check_index(fn, batch, index); rc != MUSTER_OK) return rc;
    *out = &batch->outcomes[index];
    return MUSTER_OK;
  });
}

extern "C" MUSTER_API int muster_batch_status(const muster_batch* batch, size_t index) {
  constexpr const char* fn = "muster_batch_status";
  return guarded_read(fn, [&]() -> int {
    if (const int rc = check_index(fn, batch, index); rc != MUSTER_OK) return rc;
    return batch->status[index];
  });
}
