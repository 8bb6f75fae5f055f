// The engine handle: open (compile the policy and registry, map the options, open the session
// and its journal) and close; and the per-engine lock every other call takes.
#include "capi.hpp"

#include <muster/policy.hpp>
#include <muster/rules.hpp>

#include <algorithm>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <cstring>

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

int map_options(const muster_options* o, session_options& so, const char* fn) {
  if (o == nullptr) {
    so.mode = durability::batch;  // MUSTER_OPTIONS_INIT, in memory
    return MUSTER_OK;
  }
  // A version 1 struct ends before queue_bytes, a version 2 one before expected_head, a version
  // 3 one before snapshot_every, a version 4 one before segment_bytes: nothing past its own
  // fields is read from it.
  if (o->version < 1 || o->version > MUSTER_OPTIONS_VERSION)
    return fail(MUSTER_EINVAL, std::string(fn) + ": options->version is " + std::to_string(o->version) +
                                   "; this library reads versions 1 to " + std::to_string(MUSTER_OPTIONS_VERSION) +
                                   " (initialise the struct with MUSTER_OPTIONS_INIT)");
  switch (o->durability) {
    case MUSTER_DURABILITY_NONE: so.mode = durability::none; break;
    case MUSTER_DURABILITY_BATCH: so.mode = durability::batch; break;
    case MUSTER_DURABILITY_EVERY_EVENT: so.mode = durability::every_event; break;
    default:
      return fail(MUSTER_EINVAL, std::string(fn) + ": options->durability is " + std::to_string(o->durability) +
                                     "; expected MUSTER_DURABILITY_NONE (0), _BATCH (1) or _EVERY_EVENT (2)");
  }
  if (o->durability == MUSTER_DURABILITY_BATCH && o->batch_size == 0)
    return fail(MUSTER_EINVAL, std::string(fn) + ": options->batch_size is 0; batches hold at least one record");
  so.batch_size = o->batch_size == 0 ? 1 : o->batch_size;
  so.batch_interval = std::chrono::microseconds(o->batch_interval_us);
  if (o->version >= 2 && o->queue_bytes != 0) {
    if (o->queue_bytes > SIZE_MAX / 4)
      return fail(MUSTER_EINVAL, std::string(fn) + ": options->queue_bytes is " + std::to_string(o->queue_bytes) +
                                     "; more than this machine can address");
    so.queue_bytes = static_cast<std::size_t>(o->queue_bytes);
  }
  if (o->journal_path != nullptr) so.journal_path = o->journal_path;
  if (o->version >= 3 && o->expected_head != nullptr) {
    const muster_journal_head& h = *o->expected_head;
    const std::size_t len = strnlen(h.hash, sizeof h.hash);
    if (len != 64 || std::strspn(h.hash, "0123456789abcdef") != 64)
      return fail(MUSTER_EINVAL, std::string(fn) + ": options->expected_head->hash is not 64 lower-case hex digits "
                                     "and a NUL (copy it from muster_engine_journal_head or muster_recovery.head)");
    so.expected_head = journal_head{h.seq, std::string(h.hash, 64)};
  }
  if (o->version >= 3 && o->max_clock_step != MUSTER_CLOCK_STEP_POLICY) {
    if (o->max_clock_step < 0)
      return fail(MUSTER_EINVAL, std::string(fn) + ": options->max_clock_step is " + std::to_string(o->max_clock_step) +
                                     "; expected seconds >= 0 (0: no bound) or MUSTER_CLOCK_STEP_POLICY (-1)");
    so.engine.max_clock_step = o->max_clock_step;
  }
  if (o->version >= 4) {
    so.snapshot_every = o->snapshot_every;
    if (o->snapshots_kept != 0) so.snapshots_kept = o->snapshots_kept;
  }
  if (o->version >= 5) so.segment_bytes = o->segment_bytes;
  return MUSTER_OK;
}

