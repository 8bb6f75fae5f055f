// Queries: read the engine under its lock, render JSON, copy into the caller's buffer.
#include "capi.hpp"
#include "query_json.hpp"

#include <cstring>

using namespace muster::capi;

namespace {

/// The common frame of the JSON queries: argument checks, the lock, not-found, the buffer.
/// `render` returns false when the thing asked for does not exist (with `what` naming it).
template <class Render>
int json_query(const char* fn, muster_engine* engine, char* out, size_t out_cap, size_t* out_len, Render&& render) {
  return guarded(fn, [&]() -> int {
    if (engine == nullptr) return null_argument(fn, "engine");
    if (const int rc = check_buffer(fn, out, out_cap, out_len); rc != MUSTER_OK) return rc;
    engine_lock lock(*engine, fn);
    if (lock.status() != MUSTER_OK) return lock.status();
    std::string text, missing;
    if (!render(*engine, text, missing)) {
      *out_len = 0;
      if (out_cap > 0) out[0] = '\0';
      return fail(MUSTER_ENOTFOUND, std::string(fn) + ": " + missing);
    }
    return copy_out(fn, text, out, out_cap, out_len);
  });
}

/// The frame of a query that reads one value into the caller's *out: argument checks, the lock.
template <class T, class Read>
int value_query(const char* fn, T* out, muster_engine* engine, Read&& read) {
  return guarded(fn, [&]() -> int {
    if (engine == nullptr) return null_argument(fn, "engine");
    if (out == nullptr) return null_argument(fn, "out");
    engine_lock lock(*engine, fn);
    if (lock.status() != MUSTER_OK) return lock.status();
    *out = read(engine->session->engine());
    return MUSTER_OK;
  });
}

}  // namespace

namespace {

/// json_query for a query that names its subject by a string id of `id_len` bytes (`param`, its
/// length `len_param`): refuses a NULL and an id holding a NUL, then renders as json_query does.
template <class Render>
int id_query(const char* fn, muster_engine* engine, const char* param, const char* len_param, const char* id_ptr,
             size_t id_len, char* out, size_t out_cap, size_t* out_len, Render&& render) {
  if (engine == nullptr || id_ptr == nullptr) {
    clear_error();
    return null_argument(fn, engine == nullptr ? "engine" : param);
  }
  const std::string_view id(id_ptr, id_len);
  // A NUL would cut the id short wherever it is read as a C string; no JSON id holds one.
  if (const auto nul = id.find('\0'); nul != std::string_view::npos) {
    clear_error();
    return fail(MUSTER_EINVAL, std::string(fn) + ": " + param + " holds a NUL at byte " + std::to_string(nul) + " of its " +
                                   std::to_string(id_len) + "; an id is all " + len_param + " bytes, and has none");
  }
  return json_query(fn, engine, out, out_cap, out_len,
                    [&](muster_engine& e, std::string& text, std::string& missing) { return render(e, id, text, missing); });
}

int incident_query(const char* fn, muster_engine* engine, const char* incident_id, size_t id_len, char* out, size_t out_cap,
                   size_t* out_len) {
  return id_query(fn, engine, "incident_id", "id_len", incident_id, id_len, out, out_cap, out_len,
                  [](muster_engine& e, std::string_view id, std::string& text, std::string& missing) {
                    const muster::session& s = *e.session;
                    const muster::incident_id number = e.incidents.find(s, id, e.inputs);
                    const auto v = number != 0 ? s.engine().incident(number) : std::nullopt;
                    if (!v) {
                      missing = "no incident '" + std::string(id) + "'";
                      return false;
                    }
                    text = incident_json(s, *v);
                    return true;
                  });
}

int force_query(const char* fn, muster_engine* engine, const char* force_id, size_t id_len, char* out, size_t out_cap,
                size_t* out_len) {
  return id_query(fn, engine, "force_id", "id_len", force_id, id_len, out, out_cap, out_len,
                  [](muster_engine& e, std::string_view id, std::string& text, std::string& missing) {
                    const muster::engine& en = e.session->engine();
                    const muster::index_t force = en.forces().find_force(id);
                    const auto v = force != muster::no_index ? en.force_status(force) : std::nullopt;
                    if (!v) {
                      missing = "no force '" + std::string(id) + "' in the registry (an id of its forces:)";
                      return false;
                    }
                    text = force_json(*e.session, *v);
                    return true;
                  });
}

}  // namespace

extern "C" MUSTER_API int muster_engine_incident_n(char* out, size_t out_cap, size_t* out_len, muster_engine* engine,
                                                   const char* incident_id, size_t id_len) {
  return incident_query("muster_engine_incident_n", engine, incident_id, id_len, out, out_cap, out_len);
}

