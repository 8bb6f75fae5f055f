// The names of status codes (include/muster/status.hpp): the kebab-case words messages use.
#include <muster/status.hpp>

#include <string>

MUSTER_BEGIN_NAMESPACE

const char* to_string(status_code c) {
  switch (c) {
    case status_code::ok: return "ok";
    case status_code::invalid_argument: return "invalid-argument";
    case status_code::malformed_input: return "malformed-input";
    case status_code::registry_conflict: return "registry-conflict";
    case status_code::io_error: return "io-error";
    case status_code::journal_damaged: return "journal-damaged";
    case status_code::journal_format_unsupported: return "journal-format-unsupported";
    case status_code::journal_locked: return "journal-locked";
    case status_code::journal_fenced: return "journal-fenced";
    case status_code::journal_policy_mismatch: return "journal-policy-mismatch";
    case status_code::journal_registry_mismatch: return "journal-registry-mismatch";
    case status_code::journal_replay_mismatch: return "journal-replay-mismatch";
    case status_code::journal_unknown_record: return "journal-unknown-record";
    case status_code::journal_head_mismatch: return "journal-head-mismatch";
    case status_code::journal_truncated: return "journal-truncated";
    case status_code::journal_missing: return "journal-missing";
    case status_code::journal_location: return "journal-location";
    case status_code::no_space: return "no-space";
  }
  return "unknown-status";
}

status status::located(status_code code, status_location where, std::string_view what) {
  std::string m;
  if (!where.file.empty()) m += where.file + ":";
  if (where.line != 0) {
    m += std::to_string(where.line) + ":";
    if (where.column != 0) m += std::to_string(where.column) + ":";
  }
  if (!m.empty()) m += " ";
  if (!where.path.empty()) m += where.path + ": ";
  status s(code, std::string(), std::move(where));
  s.what_at_ = m.size();
  s.message_ = std::move(m);
  s.message_ += what;
  return s;
}

MUSTER_END_NAMESPACE
