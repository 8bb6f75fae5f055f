// The journal's own thread (background_sync.hpp): hash chain, big writes, group commit.
#include "journal/background_sync.hpp"

#include "journal/record.hpp"

#include <cstring>

MUSTER_BEGIN_NAMESPACE
namespace detail {
namespace {

/// How long the thread waits, once the queue has run dry, for more before writing what it has:
/// the submitting thread then need not wake it for every commit (a futex call costs more than
/// a small event).
constexpr auto nap = std::chrono::microseconds(200);

}  // namespace

background_sync::background_sync(journal_file& f, const journal_options& opt, chain_end end)
    : file_(f),
      mode_(opt.mode),
      batch_size_(opt.batch_size == 0 ? 1 : opt.batch_size),
      interval_(std::chrono::duration_cast<std::chrono::steady_clock::duration>(opt.batch_interval)),
      queue_bytes_(opt.queue_bytes),
      write_deferred_(opt.write_deferred),
      committed_seq_(end.next_seq),
      written_seq_(end.next_seq),
      durable_(end),
      end_(std::move(end)) {
  if (mode_ == durability::batch) syncer_ = std::thread([this] { run_syncer(); });
  thread_ = std::thread([this] { run(); });
}

background_sync::~background_sync() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stop_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();  // its last sync waited for the one in flight
  {
    std::lock_guard<std::mutex> lock(mu_);
    syncer_stop_ = true;
  }
  sync_wake_.notify_all();
  if (syncer_.joinable()) syncer_.join();
}

status background_sync::commit(std::string& records, std::uint64_t next_seq) {
  if (failed()) {
    records.clear();
    return failure();
  }
  std::unique_lock<std::mutex> lock(mu_);
  while (!queue_.empty() && queue_.size() + records.size() > queue_bytes_ && !failed()) {
    wake_.notify_one();  // the queue is full: the thread must not nap now
    done_.wait(lock);
  }
  if (failed()) {
    records.clear();
    return error_;
  }
  if (queue_.empty()) queue_.swap(records);  // the thread's last buffer comes back, capacity and all
  else queue_.append(records);
  committed_seq_ = next_seq;
  const bool wake = idle_ || (napping_ && queue_.size() >= chunk_bytes);
  lock.unlock();
  if (wake) wake_.notify_one();
  records.clear();
  return {};
}

void background_sync::wait_idle(std::unique_lock<std::mutex>& lock) {
  ++waiters_;
  if (idle_ || napping_) wake_.notify_one();
  done_.wait(lock, [&] { return !busy_ && !sync_inflight_ && queue_.empty() && (failed() || written_seq_ == committed_seq_); });
  --waiters_;
}

status background_sync::drain() {
  std::unique_lock<std::mutex> lock(mu_);
  wait_idle(lock);
  if (!failed()) return {};
  return error_;
}

status background_sync::sync() {
  std::unique_lock<std::mutex> lock(mu_);
  const std::uint64_t ticket = ++sync_asked_;
  wake_.notify_one();
  done_.wait(lock, [&] { return failed() || sync_done_ >= ticket; });
  if (!failed()) return {};
  return error_;
}

status background_sync::failure() {
  std::lock_guard<std::mutex> lock(mu_);
  return error_;
}

std::uint64_t background_sync::overestimate() {
  std::lock_guard<std::mutex> lock(mu_);
  return overestimate_;
}

journal_head background_sync::durable_head() {
  std::unique_lock<std::mutex> lock(mu_);
  wait_idle(lock);
  return journal_head{durable_.next_seq - 1, durable_.prev};
}

void background_sync::fail(status why) {
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (error_.ok()) error_ = std::move(why);  // the first failure is the cause (the sync thread's, or the writer's)
    ++counters_.failures;
    failed_.store(true, std::memory_order_release);
  }
  done_.notify_all();
  synced_.notify_all();
}

bool background_sync::sync_due() const {
  if (mode_ != durability::batch || unsynced_ + out_records_ == 0) return false;
  return unsynced_ + out_records_ >= batch_size_ || std::chrono::steady_clock::now() - oldest_unsynced_ >= interval_;
}

