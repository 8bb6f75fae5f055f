// The engine handle: open (compile the policy and registry, map the options, open the session
// and its journal) and close; and the per-engine lock every other call takes.
#include "capi.hpp"

#include <muster/policy.hpp>

#include <chrono>
#include <cstdint>

namespace muster::capi {
namespace {

constexpr const char* open_fn = "muster_engine_open";

/// "rules/x.yaml:3:1: unknown-key: … (and 4 more: muster_validate lists them all)".
std::string first_errors(const std::vector<diagnostic>& diags) {
  std::string m;
  std::size_t errors = 0;
  for (const diagnostic& d : diags) {
    if (d.level != severity::error) continue;
    if (errors++ == 0) m = render(d);
  }
  if (errors > 1) m += " (and " + std::to_string(errors - 1) + " more: muster_validate lists them all)";
  return m;
}

int map_options(const muster_options* o, session_options& so) {
  if (o == nullptr) {
    so.mode = durability::batch;  // MUSTER_OPTIONS_INIT, in memory
    return MUSTER_OK;
  }
  // Version 1 structs end before queue_bytes: nothing past batch_interval_us is read from them.
  if (o->version != 1 && o->version != MUSTER_OPTIONS_VERSION)
    return fail(MUSTER_EINVAL, std::string(open_fn) + ": options->version is " + std::to_string(o->version) +
                                   "; this library reads versions 1 to " + std::to_string(MUSTER_OPTIONS_VERSION) +
                                   " (initialise the struct with MUSTER_OPTIONS_INIT)");
  switch (o->durability) {
    case MUSTER_DURABILITY_NONE: so.mode = durability::none; break;
    case MUSTER_DURABILITY_BATCH: so.mode = durability::batch; break;
    case MUSTER_DURABILITY_EVERY_EVENT: so.mode = durability::every_event; break;
    default:
      return fail(MUSTER_EINVAL, std::string(open_fn) + ": options->durability is " + std::to_string(o->durability) +
                                     "; expected MUSTER_DURABILITY_NONE (0), _BATCH (1) or _EVERY_EVENT (2)");
  }
  if (o->durability == MUSTER_DURABILITY_BATCH && o->batch_size == 0)
    return fail(MUSTER_EINVAL, std::string(open_fn) + ": options->batch_size is 0; batches hold at least one record");
  so.batch_size = o->batch_size == 0 ? 1 : o->batch_size;
  so.batch_interval = std::chrono::microseconds(o->batch_interval_us);
  if (o->version >= 2 && o->queue_bytes != 0) {
    if (o->queue_bytes > SIZE_MAX / 4)
      return fail(MUSTER_EINVAL, std::string(open_fn) + ": options->queue_bytes is " + std::to_string(o->queue_bytes) +
                                     "; more than this machine can address");
    so.queue_bytes = static_cast<std::size_t>(o->queue_bytes);
  }
  if (o->journal_path != nullptr) so.journal_path = o->journal_path;
  return MUSTER_OK;
}

}  // namespace

engine_lock::engine_lock(muster_engine& e, const char* function) {
  if (e.delivering.load(std::memory_order_relaxed) == std::this_thread::get_id()) {
    status_ = fail(MUSTER_EINVAL, std::string(function) +
                                      ": called from inside this engine's effect callback (the engine is busy "
                                      "delivering; call it after muster_engine_submit/advance returns)");
    return;
  }
  lock_ = std::unique_lock<std::mutex>(e.mu);
}

}  // namespace muster::capi

using namespace muster::capi;

extern "C" MUSTER_API int muster_engine_open(muster_engine** out, const char* policy_path, const char* forces_path,
                                             const muster_options* options) {
  return guarded(open_fn, [&]() -> int {
    if (out == nullptr) return null_argument(open_fn, "out");
    *out = nullptr;
    if (policy_path == nullptr) return null_argument(open_fn, "policy_path");
    if (forces_path == nullptr) return null_argument(open_fn, "forces_path");
    muster::session_options so;
    if (int rc = map_options(options, so); rc != MUSTER_OK) return rc;

    muster::policy_result p = muster::compile_policy_file(policy_path);
    if (!p.ok())
      return fail(MUSTER_EPOLICY, std::string(open_fn) + ": the policy does not compile: " + first_errors(p.diagnostics));
    muster::registry_result r = muster::compile_forces_file(*p.value, forces_path);
    if (!r.ok())
      return fail(MUSTER_EPOLICY,
                  std::string(open_fn) + ": the force registry does not compile: " + first_errors(r.diagnostics));

    std::string err;
    auto engine = std::make_unique<muster_engine>();
    engine->session = muster::session::open(p.value, r.value, so, err);
    if (!engine->session) return fail(MUSTER_EJOURNAL, std::string(open_fn) + ": " + err);
    engine->inputs = engine->session->recovery().events_replayed;
    *out = engine.release();
    return MUSTER_OK;
  });
}

extern "C" MUSTER_API void muster_engine_close(muster_engine* engine) {
  guarded("muster_engine_close", [&]() -> int {
    if (engine == nullptr) return MUSTER_OK;
    if (engine->delivering.load(std::memory_order_relaxed) == std::this_thread::get_id())
      return fail(MUSTER_EINVAL, "muster_engine_close: called from inside this engine's effect callback; not closed");
    {
      // Waits for a call in progress on another thread (closing during one is still a caller bug).
      std::lock_guard<std::mutex> hold(engine->mu);
      engine->session.reset();  // syncs unsynced journal records, releases the journal's lock
    }
    delete engine;
    return MUSTER_OK;
  });
}