extern "C" MUSTER_API int muster_engine_incident(char* out, size_t out_cap, size_t* out_len, muster_engine* engine,
                                                 const char* incident_id) {
  return incident_query("muster_engine_incident", engine, incident_id, incident_id != nullptr ? std::strlen(incident_id) : 0, out,
                        out_cap, out_len);
}

extern "C" MUSTER_API int muster_engine_force_n(char* out, size_t out_cap, size_t* out_len, muster_engine* engine,
                                                const char* force_id, size_t id_len) {
  return force_query("muster_engine_force_n", engine, force_id, id_len, out, out_cap, out_len);
}

extern "C" MUSTER_API int muster_engine_force(char* out, size_t out_cap, size_t* out_len, muster_engine* engine,
                                              const char* force_id) {
  return force_query("muster_engine_force", engine, force_id, force_id != nullptr ? std::strlen(force_id) : 0, out, out_cap,
                     out_len);
}

extern "C" MUSTER_API int muster_engine_request(char* out, size_t out_cap, size_t* out_len, muster_engine* engine,
                                                uint32_t request_id) {
  return json_query("muster_engine_request", engine, out, out_cap, out_len,
                    [&](muster_engine& e, std::string& text, std::string& missing) {
                      const auto v = e.session->engine().request(request_id);
                      if (!v) {
                        missing = "no request " + std::to_string(request_id);
                        return false;
                      }
                      text = request_json(*e.session, *v);
                      return true;
                    });
}

extern "C" MUSTER_API int muster_engine_order(char* out, size_t out_cap, size_t* out_len, muster_engine* engine,
                                              uint32_t order_id) {
  return json_query("muster_engine_order", engine, out, out_cap, out_len,
                    [&](muster_engine& e, std::string& text, std::string& missing) {
                      const auto v = e.session->engine().order(order_id);
                      if (!v) {
                        missing = "no order " + std::to_string(order_id);
                        return false;
                      }
                      text = order_json(*e.session, *v);
                      return true;
                    });
}

extern "C" MUSTER_API int muster_engine_run(char* out, size_t out_cap, size_t* out_len, muster_engine* engine, uint32_t run_id) {
  return json_query("muster_engine_run", engine, out, out_cap, out_len,
                    [&](muster_engine& e, std::string& text, std::string& missing) {
                      const muster::engine& en = e.session->engine();
                      const auto v = en.run(run_id);
                      if (!v) {
                        const muster::run_id count = en.run_count();
                        missing = "no run " + std::to_string(run_id) +
                                  (count == 0 ? std::string(" (no schedule has run yet)")
                                              : " (runs are numbered 1 … " + std::to_string(count) + ")");
                        return false;
                      }
                      text = run_json(*e.session, *v);
                      return true;
                    });
}

extern "C" MUSTER_API int muster_engine_run_count(uint32_t* out, muster_engine* engine) {
  return value_query("muster_engine_run_count", out, engine, [](const muster::engine& en) { return en.run_count(); });
}

extern "C" MUSTER_API int muster_engine_deadlines(char* out, size_t out_cap, size_t* out_len, muster_engine* engine) {
  return json_query("muster_engine_deadlines", engine, out, out_cap, out_len,
                    [&](muster_engine& e, std::string& text, std::string&) {
                      text = deadlines_json(*e.session, e.session->engine().deadlines());
                      return true;
                    });
}

extern "C" MUSTER_API int muster_engine_worklist(char* out, size_t out_cap, size_t* out_len, muster_engine* engine,
                                                 const char* organisation, size_t organisation_len) {
  return id_query("muster_engine_worklist", engine, "organisation", "organisation_len", organisation, organisation_len, out,
                  out_cap, out_len, [](muster_engine& e, std::string_view id, std::string& text, std::string& missing) {
                    const muster::engine& en = e.session->engine();
                    const muster::index_t org = en.rules_policy().find_organisation(id);
                    if (org == muster::no_index) {
                      missing = "no organisation '" + std::string(id) + "' in the policy (an id of its organisations:)";
                      return false;
                    }
                    text = worklist_json(*e.session, en.worklist(org));
                    return true;
                  });
}

extern "C" MUSTER_API int muster_engine_open_incidents(char* out, size_t out_cap, size_t* out_len, muster_engine* engine) {
  return json_query("muster_engine_open_incidents", engine, out, out_cap, out_len,
                    [&](muster_engine& e, std::string& text, std::string&) {
                      text = open_incidents_json(*e.session, e.session->engine().open_incident_ids());
                      return true;
                    });
}

