// A session: one engine, its JSON codec and (optionally) its journal — the full path a host
// drives: JSON in, outcome JSON out, every input and answer on the disk (docs/journal.md).
//
//   auto opened = muster::session::open(policy, registry, {"/var/lib/muster/weihai.journal"});
//   if (!opened) die(opened.error().message());        // damaged, locked, written under another policy …
//   std::unique_ptr<muster::session> s = std::move(*opened);
//   log(s->recovery().summary());                      // what recovery found, e.g. a torn last record
//   std::string out = s->submit_json(R"({"id":"e1","kind":"incident.report",…})");
//
// Opening an existing journal verifies its hash chain and replays every recorded input into a
// fresh engine, checking that it produces exactly the recorded effects. One session is used
// from one thread at a time.
#pragma once

#include <muster/codec.hpp>
#include <muster/config.hpp>
#include <muster/engine.hpp>
#include <muster/journal.hpp>
#include <muster/policy.hpp>

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

MUSTER_BEGIN_NAMESPACE

namespace detail {
struct session_access;
}

struct session_options {
  /// Where the journal lives. Empty: in memory only, nothing is recorded. A file path: a local
  /// JSON Lines file. "postgresql://…#partition" (or "postgres://…"): a libpq connection URI,
  /// then `#` and a partition name (1 to 63 of A-Z a-z 0-9 _ . -), e.g.
  /// "postgresql:///muster?host=/run/postgresql#county-371002": the same records in a PostgreSQL
  /// 15 database, one writer per partition (an advisory lock plus a fencing epoch; a second
  /// writer is refused with `journal-locked`, a stale one with `journal-fenced`), one transaction
  /// per group commit, several partitions per database (docs/journal.md "PostgreSQL").
  std::string journal_path;
  durability mode = durability::batch;
  std::size_t batch_size = 4096;                                           ///< records per fsync (batch)
  std::chrono::microseconds batch_interval = std::chrono::milliseconds(10); ///< batch: the oldest unsynced record's age that forces a sync
  std::size_t queue_bytes = 4U << 20;  ///< none, batch: the journal thread's queue (commit waits for room beyond it; the memory held is about three times this)
  engine_options engine;
  /// The last durable head the host knows (recovery().head or journal().durable_head, kept
  /// where the host keeps its own state): open refuses a journal that is shorter
  /// (`journal-truncated`), another one (`journal-head-mismatch`) or missing (`journal-missing`).
  std::optional<journal_head> expected_head;
  /// Snapshots (docs/journal.md "Snapshots"): the engine's and codec's full state at a journal
  /// record, in a file beside a journal file (a row beside a PostgreSQL partition) whose SHA-256
  /// a `snapshot` record puts into the hash chain. Opening starts from the newest snapshot that
  /// verifies and replays only the records after it. Taken every `snapshot_every` inputs (0:
  /// only when session::snapshot() is called); the newest `snapshots_kept` are kept (at least 1).
  std::uint64_t snapshot_every = 0;
  unsigned snapshots_kept = 2;
  /// false: opening replays the whole journal, whatever snapshots there are.
  bool open_from_snapshot = true;
  /// A journal file rotates once it holds at least this many bytes (0: never): at the end of an
  /// input, its records are sealed as `<journal>.segment-<first seq>` and the journal file starts
  /// again with a `segment` record chained to them (docs/journal.md "Segments"). `muster compact`
  /// archives the sealed segments behind a snapshot. A PostgreSQL partition does not rotate.
  std::uint64_t segment_bytes = 0;
};

/// An outcome as a host reads it: the codec's JSON (codec::append_outcome) with each effect's
/// place in it and the verdict, so a binding hands them on without parsing the text again.
struct outcome_text {
  std::string json;
  std::vector<json_span> effects;  ///< each effect's JSON in `json`, in order
  bool accepted = false;
  bool duplicate = false;
  rejection reason = rejection::none;
  std::string detail;              ///< the rejection's detail; empty when accepted
  /// The input was refused before the engine could keep it — the journal could not take it, or
  /// the session had stopped — and changed nothing (reason is internal_error; detail says why).
  bool refused = false;
  /// submit_batch: the line of the batch's text this answers (1-based, blank lines counted); 0 otherwise.
  std::size_t line = 0;
};

/// Where a session's journal stands (session::journal()). Reading it waits until the journal's
/// queue is written, so the figures are settled: a record at or after durable_seq is provisional.
struct journal_status {
  bool recorded = false;         ///< false: the session is in memory only, and the rest is zero
  std::uint64_t next_seq = 0;    ///< the seq the next record gets
  std::uint64_t durable_seq = 0; ///< records before it are on the disk (synced)
  journal_head durable_head;     ///< the last synced record: keep it, give it back as expected_head
  journal_counters counters;     ///< since the session opened
  bool failed = false;           ///< a write or sync failed: records from durable_seq on may be lost
};

