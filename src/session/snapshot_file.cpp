// Snapshot files (snapshot_file.hpp).
#include "session/snapshot_file.hpp"

#include "codec/codec_state.hpp"
#include "common/digest.hpp"
#include "common/json_escape.hpp"
#include "engine/engine_state.hpp"
#include "journal/file.hpp"
#include "journal/segments.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <charconv>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <memory>
#include <utility>
#include <dirent.h>
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

MUSTER_BEGIN_NAMESPACE
namespace detail {
namespace {

constexpr std::string_view magic = "muster-snapshot/1\n";
constexpr std::string_view infix = ".snapshot-";

std::string errno_text(const std::string& what, const std::string& path) { return what + " " + path + ": " + std::strerror(errno); }

/// Snapshot files beside a journal file.
class file_snapshots final : public snapshot_store {
 public:
  file_snapshots(std::string journal, bool writable) : journal_(std::move(journal)), writable_(writable) {}

  std::string name(std::uint64_t seq) const override {
    const std::string path = snapshot_path(journal_, seq);
    const std::size_t slash = path.rfind('/');
    return slash == std::string::npos ? path : path.substr(slash + 1);
  }
  std::string where(std::uint64_t seq) const override { return snapshot_path(journal_, seq); }

  std::vector<std::uint64_t> list() override {
    std::vector<std::uint64_t> seqs;
    if (!file_exists(journal_)) return seqs;  // snapshots of a journal since removed say nothing
    for (const auto& found : list_snapshots(journal_)) seqs.push_back(found.first);
    return seqs;
  }

  bool read(std::uint64_t seq, std::unique_ptr<snapshot_bytes>& out, std::string& err) override {
    auto f = std::make_unique<mapped_file>();
    if (!f->open(snapshot_path(journal_, seq), err)) return false;
    out = std::move(f);
    return true;
  }

  status write(std::uint64_t seq, std::string_view bytes) override {
    if (!writable_) return read_only();
    return write_file_durably(snapshot_path(journal_, seq), bytes);
  }

  void remove(std::uint64_t seq) override {
    if (writable_) ::unlink(snapshot_path(journal_, seq).c_str());
  }

  bool journal_header(std::string& line, std::string& err) override {
    return open(first_segment(journal_), err) && file_.read_line_at(0, line, err);
  }

  bool journal_record(std::uint64_t offset, std::uint64_t seq, std::string& before, std::string& line,
                      std::string& err) override {
    constexpr std::size_t tail_of_previous = 68;
    if (!open(segment_holding(journal_, seq), err)) return false;
    if (offset < tail_of_previous) return err = "record " + std::to_string(seq) + " cannot start at byte " + std::to_string(offset), false;
    if (!file_.read_at(offset - tail_of_previous, tail_of_previous, before, err)) return false;
    if (before.size() < tail_of_previous) return err = "the journal ends before byte " + std::to_string(offset), false;
    return file_.read_line_at(offset, line, err);
  }

 private:
  /// `path`: the journal's file, or one of its sealed segments (segments.hpp).
  bool open(const std::string& path, std::string& err) {
    return (file_.fd() >= 0 && file_.path() == path) || file_.open_read(path, err);
  }
  status read_only() const {
    return status(status_code::invalid_argument, "snapshots of " + journal_ + " are written by its journal's writer only",
                  status_location{journal_, {}, 0, 0});
  }

