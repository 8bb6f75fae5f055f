// Private to the C binding: the handle and outcome types behind the opaque C names, the
// thread-local error, the exception barrier every exported function runs inside, and the
// caller-buffer rules. Nothing here is visible outside libmuster.so.
#pragma once

#include <muster/muster.h>
#include <muster/session.hpp>

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <mutex>
#include <new>
#include <string>
#include <string_view>
#include <thread>
#include <unordered_map>
#include <utility>
#include <vector>

namespace muster::capi {

// ---- last error (errors.cpp) --------------------------------------------------------------

/// Empties this thread's last error (every call but muster_error_last starts with this).
void clear_error() noexcept;
/// Sets this thread's last error; never throws (out of memory leaves a fixed message).
void set_error(std::string_view message) noexcept;
/// Sets the error and returns `status`, for `return fail(MUSTER_EINVAL, "…")`.
int fail(int status, std::string_view message) noexcept;
/// "<name> is NULL" as an EINVAL.
int null_argument(const char* function, const char* name) noexcept;
/// The MUSTER_E… code of a C++ status code (the table documented in muster.h); MUSTER_OK for ok.
int status_rc(muster::status_code code) noexcept;
/// Sets the error to "<function>: <message>" and returns status_rc(s.code()).
int fail(const char* function, const muster::status& s) noexcept;

/// The exception barrier: runs `body` (which returns a status) with the last error cleared,
/// mapping every exception to MUSTER_EINTERNAL with a message naming `function`.
int internal_error(const char* function, const char* what) noexcept;
template <class Body>
int guarded(const char* function, Body&& body) noexcept;
/// guarded() for the calls that only read an outcome or a batch: the last error is left as it
/// was (it may still say why the submit before failed) unless this call fails.
template <class Body>
int guarded_read(const char* function, Body&& body) noexcept {
  try {
    return body();
  } catch (const std::bad_alloc&) {
    return internal_error(function, "out of memory");
  } catch (const std::exception& e) {
    return internal_error(function, e.what());
  } catch (...) {
    return internal_error(function, "unknown exception");
  }
}
template <class Body>
int guarded(const char* function, Body&& body) noexcept {
  clear_error();
  try {
    return body();
  } catch (const std::bad_alloc&) {
    return internal_error(function, "out of memory");
  } catch (const std::exception& e) {
    return internal_error(function, e.what());
  } catch (...) {
    return internal_error(function, "unknown exception");
  }
}

// ---- caller buffers (buffer.cpp) ----------------------------------------------------------

/// Checks `out`/`out_cap`/`out_len` as every JSON-returning function documents them:
/// MUSTER_EINVAL when out_len is NULL, or out is NULL with out_cap > 0; else MUSTER_OK.
int check_buffer(const char* function, const char* out, std::size_t out_cap, const std::size_t* out_len) noexcept;
/// Copies `text` and a NUL into `out` when it fits (out_cap > text.size()); sets *out_len to
/// text.size() either way. MUSTER_EBUFSIZE (with an empty string in `out` when out_cap > 0)
/// when it does not fit.
int copy_out(const char* function, std::string_view text, char* out, std::size_t out_cap, std::size_t* out_len) noexcept;

// ---- incident names (incident_lookup.cpp) -------------------------------------------------

/// Finds the engine's number for an incident id as written in JSON. The codec numbers the
/// incident names of decoded events 1, 2, … in order of first appearance and can turn a
/// number back into its name (codec::incident_name); this inverts that, remembering the names
/// it has read. `inputs` bounds how many names the codec can hold: each decoded input names at
/// most one new incident.
class incident_lookup {
 public:
  /// 0 when the name has no number (no event has named it).
  incident_id find(const session& s, std::string_view name, std::uint64_t inputs);
  /// The journal refused an input and the session rebuilt its codec: numbers may have moved.
  void reset() noexcept;

 private:
  std::unordered_map<std::string, incident_id> known_;
  incident_id confirmed_ = 0;  ///< numbers 1..confirmed_ are in known_ and cannot change
};

}  // namespace muster::capi

// ---- the opaque handles ---------------------------------------------------------------------

/// A compiled policy and registry, shared by the engines opened from it (muster_engine_open_rules).
struct muster_rules {
  std::shared_ptr<const muster::policy> policy;
  std::shared_ptr<const muster::force_registry> forces;
};

