// Inputs: events (JSON) and clock advances go through the session (journal first), come back as
// an outcome, and each effect is handed to the effect callback, if one is set.
#include "capi.hpp"

#include <memory>

namespace muster::capi {
namespace {

/// Latest time the codec writes (9999-12-31T23:59:59Z); beyond it the journal's times would not read back.
constexpr std::int64_t max_time = 253402300799;

/// Clears `delivering` however delivery ends.
struct delivery_scope {
  explicit delivery_scope(muster_engine& e) : e_(e) { e_.delivering.store(std::this_thread::get_id(), std::memory_order_relaxed); }
  ~delivery_scope() { e_.delivering.store(std::thread::id(), std::memory_order_relaxed); }
  delivery_scope(const delivery_scope&) = delete;
  delivery_scope& operator=(const delivery_scope&) = delete;

 private:
  muster_engine& e_;
};

/// Runs one input through the session and hands out its outcome.
template <class Apply>
int apply(const char* function, muster_engine& e, muster_outcome** out, Apply&& input) {
  session& s = *e.session;
  std::unique_ptr<muster_outcome, void (*)(muster_outcome*)> o(new_outcome(), [](muster_outcome* p) { recycle_outcome(p); });
  input(s, o->text);
  std::string message;
  const int status = verdict(function, o->text, message);
  o->status = status;
  o->message = message;
  e.answered = true;
  e.last_status = status;
  e.last_message = message;
  // A refused journal write makes the session rebuild its codec from the journal: ids may renumber.
  if (status == MUSTER_EJOURNAL) e.incidents.reset();
  const int delivered = deliver(function, e, o->text, std::string());
  *out = o.release();
  if (delivered != MUSTER_OK) return delivered;  // deliver() said why
  // Set last: a callback may have made (refused) calls that left their own errors.
  if (status == MUSTER_OK) clear_error();
  else set_error(message);
  return status;
}

}  // namespace

int verdict(const char* function, const outcome_text& o, std::string& message) {
  if (o.accepted) return MUSTER_OK;
  if (o.reason == rejection::malformed) {
    message = std::string(function) + ": malformed event: " + o.detail;
    return MUSTER_EMALFORMED;
  }
  if (o.refused) {
    message = std::string(function) + ": journal: " + o.detail;
    return MUSTER_EJOURNAL;
  }
  message = std::string(function) + ": rejected: " + to_string(o.reason) + ": " + o.detail;
  return MUSTER_EREJECTED;
}

void describe_effect(muster_effect& out, const outcome_text& o, std::size_t index, const char* json) {
  const json_span& span = o.effects[index];
  out.version = MUSTER_EFFECT_VERSION;
  out.kind = effect_kind_of(std::string_view(o.json).substr(span.offset, span.length));
  out.seq = outcome_seq(o.json);
  out.index = static_cast<std::uint32_t>(index);
  out.count = static_cast<std::uint32_t>(o.effects.size());
  out.json = json;
  out.len = span.length;
}

// A repeated event's effects were delivered when it was first applied, and are not delivered
// again. Each effect is copied out with its NUL (the outcome's text holds them back to back,
// without).
int deliver(const char* function, muster_engine& e, const outcome_text& o, const std::string& what) {
  if (e.on_effect == nullptr || o.duplicate) return MUSTER_OK;
  delivery_scope scope(e);
  std::string& one = e.one_effect;
  muster_effect effect{};
  for (std::size_t i = 0; i < o.effects.size(); ++i) {
    one.assign(o.json, o.effects[i].offset, o.effects[i].length);
    describe_effect(effect, o, i, one.c_str());
    if (const int rc = e.on_effect(&effect, e.payload); rc != 0)
      return fail(MUSTER_EUSER, std::string(function) + ": the effect callback returned " + std::to_string(rc) +
                                    " at effect " + std::to_string(i + 1) + " of " + std::to_string(o.effects.size()) + what +
                                    "; delivery stopped (the input was applied: the outcome holds every effect)");
  }
  return MUSTER_OK;
}

}  // namespace muster::capi

