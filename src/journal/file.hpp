// Internal: the journal's file, over POSIX calls, with the fault hook in front of every write,
// sync and truncate. Errors come back as "<what> <path>: <strerror>"; those of writing (create,
// write, sync, truncate, reserve) as a status located at the path: no_space for a full disk,
// a quota or a file past its size limit, io_error otherwise (io_status).
#pragma once

#include "journal/journal_store.hpp"

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

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
  /// Starts `path` again as a new file holding `first` (synced), as create() does, but renamed
  /// over `path` (a rotation: segments.cpp). Held locked from before the rename, so no one
  /// opens the new file unlocked; this object then holds the new file — also when only the
  /// directory's sync failed after the rename (then false, and same_file(path) is true).
  bool replace(const std::string& path, std::string_view first, status& err);
  /// Opens read-only (no lock), for scanning.
  bool open_read(const std::string& path, std::string& err);
  void close();
  /// Exchanges the files two objects hold (and their paths; not the fault hooks).
  void swap(journal_file& other) noexcept;

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
  bool resume_at(std::uint64_t offset, std::uint64_t, std::uint64_t& at, std::string& err) override {
    at = offset;
    return seek(offset, err);
  }
  /// Up to `n` bytes from `offset` (fewer at the end of the file).
  bool read_at(std::uint64_t offset, std::size_t n, std::string& out, std::string& err);
  /// The line starting at `offset`, without its newline; false when there is no whole line
  /// there (at most 1 MiB is read: records looked up this way are small).
  bool read_line_at(std::uint64_t offset, std::string& line, std::string& err);
  /// The file's identity (device and inode): whether a path still names this file.
  bool same_file(const std::string& path) const;
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

/// The files named `<base><infix><20 digits>` in base's directory, as (number, path), lowest
/// first: a journal's snapshots and sealed segments.
std::vector<std::pair<std::uint64_t, std::string>> list_numbered(const std::string& base, std::string_view infix);
/// `<base><infix><seq in 20 digits>`.
std::string numbered_path(const std::string& base, std::string_view infix, std::uint64_t seq);

}  // namespace detail
MUSTER_END_NAMESPACE