  std::string journal_;
  bool writable_;
  journal_file file_;  ///< the journal's file (or a segment), read-only, once asked for
};

}  // namespace

std::string snapshot_path(const std::string& journal, std::uint64_t seq) {
  return numbered_path(journal, infix, seq);
}

std::unique_ptr<snapshot_store> file_snapshot_store(const std::string& journal, bool writable) {
  return std::make_unique<file_snapshots>(journal, writable);
}

std::vector<std::pair<std::uint64_t, std::string>> list_snapshots(const std::string& journal) {
  std::vector<std::pair<std::uint64_t, std::string>> found = list_numbered(journal, infix);
  std::reverse(found.begin(), found.end());
  return found;
}

std::string encode_snapshot(const snapshot_meta& m, const engine& e, const codec& c) {
  std::string out(magic);
  out += engine_state_layout();
  out += '\n';
  byte_writer w(out);
  w.put(m.seq);
  w.put(m.offset);
  w.put_string(m.prev);
  w.put_string(m.policy_digest);
  w.put_string(m.registry_digest);
  w.put_string(m.registry_file);
  w.put_string(m.registry_text);
  w.put_string(m.state_digest);
  w.put_string(m.rules_digest);
  save_engine_state(e, w);
  codec_access::state(c).save(w);
  return out;
}

bool read_snapshot_meta(std::string_view bytes, byte_reader& r, snapshot_meta& m, std::string& why) {
  if (bytes.substr(0, magic.size()) != magic) {
    why = "not a muster-snapshot/1 file";
    return false;
  }
  const std::string layout = engine_state_layout();
  const std::string_view rest = bytes.substr(magic.size());
  const std::size_t nl = rest.find('\n');
  if (nl == std::string_view::npos || rest.substr(0, nl) != layout) {
    why = "written by another build of the engine (its layout: " + std::string(rest.substr(0, std::min<std::size_t>(nl, 40))) + "…)";
    return false;
  }
  r = byte_reader(rest.substr(nl + 1));
  r.get(m.seq);
  r.get(m.offset);
  r.get_string(m.prev);
  r.get_string(m.policy_digest);
  r.get_string(m.registry_digest);
  r.get_string(m.registry_file);
  r.get_string(m.registry_text);
  r.get_string(m.state_digest);
  r.get_string(m.rules_digest);
  if (r.failed()) {
    why = "cut short";
    return false;
  }
  return true;
}

std::string rules_digest(const engine& e) {
  std::string ids;
  for (const rule_ref* r : e.rules()) {
    ids += r->id;
    ids += '\n';
  }
  return sha256_hex(ids);
}

status write_file_durably(const std::string& path, std::string_view bytes) {
  const std::string tmp = path + ".tmp";
  int failed_with = 0;  // errno of the first failure
  std::string what;
  auto fail = [&](const std::string& w, const std::string& p) {
    failed_with = errno;
    what = errno_text(w, p);
  };
  const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) {
    fail("cannot create", tmp);
    return status(io_code(failed_with), what, status_location{path, {}, 0, 0});
  }
  for (std::size_t done = 0; failed_with == 0 && done < bytes.size();) {
    const ssize_t n = ::write(fd, bytes.data() + done, bytes.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) fail("cannot write", tmp);
    else if (n == 0) errno = ENOSPC, fail("cannot write", tmp);
    else done += static_cast<std::size_t>(n);
  }
  if (failed_with == 0 && ::fdatasync(fd) != 0) fail("cannot sync", tmp);
  ::close(fd);
  if (failed_with == 0 && ::rename(tmp.c_str(), path.c_str()) != 0) fail("cannot rename " + tmp + " to", path);
  if (failed_with != 0) {
    ::unlink(tmp.c_str());
    return status(io_code(failed_with), what, status_location{path, {}, 0, 0});
  }
  if (std::string err; !sync_parent_directory(path, err)) return status(status_code::io_error, err, status_location{path, {}, 0, 0});
  return {};
}

mapped_file::~mapped_file() {
  if (data_ != nullptr) ::munmap(data_, size_);
}

bool mapped_file::open(const std::string& path, std::string& err) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    err = errno_text("cannot open", path);
    return false;
  }
  struct stat st {};
  bool ok = ::fstat(fd, &st) == 0;
  if (!ok) err = errno_text("cannot stat", path);
  if (ok && st.st_size > 0) {
    void* p = ::mmap(nullptr, static_cast<std::size_t>(st.st_size), PROT_READ, MAP_PRIVATE, fd, 0);
    if (p == MAP_FAILED) {
      err = errno_text("cannot map", path);
      ok = false;
    } else {
      data_ = p;
      size_ = static_cast<std::size_t>(st.st_size);
      ::madvise(data_, size_, MADV_SEQUENTIAL);
    }
  }
  ::close(fd);
  return ok;
}

std::string snapshot_record_body(const std::string& file_name, const std::string& sha256, std::uint64_t bytes,
                                 const std::string& state_digest) {
  std::string body = "\"snapshot\":{\"file\":";
  append_json_string(body, file_name);
  body += ",\"sha256\":\"" + sha256 + "\",\"bytes\":" + std::to_string(bytes) + ",\"state\":\"" + state_digest + "\"}";
  return body;
}

bool parse_snapshot_record(std::string_view body, snapshot_record& out, std::string& why) {
  try {
    const nlohmann::json j = nlohmann::json::parse("{" + std::string(body) + "}");
    const nlohmann::json& s = j.at("snapshot");
    out.file = s.at("file").get<std::string>();
    out.sha256 = s.at("sha256").get<std::string>();
    out.bytes = s.at("bytes").get<std::uint64_t>();
    out.state = s.at("state").get<std::string>();
    return true;
  } catch (const nlohmann::json::exception& e) {
    why = std::string("a snapshot record needs \"snapshot\":{\"file\",\"sha256\",\"bytes\",\"state\"} (") + e.what() + ")";
    return false;
  }
}

}  // namespace detail
MUSTER_END_NAMESPACE
