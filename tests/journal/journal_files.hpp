// Test support for the journal's suites: scratch directories, whole files, and sessions on the
// reference policy (rules/weihai.yaml).
#pragma once

#include "engine/scenario.hpp"

#include "session/session_access.hpp"

#include <muster/session.hpp>

#include <doctest/doctest.h>

#include <cerrno>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <memory>
#include <string>
#include <system_error>

#include <unistd.h>

namespace muster_test {

/// A fresh directory under /tmp, removed afterwards. Unique by process id and a counter.
struct temp_dir {
  std::filesystem::path path;
  explicit temp_dir(const char* prefix = "muster-journal-test") {
    static unsigned counter = 0;
    path = std::filesystem::path("/tmp") / (std::string(prefix) + "-" + std::to_string(::getpid()) + "-" + std::to_string(++counter));
    std::filesystem::remove_all(path);
    std::filesystem::create_directories(path);
  }
  ~temp_dir() {
    std::error_code ec;
    std::filesystem::remove_all(path, ec);
  }
  temp_dir(const temp_dir&) = delete;
  temp_dir& operator=(const temp_dir&) = delete;
  std::string file(const std::string& name) const { return (path / name).string(); }
};

inline std::string read_file(const std::string& p) {
  std::ifstream in(p, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

inline void write_file(const std::string& p, const std::string& bytes) {
  std::ofstream out(p, std::ios::binary | std::ios::trunc);
  out << bytes;
}

/// Session options plus what only tests set: a hook asked before every write, sync, truncate
/// and reserve of the journal file (detail::session_access; not part of the public options).
struct test_session_options : muster::session_options {
  muster::journal_fault_hook fault;
};

/// session::open with the test options' fault hook.
inline muster::result<std::unique_ptr<muster::session>> open_with(std::shared_ptr<const muster::policy> p,
                                                                  std::shared_ptr<const muster::force_registry> forces,
                                                                  const test_session_options& o) {
  return muster::detail::session_access::open(std::move(p), std::move(forces), o, o.fault);
}

/// The same, the session or nullptr with `err` (ok when it opened).
inline std::unique_ptr<muster::session> open_with(std::shared_ptr<const muster::policy> p,
                                                  std::shared_ptr<const muster::force_registry> forces,
                                                  const test_session_options& o, muster::status& err) {
  auto r = open_with(std::move(p), std::move(forces), o);
  err = r.error();
  return r ? std::move(*r) : nullptr;
}

/// A session on the reference policy, journaled at `path` (in memory when it is empty); nullptr
/// with `err` when it does not open.
inline std::unique_ptr<muster::session> open_session(const std::string& path, muster::status& err, test_session_options o = {}) {
  o.journal_path = path;
  return open_with(weihai().policy, weihai().forces, o, err);
}

/// The same, required to open.
inline std::unique_ptr<muster::session> open_ok(const std::string& path, test_session_options o = {}) {
  muster::status err;
  auto s = open_session(path, err, std::move(o));
  INFO("open: " << err.message());
  REQUIRE(s);
  return s;
}

/// The status of opening the reference policy's session on `path`, which must fail.
inline muster::status open_refused(const std::string& path, test_session_options o = {}) {
  muster::status err;
  auto s = open_session(path, err, std::move(o));
  CHECK(s == nullptr);
  return err;
}

/// every_event's write failures, on demand: after arm(kept) the next write fails with ENOSPC,
/// `kept(bytes)` of it reaching the file first (a short write, as on a full disk).
struct write_failure {
  bool armed = false;
  std::size_t (*kept)(std::size_t) = nullptr;
  void arm(std::size_t (*k)(std::size_t)) {
    kept = k;
    armed = true;
  }
  /// The hook for session_options::fault; `this` must outlive the session.
  muster::journal_fault_hook hook() {
    return [this](muster::journal_io op, std::uint64_t, std::size_t bytes) -> muster::journal_fault {
      if (op != muster::journal_io::write || !armed) return {};
      armed = false;
      return {ENOSPC, kept(bytes)};
    };
  }
};

/// every_event's sync failures, on demand: while `failing`, every sync fails with EIO.
struct sync_failure {
  bool failing = false;
  /// The hook for session_options::fault; `this` must outlive the session.
  muster::journal_fault_hook hook() {
    return [this](muster::journal_io op, std::uint64_t, std::size_t) -> muster::journal_fault {
      if (op == muster::journal_io::sync && failing) return {EIO, 0};
      return {};
    };
  }
};

}  // namespace muster_test
