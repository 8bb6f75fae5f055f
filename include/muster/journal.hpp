// The journal: an append-only, hash-chained JSON Lines file of everything an engine was told
// and everything it answered, group-committed; recovery = verify + replay (docs/journal.md).
//
// This header is what a host reads and keeps: the durability modes, a journal's header and
// records, scan_journal (verify without changing anything) and the durable head to give back
// at the next open. Hosts write journals through `session` (session.hpp); the writer itself
// (src/journal/journal_writer.hpp: group commit, deferred records, fault hooks for tests) is
// internal.
#pragma once

#include <muster/config.hpp>
#include <muster/status.hpp>

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

MUSTER_BEGIN_NAMESPACE

/// When appended records are forced to the disk (fdatasync).
enum class durability : std::uint8_t {
  none,         ///< never: the journal's thread writes in big chunks and the OS writes back when it likes
                ///< (a crash of the process loses what was still queued; of the machine, what was not written back)
  batch,        ///< group commit: the journal's thread writes and syncs every `batch_size` records or
                ///< `batch_interval`, whichever comes first (docs/journal.md)
  every_event,  ///< at every commit that closes an event, on the calling thread, before commit() returns
                ///< (one write and one fsync per event; ~0.3 ms each on this disk)
};

/// A record the host knows reached the disk: its seq and hash (journal::durable_head(),
/// recovery_report::head). Given back to open() (session_options::expected_head), it proves the
/// journal is the one the host wrote and holds at least as much as the host was told.
struct journal_head {
  std::uint64_t seq = 0;
  std::string hash;  ///< 64 lower-case hex digits
};

/// The format this version reads and writes (docs/journal.md). muster-journal/1 (0.1.0's first
/// journals: each line repeated the previous hash, outcome records in the host's JSON form) is
/// refused with a message saying so.
inline constexpr std::string_view journal_format = "muster-journal/2";

/// The first record of every journal: who wrote it, under which rules.
struct journal_header {
  std::string format = std::string(journal_format);
  std::string engine_version = MUSTER_VERSION_STRING;
  std::string policy_digest;    ///< policy::digest (SHA-256 hex)
  std::string registry_digest;  ///< force_registry::digest (SHA-256 hex)
};

/// One verified record, as read back. The views are valid until the visitor returns.
struct journal_record {
  std::uint64_t seq = 0;       ///< 0 for the header, then 1, 2, … (line = seq + 1)
  std::string_view type;       ///< "header", "event", "effect", "rejection", "duplicate" …
  std::string_view body;       ///< the JSON members between `prev` and `hash`, e.g. `"event":{…}`
  std::string_view hash;       ///< this record's hash (hex)
  std::uint64_t offset = 0;    ///< byte offset of the record's line in its file (its segment's, once rotated)
};

/// Returns an ok status to read on, or a failure to stop reading: the journal is then refused
/// with that code, the message prefixed with the record's location ("<path>:<line>: ").
using journal_visitor = std::function<status(const journal_record& r)>;

/// What reading a journal found.
struct journal_scan {
  /// Ok, or why the journal is refused: journal_damaged, journal_format_unsupported,
  /// journal_head_mismatch, journal_truncated, journal_missing, io_error, or the visitor's code.
  /// The message is "<path>:<line>: <code>: record <seq>: <what>" for a record (where().file
  /// and line say the same as data). A scan that has not run is not ok.
  status error{status_code::io_error, "the journal was not read"};
  bool ok() const { return error.ok(); }
  bool created = false;           ///< open(): the file did not exist and was created
  std::uint64_t records = 0;      ///< complete, verified records, header included
  std::uint64_t good_bytes = 0;   ///< bytes up to the end of the last verified record
  std::uint64_t torn_bytes = 0;   ///< bytes of an incomplete last record (no newline yet), dropped
  /// The torn bytes start at a record that a hole of zero bytes breaks, with bytes after it:
  /// unsynced writes that a power cut left in part (pages lost, later ones kept). Cut like a
  /// torn last record, only past the expected head (session_options::expected_head): without
  /// it such a hole is damage, as it cannot be told from zeros over records that were synced.
  bool torn_hole = false;
  journal_header header;          ///< as written in the file (or as created)
  /// The first record there: 0, or the `segment` record that starts the journal after
  /// `muster compact` archived the segments before it (records 0..first_seq-1 are not read).
  std::uint64_t first_seq = 0;
  std::uint64_t segments = 1;     ///< files read: sealed segments, then the journal's own file
  std::string last_hash;          ///< hash of the last verified record
  std::uint64_t error_seq = 0;    ///< when !ok(): the record that is damaged or was refused
  std::uint64_t error_offset = 0; ///< … and where its line starts
};

/// Reads and verifies a journal without changing it, passing each verified record to `visit`
/// (header first). Damage anywhere but in an unterminated last line stops the scan, and so
/// does a file without a complete header (journals are created whole: it was cut or
/// overwritten). With `expect`, a journal that does not hold that record with that hash is
/// refused too (session_options::expected_head); and a hole of zeros past that record — the
/// start of a record, then zero bytes — ends the journal there, the rest torn (torn_hole).
journal_scan scan_journal(const std::string& path, const journal_visitor& visit,
                          const std::optional<journal_head>& expect = std::nullopt);

/// Counters since the journal was opened (creating a new file is not counted).
struct journal_counters {
  std::uint64_t records = 0;   ///< records written
  std::uint64_t bytes = 0;     ///< bytes written
  std::uint64_t writes = 0;    ///< write calls that succeeded (every_event: one per commit; none and batch: one per chunk)
  std::uint64_t fsyncs = 0;    ///< fdatasync calls
  std::uint64_t failures = 0;  ///< commits that failed (and were cut back)
};

/// Parses the body of a header record; journal_damaged (the message says what is wrong) when it
/// is not one this version reads.
result<journal_header> parse_journal_header(std::string_view body);

const char* to_string(durability d);

MUSTER_END_NAMESPACE
