// compact_journal (session.hpp): archiving a journal's sealed segments behind a snapshot
// (docs/journal.md "Segments"). "Behind a snapshot" is proved, not assumed: the journal is
// opened with the rules given, and only the snapshot opening started from counts.
#include <muster/session.hpp>

#include "journal/file.hpp"
#include "journal/segments.hpp"

#include <cerrno>
#include <cstring>
#include <string>
#include <vector>

#include <sys/stat.h>
#include <unistd.h>

MUSTER_BEGIN_NAMESPACE
namespace {

struct moved_file {
  std::string from, to;
};

std::string base_name(const std::string& path) {
  const std::size_t slash = path.rfind('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

/// Moves a file on one file system, never over an existing one (link, then unlink).
bool move_file(const moved_file& m, std::string& err) {
  if (::link(m.from.c_str(), m.to.c_str()) != 0) {
    const int e = errno;
    err = "cannot move " + m.from + " to " + m.to + ": " +
          (e == EXDEV ? std::string("another file system (segments are moved by renaming them: archive to a directory on the "
                                    "journal's file system, and copy them on from there)")
                      : std::string(std::strerror(e)));
    return false;
  }
  if (::unlink(m.from.c_str()) != 0) {
    err = "cannot remove " + m.from + " after linking it as " + m.to + ": " + std::strerror(errno);
    ::unlink(m.to.c_str());
    return false;
  }
  return true;
}

status refused(status_code code, const std::string& journal, const std::string& message) {
  return status(code, "compact " + journal + ": " + message, status_location{journal, {}, 0, 0});
}

}  // namespace

status compact_journal(std::shared_ptr<const policy> p, std::shared_ptr<const force_registry> forces,
                       const std::string& journal_path, const std::string& archive_dir, compact_report& out) {
  out = compact_report{};
  if (detail::is_pg_location(journal_path))
    return refused(status_code::invalid_argument, journal_path, "a PostgreSQL partition does not rotate into segments");
  if (!detail::file_exists(journal_path)) return refused(status_code::journal_missing, journal_path, "there is no journal here");
  // Under the journal's lock nothing is appended meanwhile.
  session_options so;
  so.journal_path = journal_path;
  so.mode = durability::every_event;
  auto opened = session::open(std::move(p), std::move(forces), so);
  if (!opened) return opened.error();
  const recovery_report report = (*opened)->recovery();
  out.snapshot_seq = report.snapshot_seq;
  if (report.snapshot_seq == 0)
    return refused(status_code::invalid_argument, journal_path,
                   "no snapshot opens this journal" + (report.snapshot_note.empty() ? "" : " (" + report.snapshot_note + ")") +
                       ": take one (session::snapshot, or snapshot_every) first; the archived records are then needed "
                       "only to replay from the start");
  // Whole segments before the one holding the snapshot record: each ends where the next file
  // (the next segment, or the journal's own file) starts.
  const detail::numbered_files sealed = detail::list_segments(journal_path);
  const std::uint64_t own_first = detail::own_file_first_seq(journal_path);
  std::vector<moved_file> moving;
  for (std::size_t i = 0; i < sealed.size(); ++i) {
    const std::uint64_t next_first = i + 1 < sealed.size() ? sealed[i + 1].first : own_first;
    if (next_first > report.snapshot_seq) break;
    moving.push_back({sealed[i].second, archive_dir + "/" + base_name(sealed[i].second)});
  }
  std::vector<moved_file> moved;
  std::string err;
  if (!moving.empty() && ::mkdir(archive_dir.c_str(), 0755) != 0 && errno != EEXIST)
    err = "cannot create " + archive_dir + ": " + std::strerror(errno);
  for (const moved_file& m : moving) {
    if (!err.empty()) break;
    struct stat st {};
    const bool sized = ::stat(m.from.c_str(), &st) == 0;
    if (!move_file(m, err)) break;
    moved.push_back(m);
    if (sized) out.archived_bytes += static_cast<std::uint64_t>(st.st_size);
  }
  if (err.empty() && !moved.empty() &&
      (!detail::sync_parent_directory(archive_dir + "/" + base_name(moved.front().to), err) ||
       !detail::sync_parent_directory(journal_path, err)))
    err = "after moving the segments: " + err;
  opened->reset();  // the lock goes: read the journal as a reader would
  if (err.empty()) {
    const journal_scan after = scan_journal(journal_path, nullptr);
    if (after.ok()) out.first_seq = after.first_seq;
    else err = "the journal does not verify without the segments: " + after.error.message();
  }
  if (err.empty()) {
    for (const moved_file& m : moved) out.archived.push_back(m.to);
    return {};
  }
  for (auto it = moved.rbegin(); it != moved.rend(); ++it) {
    std::string ignored;
    (void)move_file(moved_file{it->to, it->from}, ignored);
  }
  std::string ignored;
  (void)detail::sync_parent_directory(journal_path, ignored);
  out.archived_bytes = 0;
  return refused(status_code::io_error, journal_path, err + " (nothing archived: the segments moved are back)");
}

MUSTER_END_NAMESPACE