/// What opening the journal found and did.
struct recovery_report {
  bool created = false;                ///< there was no journal file: a new one was started (else one was found)
  std::uint64_t records = 0;           ///< verified records read, header included (0 when created)
  std::uint64_t events_replayed = 0;   ///< event records replayed: accepted, rejected, repeated, clock advances
  std::uint64_t malformed = 0;         ///< records of inputs that did not decode (nothing to replay)
  std::uint64_t torn_bytes = 0;        ///< bytes cut: an incomplete last line (a write cut short by a crash), dropped
  /// The bytes cut start at a record broken by a hole of zeros, past the expected head: writes a
  /// power cut left in part (journal_scan::torn_hole). Cut records after the hole were never
  /// reported durable; the host resubmits the inputs whose outcomes were provisional.
  bool torn_hole = false;
  std::uint64_t records_restored = 0;  ///< outcome records of the last event that had not reached the disk, re-appended
  /// The registry given differs from the one the journal last ran under (an edited file): the
  /// engine moved to it after replaying, and a `registry` record says so (docs/journal.md).
  bool registry_replaced = false;
  /// The `snapshot` record opening started from (its state loaded, only the records after it
  /// replayed); 0: the whole journal was replayed.
  std::uint64_t snapshot_seq = 0;
  /// Why a snapshot beside the journal was not used (damaged, another policy, past the end of
  /// the journal …), one line per file or row; empty when none was passed over.
  std::string snapshot_note;
  std::string engine_version;          ///< the version that started the journal
  std::string digest;                  ///< the engine's state digest after recovery
  /// The last record on the disk after recovery: keep it with the host's state and pass it back
  /// as session_options::expected_head, so a journal cut back at a record boundary (or before
  /// the torn tail recovery dropped) is refused instead of opened short.
  journal_head head;
  /// One line for a log: "journal x: 1204 records, 311 events replayed, 87 torn bytes dropped, state 3f2a…".
  std::string summary() const;
};

class session {
 public:
  /// Opens (or creates) the journal and rebuilds the engine from it. Fails, changing nothing,
  /// with the journal's status ("refusing to start: " before its message): journal_damaged
  /// (before its last record; the message names the record's seq), journal_policy_mismatch or
  /// journal_registry_mismatch (written under another policy or registry),
  /// journal_replay_mismatch (it does not replay to its recorded effects), journal_locked or
  /// journal_fenced (another writer), journal_head_mismatch, journal_truncated or
  /// journal_missing (options.expected_head), journal_format_unsupported, journal_location, or
  /// io_error (it cannot be read or written); registry_conflict when the registry given was
  /// edited in a way the journal's cannot follow (a known force removed). A null policy or
  /// registry is a broken invariant (std::invalid_argument).
  static result<std::unique_ptr<session>> open(std::shared_ptr<const policy> p, std::shared_ptr<const force_registry> forces,
                                               const session_options& options);
  ~session();  ///< writes what is queued, syncs unsynced records (unless durability::none)
  session(const session&) = delete;
  session& operator=(const session&) = delete;

  /// Decodes one event (docs/events.md), records it, applies it, records its outcome, and returns
  /// the outcome as JSON (codec::encode_outcome). Input that does not decode is a `malformed`
  /// rejection carrying the codec's error, recorded as a `rejection` record with the raw text.
  /// When the journal cannot take the event, it is refused (`internal_error`, detail says why;
  /// last_error() too, with the journal's code: no_space, journal_fenced, io_error) and nothing
  /// changes.
  ///
  /// Durability: with every_event the records are written and synced before this returns. With
  /// none and batch they are handed to the journal's thread, which writes (and in batch syncs)
  /// them a little later: the outcome is **provisional** until journal().durable_seq passes
  /// the input's records (flush() forces it). A crash can lose the inputs after the last
  /// completed write (process) or sync (machine): at most the queue and about two batches (one
  /// being synced while the next is written). When that
  /// thread fails to write or sync, the next input (or flush) is refused with the failure and
  /// the session stops (failed()): reopen, and the state is what the journal on the disk holds;
  /// the host resubmits the inputs whose outcomes were still provisional (a repeated id is a
  /// duplicate, so resubmitting one that did reach the disk is safe).
  std::string submit_json(std::string_view event_json);
  /// engine::advance_to, recorded as an `advance` event record so replay fires the same timers.
  std::string advance_to(timestamp t);
  /// advance_to with the time as JSON: "2026-07-10T10:00:00+08:00" (quoted or not) or seconds.
  std::string advance_json(std::string_view time_json);
  /// The same three, answering into `out` (its buffers are reused: no allocation once they have grown).
  void submit_json(std::string_view event_json, outcome_text& out);
  void advance_to(timestamp t, outcome_text& out);
  void advance_json(std::string_view time_json, outcome_text& out);