struct muster_engine {
  std::mutex mu;                              ///< every call on the engine holds it
  std::unique_ptr<muster::session> session;
  muster_effect_cb on_effect = nullptr;
  void* payload = nullptr;
  /// The thread inside an effect callback of this engine (a default id when none): a call
  /// from it would deadlock on `mu`, so it is refused instead.
  std::atomic<std::thread::id> delivering{};
  std::uint64_t inputs = 0;                   ///< inputs the session's codec has decoded, at most
  std::string one_effect;                     ///< the effect being delivered, NUL-terminated (reused)
  muster::capi::incident_lookup incidents;
  /// The last input's answer (submit, advance, a batch's last line), for muster_engine_last_outcome:
  /// what the call returned for it and why; the outcome itself is the session's (last_outcome).
  bool answered = false;
  int last_status = MUSTER_OK;
  std::string last_message;
};

/// The session's answer as it wrote it: the outcome JSON, each effect's place in it, the verdict.
/// A batch's outcomes are views of the batch's answers (`borrowed`), freed with the batch.
struct muster_outcome {
  muster::outcome_text text;                             ///< a submit's or advance's answer
  const muster::outcome_text* borrowed = nullptr;        ///< else: a batch's answer, owned by the batch
  int status = MUSTER_OK;                                ///< what submit returned for it (muster_outcome_status)
  std::string message;                                   ///< why, when not MUSTER_OK (muster_outcome_error)
  const muster::outcome_text& view() const { return borrowed != nullptr ? *borrowed : text; }
};

/// A batch's answers, one per event line: the session writes `texts`, `outcomes` are views of
/// them for the outcome accessors, `status` what muster_engine_submit would have returned.
struct muster_batch {
  std::vector<muster::outcome_text> texts;  ///< the first `count` are this batch's (buffers reused)
  std::vector<muster_outcome> outcomes;
  std::vector<int> status;
  std::size_t count = 0;
};

namespace muster::capi {

// ---- outcomes (outcome_cache.cpp) ----------------------------------------------------------

/// An outcome to answer into: this thread's spare (the last one it freed, buffers kept) or a new one.
muster_outcome* new_outcome();
/// muster_outcome_free: keeps the outcome as this thread's spare, or deletes it. NULL and a
/// batch's outcome (freed with its batch) are ignored.
void recycle_outcome(muster_outcome* o) noexcept;
/// The same for batches (muster_batch_free).
muster_batch* new_batch();
void recycle_batch(muster_batch* b) noexcept;

// ---- names (names.cpp) ---------------------------------------------------------------------

/// MUSTER_EFFECT_* of an effect's JSON (MUSTER_EFFECT_KIND_UNKNOWN when it names none).
std::int32_t effect_kind_of(std::string_view effect_json);
/// An outcome JSON's "seq" (0 when it has none).
std::uint64_t outcome_seq(std::string_view outcome_json);
/// MUSTER_REJECTION_* of the engine's reason, by name (MUSTER_REJECTION_UNKNOWN when muster.h lacks it).
std::int32_t rejection_value(rejection r);
/// Fills `out` with effect `index` of `o` (which must exist), borrowing its JSON from `json`.
void describe_effect(muster_effect& out, const outcome_text& o, std::size_t index, const char* json);

// ---- submitting (submit.cpp) --------------------------------------------------------------

/// The status muster_engine_submit returns for outcome `o`; for any but MUSTER_OK the message
/// muster_error_last() gives, naming `function`.
int verdict(const char* function, const outcome_text& o, std::string& message);
/// Hands each effect of `o` to the engine's effect callback, in order, until it returns
/// non-zero; then sets the error and returns MUSTER_EUSER. `what` names the input in that
/// error ("" for a single input).
int deliver(const char* function, muster_engine& e, const outcome_text& o, const std::string& what);

/// Locks an engine for one call, refusing a call from inside its own effect callback.
class engine_lock {
 public:
  engine_lock(muster_engine& e, const char* function);
  /// MUSTER_OK when the lock is held, else the status to return (the error is set).
  int status() const { return status_; }

 private:
  std::unique_lock<std::mutex> lock_;
  int status_ = MUSTER_OK;
};

}  // namespace muster::capi
