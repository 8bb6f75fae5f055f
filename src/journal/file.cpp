// The journal's file over POSIX: pwrite (looping), fdatasync, ftruncate, flock.
#include "journal/file.hpp"

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cstring>

#include <dirent.h>

#include <fcntl.h>
#ifdef __linux__
#include <linux/falloc.h>
#endif
#include <sys/file.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

MUSTER_BEGIN_NAMESPACE
namespace detail {

journal_file::~journal_file() { close(); }

bool journal_file::fail(const char* what, int error, std::string& err) const {
  err = std::string(what) + " " + path_ + ": " + std::strerror(error);
  return false;
}

bool journal_file::fail(const char* what, int error, status& err) const {
  std::string m;
  fail(what, error, m);
  err = status(io_code(error), std::move(m), status_location{path_, {}, 0, 0});
  return false;
}

status_code io_code(int error) {
  switch (error) {
    case ENOSPC:
    case EDQUOT:
    case EFBIG: return status_code::no_space;
    default: return status_code::io_error;
  }
}

namespace {

/// A journal is a regular file: a FIFO or a device would block the reader forever or take
/// records it cannot give back. O_NONBLOCK keeps open() itself from waiting on a FIFO.
int open_regular(const std::string& path, int flags, std::string& err) {
  int fd;
  do fd = ::open(path.c_str(), flags | O_NONBLOCK | O_CLOEXEC, 0644);
  while (fd < 0 && errno == EINTR);
  if (fd < 0) {
    err = std::string((flags & O_CREAT) ? "cannot create " : "cannot open ") + path + ": " + std::strerror(errno);
    return -1;
  }
  struct stat st {};
  if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    ::close(fd);
    err = "cannot open " + path + ": not a regular file (a journal is a file of its own)";
    return -1;
  }
  ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) & ~O_NONBLOCK);
  return fd;
}

/// `busy` (when given) says whether the lock was refused because another holds it.
bool same_inode(int fd, const std::string& path) {
  struct stat a {}, b {};
  return ::fstat(fd, &a) == 0 && ::stat(path.c_str(), &b) == 0 && a.st_dev == b.st_dev && a.st_ino == b.st_ino;
}

/// `busy` (when given) says whether the lock was refused because another holds it. The lock is
/// on the file opened: a rotation (journal_file::replace) may have renamed a new file over
/// `path` between the open and the lock, leaving this one a sealed segment, so the lock counts
/// only while `path` still names the file locked; otherwise the new file is opened.
int open_locked(const std::string& path, int flags, std::string& err, bool* busy = nullptr) {
  for (int attempt = 0;; ++attempt) {
    const int fd = open_regular(path, flags | O_RDWR, err);
    if (fd < 0) return -1;
    if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
      const int e = errno;
      ::close(fd);
      if (busy) *busy = e == EWOULDBLOCK;
      err = e == EWOULDBLOCK ? "journal " + path + " is in use (locked by another session or process)"
                             : "cannot lock " + path + ": " + std::strerror(e);
      return -1;
    }
    if (same_inode(fd, path)) return fd;
    ::close(fd);
    if (attempt == 8) {
      err = "cannot lock " + path + ": another process keeps replacing it";
      return -1;
    }
  }
}

}  // namespace

bool journal_file::open(const std::string& path, std::string& err) {
  close();
  path_ = path;
  locked_by_other_ = false;
  fd_ = open_locked(path, 0, err, &locked_by_other_);
  return fd_ >= 0;
}

bool journal_file::create(const std::string& path, std::string_view first, status& err) {
  close();
  // Not truncated before the lock is held: another process may be creating the same journal.
  path_ = path + ".creating";
  std::string why;
  fd_ = open_locked(path_, O_CREAT, why);
  if (fd_ < 0) {
    err = status(status_code::io_error, std::move(why), status_location{path, {}, 0, 0});
    return false;
  }
  if (!truncate(0, err) || !write_at(0, first, err) || !sync(err)) {
    ::unlink(path_.c_str());
    close();
    return false;
  }
  const int linked = ::link(path_.c_str(), path.c_str());
  const int e = errno;
  ::unlink(path_.c_str());
  path_ = path;
  if (linked != 0) {
    close();
    return fail(e == EEXIST ? "cannot create (another process created it meanwhile)" : "cannot create", e, err);
  }
  if (sync_parent_directory(path, why)) return true;
  err = status(status_code::io_error, std::move(why), status_location{path, {}, 0, 0});
  return false;
}

