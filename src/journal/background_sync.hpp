// Internal: the journal's own threads (durability none and batch). The submitting thread stages
// each record without its hash (detail::append_record_prefix) and hands whole commits over
// through a bounded queue; the writer thread chains the hashes, appends the lines to a large
// buffer and writes it in big chunks (at least `chunk_bytes`, or when the queue runs dry). In
// batch mode a sync thread syncs every batch_size records or batch_interval while the writer
// goes on writing: one sync in flight at a time, and the writer waits for it only when the
// next one falls due (docs/journal.md "Appending"). A failed write is cut back and remembered,
// as is a failed sync; the journal then refuses everything.
#pragma once

#include "journal/file.hpp"

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <string>
#include <thread>

MUSTER_BEGIN_NAMESPACE
namespace detail {

/// Where the chain ends on the disk: the next record's offset and seq, and the last hash — what
/// a mark (rewind point) holds too.
using chain_end = journal_mark;

class background_sync {
 public:
  /// A queued entry: this header, then `len` bytes — a record's line up to `,"hash":"` when
  /// `records` is 0, else a deferred entry that journal_options::write_deferred turns into that
  /// many records (journal::stage_deferred). `last` marks the last entry of a commit: writes
  /// end only there. `bound`: the most bytes its records take on the disk.
  struct entry_header {
    std::uint32_t len;
    std::uint32_t last;
    std::uint32_t records;
    std::uint32_t bound;
  };
  static constexpr std::size_t chunk_bytes = 256U << 10;  ///< write at least this much at once under load

  /// Starts the thread. `end`: the chain as the file holds it, all synced.
  background_sync(journal_file& f, const journal_options& opt, chain_end end);
  /// Writes everything queued, syncs it unless durability::none, and stops the threads.
  ~background_sync();
  background_sync(const background_sync&) = delete;
  background_sync& operator=(const background_sync&) = delete;

  /// Hands over `records` (entries, whole commits; cleared on return) whose seqs end before
  /// `next_seq`. Blocks while the queue holds more than opt.queue_bytes. The thread's failure
  /// when it has failed (the records are dropped).
  status commit(std::string& records, std::uint64_t next_seq);
  /// Waits until every committed record is written (and the syncs due by then are done).
  /// The failure when a write or sync failed.
  status drain();
  /// drain(), then fdatasync whatever is unsynced (in any mode).
  status sync();
  /// A write, cut-back or sync failed on the thread: nothing more is written.
  bool failed() const { return failed_.load(std::memory_order_acquire); }
  /// The writer is behind: it last took a queue of a quarter of its bound or more, so work
  /// handed to it now only waits. A hint, read without the lock.
  bool saturated() const { return saturated_.load(std::memory_order_relaxed); }
  /// Why: the first failure, with the code of where it happened (no_space, io_error); ok until
  /// failed().
  status failure();
  /// How many bytes the entries' bounds exceeded what their records took, over every entry
  /// taken so far (written or buffered): the caller's end, counted in bounds, less this is the
  /// end of what was taken.
  std::uint64_t overestimate();
  /// The last synced record (waits as drain does).
  journal_head durable_head();

  /// Runs `f(end, counters, durable)` with the thread idle (after drain) and holding its lock:
  /// the thread's state may be read or changed. `durable`: the records below durable.next_seq
  /// are synced, the last of them hashed durable.prev.
  template <class F>
  void while_idle(F&& f) {
    std::unique_lock<std::mutex> lock(mu_);
    wait_idle(lock);
    f(end_, counters_, durable_, unsynced_);
  }

 private:
  void run();
  void wait_idle(std::unique_lock<std::mutex>& lock);
  /// Hashes and buffers the entries of work_ (unlocked); writes and syncs as due.
  void process();
  /// Writes out_ (unlocked); then syncs when `sync`. False after a failure (remembered).
  bool write_out(bool sync);
  /// Syncs everything written, on this thread, after the sync in flight (if any). False after
  /// a failure (remembered).
  bool do_sync();
  /// batch: hands everything written to the sync thread and returns; first waits for the sync
  /// in flight, if any. False after a failure.
  bool start_sync();
  /// Waits (holding `lock` on mu_) until no sync is in flight.
  void wait_synced(std::unique_lock<std::mutex>& lock);
  void run_syncer();
  /// Appends the records of a deferred entry to out_, hashed. False after a failure (remembered).
  bool write_deferred(std::string_view entry, std::uint32_t records);
  void fail(status why);
  bool sync_due() const;

  journal_file& file_;
  const durability mode_;
  const std::uint64_t batch_size_;
  const std::chrono::steady_clock::duration interval_;
  const std::size_t queue_bytes_;
  const journal_deferred_writer write_deferred_;

  std::mutex mu_;
  std::condition_variable wake_;   ///< the thread waits here
  std::condition_variable done_;   ///< the submitting thread waits here (room, drained, synced)
  std::thread thread_;
  // Shared, under mu_.
  std::string queue_;
  std::uint64_t committed_seq_ = 0;  ///< records below this seq have been handed over
  std::uint64_t written_seq_ = 0;    ///< … and are written
  bool busy_ = false;                ///< the thread works outside the lock
  bool idle_ = false;                ///< the thread sleeps until woken (nothing to write or sync)
  bool napping_ = false;             ///< the thread sleeps a little, to let the queue fill
  bool stop_ = false;
  std::uint32_t waiters_ = 0;        ///< submitting-thread calls waiting for the thread to be idle
  std::uint64_t sync_asked_ = 0, sync_done_ = 0;
  status error_;
  std::atomic<bool> failed_{false};
  std::atomic<bool> saturated_{false};
  journal_counters counters_;
  chain_end durable_;                ///< next_seq: records below are synced; prev: the last one's hash
  std::uint64_t overestimate_ = 0;   ///< published from taken_over_ after each piece of work
  // The thread's own (and, while idle, while_idle's).
  chain_end end_;
  std::string work_, out_;
  std::uint64_t out_records_ = 0;
  std::uint64_t taken_over_ = 0;  ///< bounds less sizes of the entries processed
  std::uint64_t out_end_seq_ = 0;
  std::uint64_t unsynced_ = 0;  ///< records written and not yet synced
  std::chrono::steady_clock::time_point oldest_unsynced_{};
  // The sync thread (batch only). Shared, under mu_.
  std::thread syncer_;
  std::condition_variable sync_wake_;  ///< the sync thread waits here
  std::condition_variable synced_;     ///< the writer waits here for the sync in flight
  bool sync_inflight_ = false;
  bool syncer_stop_ = false;
  chain_end sync_target_;             ///< the sync in flight makes the records below durable
  journal_fault sync_fault_{};         ///< what the fault hook said of it (asked on the writer)
};

}  // namespace detail
MUSTER_END_NAMESPACE
