// The last error, per thread: what muster_error_last() returns, and the exception barrier's
// messages. Setting it never throws: when a message cannot be stored (out of memory), a fixed
// one takes its place.
#include "capi.hpp"

#include <cstring>

namespace muster::capi {
namespace {

thread_local std::string last_message;
/// A message that needs no storage (out of memory), or nullptr: then last_message applies.
thread_local const char* last_fixed = nullptr;

}  // namespace

void clear_error() noexcept {
  last_message.clear();  // keeps the capacity: no allocation on the next error either
  last_fixed = nullptr;
}

void set_error(std::string_view message) noexcept {
  try {
    last_message.assign(message.data(), message.size());
    last_fixed = nullptr;
  } catch (...) {
    last_fixed = "out of memory (while recording an error message)";
  }
}

int fail(int status, std::string_view message) noexcept {
  set_error(message);
  return status;
}

int null_argument(const char* function, const char* name) noexcept {
  try {
    std::string m(function);
    m += ": ";
    m += name;
    m += " is NULL";
    return fail(MUSTER_EINVAL, m);
  } catch (...) {
    last_fixed = "an argument is NULL (out of memory while naming it)";
    return MUSTER_EINVAL;
  }
}

int status_rc(muster::status_code code) noexcept {
  using muster::status_code;
  switch (code) {
    case status_code::ok: return MUSTER_OK;
    case status_code::invalid_argument:
    case status_code::journal_location: return MUSTER_EINVAL;  // the caller's journal_path names no partition
    case status_code::malformed_input: return MUSTER_EMALFORMED;
    case status_code::registry_conflict: return MUSTER_EPOLICY;
    case status_code::io_error:
    case status_code::journal_damaged:
    case status_code::journal_format_unsupported:
    case status_code::journal_locked:
    case status_code::journal_fenced:
    case status_code::journal_policy_mismatch:
    case status_code::journal_registry_mismatch:
    case status_code::journal_replay_mismatch:
    case status_code::journal_unknown_record:
    case status_code::journal_head_mismatch:
    case status_code::journal_truncated:
    case status_code::journal_missing:
    case status_code::no_space: return MUSTER_EJOURNAL;
  }
  return MUSTER_EINTERNAL;  // a code newer than this table: a bug, said as one
}

int fail(const char* function, const muster::status& s) noexcept {
  try {
    std::string m(function);
    m += ": ";
    m += s.message();
    return fail(status_rc(s.code()), m);
  } catch (...) {
    last_fixed = "an error occurred (out of memory while describing it)";
    return status_rc(s.code());
  }
}

int internal_error(const char* function, const char* what) noexcept {
  try {
    std::string m(function);
    m += ": internal error: ";
    m += what != nullptr ? what : "(no message)";
    return fail(MUSTER_EINTERNAL, m);
  } catch (...) {
    last_fixed = std::strcmp(what, "out of memory") == 0 ? "internal error: out of memory"
                                                         : "internal error (out of memory while describing it)";
    return MUSTER_EINTERNAL;
  }
}

}  // namespace muster::capi

extern "C" MUSTER_API const char* muster_status_str(int status) {
  // Static strings; no call touches the last error (muster.h).
  switch (status) {
    case MUSTER_OK: return "ok";
    case MUSTER_EINVAL: return "invalid argument";
    case MUSTER_EPOLICY: return "policy does not compile";
    case MUSTER_EJOURNAL: return "journal error";
    case MUSTER_EREJECTED: return "rejected";
    case MUSTER_EMALFORMED: return "malformed event";
    case MUSTER_EBUFSIZE: return "buffer too small";
    case MUSTER_ENOTFOUND: return "not found";
    case MUSTER_EUSER: return "stopped by a callback";
    case MUSTER_EINTERNAL: return "internal error";
    default: return "unknown status";
  }
}

extern "C" MUSTER_API const char* muster_error_last(void) {
  // Never NULL, never throws: both strings live as long as this thread.
  using namespace muster::capi;
  return last_fixed != nullptr ? last_fixed : last_message.c_str();
}
