// Internal: the seam between the journal (journal_writer.hpp, what session uses) and where its
// records live. The records, their hash chain and their verification are the same in every
// store (record.hpp, scan_records); a store only keeps the lines and says when they are
// durable. Two stores, chosen at open by the location (is_pg_location):
//   file_store.cpp  a local JSON Lines file: flock, pwrite, fdatasync, a thread for group commit;
//   pg_store.cpp    a partition of a PostgreSQL database: an advisory lock and a fencing epoch,
//                   one transaction per group commit (docs/journal.md "PostgreSQL").
// journal::X forwards to journal_store::X, whose contract is journal::X's (journal_writer.hpp).
#pragma once

#include "journal/journal_writer.hpp"
#include "journal/snapshot_store.hpp"

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

MUSTER_BEGIN_NAMESPACE
namespace detail {

/// The bytes of a journal, read front to back: a file, or a partition's records as lines.
class record_source {
 public:
  virtual ~record_source() = default;
  /// Reads up to `n` bytes at the current position; returns bytes read, 0 at the end, -1 on error.
  virtual long read_some(char* buf, std::size_t n, std::string& err) = 0;
  /// All the bytes there are (read from the start).
  virtual bool size(std::uint64_t& out, std::string& err) const = 0;
  /// How messages name the journal: a path, or a location with its partition.
  virtual const std::string& path() const = 0;
  /// Moves to record `seq`, which starts at byte `offset`, so reading resumes there (a scan
  /// from a snapshot): a file seeks to the offset, a partition reads on from the seq, a journal
  /// of segments opens the one holding the seq. `at` is the byte reading resumes at in that file.
  virtual bool resume_at(std::uint64_t offset, std::uint64_t seq, std::uint64_t& at, std::string& err) = 0;
  /// After the end of one file, moves on to the next segment: 1 when it did, 0 when there is
  /// none (the journal ends), -1 with `err`. One file, or a partition: 0.
  virtual int next_segment(std::string&) { return 0; }
  /// The seq of the first record of the file being read (its lines count from there).
  virtual std::uint64_t segment_first_seq() const { return 0; }
};

/// Reads every record of `src`, verifying each and passing it to `visit` (scan_journal's
/// contract; a journal longer than a chunk is read ahead on a thread of its own).
/// With `from`, reading starts at from->offset with record from->seq chained to from->prev: the
/// records before were verified otherwise (a snapshot's, session.cpp), and the scan's header is
/// from->header.
void scan_records(record_source& src, const journal_visitor& visit, const std::optional<journal_head>& expect,
                  journal_scan& scan, const scan_resume* from = nullptr);

class journal_store {
 public:
  virtual ~journal_store() = default;
  virtual std::uint64_t stage(std::string_view type, std::string_view body) = 0;
  virtual std::uint64_t stage_deferred(std::string_view entry, std::uint32_t records, std::size_t max_bytes) = 0;
  virtual bool deferring_helps() const = 0;
  virtual status commit(bool closes_event) = 0;
  virtual void discard() = 0;
  virtual status reserve(std::size_t bytes) = 0;
  virtual journal_mark mark() = 0;
  virtual status rewind(const journal_mark& m) = 0;
  virtual status drain() = 0;
  virtual status flush() = 0;
  virtual status flush_if_due() = 0;
  virtual std::uint64_t next_seq() const = 0;
  virtual std::uint64_t durable_seq() = 0;
  virtual journal_head durable_head() = 0;
  virtual const journal_counters& counters() = 0;
  virtual const journal_options& options() const = 0;
  virtual const std::string& path() const = 0;
  virtual bool failed() = 0;
  /// Where this journal's snapshots live, written under this writer's authority (a file's
  /// lock; a partition's fencing epoch: a stale writer's writes are refused, journal_fenced).
  virtual std::unique_ptr<snapshot_store> snapshots() = 0;
};

/// journal::open's contract, for each store.
std::unique_ptr<journal_store> open_file_store(const std::string& path, const journal_header& header,
                                               const journal_options& options, const journal_visitor& visit,
                                               journal_scan& scan);
std::unique_ptr<journal_store> open_pg_store(const std::string& location, const journal_header& header,
                                             const journal_options& options, const journal_visitor& visit,
                                             journal_scan& scan);
/// scan_journal's contract for a PostgreSQL location (read in one snapshot, no lock taken).
journal_scan scan_pg_journal(const std::string& location, const journal_visitor& visit,
                             const std::optional<journal_head>& expect);

/// A journal's failure: `message` as it is, located as data at `file` and, when given, record
/// `seq` (its line: seq + 1).
inline status journal_error(status_code code, std::string message, const std::string& file,
                            std::optional<std::uint64_t> seq = std::nullopt) {
  const auto line = seq ? static_cast<std::uint32_t>(*seq + 1) : 0U;
  return status(code, std::move(message), status_location{file, {}, line, 0});
}

/// The same failure (code and location) said another way: `message` replaces its message. How
/// a store words a failure it passes on ("journal: records 4..7 not written: <the file's>").
inline status restated(const status& s, std::string message) { return status(s.code(), std::move(message), s.where()); }

/// Whether a journal location names a PostgreSQL partition ("postgresql://…" or "postgres://…").
bool is_pg_location(std::string_view location);

}  // namespace detail
MUSTER_END_NAMESPACE