void background_sync::wait_synced(std::unique_lock<std::mutex>& lock) {
  synced_.wait(lock, [&] { return !sync_inflight_ || failed(); });
}

bool background_sync::start_sync() {
  std::unique_lock<std::mutex> lock(mu_);
  // The sync before this one is still running: group commit's back-pressure. Waiting here
  // bounds what a crash can lose to the queue and about two batches.
  wait_synced(lock);
  if (failed()) return false;
  if (unsynced_ == 0) return true;
  // The fault hook is asked here, on the writer, as for do_sync — and not under the lock. Only
  // the writer starts syncs, so nothing else starts one meanwhile.
  lock.unlock();
  const journal_fault f = file_.sync_fault();
  lock.lock();
  sync_fault_ = f;
  sync_target_ = end_;
  sync_inflight_ = true;
  unsynced_ = 0;  // handed over: the next batch counts from here
  lock.unlock();
  sync_wake_.notify_one();
  return true;
}

void background_sync::run_syncer() {
  std::unique_lock<std::mutex> lock(mu_);
  for (;;) {
    sync_wake_.wait(lock, [&] { return sync_inflight_ || syncer_stop_; });
    if (!sync_inflight_) return;
    const chain_end target = sync_target_;
    const journal_fault f = sync_fault_;
    lock.unlock();
    status err;
    const bool ok = file_.sync_as(f, err);  // safe beside the writer's pwrite
    if (!ok) fail(err);  // after a failed fsync nothing unsynced can be trusted (do_sync)
    lock.lock();
    if (ok) {
      ++counters_.fsyncs;
      if (target.next_seq > durable_.next_seq) durable_ = target;
    }
    sync_inflight_ = false;
    synced_.notify_all();
    done_.notify_all();
  }
}

bool background_sync::do_sync() {
  {
    std::unique_lock<std::mutex> lock(mu_);
    wait_synced(lock);
  }
  if (failed()) return false;
  if (unsynced_ == 0) return true;
  status err;
  if (!file_.sync(err)) {
    // After a failed fsync the kernel may have dropped the dirty pages: nothing written since
    // the last good sync can be trusted, and retrying would hide it.
    fail(err);
    return false;
  }
  unsynced_ = 0;
  std::lock_guard<std::mutex> lock(mu_);
  ++counters_.fsyncs;
  durable_ = end_;
  return true;
}

bool background_sync::write_out(bool sync) {
  if (!out_.empty()) {
    status err;
    if (!file_.write_at(end_.offset, out_, err)) {
      std::string why = "journal: records " + std::to_string(end_.next_seq) + ".." +
                        std::to_string(end_.next_seq + out_records_ - 1) + " not written: " + err.message();
      status cut;
      if (!file_.truncate(end_.offset, cut)) why += "; and cutting back the partial write failed: " + cut.message();
      out_.clear();
      out_records_ = 0;
      fail(restated(err, std::move(why)));
      return false;
    }
    const std::size_t bytes = out_.size();
    end_.offset += bytes;
    end_.next_seq += out_records_;
    unsynced_ += out_records_;
    {
      std::lock_guard<std::mutex> lock(mu_);
      counters_.bytes += bytes;
      counters_.records += out_records_;
      ++counters_.writes;
      written_seq_ = end_.next_seq;
    }
    out_.clear();
    out_records_ = 0;
  }
  if (sync && unsynced_ > 0) return mode_ == durability::batch ? start_sync() : do_sync();
  return true;
}

bool background_sync::write_deferred(std::string_view entry, std::uint32_t records) {
  std::uint32_t written = 0;
  try {
    write_deferred_(entry, [&](const char* type, std::string_view body) {
      const std::size_t start = out_.size();
      append_record_prefix(out_, end_.next_seq + out_records_, type, body);
      seal_record(out_, start, end_.prev);
      ++out_records_;
      ++written;
    });
  } catch (const std::exception& e) {
    fail(status(status_code::io_error, std::string("journal: writing deferred records failed: ") + e.what(),
                status_location{file_.path(), {}, 0, 0}));
    return false;
  }
  if (written == records) return true;
  // A writer bug: the seqs numbered when staging no longer match the file.
  fail(status(status_code::io_error,
              "journal: a deferred entry gave " + std::to_string(written) + " records where " + std::to_string(records) +
                  " were staged",
              status_location{file_.path(), {}, 0, 0}));
  return false;
}

