// Internal: the journal's file, over POSIX calls, with the fault hook in front of every write,
// sync and truncate. Errors come back as "<what> <path>: <strerror>"; those of writing (create,
// write, sync, truncate, reserve) as a status located at the path: no_space for a full disk,
// a quota or a file past its size limit, io_error otherwise (io_status).
#pragma once

#include "journal/journal_store.hpp"

#include <cstdint>
#include <string>
#include <string_view>

MUSTER_BEGIN_NAMESPACE
namespace detail {

class journal_file final : public record_source {
 public:
  journal_file() = default;
  ~journal_file() override;
  journal_file(const journal_file&) = delete;
  journal_file& operator=(const journal_file&) = delete;

  /// Opens an existing file read-write and takes an exclusive, non-blocking flock.
  bool open(const std::string& path, std::string& err);
  /// The last open() failed because another session or process holds the file's lock.
  bool locked_by_other() const { return locked_by_other_; }
  /// Creates `path` whole, holding `first` (synced): written under a temporary name (locked),
  /// linked to `path` — which fails if `path` exists — and the directory synced. A crash leaves
  /// either no `path` or one with all of `first`, never an empty or partial file there.
  bool create(const std::string& path, std::string_view first, status& err);
  /// Opens read-only (no lock), for scanning.
  bool open_read(const std::string& path, std::string& err);
  void close();

  /// Writes all of `data` at `offset` (looping over short writes).
  bool write_at(std::uint64_t offset, std::string_view data, status& err);
  /// fdatasync: the data and the size that reaches it.
  bool sync(status& err) { return sync_as(sync_fault(), err); }
  /// What the fault hook says about the next sync ({} without a hook). A background sync asks
  /// it on the committing thread, so the hook is only ever called from the journal's user.
  journal_fault sync_fault();
  /// fdatasync, or the failure `f` injects, without asking the hook. Safe on another thread
  /// while this file is written.
  bool sync_as(const journal_fault& f, status& err);
  bool truncate(std::uint64_t size, status& err);
  /// Allocates [offset, offset + bytes) without changing the file's size. Sets `unsupported`
  /// (and succeeds) where the file system cannot. Fails with EFBIG past RLIMIT_FSIZE, which
  /// fallocate itself does not check when keeping the size (a write there would fail).
  bool allocate(std::uint64_t offset, std::uint64_t bytes, bool& unsupported, status& err);
  /// Reads up to `n` bytes at the current position; returns bytes read, 0 at the end, -1 on error.
  long read_some(char* buf, std::size_t n, std::string& err) override;
  /// Moves to byte `offset`: reading goes on there.
  bool seek(std::uint64_t offset, std::string& err);
  bool resume_at(std::uint64_t offset, std::uint64_t, std::string& err) override { return seek(offset, err); }
  bool size(std::uint64_t& out, std::string& err) const override;

  int fd() const { return fd_; }
  const std::string& path() const override { return path_; }
  journal_fault_hook fault;

 private:
  bool fail(const char* what, int error, std::string& err) const;
  bool fail(const char* what, int error, status& err) const;
  int fd_ = -1;
  bool locked_by_other_ = false;
  std::string path_;
};

/// What an errno of a write, sync or allocation means to a host: no_space when the disk, a
/// quota or the file's size limit is full (ENOSPC, EDQUOT, EFBIG), else io_error.
status_code io_code(int error);

/// Syncs the directory holding `path`, so a newly created entry survives a crash.
bool sync_parent_directory(const std::string& path, std::string& err);
bool file_exists(const std::string& path);

}  // namespace detail
MUSTER_END_NAMESPACE
