// The journal in a PostgreSQL partition (docs/journal.md "PostgreSQL"): the same records as a
// file's lines, one transaction per group commit, one writer per partition.
//
// One writer: opening takes a session-level advisory lock on the partition (a second opener
// is refused, `journal-locked`) and bumps the partition's fencing epoch. Every commit
// transaction first reads the epoch FOR SHARE — which waits for, or is waited on by, a new
// opener's bump — and appends only while it is still ours: a writer whose connection was ended
// (its lock released with it) and who reconnects after another opened the partition is refused
// (`journal-fenced`), whatever the lock says by then.
//
// Durability: every_event writes an event's records in one transaction before commit()
// returns; batch hands commits to the store's thread, which writes one transaction per
// batch_size records or batch_interval; none is batch with synchronous_commit off.
#include "journal/journal_store.hpp"

#include "journal/pg_connection.hpp"
#include "journal/pg_partition.hpp"
#include "journal/record.hpp"

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <stdexcept>
#include <thread>
#include <utility>

MUSTER_BEGIN_NAMESPACE
namespace detail {
namespace {

using steady = std::chrono::steady_clock;

/// Where a chain of records ends: the next seq, the last record's hash, and the bytes the
/// lines would take in a file (journal_mark::offset).
struct chain_pos {
  std::uint64_t seq = 0;
  std::string hash;
  std::uint64_t offset = 0;
};

/// Committed records not yet in the database, as COPY rows, and the chain end after them.
struct pg_batch {
  std::string rows;
  std::uint64_t records = 0;
  std::uint64_t first = 0;
  std::uint64_t bytes = 0;  ///< the lines' size in a file
  chain_pos end;
  steady::time_point oldest;
};

enum class write_result : std::uint8_t {
  ok,
  refused,  ///< the server refused the transaction and rolled it back: nothing of it was written
  fatal,    ///< fenced, or the connection broke: this writer must stop
};

class pg_store final : public journal_store {
 public:
  static std::unique_ptr<journal_store> open(const std::string& location, const journal_header& header,
                                             const journal_options& options, const journal_visitor& visit,
                                             journal_scan& scan);
  ~pg_store() override;

  // Staging: records are formatted and hashed here, on the caller's thread.
  std::uint64_t stage(std::string_view type, std::string_view body) override;
  std::uint64_t stage_deferred(std::string_view entry, std::uint32_t records, std::size_t max_bytes) override;
  bool deferring_helps() const override { return false; }
  void discard() override;

  // Committing: a transaction now (every_event), or the store's thread's queue.
  status commit(bool closes_event) override;
  status drain() override;
  status flush() override;
  status flush_if_due() override { return failed() ? broken() : status(); }

  // Room and positions.
  status reserve(std::size_t bytes) override;
  journal_mark mark() override;
  status rewind(const journal_mark& m) override;

  // Where it stands.
  std::uint64_t next_seq() const override { return committed_.seq; }
  std::uint64_t durable_seq() override;
  journal_head durable_head() override;
  const journal_counters& counters() override;
  const journal_options& options() const override { return opt_; }
  /// The location as given, password included: the session reads the journal back through it
  /// (scan_journal) after a refused commit. Messages use loc_.display.
  const std::string& path() const override { return loc_.location; }
  bool failed() override;
  /// Rows written only while this writer's epoch is the partition's (pg_snapshots.cpp).
  std::unique_ptr<snapshot_store> snapshots() override { return pg_snapshot_store(loc_.location, epoch_); }

 private:
  bool create_or_fence(const journal_header& header, bool& created, std::string& line, std::string& hash,
                       status_code& code, std::string& err);
  bool reconnect(std::string& err, status_code& code);
  write_result write(const pg_batch& b, bool synchronous, std::uint64_t cut_from, status& err);
  write_result transaction(const pg_batch& b, bool synchronous, std::uint64_t cut_from, std::string& err,
                           status_code& code);
  status write_now(bool synchronous);
  void written(const pg_batch& b, bool synchronous);
  void stop_with(status failure);
  status broken();
  void run();
  bool threaded() const { return opt_.mode != durability::every_event; }

  pg_location loc_;
  journal_options opt_;
  std::string lock_id_;  ///< the partition's id: the advisory lock's object id
  std::int64_t epoch_ = 0;
  /// Used by the store's thread while it writes (none, batch), else by the journal's user.
  pg_connection conn_;