void background_sync::process() {
  const char* p = work_.data();
  const char* const e = p + work_.size();
  while (p < e) {
    entry_header h;
    std::memcpy(&h, p, sizeof h);
    p += sizeof h;
    if (unsynced_ + out_records_ == 0) oldest_unsynced_ = std::chrono::steady_clock::now();
    const std::size_t before = out_.size();
    if (h.records == 0) {
      out_.append(p, h.len);
      seal_record(out_, before, end_.prev);
      ++out_records_;
    } else if (!write_deferred(std::string_view(p, h.len), h.records)) {
      break;
    }
    // A bound below the size would let a write pass what was reserved for it (stage_deferred).
    if (out_.size() - before > h.bound) {
      fail(status(status_code::io_error,
                  "journal: records " + std::to_string(end_.next_seq + out_records_ - h.records) + ".. took " +
                      std::to_string(out_.size() - before) + " bytes, more than their bound (" + std::to_string(h.bound) + ")",
                  status_location{file_.path(), {}, 0, 0}));
      break;
    }
    taken_over_ += h.bound - (out_.size() - before);
    p += h.len;
    if (h.last == 0) continue;
    // An input's records end here: a write may end here too.
    const bool sync = sync_due();
    if ((sync || out_.size() >= chunk_bytes) && !write_out(sync)) break;
  }
  work_.clear();
}

void background_sync::run() {
  std::unique_lock<std::mutex> lock(mu_);
  bool napped = false;
  auto work = [&](auto&& f) {
    busy_ = true;
    lock.unlock();
    f();
    lock.lock();
    busy_ = false;
    done_.notify_all();
  };
  for (;;) {
    if (failed()) {
      // Nothing more is written: what is handed over is dropped, so no one waits for room.
      queue_.clear();
      sync_done_ = sync_asked_;
      done_.notify_all();
      if (stop_) return;
      wake_.wait(lock);
      continue;
    }
    if (!queue_.empty()) {
      work_.swap(queue_);
      // Behind: a quarter of the queue's bound piled up while the last work was done. A faster
      // writer finds only what came during its last piece, a slower one a queue that grows.
      saturated_.store(work_.size() >= queue_bytes_ / 4, std::memory_order_relaxed);
      napped = false;
      done_.notify_all();  // room in the queue: a waiting commit goes on while this batch is hashed
      work([&] { process(); });
      overestimate_ = taken_over_;
      continue;
    }
    const bool wanted = waiters_ > 0 || sync_asked_ > sync_done_ || stop_;
    if (!out_.empty()) {
      if (!napped && !wanted) {
        // The queue ran dry: give it a moment to fill before writing a small chunk.
        napping_ = true;
        wake_.wait_for(lock, nap);
        napping_ = false;
        napped = true;
        continue;
      }
      work([&] { write_out(sync_due()); });
      continue;
    }
    if (sync_asked_ > sync_done_) {
      const std::uint64_t asked = sync_asked_;
      work([&] { do_sync(); });  // also waits for the sync in flight
      sync_done_ = asked;
      done_.notify_all();
      continue;
    }
    if (stop_) {
      if (mode_ != durability::none) work([&] { do_sync(); });
      return;
    }
    // Nothing to do until the next commit, or until the oldest unsynced record is due.
    idle_ = true;
    if (mode_ == durability::batch && unsynced_ > 0) wake_.wait_until(lock, oldest_unsynced_ + interval_);
    else wake_.wait(lock);
    idle_ = false;
    napped = false;
    if (queue_.empty() && !stop_ && sync_due()) work([&] { start_sync(); });
  }
}

}  // namespace detail
MUSTER_END_NAMESPACE
