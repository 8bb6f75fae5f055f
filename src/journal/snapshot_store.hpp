// Internal: where a journal's snapshots live (docs/journal.md "Snapshots"), so that taking one
// (session.cpp) and checking one before it is loaded (snapshot_check.cpp) are written once for
// every journal store. Two places, chosen by the location as the journal store is:
//   snapshot_file.cpp  files beside a journal file, "<journal>.snapshot-<seq, 20 digits>";
//   pg_snapshots.cpp   rows of muster_journal_snapshots beside a partition's records, named
//                      "snapshot-<seq, 20 digits>", written only inside the writer's epoch.
// A snapshot is named by the seq of the `snapshot` record that hashes it; one no record names is
// ignored (a crash between writing it and its record).
#pragma once

#include <muster/config.hpp>
#include <muster/status.hpp>

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

MUSTER_BEGIN_NAMESPACE
namespace detail {

/// `seq` in 20 digits, zeros first (a snapshot's name sorts as its seq).
inline std::string snapshot_seq_text(std::uint64_t seq) {
  const std::string digits = std::to_string(seq);
  return std::string(20 - digits.size(), '0') + digits;
}

/// The bytes of one snapshot, held while they are read: a file mapped, or a copy of a row.
class snapshot_bytes {
 public:
  virtual ~snapshot_bytes() = default;
  virtual std::string_view bytes() const = 0;
};

class snapshot_store {
 public:
  virtual ~snapshot_store() = default;

  /// How the `snapshot` record and messages name snapshot `seq`: the file's name (without its
  /// directory), or "snapshot-<seq, 20 digits>".
  virtual std::string name(std::uint64_t seq) const = 0;
  /// How messages name snapshot `seq` with where it is (a file's path; the partition's row).
  virtual std::string where(std::uint64_t seq) const = 0;
  /// The seqs of the snapshots there are, newest first (none when there is no journal yet, or
  /// when they cannot be listed: opening then replays everything, as without snapshots).
  virtual std::vector<std::uint64_t> list() = 0;
  /// The bytes of snapshot `seq`. False with `err`.
  virtual bool read(std::uint64_t seq, std::unique_ptr<snapshot_bytes>& out, std::string& err) = 0;
  /// Writes snapshot `seq` whole and durably before it returns (replacing one of that seq), or
  /// nothing: no_space, io_error, or journal_fenced when the writer it was made for is stale.
  virtual status write(std::uint64_t seq, std::string_view bytes) = 0;
  /// Removes snapshot `seq` (under the same writer's authority as write); a failure leaves it,
  /// which costs room, never meaning.
  virtual void remove(std::uint64_t seq) = 0;

  // The journal the snapshots stand for, as check_snapshot reads it without replaying.
  /// Record 0's line, without its newline. False with `err`.
  virtual bool journal_header(std::string& line, std::string& err) = 0;
  /// The line of record `seq` (which starts at byte `offset` as a file holds it), without its
  /// newline, and `before`: the 68 bytes that end record seq - 1 (`"<64 hex>"}` and a newline).
  /// False with `err` when the journal has no such record there.
  virtual bool journal_record(std::uint64_t offset, std::uint64_t seq, std::string& before, std::string& line,
                              std::string& err) = 0;
};

/// The snapshots of the journal at `location` (a file path or a PostgreSQL partition), to read:
/// opening, before the journal is. Writing and removing through it are refused
/// (invalid_argument): snapshots are written through the journal's writer
/// (journal::snapshots()), whose authority over the partition they need.
std::unique_ptr<snapshot_store> open_snapshot_store(const std::string& location);

/// Beside a journal file; `writable`: the journal's writer's (it holds the file's lock).
std::unique_ptr<snapshot_store> file_snapshot_store(const std::string& journal, bool writable);
/// Beside a PostgreSQL partition: `location` as journal::path() gives it; `epoch` the fencing
/// epoch of the writer it writes for (0: reading only).
std::unique_ptr<snapshot_store> pg_snapshot_store(const std::string& location, std::int64_t epoch);

}  // namespace detail
MUSTER_END_NAMESPACE