  // The journal's user's.
  chain_pos committed_;  ///< after the committed records
  chain_pos pending_end_;
  std::string pending_;  ///< staged rows
  std::uint64_t pending_records_ = 0;
  std::string line_;
  pg_batch unwritten_;  ///< every_event: committed since the last event closed

  // Shared with the store's thread, under mutex_.
  std::mutex mutex_;
  std::condition_variable wake_;  ///< the thread: records queued, a drain asked, or stop
  std::condition_variable idle_;  ///< the user: a batch was written (or failed)
  pg_batch queue_;
  bool busy_ = false;
  bool stop_ = false;
  int draining_ = 0;
  chain_pos written_;  ///< in the database
  chain_pos durable_;  ///< in the database, committed synchronously
  journal_counters counters_;
  journal_counters counters_seen_;
  bool failed_ = false;
  status failure_;  ///< why failed_: journal_fenced, no_space or io_error, as the write found it
  std::thread thread_;
};

std::string records_text(const pg_batch& b) {
  if (b.records == 0) return "no records";
  return "records " + std::to_string(b.first) + ".." + std::to_string(b.first + b.records - 1);
}

std::unique_ptr<journal_store> pg_store::open(const std::string& location, const journal_header& header,
                                              const journal_options& options, const journal_visitor& visit,
                                              journal_scan& scan) {
  scan = journal_scan{};
  std::string err;
  auto s = std::make_unique<pg_store>();
  s->opt_ = options;
  if (s->opt_.batch_size == 0) s->opt_.batch_size = 1;
  if (s->opt_.queue_bytes == 0) s->opt_.queue_bytes = 1;
  if (!parse_pg_location(location, s->loc_, err)) {
    scan.error = journal_error(status_code::journal_location, err, location);
    return nullptr;
  }
  auto refuse = [&](const std::string& why, status_code code = status_code::io_error) {
    scan.error = journal_error(code, s->loc_.display + ": " + why, s->loc_.display);
    return nullptr;
  };
  std::string e;
  if (!s->conn_.connect(s->loc_.conninfo, e) || !ensure_pg_schema(s->conn_, e)) return refuse(e);
  if (s->opt_.mode == durability::none && s->conn_.run("SET synchronous_commit = off", {}, e) != pg_outcome::ok)
    return refuse(e);
  bool created = false;
  std::string line, hash;
  status_code why = status_code::io_error;
  if (!s->create_or_fence(header, created, line, hash, why, e)) return refuse(e, why);
  if (created) {
    scan.error = status();
    scan.created = true;
    scan.records = 1;
    scan.good_bytes = line.size() + 1;
    scan.header = header;
    scan.last_hash = hash;
  } else {
    pg_record_source src(s->conn_, s->loc_.partition, s->loc_.display);
    scan_records(src, visit, options.expected_head, scan, options.resume ? &*options.resume : nullptr);
    if (!scan.ok()) return nullptr;  // the connection closes: the lock goes with it; nothing was appended
  }
  s->committed_ = chain_pos{scan.records, scan.last_hash, scan.good_bytes};
  s->pending_end_ = s->written_ = s->durable_ = s->committed_;
  if (s->threaded()) s->thread_ = std::thread([p = s.get()] { p->run(); });
  return s;
}

/// Takes the partition's lock and bumps its epoch; a partition without a journal gets its
/// header record in the same transaction (created whole, synchronously, as a file is).
bool pg_store::create_or_fence(const journal_header& header, bool& created, std::string& line, std::string& hash,
                               status_code& code, std::string& err) {
  const std::string& p = loc_.partition;
  pg_rows r;
  code = status_code::io_error;  // unless a refusal below says otherwise
  auto missing = [&] {
    code = status_code::journal_missing;
    err = "journal-missing: partition '" + p + "' holds no journal, but the host's last durable head is record " +
          std::to_string(opt_.expected_head->seq) +
          ": restore the journal (or open without the expected head to start a new one)";
    return false;
  };
  // Checked before anything is written, as for a file (checked again below, under the lock).
  if (opt_.expected_head) {
    if (conn_.run("SELECT 1 FROM muster_journal_partitions WHERE name = $1 AND header IS NOT NULL", {p}, err, &r) !=
        pg_outcome::ok)
      return false;
    if (r.rows.empty()) return missing();
  }
  if (conn_.run("INSERT INTO muster_journal_partitions (name) VALUES ($1) ON CONFLICT (name) DO NOTHING", {p}, err) !=
          pg_outcome::ok ||
      conn_.run("SELECT id FROM muster_journal_partitions WHERE name = $1", {p}, err, &r) != pg_outcome::ok)
    return false;
  lock_id_ = r.rows.at(0).at(0);
  const std::string lock_class = std::to_string(pg_lock_class);
  if (conn_.run("SELECT pg_try_advisory_lock($1::int, $2::int)", {lock_class, lock_id_}, err, &r) != pg_outcome::ok)
    return false;
  if (r.rows.at(0).at(0) != "t") {
    conn_.run("SELECT string_agg(pid::text, ', ') FROM pg_locks WHERE locktype = 'advisory' AND granted AND "
              "classid = $1::bigint::oid AND objid = $2::bigint::oid AND objsubid = 2",
              {lock_class, lock_id_}, err, &r);
    const std::string pid = r.rows.empty() ? std::string() : r.rows[0][0];
    code = status_code::journal_locked;
    err = "journal-locked: partition '" + p + "' has another writer" +
          (pid.empty() ? std::string() : " (PostgreSQL backend pid " + pid + " holds its advisory lock)") +
          ": one writer per partition; open it when that writer has closed it or its connection has ended";
    return false;
  }
  auto undo = [&](const std::string& why) {
    std::string ignored;
    conn_.run("ROLLBACK", {}, ignored);
    err = why;
    return false;
  };
  if (conn_.run("BEGIN", {}, err) != pg_outcome::ok ||
      conn_.run("UPDATE muster_journal_partitions SET epoch = epoch + 1 WHERE name = $1 RETURNING epoch, header IS NULL",
                {p}, err, &r) != pg_outcome::ok)
    return undo(err);
  epoch_ = std::stoll(r.rows.at(0).at(0));
  created = r.rows[0][1] == "t";
  if (created) {
    if (opt_.expected_head) {
      missing();
      return undo(err);
    }
    hash.assign(zero_hash);
    append_record(line, 0, "header", hash, header_body(header));
    line.pop_back();  // the newline: rows hold the line alone
    if (conn_.run("INSERT INTO muster_journal_records (partition, seq, line) VALUES ($1, 0, $2)", {p, line}, err) !=
            pg_outcome::ok ||
        conn_.run("UPDATE muster_journal_partitions SET header = $2 WHERE name = $1", {p, line}, err) != pg_outcome::ok ||
        conn_.run("SET LOCAL synchronous_commit = on", {}, err) != pg_outcome::ok)
      return undo(err);
  }
  return conn_.run("COMMIT", {}, err) == pg_outcome::ok;
}

pg_store::~pg_store() {
  if (thread_.joinable()) {
    {
      std::lock_guard<std::mutex> lk(mutex_);
      stop_ = true;
    }
    wake_.notify_all();
    thread_.join();  // writes what is queued
  } else if (!failed_ && unwritten_.records > 0) {
    (void)write_now(true);  // nothing to report to
  }
  // Released now rather than when the server sees the connection close, a moment after
  // PQfinish returns: the next opener (this host reopening) finds the partition free.
  std::string ignored;
  if (!lock_id_.empty() && !conn_.broken())
    conn_.run("SELECT pg_advisory_unlock($1::int, $2::int)", {std::to_string(pg_lock_class), lock_id_}, ignored);
}

bool pg_store::failed() {
  std::lock_guard<std::mutex> lk(mutex_);
  return failed_;
}

status pg_store::broken() {
  std::lock_guard<std::mutex> lk(mutex_);
  return restated(failure_, "journal " + loc_.display + " is unusable after an earlier failure: " + failure_.message());
}

/// Marks the store failed for good (under mutex_): every later call answers with `failure`.
void pg_store::stop_with(status failure) {
  failed_ = true;
  failure_ = std::move(failure);
}

std::uint64_t pg_store::stage(std::string_view type, std::string_view body) {
  if (!valid_type(type)) throw std::invalid_argument("journal record type must be [a-z_]+");
  if (body.find('\n') != std::string_view::npos) throw std::invalid_argument("journal record body must not contain a newline");
  const std::uint64_t seq = pending_end_.seq;
  line_.clear();
  append_record(line_, seq, type, pending_end_.hash, body);
  pending_ += loc_.partition;
  pending_ += '\t';
  pending_ += std::to_string(seq);
  pending_ += '\t';
  append_copy_field(pending_, std::string_view(line_).substr(0, line_.size() - 1));
  pending_ += '\n';
  ++pending_end_.seq;
  pending_end_.offset += line_.size();
  ++pending_records_;
  return seq;
}

std::uint64_t pg_store::stage_deferred(std::string_view entry, std::uint32_t records, std::size_t) {
  if (!opt_.write_deferred) throw std::logic_error("journal::stage_deferred: journal_options::write_deferred is not set");
  // Written now, as stage() would write them, or not at all: a writer that throws or
  // miscounts (a bug) leaves the pending records as they were.
  const std::size_t size = pending_.size();
  const chain_pos end = pending_end_;
  const std::uint64_t staged = pending_records_;
  std::uint32_t wrote = 0;
  try {
    opt_.write_deferred(entry, [&](const char* type, std::string_view body) {
      stage(type, body);
      ++wrote;
    });
  } catch (...) {
    pending_.resize(size);
    pending_end_ = end;
    pending_records_ = staged;
    throw;
  }
  if (wrote != records) {
    pending_.resize(size);
    pending_end_ = end;
    pending_records_ = staged;
    throw std::logic_error("journal::stage_deferred: the writer wrote another number of records than staged");
  }
  return end.seq;
}

void pg_store::discard() {
  pending_.clear();
  pending_end_ = committed_;
  pending_records_ = 0;
}

status pg_store::commit(bool closes_event) {
  if (failed()) {
    discard();
    return broken();
  }
  if (pending_records_ > 0) {
    pg_batch& to = threaded() ? queue_ : unwritten_;
    std::unique_lock<std::mutex> lk(mutex_);
    // none, batch: wait while the thread's queue is full (one commit always fits).
    if (threaded()) idle_.wait(lk, [&] { return failed_ || to.records == 0 || to.rows.size() < opt_.queue_bytes; });
    if (failed_) {
      lk.unlock();
      discard();
      return broken();
    }
    if (to.records == 0) {
      to.first = committed_.seq;
      to.oldest = steady::now();
    }
    to.rows += pending_;
    to.records += pending_records_;
    to.bytes += pending_end_.offset - committed_.offset;
    to.end = pending_end_;
    const bool wake = threaded() && (to.records == pending_records_ || to.records >= opt_.batch_size);
    lk.unlock();
    if (wake) wake_.notify_one();
    committed_ = pending_end_;
    pending_.clear();
    pending_records_ = 0;
  }
  if (threaded() || !closes_event || unwritten_.records == 0) return {};
  return write_now(true);
}

/// every_event: writes the records committed since the last transaction, in one. A refusal by
/// the server (a full disk) drops them, as a failed write is cut back in a file: the journal
/// holds what it held, and the caller rebuilds from it.
status pg_store::write_now(bool synchronous) {
  status err;
  const write_result w = write(unwritten_, synchronous, UINT64_MAX, err);
  if (w == write_result::ok) {
    written(unwritten_, synchronous);
    unwritten_ = pg_batch{};
    return {};
  }
  std::lock_guard<std::mutex> lk(mutex_);
  ++counters_.failures;
  unwritten_ = pg_batch{};
  committed_ = pending_end_ = written_;
  if (w == write_result::fatal) stop_with(err);
  return err;
}

void pg_store::written(const pg_batch& b, bool synchronous) {
  std::lock_guard<std::mutex> lk(mutex_);
  if (b.records > 0) written_ = b.end;
  if (synchronous) durable_ = written_;
  counters_.records += b.records;
  counters_.bytes += b.bytes;
  ++counters_.writes;
  if (synchronous) ++counters_.fsyncs;
}

/// False with `err`; `code` journal_fenced when another writer holds the partition's lock now.
bool pg_store::reconnect(std::string& err, status_code& code) {
  if (!conn_.connect(loc_.conninfo, err)) return false;
  pg_rows r;
  if ((opt_.mode == durability::none && conn_.run("SET synchronous_commit = off", {}, err) != pg_outcome::ok) ||
      conn_.run("SELECT pg_try_advisory_lock($1::int, $2::int)", {std::to_string(pg_lock_class), lock_id_}, err, &r) !=
          pg_outcome::ok)
    return false;
  if (r.rows.at(0).at(0) == "t") return true;
  code = status_code::journal_fenced;
  err = "journal-fenced: partition '" + loc_.partition + "' has another writer now (this writer's connection was lost "
        "and its lock taken): this writer is stale and may not append";
  conn_.close();
  return false;
}

/// A failed write's status: journal_fenced (another writer opened the partition since),
/// no_space (the server is out of disk: SQLSTATE 53100, a refusal) or io_error.
write_result pg_store::write(const pg_batch& b, bool synchronous, std::uint64_t cut_from, status& out) {
  std::string err;
  status_code code = status_code::io_error;
  const write_result w = transaction(b, synchronous, cut_from, err, code);
  if (w == write_result::ok) return w;
  const std::string what = cut_from != UINT64_MAX ? "cutting back to record " + std::to_string(cut_from) : records_text(b);
  if (w == write_result::refused)
    err = loc_.display + ": journal-write-refused: " + what + " not written: " + err;
  else if (code == status_code::journal_fenced)
    err = loc_.display + ": " + err + " (" + what + "); reopen the partition to recover from what was committed";
  else
    err = loc_.display + ": journal-connection-lost: " + what + ": " + err +
          "; whether they were committed is unknown: this writer stops (reopen to recover from what was committed)";
  out = status(code, std::move(err), status_location{loc_.display, {}, 0, 0});
  return w;
}

/// `code` is set where the failure says more than io_error: journal_fenced, no_space.
write_result pg_store::transaction(const pg_batch& b, bool synchronous, std::uint64_t cut_from, std::string& err,
                                   status_code& code) {
  // A connection that broke while idle (the server restarted, the backend was ended) is made
  // again, once: nothing of this transaction was sent. Its lock went with it and another
  // writer may have opened the partition meanwhile: reconnect takes the lock again, and the
  // epoch, checked next, says whether this writer may still append.
  pg_outcome o = conn_.broken() ? pg_outcome::lost : conn_.run("BEGIN", {}, err);
  if (o == pg_outcome::lost) {
    if (!reconnect(err, code)) return write_result::fatal;
    o = conn_.run("BEGIN", {}, err);
  }
  if (o != pg_outcome::ok) return write_result::fatal;
  auto abort = [&](pg_outcome how) {
    if (how == pg_outcome::lost) return write_result::fatal;
    if (conn_.sqlstate() == "53100") code = status_code::no_space;  // disk_full (read before ROLLBACK clears it)
    std::string ignored;
    conn_.run("ROLLBACK", {}, ignored);
    return write_result::refused;
  };
  pg_rows r;
  o = conn_.run("SELECT epoch FROM muster_journal_partitions WHERE name = $1 FOR SHARE", {loc_.partition}, err, &r);
  if (o != pg_outcome::ok) return abort(o);
  const std::string ours = std::to_string(epoch_);
  if (r.rows.empty() || r.rows[0][0] != ours) {
    abort(pg_outcome::refused);
    conn_.close();  // and with it the lock a reconnect may have taken again
    code = status_code::journal_fenced;
    err = "journal-fenced: partition '" + loc_.partition + "' was opened by another writer since (epoch " +
          (r.rows.empty() ? std::string("gone") : r.rows[0][0]) + ", this writer's " + ours +
          "): this writer is stale and may not append";
    return write_result::fatal;
  }
  if (cut_from != UINT64_MAX &&
      (o = conn_.run("DELETE FROM muster_journal_records WHERE partition = $1 AND seq >= $2",
                     {loc_.partition, std::to_string(cut_from)}, err)) != pg_outcome::ok)
    return abort(o);
  if (b.records > 0 &&
      (o = conn_.copy_in("COPY muster_journal_records (partition, seq, line) FROM STDIN", b.rows, err)) != pg_outcome::ok)
    return abort(o);
  if (synchronous && opt_.mode == durability::none &&
      (o = conn_.run("SET LOCAL synchronous_commit = on", {}, err)) != pg_outcome::ok)
    return abort(o);
  // A COMMIT that fails leaves its outcome unknown (it may have been applied before the
  // connection broke): never reported as refused.
  return conn_.run("COMMIT", {}, err) == pg_outcome::ok ? write_result::ok : write_result::fatal;
}

/// The store's thread (none, batch): writes the queue in one transaction when it holds
/// batch_size records, when its oldest is batch_interval old, when a drain asks, or at close —
/// all of it: commits that queued up while the last transaction ran join the next one.
void pg_store::run() {
  std::unique_lock<std::mutex> lk(mutex_);
  for (;;) {
    if (queue_.records == 0 || failed_) {
      if (stop_) return;
      wake_.wait(lk);
      continue;
    }
    const bool due = stop_ || draining_ > 0 || queue_.records >= opt_.batch_size ||
                     steady::now() - queue_.oldest >= opt_.batch_interval;
    if (!due) {
      wake_.wait_until(lk, queue_.oldest + opt_.batch_interval);
      continue;
    }
    pg_batch b = std::move(queue_);
    queue_ = pg_batch{};
    busy_ = true;
    idle_.notify_all();  // room in the queue
    lk.unlock();
    status err;
    const bool synchronous = opt_.mode == durability::batch;
    const write_result w = write(b, synchronous, UINT64_MAX, err);
    if (w == write_result::ok) written(b, synchronous);
    lk.lock();
    busy_ = false;
    if (w != write_result::ok) {
      ++counters_.failures;
      stop_with(std::move(err));
      queue_ = pg_batch{};
    }
    idle_.notify_all();
  }
}

status pg_store::drain() {
  if (!threaded()) {
    if (failed()) return broken();
    return unwritten_.records == 0 ? status() : write_now(true);
  }
  std::unique_lock<std::mutex> lk(mutex_);
  ++draining_;
  wake_.notify_one();
  idle_.wait(lk, [&] { return failed_ || (queue_.records == 0 && !busy_); });
  --draining_;
  const bool failed = failed_;
  lk.unlock();
  return failed ? broken() : status();
}

status pg_store::flush() {
  if (status err = drain(); !err) return err;
  if (opt_.mode != durability::none) return {};  // what is written is durable
  // none: a synchronous commit flushes the write-ahead log up to it, the earlier asynchronous
  // commits with it. (The epoch's row lock makes the transaction a writing one.)
  const pg_batch nothing;
  status err;
  const write_result w = write(nothing, true, UINT64_MAX, err);
  if (w == write_result::ok) {
    written(nothing, true);
    return {};
  }
  std::lock_guard<std::mutex> lk(mutex_);
  stop_with(err);
  return err;
}

status pg_store::reserve(std::size_t) {
  // The database's room is not ours to allocate: a commit into a full table space is refused
  // by the server and reported as journal-write-refused, no_space (docs/journal.md).
  return failed() ? broken() : status();
}

journal_mark pg_store::mark() {
  (void)drain();
  return journal_mark{committed_.offset, committed_.seq, committed_.hash};
}

status pg_store::rewind(const journal_mark& m) {
  if (m.next_seq > committed_.seq) throw std::invalid_argument("journal::rewind: the mark is ahead of the journal");
  discard();
  if (status err = drain(); !err) return err;
  // Deleted inside this writer's epoch, synchronously: a cut record must not come back.
  const pg_batch nothing;
  status err;
  const write_result w = write(nothing, true, m.next_seq, err);
  std::lock_guard<std::mutex> lk(mutex_);
  if (w != write_result::ok) {
    stop_with(err);
    return err;
  }
  committed_ = pending_end_ = written_ = durable_ = chain_pos{m.next_seq, m.prev, m.offset};
  ++counters_.writes;
  return {};
}

std::uint64_t pg_store::durable_seq() {
  if (threaded()) (void)drain();
  std::lock_guard<std::mutex> lk(mutex_);
  return durable_.seq;
}

journal_head pg_store::durable_head() {
  if (threaded()) (void)drain();
  std::lock_guard<std::mutex> lk(mutex_);
  return journal_head{durable_.seq - 1, durable_.hash};
}

const journal_counters& pg_store::counters() {
  std::lock_guard<std::mutex> lk(mutex_);
  counters_seen_ = counters_;
  return counters_seen_;
}

}  // namespace

std::unique_ptr<journal_store> open_pg_store(const std::string& location, const journal_header& header,
                                             const journal_options& options, const journal_visitor& visit,
                                             journal_scan& scan) {
  return pg_store::open(location, header, options, visit, scan);
}

}  // namespace detail
MUSTER_END_NAMESPACE