using namespace muster::capi;

extern "C" MUSTER_API int muster_engine_submit(muster_outcome** out, muster_engine* engine, const char* event_json,
                                               size_t len) {
  constexpr const char* fn = "muster_engine_submit";
  return guarded(fn, [&]() -> int {
    if (out == nullptr) return null_argument(fn, "out");
    *out = nullptr;
    if (engine == nullptr) return null_argument(fn, "engine");
    if (event_json == nullptr) return null_argument(fn, "event_json");
    engine_lock lock(*engine, fn);
    if (lock.status() != MUSTER_OK) return lock.status();
    ++engine->inputs;  // before decoding: the codec may number a new incident even if the journal then refuses
    return apply(fn, *engine, out, [&](muster::session& s, muster::outcome_text& o) {
      s.submit_json(std::string_view(event_json, len), o);
    });
  });
}

extern "C" MUSTER_API int muster_engine_advance(muster_outcome** out, muster_engine* engine, int64_t t) {
  constexpr const char* fn = "muster_engine_advance";
  return guarded(fn, [&]() -> int {
    if (out == nullptr) return null_argument(fn, "out");
    *out = nullptr;
    if (engine == nullptr) return null_argument(fn, "engine");
    if (t < 0 || t > max_time)
      return fail(MUSTER_EINVAL, std::string(fn) + ": t is " + std::to_string(t) +
                                     "; times run from 0 (1970-01-01T00:00:00Z) to 253402300799 (9999-12-31T23:59:59Z)");
    engine_lock lock(*engine, fn);
    if (lock.status() != MUSTER_OK) return lock.status();
    return apply(fn, *engine, out, [&](muster::session& s, muster::outcome_text& o) { s.advance_to(t, o); });
  });
}

extern "C" MUSTER_API int muster_engine_last_outcome(muster_outcome** out, muster_engine* engine) {
  constexpr const char* fn = "muster_engine_last_outcome";
  return guarded(fn, [&]() -> int {
    if (out == nullptr) return null_argument(fn, "out");
    *out = nullptr;
    if (engine == nullptr) return null_argument(fn, "engine");
    engine_lock lock(*engine, fn);
    if (lock.status() != MUSTER_OK) return lock.status();
    if (!engine->answered)
      return fail(MUSTER_ENOTFOUND, std::string(fn) +
                                        ": the engine has answered no input since it was opened (submit, a batch line or advance)");
    // Written again from the session's typed outcome, as the session wrote it then: nothing has
    // changed since (an input replaces it), so the text is the same.
    const muster::session& s = *engine->session;
    const muster::outcome& last = s.last_outcome();
    std::unique_ptr<muster_outcome, void (*)(muster_outcome*)> o(new_outcome(), [](muster_outcome* p) { recycle_outcome(p); });
    muster::outcome_text& t = o->text;
    t.json.clear();
    t.effects.clear();
    s.codec().append_outcome(t.json, last, s.engine(), t.effects);
    t.accepted = last.accepted;
    t.duplicate = last.duplicate;
    t.reason = last.reason;
    t.detail = last.detail;
    t.refused = engine->last_status == MUSTER_EJOURNAL;
    t.line = 0;
    o->status = engine->last_status;
    o->message = engine->last_message;
    *out = o.release();
    return MUSTER_OK;
  });
}

extern "C" MUSTER_API int muster_engine_on_effect(muster_engine* engine, muster_effect_cb cb, void* payload) {
  constexpr const char* fn = "muster_engine_on_effect";
  return guarded(fn, [&]() -> int {
    if (engine == nullptr) return null_argument(fn, "engine");
    engine_lock lock(*engine, fn);
    if (lock.status() != MUSTER_OK) return lock.status();
    engine->on_effect = cb;
    engine->payload = cb != nullptr ? payload : nullptr;
    return MUSTER_OK;
  });
}
