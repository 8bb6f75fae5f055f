// A journal file in segments (segments.hpp).
#include "journal/segments.hpp"

#include "journal/record.hpp"

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cstring>

#include <sys/stat.h>
#include <unistd.h>

MUSTER_BEGIN_NAMESPACE
namespace detail {
namespace {

constexpr std::string_view infix = ".segment-";
constexpr std::string_view prev_lead = "\"prev\":\"";

bool same_file(const std::string& a, const std::string& b) {
  struct stat x {}, y {};
  return ::stat(a.c_str(), &x) == 0 && ::stat(b.c_str(), &y) == 0 && x.st_dev == y.st_dev && x.st_ino == y.st_ino;
}

bool is_hex_hash(std::string_view h) {
  return h.size() == hash_hex_size &&
         std::all_of(h.begin(), h.end(), [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); });
}

/// The seq a line starts with (`{"seq":N,`), whatever follows.
bool leading_seq(std::string_view line, std::uint64_t& seq, std::string_view& rest) {
  constexpr std::string_view lead = "{\"seq\":";
  if (line.substr(0, lead.size()) != lead) return false;
  line.remove_prefix(lead.size());
  const auto [end, ec] = std::from_chars(line.data(), line.data() + line.size(), seq);
  if (ec != std::errc()) return false;
  rest = line.substr(static_cast<std::size_t>(end - line.data()));
  return true;
}

/// The seq of the first record of the file at `path` (0 when it cannot be read: its header).
std::uint64_t first_seq_of(journal_file& f) {
  std::string line, err;
  std::uint64_t seq = 0;
  std::string_view rest;
  if (!f.read_line_at(0, line, err) || !leading_seq(line, seq, rest)) return 0;
  return seq;
}

std::uint64_t first_seq_of(const std::string& path) {
  journal_file f;
  std::string err;
  return f.open_read(path, err) ? first_seq_of(f) : 0;
}

}  // namespace

std::string segment_path(const std::string& journal, std::uint64_t first_seq) { return numbered_path(journal, infix, first_seq); }

numbered_files list_segments(const std::string& journal) {
  numbered_files found = list_numbered(journal, infix);
  if (!found.empty() && same_file(found.back().second, journal)) found.pop_back();
  return found;
}

std::string segment_body(std::string_view prev, const journal_header& h) {
  return std::string(prev_lead) + std::string(prev) + "\"," + header_body(h);
}

bool parse_segment_body(std::string_view body, std::string& prev, journal_header& h, std::string& what) {
  if (body.substr(0, prev_lead.size()) != prev_lead || body.size() < prev_lead.size() + hash_hex_size + 2 ||
      !is_hex_hash(body.substr(prev_lead.size(), hash_hex_size)) ||
      body.substr(prev_lead.size() + hash_hex_size, 2) != "\",") {
    what = "a segment record without the hash it follows (\"prev\")";
    return false;
  }
  prev.assign(body.substr(prev_lead.size(), hash_hex_size));
  result<journal_header> header = parse_journal_header(body.substr(prev_lead.size() + hash_hex_size + 2));
  if (!header) {
    what = "a segment record without the journal's header: " + header.error().message();
    return false;
  }
  h = std::move(*header);
  return true;
}

bool peek_segment_record(std::string_view line, std::uint64_t& seq, std::string& prev) {
  std::string_view rest;
  if (!leading_seq(line, seq, rest)) return false;
  const std::string lead = ",\"type\":\"segment\"," + std::string(prev_lead);
  if (rest.substr(0, lead.size()) != lead || !is_hex_hash(rest.substr(lead.size(), hash_hex_size))) return false;
  prev.assign(rest.substr(lead.size(), hash_hex_size));
  return true;
}

bool settle_rotation(const std::string& journal, std::string& err) {
  ::unlink((journal + ".rotating").c_str());  // a new file never renamed: never used
  const numbered_files all = list_numbered(journal, infix);
  if (all.empty() || !same_file(all.back().second, journal)) return true;
  if (::unlink(all.back().second.c_str()) != 0) {
    err = "cannot remove " + all.back().second + " (a rotation a crash cut short): " + std::strerror(errno);
    return false;
  }
  return sync_parent_directory(journal, err);
}