bool journal_file::replace(const std::string& path, std::string_view first, status& err) {
  journal_file fresh;
  fresh.fault = fault;
  fresh.path_ = path + ".rotating";
  std::string why;
  ::unlink(fresh.path_.c_str());  // left by a rotation a crash interrupted: never renamed, so never used
  fresh.fd_ = open_locked(fresh.path_, O_CREAT | O_EXCL, why);
  if (fresh.fd_ < 0) {
    err = status(status_code::io_error, std::move(why), status_location{path, {}, 0, 0});
    return false;
  }
  if (!fresh.write_at(0, first, err) || !fresh.sync(err)) {
    ::unlink(fresh.path_.c_str());
    return false;
  }
  if (::rename(fresh.path_.c_str(), path.c_str()) != 0) {
    const int e = errno;
    ::unlink(fresh.path_.c_str());
    return fresh.fail("cannot rename over", e, err);
  }
  // Renamed: this object holds the new file from here on, even if the directory does not sync
  // (then the rename is not durable yet, and the caller must not go on as if it were).
  fresh.path_ = path;
  swap(fresh);
  if (sync_parent_directory(path, why)) return true;
  err = status(status_code::io_error, std::move(why), status_location{path, {}, 0, 0});
  return false;
}

void journal_file::swap(journal_file& other) noexcept {
  std::swap(fd_, other.fd_);
  std::swap(path_, other.path_);
  std::swap(locked_by_other_, other.locked_by_other_);
}

bool journal_file::same_file(const std::string& path) const { return fd_ >= 0 && same_inode(fd_, path); }

bool journal_file::read_at(std::uint64_t offset, std::size_t n, std::string& out, std::string& err) {
  if (!seek(offset, err)) return false;
  out.assign(n, '\0');
  std::size_t have = 0;
  while (have < n) {
    const long got = read_some(out.data() + have, n - have, err);
    if (got < 0) return false;
    if (got == 0) break;
    have += static_cast<std::size_t>(got);
  }
  out.resize(have);
  return true;
}

bool journal_file::read_line_at(std::uint64_t offset, std::string& line, std::string& err) {
  for (std::size_t n = 4096; n <= (1U << 20); n *= 4) {
    if (!read_at(offset, n, line, err)) return false;
    const std::size_t nl = line.find('\n');
    if (nl != std::string::npos) {
      line.resize(nl);
      return true;
    }
    if (line.size() < n) break;  // the end of the file, and no newline
  }
  err = "no whole line at byte " + std::to_string(offset) + " of " + path_;
  return false;
}

bool journal_file::open_read(const std::string& path, std::string& err) {
  close();
  path_ = path;
  fd_ = open_regular(path, O_RDONLY, err);
  return fd_ >= 0;
}

void journal_file::close() {
  if (fd_ >= 0) ::close(fd_);  // also releases the flock
  fd_ = -1;
}

bool journal_file::write_at(std::uint64_t offset, std::string_view data, status& err) {
  std::size_t limit = data.size();
  int injected = 0;
  if (fault) {
    const journal_fault f = fault(journal_io::write, offset, data.size());
    if (f.error != 0) {
      injected = f.error;
      limit = f.written < data.size() ? f.written : data.size();
    }
  }
  std::size_t done = 0;
  while (done < limit) {
    const ssize_t n = ::pwrite(fd_, data.data() + done, limit - done, static_cast<off_t>(offset + done));
    if (n < 0) {
      if (errno == EINTR) continue;
      return fail("cannot write to", errno, err);
    }
    if (n == 0) return fail("cannot write to", EIO, err);
    done += static_cast<std::size_t>(n);
  }
  if (injected != 0) return fail("cannot write to", injected, err);
  return true;
}

journal_fault journal_file::sync_fault() { return fault ? fault(journal_io::sync, 0, 0) : journal_fault{}; }

bool journal_file::sync_as(const journal_fault& f, status& err) {
  if (f.error != 0) return fail("cannot sync", f.error, err);
  int rc;
  do rc = ::fdatasync(fd_);
  while (rc != 0 && errno == EINTR);
  if (rc != 0) return fail("cannot sync", errno, err);
  return true;
}