extern "C" MUSTER_API int muster_engine_open_requests(char* out, size_t out_cap, size_t* out_len, muster_engine* engine) {
  return json_query("muster_engine_open_requests", engine, out, out_cap, out_len,
                    [&](muster_engine& e, std::string& text, std::string&) {
                      text = open_requests_json(*e.session, e.session->engine().open_request_ids());
                      return true;
                    });
}

extern "C" MUSTER_API int muster_engine_open_orders(char* out, size_t out_cap, size_t* out_len, muster_engine* engine) {
  return json_query("muster_engine_open_orders", engine, out, out_cap, out_len,
                    [&](muster_engine& e, std::string& text, std::string&) {
                      text = open_orders_json(*e.session, e.session->engine().open_order_ids());
                      return true;
                    });
}

extern "C" MUSTER_API int muster_engine_next_due(int64_t* out, muster_engine* engine) {
  constexpr const char* fn = "muster_engine_next_due";
  return guarded(fn, [&]() -> int {
    if (out == nullptr) return null_argument(fn, "out");
    *out = INT64_MAX;
    if (engine == nullptr) return null_argument(fn, "engine");
    engine_lock lock(*engine, fn);
    if (lock.status() != MUSTER_OK) return lock.status();
    const auto due = engine->session->engine().next_due();
    if (!due) return fail(MUSTER_ENOTFOUND, std::string(fn) + ": no timer is pending (nothing will happen until the next event)");
    *out = *due;
    return MUSTER_OK;
  });
}

extern "C" MUSTER_API int muster_engine_snapshot_note(char* out, size_t out_cap, size_t* out_len, muster_engine* engine) {
  return json_query("muster_engine_snapshot_note", engine, out, out_cap, out_len, [](muster_engine& e, std::string& text, std::string&) {
    text = e.session->recovery().snapshot_note;  // empty in memory
    return true;
  });
}

extern "C" MUSTER_API int muster_engine_state_digest(char* out, size_t out_cap, muster_engine* engine) {
  constexpr const char* fn = "muster_engine_state_digest";
  return guarded(fn, [&]() -> int {
    if (engine == nullptr) return null_argument(fn, "engine");
    if (out == nullptr) return null_argument(fn, "out");
    engine_lock lock(*engine, fn);
    if (lock.status() != MUSTER_OK) return lock.status();
    const std::string d = engine->session->state_digest();
    size_t len = 0;
    return copy_out(fn, d, out, out_cap, &len);
  });
}

extern "C" MUSTER_API int muster_engine_now(int64_t* out, muster_engine* engine) {
  return value_query("muster_engine_now", out, engine, [](const muster::engine& en) { return en.now(); });
}

namespace {

template <class Sync>
int sync_journal(muster_engine* engine, const char* fn, Sync sync) {
  return guarded(fn, [&]() -> int {
    if (engine == nullptr) return null_argument(fn, "engine");
    engine_lock lock(*engine, fn);
    if (lock.status() != MUSTER_OK) return lock.status();
    if (const muster::status s = sync(*engine->session); !s) return fail(fn, s);
    return MUSTER_OK;
  });
}

}  // namespace

extern "C" MUSTER_API int muster_engine_flush(muster_engine* engine) {
  return sync_journal(engine, "muster_engine_flush", [](muster::session& s) { return s.flush(); });
}

extern "C" MUSTER_API int muster_engine_snapshot(muster_engine* engine) {
  return sync_journal(engine, "muster_engine_snapshot", [](muster::session& s) { return s.snapshot(); });
}

extern "C" MUSTER_API int muster_engine_flush_if_due(muster_engine* engine) {
  return sync_journal(engine, "muster_engine_flush_if_due", [](muster::session& s) { return s.flush_if_due(); });
}

extern "C" MUSTER_API int muster_engine_journal_seq(uint64_t* out_next, uint64_t* out_durable, muster_engine* engine) {
  constexpr const char* fn = "muster_engine_journal_seq";
  return guarded(fn, [&]() -> int {
    if (engine == nullptr) return null_argument(fn, "engine");
    if (out_next == nullptr) return null_argument(fn, "out_next");
    if (out_durable == nullptr) return null_argument(fn, "out_durable");
    engine_lock lock(*engine, fn);
    if (lock.status() != MUSTER_OK) return lock.status();
    *out_next = 0;
    *out_durable = 0;
    const muster::journal_status j = engine->session->journal();  // waits for the journal's queue to be written
    if (!j.recorded) return MUSTER_OK;
    *out_durable = j.durable_seq;
    *out_next = j.next_seq;
    if (!j.failed) return MUSTER_OK;
    return fail(MUSTER_EJOURNAL, std::string(fn) + ": the journal failed; records from " + std::to_string(*out_durable) +
                                     " on may be lost (reopen to recover)");
  });
}