status rotate_segment(journal_file& active, std::uint64_t first_seq, std::uint64_t next_seq, std::string& prev,
                      const journal_header& header, std::uint64_t& bytes, bool& rotated) {
  rotated = false;
  const std::string journal = active.path();
  const std::string sealed = segment_path(journal, first_seq);
  auto failed = [&](const std::string& what, int error) {
    return status(io_code(error), "journal: cannot rotate " + journal + ": " + what + ": " + std::strerror(error),
                  status_location{journal, {}, 0, 0});
  };
  // The sealed name first (a second name of the same file), then the new file renamed over the
  // journal's: a crash between the two leaves both names on the old file (settle_rotation).
  if (::link(journal.c_str(), sealed.c_str()) != 0 && !(errno == EEXIST && same_file(sealed, journal)))
    return failed("cannot name the sealed segment " + sealed, errno);
  if (std::string why; !sync_parent_directory(journal, why))
    return status(status_code::io_error, "journal: cannot rotate " + journal + ": " + why, status_location{journal, {}, 0, 0});
  std::string line;
  std::string hash = prev;
  append_record(line, next_seq, "segment", hash, segment_body(prev, header));
  status err;
  const bool ok = active.replace(journal, line, err);
  rotated = !active.same_file(sealed);
  if (rotated) {
    prev = std::move(hash);
    bytes = line.size();
  } else {
    ::unlink(sealed.c_str());  // not replaced: the journal goes on in its file, as it was
  }
  if (ok) return {};
  return restated(err, "journal: cannot rotate " + journal + (rotated ? " durably" : "") + ": " + err.message());
}

segment_chain::segment_chain(numbered_files sealed, journal_file& active)
    : sealed_(std::move(sealed)), active_(active), active_first_(first_seq_of(active)) {
  std::string err;
  if (!sealed_.empty()) (void)open_current(err);  // a failure shows at the first read
  else (void)active_.seek(0, err);
}

bool segment_chain::open_current(std::string& err) {
  if (current_ == sealed_.size()) {
    sealed_file_.reset();
    return active_.seek(0, err);
  }
  sealed_file_ = std::make_unique<journal_file>();
  return sealed_file_->open_read(sealed_[current_].second, err);
}

long segment_chain::read_some(char* buf, std::size_t n, std::string& err) {
  if (current_ < sealed_.size() && (!sealed_file_ || sealed_file_->fd() < 0) && !open_current(err)) return -1;
  return file().read_some(buf, n, err);
}

bool segment_chain::size(std::uint64_t& out, std::string& err) const {
  if (current_ < sealed_.size() && (!sealed_file_ || sealed_file_->fd() < 0)) {
    out = 0;
    return true;
  }
  return file().size(out, err);
}

const std::string& segment_chain::path() const { return current_ < sealed_.size() ? sealed_[current_].second : active_.path(); }

bool segment_chain::resume_at(std::uint64_t offset, std::uint64_t seq, std::uint64_t& at, std::string& err) {
  // The last file starting at or before the record: a record that starts a file is its first line.
  current_ = sealed_.size();
  if (active_first_ > seq) {
    current_ = 0;
    while (current_ + 1 < sealed_.size() && sealed_[current_ + 1].first <= seq) ++current_;
  }
  at = segment_first_seq() == seq && seq > 0 ? 0 : offset;
  return open_current(err) && file().seek(at, err);
}

int segment_chain::next_segment(std::string& err) {
  if (current_ == sealed_.size()) return 0;
  ++current_;
  return open_current(err) ? 1 : -1;
}

std::uint64_t segment_chain::segment_first_seq() const {
  return current_ < sealed_.size() ? sealed_[current_].first : active_first_;
}

std::string segment_holding(const std::string& journal, std::uint64_t seq) {
  if (first_seq_of(journal) <= seq) return journal;
  const numbered_files sealed = list_segments(journal);
  std::string holding = sealed.empty() ? journal : sealed.front().second;
  for (const auto& s : sealed)
    if (s.first <= seq) holding = s.second;
  return holding;
}

std::uint64_t own_file_first_seq(const std::string& journal) { return first_seq_of(journal); }

std::string first_segment(const std::string& journal) {
  const numbered_files sealed = list_segments(journal);
  return sealed.empty() ? journal : sealed.front().second;
}

}  // namespace detail
MUSTER_END_NAMESPACE
