// One failure channel for the C++ layers that are not compilers: `status` (a stable code, a
// message that says where and what, and the location as data) and `result<T>` (a value or a
// status). Session, journal, codec, engine::replace_registry and CAP answer with them.
//
//   auto s = muster::session::open(policy, registry, options);
//   if (!s) die(s.error().message());               // "refusing to start: j.journal:4: journal-damaged: …"
//   if (s.error().code() == muster::status_code::journal_locked) retry_later();
//   std::unique_ptr<muster::session> session = std::move(*s);
//
//   muster::owned_event ev;
//   muster::status st = codec.decode_event(json, ev);   // st.where().path == "forces[2]", line, column
//
// Bad input is expected, so it is a status, never an exception; exceptions remain only for
// broken invariants (a null policy, a record type that is not [a-z_]+, reading the value of a
// failed result). Policy and registry compilation keep `compile_result` (policy.hpp): a list
// of located diagnostics, warnings beside a value, is what a policy writer needs, and one
// status could not carry it. CAP import and export answer with `result<T>` and keep their
// diagnostics beside it (`result::diagnostics`) for the same reason.
//
// The C API (muster.h) maps each code to one MUSTER_E… return code (docs in muster.h, table in
// bindings/c/src/errors.cpp) and gives the message through muster_error_last().
#pragma once

#include <muster/config.hpp>
#include <muster/diagnostic.hpp>

#include <cstddef>
#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

MUSTER_BEGIN_NAMESPACE

/// Stable codes: new ones are added at the end, none is renumbered. to_string gives the
/// kebab-case name the messages use ("journal-locked").
enum class status_code : std::uint8_t {
  ok = 0,
  invalid_argument,           ///< a value the caller gave is out of range (a registry compiled for another policy …)
  malformed_input,            ///< input that does not decode or check: an event's JSON, a time, a CAP alert
  registry_conflict,          ///< an edited force registry cannot follow the engine's (a known force removed)
  io_error,                   ///< a file or database could not be read, written or synced
  journal_damaged,            ///< the hash chain, a record's seq or framing is broken, or there is no header
  journal_format_unsupported, ///< a journal format this version does not read (muster-journal/1)
  journal_locked,             ///< another writer holds the journal (flock, or the partition's advisory lock)
  journal_fenced,             ///< another writer opened the partition since this one did
  journal_policy_mismatch,    ///< the journal was written under another policy (policy pinning)
  journal_registry_mismatch,  ///< … under another force registry, of which it keeps no copy
  journal_replay_mismatch,    ///< replaying a recorded event gives another outcome than the one recorded
  journal_unknown_record,     ///< a record type this version does not know
  journal_head_mismatch,      ///< the journal does not hold the host's last durable head (another journal)
  journal_truncated,          ///< the journal ends before the host's last durable head
  journal_missing,            ///< no journal where the host's last durable head says one is
  journal_location,           ///< a PostgreSQL location that names no partition
  no_space,                   ///< no room left for the journal: a full disk or quota (ENOSPC, EDQUOT), a file past RLIMIT_FSIZE (EFBIG), a PostgreSQL server out of disk (SQLSTATE 53100)
};

/// "ok", "invalid-argument", "malformed-input", … "journal-location", "no-space".
const char* to_string(status_code c);

/// Where a failure is, as data; a field is empty (or 0) when it does not apply.
struct status_location {
  std::string file;           ///< a file or journal location ("incidents.journal", "postgresql://…#p")
  std::string path;           ///< the field within the input: "forces[2]", "at", "registry" (empty: the whole input)
  std::uint32_t line = 0;     ///< 1-based (a journal record's line is its seq + 1)
  std::uint32_t column = 0;   ///< 1-based, in characters
};

/// Success, or a failure with a code, a message and its location. Cheap when ok (no allocation).
class status {
 public:
  status() = default;  ///< ok
  /// `message` as it is (it may say where itself, as the journal's do); `where` as data.
  status(status_code code, std::string message, status_location where = {})
      : code_(code), message_(std::move(message)), where_(std::move(where)) {}
  /// A message that starts with its location, "[file:]line:col: [path: ]what" (the parts that
  /// are empty or 0 left out), as the codec words its errors.
  static status located(status_code code, status_location where, std::string_view what);

  bool ok() const { return code_ == status_code::ok; }
  explicit operator bool() const { return ok(); }
  status_code code() const { return code_; }
  /// What is wrong and what to do, located as the layer locates it: the journal's
  /// "<file>:<line>: journal-damaged: record 3 (byte 412): …", the codec's "1:9: forces[2]: …".
  /// Empty when ok. This is what muster_error_last() carries.
  const std::string& message() const { return message_; }
  /// The message without the location located() put before it (the whole message otherwise):
  /// for a tool that places the error itself, e.g. on the line of a file the input came from.
  std::string_view what() const { return std::string_view(message_).substr(what_at_); }
  const status_location& where() const { return where_; }

  /// The same failure with `prefix` before its message (where and code kept).
  status with_prefix(std::string_view prefix) const& {
    status s = *this;
    s.message_.insert(0, prefix);
    s.what_at_ += prefix.size();
    return s;
  }

 private:
  status_code code_ = status_code::ok;
  std::string message_;
  status_location where_;
  std::size_t what_at_ = 0;  ///< where what() starts in message_
};

/// Thrown only when a program reads the value of a failed result: a broken invariant.
class bad_result_access : public std::logic_error {
 public:
  explicit bad_result_access(const std::string& what) : std::logic_error(what) {}
};

/// A value, or the status that says why there is none. `diagnostics` holds located findings
/// of a checker that reports several (CAP), warnings beside a value included; it is empty
/// for the other layers.
template <class T>
class result {
 public:
  result(T value) : value_(std::move(value)) {}                     // NOLINT: a value is a success
  result(status failure) : status_(std::move(failure)) {             // NOLINT: a status is a failure
    if (status_.ok()) throw bad_result_access("muster::result: a failure needs a status that is not ok");
  }
  result(status failure, std::vector<diagnostic> diags) : result(std::move(failure)) { diagnostics = std::move(diags); }

  bool ok() const { return value_.has_value(); }
  explicit operator bool() const { return ok(); }
  /// The failure; an ok status when there is a value.
  const status& error() const { return status_; }

  T& value() & { return checked(); }
  const T& value() const& { return const_cast<result*>(this)->checked(); }
  T&& value() && { return std::move(checked()); }
  T& operator*() & { return checked(); }
  const T& operator*() const& { return const_cast<result*>(this)->checked(); }
  T* operator->() { return &checked(); }
  const T* operator->() const { return &const_cast<result*>(this)->checked(); }

  std::vector<diagnostic> diagnostics;  ///< sorted by location (CAP); empty elsewhere

 private:
  T& checked() {
    if (!value_) throw bad_result_access("muster::result: no value: " + status_.message());
    return *value_;
  }
  std::optional<T> value_;
  status status_;
};

MUSTER_END_NAMESPACE