  /// Submits the events of `jsonl` — JSON Lines: one event per line, `\n` or `\r\n`, lines of
  /// blanks skipped — in order, each as submit_json would, and answers into outcomes[0..n): one
  /// per event line, in order (the vector grows when needed and is never shrunk, so its buffers
  /// are reused). Returns n. A line that does not decode is a `malformed` rejection, as alone.
  ///
  /// The journal takes the batch as one commit: one write for all its records, and with
  /// every_event one sync — the batch is durable when this returns. When that write fails,
  /// every line is refused and the state is as before the batch (nothing is half-applied). When
  /// the journal has no room part-way, the lines before are kept and each line from there on is
  /// refused before it is read. last_error() is the batch's first problem.
  std::size_t submit_batch(std::string_view jsonl, std::vector<outcome_text>& outcomes);

  /// Writes and syncs every recorded record now (waiting for the journal's queue). When a write
  /// or sync failed (also in last_error()): no_space (a full disk or quota, a PostgreSQL server
  /// out of disk), journal_fenced (another writer opened the PostgreSQL partition since) or
  /// io_error; the session stops.
  status flush();
  /// Reports a failure of the journal's thread, if any (codes as flush(); the session stops).
  /// The thread syncs a batch that has waited batch_interval by itself, idle or not.
  status flush_if_due();

  /// Writes a snapshot of the state after every input so far: the file
  /// "<journal>.snapshot-<seq>" (written, synced, renamed into place), or for a PostgreSQL
  /// journal the row "snapshot-<seq>" of muster_journal_snapshots (committed synchronously,
  /// within this writer's fencing epoch), then a `snapshot` record at <seq> holding its SHA-256
  /// and the state digest, synced; older snapshots beyond snapshots_kept are removed.
  /// invalid_argument in memory; no_space or io_error when the snapshot cannot be written
  /// (the session goes on); journal_fenced when another writer has opened the partition since
  /// (the session stops); the journal's code (no_space, io_error …) when the record cannot be
  /// (the session stops only if the record could not be written and cut back).
  status snapshot();

  std::string state_digest() const;
  const muster::engine& engine() const;
  const muster::codec& codec() const;
  /// Where the journal stands (waits for its queue to be written); `recorded` is false in memory.
  journal_status journal() const;
  const recovery_report& recovery() const;

  /// The typed outcome of the last submit_json, advance or batch line, as its JSON answer says
  /// it (a malformed input's or a refusal's included); valid until the next call. For hosts and
  /// tools that render from the engine's values and the codec's names rather than the text.
  const outcome& last_outcome() const;

  /// The last call's problem; ok when it went through: malformed_input (the input did not
  /// decode; the codec's located message), or the journal's failure when it could not take the
  /// input: no_space (a full disk or quota: free room and resubmit), journal_fenced (another
  /// writer opened the partition: this session is stale) or io_error (anything else).
  const status& last_error() const;
  /// The session stopped accepting events: the journal could not be written nor cut back (or
  /// an fsync failed), so what is on the disk is no longer known. Reopen to recover.
  bool failed() const;

  struct impl;

 private:
  friend struct detail::session_access;  // tests open sessions with fault hooks (src/session/session_access.hpp)
  explicit session(std::unique_ptr<impl> i);
  std::unique_ptr<impl> impl_;
};

/// Reads the journal at options.journal_path without changing it (no lock, nothing created, no
/// torn tail cut) and checks it exactly as session::open would: the hash chain, the header, the
/// policy and registry pinned, the replay of every event against its recorded outcome, and
/// options.expected_head. `scan.ok()` exactly when open would accept it; else scan.error is the
/// status open would fail with (without its "refusing to start: "). `report` is what opening would report (nothing restored yet).
journal_scan replay_journal(std::shared_ptr<const policy> p, std::shared_ptr<const force_registry> forces,
                            const session_options& options, recovery_report& report);

/// What compact_journal did.
struct compact_report {
  std::uint64_t snapshot_seq = 0;      ///< the snapshot the journal opens from
  std::uint64_t first_seq = 0;         ///< the journal's first record now (0: nothing archived, ever)
  std::vector<std::string> archived;   ///< the segments moved, as they are now named, oldest first
  std::uint64_t archived_bytes = 0;
};

/// Archives the sealed segments of the journal file at `journal_path` (session_options::
/// segment_bytes) that lie wholly before the newest snapshot it opens from: they move to
/// `archive_dir` (created when missing; on the journal's file system), and the journal then
/// starts at the segment record of the first segment kept, which names the hash it follows, so
/// scan_journal and `muster verify` check the chain from there (docs/journal.md "Segments").
/// The journal is opened to prove that snapshot loads and its tail replays under these rules:
/// one in use is refused (journal_locked), one with no usable snapshot too (invalid_argument,
/// the reasons in the message). Afterwards it is read again; if it does not verify, the segments
/// are put back and the failure returned. Nothing to archive is not a failure (out.archived empty).
status compact_journal(std::shared_ptr<const policy> p, std::shared_ptr<const force_registry> forces,
                       const std::string& journal_path, const std::string& archive_dir, compact_report& out);

MUSTER_END_NAMESPACE