void copy_head(muster_journal_head& out, const journal_head& h) {
  out.seq = h.seq;
  std::memset(out.hash, 0, sizeof out.hash);
  std::memcpy(out.hash, h.hash.data(), std::min(h.hash.size(), sizeof out.hash - 1));
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

namespace {

constexpr const char* rules_fn = "muster_rules_compile";

/// Compiles both files; MUSTER_EPOLICY naming the first errors of the one that does not compile.
int compile_rules(const char* fn, const char* policy_path, const char* forces_path, muster_rules& out) {
  muster::rules_result both = muster::compile_rules_files(policy_path, forces_path);  // the registry parsed meanwhile
  if (!both.policy.ok())
    return fail(MUSTER_EPOLICY, std::string(fn) + ": the policy does not compile: " + first_errors(both.policy.diagnostics));
  if (!both.forces->ok())
    return fail(MUSTER_EPOLICY, std::string(fn) + ": the force registry does not compile: " + first_errors(both.forces->diagnostics));
  out.policy = std::move(both.policy.value);
  out.forces = std::move(both.forces->value);
  return MUSTER_OK;
}

/// Opens the session on compiled rules; the engine keeps its own reference to them.
int open_on(const char* fn, const muster_rules& rules, const muster::session_options& so, muster_engine** out) {
  auto engine = std::make_unique<muster_engine>();
  auto opened = muster::session::open(rules.policy, rules.forces, so);
  if (!opened) return fail(fn, opened.error());
  engine->session = std::move(*opened);
  engine->inputs = engine->session->recovery().events_replayed;
  *out = engine.release();
  return MUSTER_OK;
}

}  // namespace

extern "C" MUSTER_API int muster_engine_open(muster_engine** out, const char* policy_path, const char* forces_path,
                                             const muster_options* options) {
  return guarded(open_fn, [&]() -> int {
    if (out == nullptr) return null_argument(open_fn, "out");
    *out = nullptr;
    if (policy_path == nullptr) return null_argument(open_fn, "policy_path");
    if (forces_path == nullptr) return null_argument(open_fn, "forces_path");
    muster::session_options so;
    if (int rc = map_options(options, so, open_fn); rc != MUSTER_OK) return rc;
    muster_rules rules;
    if (int rc = compile_rules(open_fn, policy_path, forces_path, rules); rc != MUSTER_OK) return rc;
    return open_on(open_fn, rules, so, out);
  });
}

extern "C" MUSTER_API int muster_rules_compile(muster_rules** out, const char* policy_path, const char* forces_path) {
  return guarded(rules_fn, [&]() -> int {
    if (out == nullptr) return null_argument(rules_fn, "out");
    *out = nullptr;
    if (policy_path == nullptr) return null_argument(rules_fn, "policy_path");
    if (forces_path == nullptr) return null_argument(rules_fn, "forces_path");
    auto rules = std::make_unique<muster_rules>();
    if (int rc = compile_rules(rules_fn, policy_path, forces_path, *rules); rc != MUSTER_OK) return rc;
    *out = rules.release();
    return MUSTER_OK;
  });
}

extern "C" MUSTER_API void muster_rules_free(muster_rules* rules) {
  guarded("muster_rules_free", [&]() -> int {
    delete rules;
    return MUSTER_OK;
  });
}

extern "C" MUSTER_API int muster_engine_open_rules(muster_engine** out, const muster_rules* rules, const muster_options* options) {
  constexpr const char* fn = "muster_engine_open_rules";
  return guarded(fn, [&]() -> int {
    if (out == nullptr) return null_argument(fn, "out");
    *out = nullptr;
    if (rules == nullptr) return null_argument(fn, "rules");
    muster::session_options so;
    if (int rc = map_options(options, so, fn); rc != MUSTER_OK) return rc;
    return open_on(fn, *rules, so, out);
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

extern "C" MUSTER_API int muster_engine_recovery(muster_recovery* out, muster_engine* engine) {
  constexpr const char* fn = "muster_engine_recovery";
  return guarded(fn, [&]() -> int {
    if (out == nullptr) return null_argument(fn, "out");
    if (engine == nullptr) return null_argument(fn, "engine");
    if (out->version < 1 || out->version > MUSTER_RECOVERY_VERSION)
      return fail(MUSTER_EINVAL, std::string(fn) + ": out->version is " + std::to_string(out->version) +
                                     "; set it to MUSTER_RECOVERY_VERSION (" + std::to_string(MUSTER_RECOVERY_VERSION) + ")");
    engine_lock lock(*engine, fn);
    if (lock.status() != MUSTER_OK) return lock.status();
    muster_recovery full{};
    full.version = out->version;
    if (engine->session->journal().recorded) {
      const muster::recovery_report& r = engine->session->recovery();
      full.created = r.created ? 1 : 0;
      full.records = r.records;
      full.events_replayed = r.events_replayed;
      full.bytes_cut = r.torn_bytes;
      full.records_restored = r.records_restored;
      copy_head(full.head, r.head);
      full.torn_hole = r.torn_hole ? 1 : 0;
      full.registry_replaced = r.registry_replaced ? 1 : 0;
      full.snapshot_seq = r.snapshot_seq;
    }
    // Only the fields of the caller's version: a version 1 struct ends before torn_hole, a
    // version 2 one before snapshot_seq.
    const std::size_t size = out->version == 1   ? offsetof(muster_recovery, torn_hole)
                             : out->version == 2 ? offsetof(muster_recovery, snapshot_seq)
                                                 : sizeof full;
    std::memcpy(out, &full, size);
    return MUSTER_OK;
  });
}

extern "C" MUSTER_API int muster_engine_journal_head(muster_journal_head* out, muster_engine* engine) {
  constexpr const char* fn = "muster_engine_journal_head";
  return guarded(fn, [&]() -> int {
    if (out == nullptr) return null_argument(fn, "out");
    if (engine == nullptr) return null_argument(fn, "engine");
    engine_lock lock(*engine, fn);
    if (lock.status() != MUSTER_OK) return lock.status();
    const muster::journal_status j = engine->session->journal();  // waits for the journal's queue to be written
    if (!j.recorded) return fail(MUSTER_EINVAL, std::string(fn) + ": the engine has no journal");
    copy_head(*out, j.durable_head);
    if (!j.failed) return MUSTER_OK;
    return fail(MUSTER_EJOURNAL, std::string(fn) + ": the journal failed; records after record " + std::to_string(out->seq) +
                                     " may be lost (reopen to recover)");
  });
}
