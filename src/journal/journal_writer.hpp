// Internal: the journal writer behind `session` (docs/journal.md "Appending"): records staged,
// committed as a group, written (and synced) on the journal's own thread in none and batch
// durability; deferred records formatted on that thread; fault hooks through which the tests
// fail writes and syncs and cut the power. Hosts use session (include/muster/session.hpp).
//
//   muster::journal_scan scan;
//   auto j = muster::journal::open("incidents.journal", header, options, visit, scan);   // nullptr: scan.error
//   j->stage("event", R"("event":{...})");        // builds the record (seq, type, body) in memory
//   if (status st = j->commit(true); !st) ...     // every_event: one write() and an fsync; none and
//                                                  // batch: handed to the journal's thread
//
// A failure is a status whose code says what happened where it happened: no_space (a full disk
// or quota, a file past RLIMIT_FSIZE, a PostgreSQL server out of disk), journal_fenced (another
// writer opened the partition since), io_error (anything else the file or database refused);
// once the journal has failed, every later call answers with the first failure's code.
//
// This layer knows records, not events: a record is a type and a body (JSON members written
// by the caller). One journal is used from one thread at a time. In `none` and `batch`
// durability it has a thread of its own that hashes, writes and syncs what commit() hands over:
// a committed record is provisional until durable_seq() covers it.
#pragma once

#include <muster/journal.hpp>

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

MUSTER_BEGIN_NAMESPACE
namespace detail {
class journal_store;
class snapshot_store;
}

/// The file operations a fault hook sees.
enum class journal_io : std::uint8_t { write, sync, truncate, reserve };

/// What an injected fault does: `error` (an errno value, e.g. ENOSPC) fails the operation after
/// `written` bytes of a write have reached the file (a short write, as on a full disk).
struct journal_fault {
  int error = 0;
  std::size_t written = 0;
};

/// Called before every write, sync, truncate and reserve (fallocate) of the journal file; return {} to let it
/// proceed. For tests (a full disk, a failing fsync); leave empty in production. Threads: in
/// every_event durability, and for `reserve` and for what open() writes, on the journal user's
/// thread; in none and batch, `write` (one per chunk written), `sync` and `truncate` (the cut
/// after a failed write) are asked on the journal's own thread, so the hook must be safe to call
/// from there (atomics for what a test flips between inputs). To fail a given input
/// deterministically, arm the hook, commit it and call drain() or flush().
using journal_fault_hook = std::function<journal_fault(journal_io op, std::uint64_t offset, std::size_t bytes)>;

/// Called with each record a deferred entry stands for (journal::stage_deferred).
using journal_record_emit = std::function<void(const char* type, std::string_view body)>;
/// Writes the records of an entry staged with journal::stage_deferred: calls emit(type, body)
/// for each, in order — exactly as many as were staged — and returns the entry's size.
using journal_deferred_writer = std::function<std::size_t(std::string_view entry, const journal_record_emit& emit)>;

/// Where a scan may start instead of the journal's first record: the line at `offset` is record
/// `seq`, chained to `prev`, in a journal whose header (record 0, read and checked by the
/// caller) is `header`. Opening from a snapshot (session.cpp) starts after its record.
struct scan_resume {
  std::uint64_t offset = 0;
  std::uint64_t seq = 0;
  std::string prev;
  journal_header header;
};

struct journal_options {
  durability mode = durability::batch;
  std::size_t batch_size = 4096;                                           ///< records per fsync (batch)
  std::chrono::microseconds batch_interval = std::chrono::milliseconds(10); ///< oldest unsynced record's age that forces a sync (batch)
  /// none, batch: records handed to the journal's thread and not yet taken by it, at most
  /// (commit() waits for room beyond; one commit always fits). The memory held is about three
  /// times this (the queue, the batch being hashed, the chunk being written).
  std::size_t queue_bytes = 4U << 20;
  journal_fault_hook fault;
  /// Writes deferred entries (stage_deferred): in none and batch on the journal's thread — it
  /// may read only what does not change while the journal is open — in every_event at once.
  journal_deferred_writer write_deferred;
  /// The last durable head the host knows: open() refuses a journal that does not hold this
  /// record with this hash (`journal-truncated`, `journal-head-mismatch`), and a missing one
  /// (`journal-missing`) instead of creating it. Checked before anything is changed. Past it,
  /// a record broken by a hole of zeros (a power cut: pages of unsynced writes lost, later ones
  /// kept) ends the journal: it and everything after it are cut as a torn tail (journal_scan::torn_hole).
  std::optional<journal_head> expected_head;
  /// Verify and visit the records from this point on (scan_resume): a snapshot's, checked by
  /// the caller (session.cpp).
  std::optional<scan_resume> resume;
  /// A journal file rotates at the end of a commit that closes an event once it holds at least
  /// this many bytes (0: never; segments.hpp). A partition ignores it.
  std::uint64_t segment_bytes = 0;
};

/// A position in the journal to come back to (rewind).
struct journal_mark {
  std::uint64_t offset = 0;
  std::uint64_t next_seq = 0;
  std::string prev;
};