bool journal_file::truncate(std::uint64_t size, status& err) {
  if (fault) {
    const journal_fault f = fault(journal_io::truncate, size, 0);
    if (f.error != 0) return fail("cannot truncate", f.error, err);
  }
  int rc;
  do rc = ::ftruncate(fd_, static_cast<off_t>(size));
  while (rc != 0 && errno == EINTR);
  if (rc != 0) return fail("cannot truncate", errno, err);
  return true;
}

bool journal_file::allocate(std::uint64_t offset, std::uint64_t bytes, bool& unsupported, status& err) {
  unsupported = false;
  if (fault) {
    const journal_fault f = fault(journal_io::reserve, offset, static_cast<std::size_t>(bytes));
    if (f.error != 0) return fail("cannot reserve space for", f.error, err);
  }
  rlimit limit{};
  if (::getrlimit(RLIMIT_FSIZE, &limit) == 0 && limit.rlim_cur != RLIM_INFINITY && offset + bytes > limit.rlim_cur)
    return fail("cannot reserve space for", EFBIG, err);
#ifdef __linux__
  int rc;
  do rc = ::fallocate(fd_, FALLOC_FL_KEEP_SIZE, static_cast<off_t>(offset), static_cast<off_t>(bytes));
  while (rc != 0 && errno == EINTR);
  if (rc == 0) return true;
  if (errno == EOPNOTSUPP || errno == ENOSYS) {
    unsupported = true;
    return true;
  }
  return fail("cannot reserve space for", errno, err);
#else
  unsupported = true;
  return true;
#endif
}

long journal_file::read_some(char* buf, std::size_t n, std::string& err) {
  for (;;) {
    const ssize_t got = ::read(fd_, buf, n);
    if (got >= 0) return static_cast<long>(got);
    if (errno == EINTR) continue;
    fail("cannot read", errno, err);
    return -1;
  }
}

bool journal_file::seek(std::uint64_t offset, std::string& err) {
  if (::lseek(fd_, static_cast<off_t>(offset), SEEK_SET) == static_cast<off_t>(-1)) return fail("cannot seek in", errno, err);
  return true;
}

bool journal_file::size(std::uint64_t& out, std::string& err) const {
  struct stat st {};
  if (::fstat(fd_, &st) != 0) return fail("cannot stat", errno, err);
  out = static_cast<std::uint64_t>(st.st_size);
  return true;
}

bool sync_parent_directory(const std::string& path, std::string& err) {
  const std::size_t slash = path.rfind('/');
  const std::string dir = slash == std::string::npos ? "." : slash == 0 ? "/" : path.substr(0, slash);
  const int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) {
    err = "cannot open directory " + dir + ": " + std::strerror(errno);
    return false;
  }
  const int rc = ::fsync(fd);
  const int e = errno;
  ::close(fd);
  if (rc != 0 && e != EINVAL) {  // some file systems cannot sync a directory: nothing more to do there
    err = "cannot sync directory " + dir + ": " + std::strerror(e);
    return false;
  }
  return true;
}

bool file_exists(const std::string& path) {
  struct stat st {};
  return ::stat(path.c_str(), &st) == 0;
}

std::string numbered_path(const std::string& base, std::string_view infix, std::uint64_t seq) {
  return base + std::string(infix) + snapshot_seq_text(seq);
}

std::vector<std::pair<std::uint64_t, std::string>> list_numbered(const std::string& base, std::string_view infix) {
  constexpr std::size_t digits = 20;
  std::vector<std::pair<std::uint64_t, std::string>> found;
  const std::size_t slash = base.rfind('/');
  const std::string dir = slash == std::string::npos ? "." : slash == 0 ? "/" : base.substr(0, slash);
  const std::string prefix = (slash == std::string::npos ? base : base.substr(slash + 1)) + std::string(infix);
  DIR* d = ::opendir(dir.c_str());
  if (!d) return found;
  while (const dirent* e = ::readdir(d)) {
    const std::string_view name(e->d_name);
    if (name.size() != prefix.size() + digits || name.substr(0, prefix.size()) != prefix) continue;
    const std::string_view text = name.substr(prefix.size());
    std::uint64_t seq = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), seq);
    if (ec != std::errc() || end != text.data() + text.size()) continue;  // not ours, or past 2^64
    found.emplace_back(seq, numbered_path(base, infix, seq));
  }
  ::closedir(d);
  std::sort(found.begin(), found.end());
  return found;
}

}  // namespace detail
MUSTER_END_NAMESPACE