class journal {
 public:
  /// Opens the journal at `path` — a file, or a PostgreSQL partition when `path` is
  /// "postgresql://…#partition" (journal_store.hpp, pg_store.cpp: the same records and
  /// contract, with an advisory lock and a fencing epoch for the flock) — for appending.
  /// A file: opened holding an exclusive lock (flock) on it. A missing file is
  /// created whole: `header` is written and synced under a temporary name, which is then linked
  /// to `path` (and the directory synced), so a file at `path` always had a complete header. An
  /// existing journal is verified record by record (and against options.expected_head); each
  /// record goes to `visit`; a torn last line is cut off (and reported in `scan`). Returns
  /// nullptr with `scan.error` (and `scan.error_seq`, `error_offset`) set when the journal is
  /// damaged (an empty file or a torn header too), not the expected one, refused by `visit`,
  /// locked by another user, or cannot be read or written — with the file left as it was.
  static std::unique_ptr<journal> open(const std::string& path, const journal_header& header, const journal_options& options,
                                       const journal_visitor& visit, journal_scan& scan);
  ~journal();  ///< writes what is queued, syncs what is unsynced (unless durability::none) and releases the lock
  journal(const journal&) = delete;
  journal& operator=(const journal&) = delete;

  /// Adds a record to the pending batch and returns its seq. `type` is [a-z_]+; `body` is JSON
  /// members (may be empty) and must not contain a newline (std::invalid_argument otherwise).
  std::uint64_t stage(std::string_view type, std::string_view body);
  /// Adds `records` records whose bodies journal_options::write_deferred writes from `entry`
  /// later — in none and batch on the journal's thread, so the caller need not format them
  /// (every_event: at once). Returns the first one's seq. `max_bytes` must bound their size on
  /// the disk (bodies plus max_record_framing each): reserve() counts them as that, so the
  /// journal's thread never writes past what was reserved. std::logic_error without a writer.
  std::uint64_t stage_deferred(std::string_view entry, std::uint32_t records, std::size_t max_bytes);
  /// A record's bytes on the disk beyond its body, at most: seq, type (up to 9 letters), the
  /// separators, hash and newline.
  static constexpr std::size_t max_record_framing = 7 + 20 + 9 + 9 + 2 + 76;
  /// Whether deferring helps now: in none and batch, while the journal's thread keeps up with
  /// what it is handed (false when its queue piles up: records it would have to write are then
  /// better written by the caller, the faster side). False in every_event.
  bool deferring_helps() const;
  /// Commits the pending records. every_event: writes them with one write, and syncs when
  /// `closes_event` (this commit ends an event's records); on failure the file is cut back to
  /// the last committed record, the pending records are dropped and the failure is returned;
  /// a failed sync or cut leaves the journal failed (every later call fails): the disk
  /// can no longer be trusted. none, batch: hands them to the journal's thread (waiting while
  /// its queue is full) and returns; the thread writes whole commits, in chunks, and a write or
  /// sync that fails there leaves the journal failed: this commit and every later call then
  /// return that failure (the file is cut back to the end of the last good chunk, which ends
  /// with a whole commit).
  status commit(bool closes_event);
  /// Drops the pending records.
  void discard();
  /// Makes sure `bytes` past the end (after the records staged and not yet committed) are
  /// allocated on the disk (fallocate, keeping the file's size; done in steps of at least 1 MiB,
  /// or exactly what is needed when a step does not fit; within RLIMIT_FSIZE), so the next
  /// commits do not run out of space. In none and batch the end counts deferred records at
  /// their bound, corrected by what the journal's thread actually wrote. no_space (ENOSPC,
  /// EDQUOT, EFBIG) when they cannot be: refuse the input before anything changes.
  /// reserve(0) checks the staged records fit. Ok without a promise where the file system
  /// cannot preallocate.
  status reserve(std::size_t bytes);
  /// Where the journal ends now (committed records only; waits for them to be written).
  journal_mark mark() const;
  /// Cuts the journal back to `m` (a mark taken earlier) and syncs the cut (unless durability::none).
  status rewind(const journal_mark& m);
  /// Waits until every committed record is written to the file (none, batch; at once in
  /// every_event). The failure when the journal failed (a write or sync failed).
  status drain();
  /// Writes (drain) and syncs every committed record now, in any durability mode.
  status flush();
  /// Reports a failure of the journal's thread. A batch that falls due is synced by the
  /// journal's thread itself, idle or not; kept for callers that poll.
  status flush_if_due();

  /// The seq the next staged record gets (records before it are committed: written, or queued
  /// for the journal's thread).
  std::uint64_t next_seq() const;
  /// Records before this seq are on the disk (synced); with durability::none, only those of
  /// the header (and what flush() synced). Waits until the journal's queue is written (drain),
  /// so the answer is settled: a record at or after it is provisional.
  std::uint64_t durable_seq() const;
  /// The last record on the disk (synced): its seq and hash, for the host to keep and give back
  /// to open() (journal_options::expected_head). Waits as durable_seq() does.
  journal_head durable_head() const;
  /// Waits as durable_seq() does.
  const journal_counters& counters() const;
  const journal_options& options() const;
  const std::string& path() const;
  bool failed() const;
  /// Where this journal's snapshots live, to be written under this writer's authority: files
  /// beside a journal file, rows beside a partition written only within this writer's fencing
  /// epoch (snapshot_store.hpp).
  std::unique_ptr<detail::snapshot_store> snapshots() const;

 private:
  explicit journal(std::unique_ptr<detail::journal_store> s);
  std::unique_ptr<detail::journal_store> store_;  ///< a file or a PostgreSQL partition (journal_store.hpp)
};

MUSTER_END_NAMESPACE
