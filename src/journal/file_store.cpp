// The journal in a local file: staging records, committing them with one write, group commit
// on the journal's thread, cutting back on failure (docs/journal.md "Appending").
#include "journal/journal_store.hpp"

#include "journal/background_sync.hpp"
#include "journal/file.hpp"
#include "journal/record.hpp"
#include "journal/segments.hpp"

#include <algorithm>
#include <climits>
#include <cstdint>
#include <cstring>
#include <memory>
#include <stdexcept>
#include <utility>

MUSTER_BEGIN_NAMESPACE
namespace detail {
namespace {

struct file_state {
  journal_file file;
  journal_options opt;
  // Committed: what the file holds (every_event), or will hold once the journal's thread has
  // written what it was handed (none, batch: `prev` is then the thread's).
  std::uint64_t offset = 0;
  std::uint64_t next_seq = 0;
  std::string prev;
  // Staged, not yet committed. every_event: whole lines, hashed; none and batch: entries for
  // the journal's thread (background_sync::entry_header + the line up to its hash).
  std::string pending;
  std::uint64_t pending_seq = 0;
  std::string pending_prev;
  std::uint64_t pending_records = 0;
  std::uint64_t pending_bytes = 0;  ///< the lines' size on the disk
  std::size_t last_entry = 0;       ///< where the last staged entry's header is (none, batch)
  // Durability (every_event; the journal's thread keeps its own).
  std::uint64_t unsynced = 0;  ///< records written and not yet synced
  std::uint64_t durable_seq = 0;
  std::string durable_hash;    ///< the hash of record durable_seq - 1
  std::uint64_t reserved_to = 0;   ///< space allocated up to this offset (0: none known)
  /// none, batch: how much the deferred records' bounds the journal's thread has written
  /// exceeded their size, as far as `offset` was already corrected for it.
  std::uint64_t corrected = 0;
  bool cannot_reserve = false;     ///< the file system does not preallocate
  journal_header header;           ///< the journal's, as its segment records repeat it
  std::uint64_t file_first = 0;    ///< the seq of the first record in the file (segments.hpp)
  journal_counters counters;
  bool failed = false;
  status failure;  ///< why failed, with the code of where it happened
  /// none and batch: the journal's thread (hashes, writes, syncs). Declared last: destroyed
  /// first, while the file is still open.
  std::unique_ptr<background_sync> thread;

  bool is_failed() {
    if (!failed && thread && thread->failed()) {
      failed = true;
      failure = thread->failure();
    }
    return failed;
  }
  /// The earlier failure, still its code (a full disk stays no_space).
  status broken() const {
    return restated(failure, "journal " + file.path() + " is unusable after an earlier failure: " + failure.message());
  }
  /// After a failed fsync the kernel may have dropped the dirty pages: nothing written since
  /// the last good sync can be trusted, and retrying would hide it ("fsyncgate").
  status sync_failed(status err) {
    failed = true;
    failure = err;
    return err;
  }
  status sync() {
    if (thread) {
      if (status err = thread->sync(); !err) return sync_failed(std::move(err));
      return {};
    }
    if (status err; !file.sync(err)) return sync_failed(std::move(err));
    ++counters.fsyncs;
    unsynced = 0;
    durable_seq = next_seq;
    durable_hash = prev;
    return {};
  }
  /// none, batch: offset counts deferred records at their bound, an upper bound of their size.
  /// Takes back what the bounds written so far exceeded, so offset follows the file again.
  void correct_offset() {
    const std::uint64_t over = thread->overestimate();
    offset -= over - corrected;
    corrected = over;
  }
  /// After a commit that closes an event: seals the file as a segment once it holds
  /// opt.segment_bytes, everything in it written and synced first (segments.hpp). A rotation
  /// that fails leaves the records committed and stops the journal (failure says why).
  void rotate_if_due() {
    if (opt.segment_bytes == 0 || offset < opt.segment_bytes || failed) return;
    if (thread) {
      // offset counts deferred records at their bounds: take back what they overstated first.
      const std::uint64_t over = thread->overestimate();
      offset -= over - corrected;
      corrected = over;
      if (offset < opt.segment_bytes) return;
      if (status err = thread->sync(); !err) {
        (void)sync_failed(std::move(err));
        return;
      }
      if (is_failed()) return;
      bool rotated = false;
      thread->while_idle([&](chain_end& end, journal_counters&, chain_end& durable, std::uint64_t& not_synced) {
        if (end.offset < opt.segment_bytes || !rotate(end.offset, end.next_seq, end.prev)) return;
        end = journal_mark{offset, next_seq, prev};
        durable = end;
        not_synced = 0;
        rotated = true;
      });
      if (rotated) corrected = thread->overestimate();  // offset is exact again
      return;
    }
    if (unsynced > 0 && !sync().ok()) return;
    (void)rotate(offset, next_seq, prev);
  }
  /// True when the journal's file is the new one (also when failed says it is not durable).
  /// `end`: where the file's records end (exactly).
  bool rotate(std::uint64_t end, std::uint64_t seq, std::string last_hash) {
    // Space reserved past the end (fallocate keeps the size) is given back before sealing.
    if (status ignored; !cannot_reserve) (void)file.truncate(end, ignored);
    std::uint64_t bytes = 0;
    bool rotated = false;
    status err = rotate_segment(file, file_first, seq, last_hash, header, bytes, rotated);
    if (rotated) {
      file_first = seq;
      offset = bytes;
      next_seq = seq + 1;
      prev = last_hash;
      durable_seq = next_seq;
      durable_hash = prev;
      reserved_to = 0;
      reset_pending();
    }
    if (!err) {
      failed = true;
      failure = err;
    }
    return rotated;
  }
  void reset_pending() {
    pending.clear();
    pending_seq = next_seq;
    pending_prev = prev;
    pending_records = 0;
    pending_bytes = 0;
  }
};

/// The journal in a local file (journal_store.hpp): the journal's own writer as it was before
/// there were other stores, its state in file_state.
class file_store final : public journal_store {
 public:
  ~file_store() override;
  std::uint64_t stage(std::string_view type, std::string_view body) override;
  std::uint64_t stage_deferred(std::string_view entry, std::uint32_t records, std::size_t max_bytes) override;
  bool deferring_helps() const override;
  status commit(bool closes_event) override;
  void discard() override;
  status reserve(std::size_t bytes) override;
  journal_mark mark() override;
  status rewind(const journal_mark& m) override;
  status drain() override;
  status flush() override;
  status flush_if_due() override;
  std::uint64_t next_seq() const override;
  std::uint64_t durable_seq() override;
  journal_head durable_head() override;
  const journal_counters& counters() override;
  const journal_options& options() const override;
  const std::string& path() const override;
  bool failed() override;
  std::unique_ptr<snapshot_store> snapshots() override { return file_snapshot_store(path(), true); }

  file_state s;
};

}  // namespace

file_store::~file_store() {
  file_state& j = s;
  if (j.thread) {
    j.thread.reset();  // writes what was handed over and syncs it (unless durability::none)
    return;
  }
  if (!j.failed && j.opt.mode != durability::none && j.unsynced > 0) (void)j.sync();  // nothing to report to
}

std::unique_ptr<journal_store> open_file_store(const std::string& path, const journal_header& header, const journal_options& options,
                                       const journal_visitor& visit, journal_scan& scan) {
  auto store = std::make_unique<file_store>();
  file_state* j = &store->s;
  j->opt = options;
  if (j->opt.batch_size == 0) j->opt.batch_size = 1;
  if (j->opt.queue_bytes == 0) j->opt.queue_bytes = 1;
  j->file.fault = options.fault;
  scan = journal_scan{};
  status err;
  auto io_failure = [&] {
    scan.error = journal_error(err.code(), err.message(), path);  // no_space or io_error
    return nullptr;
  };
  if (!file_exists(path)) {
    if (!list_segments(path).empty()) {
      scan.error = journal_error(status_code::journal_missing,
                                 path + ": journal-missing: there are sealed segments of this journal beside it (" +
                                     list_segments(path).back().second + "), but not the journal's own file: restore it",
                                 path);
      return nullptr;
    }
    if (options.expected_head) {
      scan.error = journal_error(status_code::journal_missing,
                                 path + ": journal-missing: there is no journal here, but the host's last durable head is record " +
                                     std::to_string(options.expected_head->seq) +
                                     ": restore the journal (or open without the expected head to start a new one)",
                                 path);
      return nullptr;
    }
    std::string line;
    std::string hash(zero_hash);
    append_record(line, 0, "header", hash, header_body(header));
    if (!j->file.create(path, line, err)) return io_failure();
    scan.error = status();
    scan.created = true;
    scan.records = 1;
    scan.good_bytes = line.size();
    scan.header = header;
    scan.last_hash = hash;
  } else {
    if (std::string why; !j->file.open(path, why)) {
      scan.error = journal_error(j->file.locked_by_other() ? status_code::journal_locked : status_code::io_error, why, path);
      return nullptr;
    }
    if (std::string why; !settle_rotation(path, why)) {
      scan.error = journal_error(status_code::io_error, why, path);
      return nullptr;
    }
    segment_chain all(list_segments(path), j->file);
    scan_records(all, visit, options.expected_head, scan, options.resume ? &*options.resume : nullptr);
    if (!scan.ok()) return nullptr;
    j->file_first = all.segment_first_seq();
  }
  j->header = scan.header;
  if (scan.torn_bytes > 0) {
    // Cut the torn tail before anything is appended after it (synced unless durability::none).
    if (!j->file.truncate(scan.good_bytes, err) || (j->opt.mode != durability::none && !j->file.sync(err))) return io_failure();
  }
  j->offset = scan.good_bytes;
  j->next_seq = scan.records;
  j->prev = scan.last_hash;
  j->durable_seq = scan.records;
  j->durable_hash = scan.last_hash;
  j->reset_pending();
  if (j->opt.mode != durability::every_event)
    j->thread = std::make_unique<background_sync>(j->file, j->opt, journal_mark{j->offset, j->next_seq, j->prev});
  return store;
}

std::uint64_t file_store::stage(std::string_view type, std::string_view body) {
  file_state& j = s;
  if (!valid_type(type)) throw std::invalid_argument("journal record type must be [a-z_]+");
  if (body.find('\n') != std::string_view::npos) throw std::invalid_argument("journal record body must not contain a newline");
  if (!j.thread) {
    append_record(j.pending, j.pending_seq, type, j.pending_prev, body);
  } else {
    // The line up to its hash; the journal's thread hashes it.
    using entry = background_sync::entry_header;
    j.last_entry = j.pending.size();
    j.pending.append(sizeof(entry), '\0');
    const std::size_t start = j.pending.size();
    append_record_prefix(j.pending, j.pending_seq, type, body);
    const std::size_t len = j.pending.size() - start;
    if (len > UINT32_MAX / 2) {
      j.pending.resize(j.last_entry);
      throw std::invalid_argument("journal record body too large");
    }
    const entry h{static_cast<std::uint32_t>(len), 0, 0, static_cast<std::uint32_t>(len + record_suffix_size)};
    std::memcpy(&j.pending[j.last_entry], &h, sizeof h);
    j.pending_bytes += len + record_suffix_size;
  }
  ++j.pending_records;
  return j.pending_seq++;
}

std::uint64_t file_store::stage_deferred(std::string_view entry, std::uint32_t records, std::size_t max_bytes) {
  file_state& j = s;
  if (!j.opt.write_deferred) throw std::logic_error("journal::stage_deferred: journal_options::write_deferred is not set");
  const std::uint64_t first = j.pending_seq;
  if (records == 0) return first;
  if (!j.thread) {
    // every_event: written now, as stage() would have written them — or not at all: a writer
    // that throws or miscounts (a bug) leaves the pending records as they were.
    const std::size_t size = j.pending.size();
    const std::uint64_t staged = j.pending_records;
    const std::string prev = j.pending_prev;
    auto undo = [&] {
      j.pending.resize(size);
      j.pending_seq = first;
      j.pending_records = staged;
      j.pending_prev = prev;
    };
    std::uint32_t written = 0;
    try {
      j.opt.write_deferred(entry, [&](const char* type, std::string_view body) {
        stage(type, body);
        ++written;
      });
    } catch (...) {
      undo();
      throw;
    }
    if (written != records) {
      undo();
      throw std::logic_error("journal::stage_deferred: the writer wrote another number of records than staged");
    }
    return first;
  }
  using entry_header = background_sync::entry_header;
  if (entry.size() > UINT32_MAX / 2 || max_bytes > UINT32_MAX / 2) throw std::invalid_argument("journal deferred entry too large");
  j.last_entry = j.pending.size();
  const entry_header h{static_cast<std::uint32_t>(entry.size()), 0, records, static_cast<std::uint32_t>(max_bytes)};
  j.pending.append(reinterpret_cast<const char*>(&h), sizeof h);
  j.pending += entry;
  j.pending_bytes += max_bytes;
  j.pending_records += records;
  j.pending_seq += records;
  return first;
}

bool file_store::deferring_helps() const { return s.thread && !s.thread->saturated(); }

status file_store::commit(bool closes_event) {
  file_state& j = s;
  if (j.is_failed()) {
    j.reset_pending();
    return j.broken();
  }
  if (j.thread) {
    // none, batch: hand the records over whole; the journal's thread writes and syncs them.
    if (j.pending.empty()) return {};
    using entry = background_sync::entry_header;
    entry h;
    std::memcpy(&h, &j.pending[j.last_entry], sizeof h);
    h.last = 1;
    std::memcpy(&j.pending[j.last_entry], &h, sizeof h);
    const std::uint64_t bytes = j.pending_bytes;
    if (status err = j.thread->commit(j.pending, j.pending_seq); !err) {
      j.is_failed();
      j.reset_pending();
      return err;
    }
    j.offset += bytes;
    j.next_seq = j.pending_seq;
    j.pending_records = 0;
    j.pending_bytes = 0;
    if (closes_event) j.rotate_if_due();
    return {};
  }
  if (!j.pending.empty()) {
    if (status why; !j.file.write_at(j.offset, j.pending, why)) {
      ++j.counters.failures;
      const std::uint64_t first = j.next_seq, last = j.pending_seq - 1;
      const std::string records = "journal: records " + std::to_string(first) + ".." + std::to_string(last) + " not written: ";
      j.reset_pending();
      status cut;
      j.reserved_to = 0;  // a cut may free what was reserved
      if (!j.file.truncate(j.offset, cut)) {
        j.failed = true;
        j.failure = restated(why, why.message() + "; and cutting back the partial write failed: " + cut.message());
        return restated(why, records + j.failure.message());
      }
      return restated(why, records + why.message());
    }
    j.offset += j.pending.size();
    j.counters.bytes += j.pending.size();
    j.counters.records += j.pending_records;
    ++j.counters.writes;
    j.unsynced += j.pending_records;
    j.next_seq = j.pending_seq;
    j.prev = j.pending_prev;
    j.pending.clear();
    j.pending_records = 0;
    j.pending_bytes = 0;
  }
  // every_event
  if (!closes_event) return {};
  if (j.unsynced > 0)
    if (status err = j.sync(); !err) return err;
  j.rotate_if_due();
  return {};
}

void file_store::discard() { s.reset_pending(); }

status file_store::reserve(std::size_t bytes) {
  file_state& j = s;
  if (j.is_failed()) return j.broken();
  // j.offset is where the committed records end, written or not: the journal's thread writes
  // into what the submitting thread reserves (fallocate and pwrite may run at once). In none
  // and batch deferred records count at their bound, so it is an upper bound: the thread never
  // writes past it. Records staged and not yet committed (a batch of inputs) come after it.
  const auto end = [&] { return j.offset + (j.thread ? j.pending_bytes : j.pending.size()); };
  if (j.cannot_reserve || end() + bytes <= j.reserved_to || (bytes == 0 && j.pending.empty())) return {};
  if (j.thread) {
    // The reservation follows the file, not the sum of the deferred records' bounds.
    j.correct_offset();
    if (end() + bytes <= j.reserved_to) return {};
  }
  const std::uint64_t from = std::max(end(), j.reserved_to);
  const std::uint64_t step = std::max<std::uint64_t>(end() + bytes - from, 1U << 20);
  status err;
  if (j.file.allocate(from, step, j.cannot_reserve, err)) {
    if (!j.cannot_reserve) j.reserved_to = from + step;
    return {};
  }
  // Near the end of the room: what this input needs may still fit.
  if (!j.file.allocate(from, end() + bytes - from, j.cannot_reserve, err)) return err;  // no_space on a full disk
  if (!j.cannot_reserve) j.reserved_to = end() + bytes;
  return {};
}

journal_mark file_store::mark() {
  file_state& j = s;
  if (!j.thread) return journal_mark{j.offset, j.next_seq, j.prev};
  journal_mark m;
  j.thread->while_idle([&](chain_end& end, journal_counters&, chain_end&, std::uint64_t&) {
    m = end;
  });
  return m;
}

status file_store::rewind(const journal_mark& m) {
  file_state& j = s;
  if (j.is_failed()) return j.broken();
  // none, batch: j.offset counts deferred records as estimated; the seq is exact.
  if ((!j.thread && m.offset > j.offset) || m.next_seq > j.next_seq)
    throw std::invalid_argument("journal::rewind: the mark is ahead of the journal");
  if (m.next_seq <= j.file_first && j.file_first > 0)
    throw std::invalid_argument("journal::rewind: the mark is in a segment sealed since (segments.hpp)");
  j.reserved_to = 0;
  const std::uint64_t removed = j.next_seq - m.next_seq;
  status err;
  if (j.thread) {
    bool cut = true;
    j.thread->while_idle([&](chain_end& end, journal_counters&, chain_end& durable, std::uint64_t& unsynced) {
      if (j.thread->failed()) return;
      if (!j.file.truncate(m.offset, err)) {
        cut = false;
        return;
      }
      end = m;
      unsynced = unsynced > removed ? unsynced - removed : 0;
      if (durable.next_seq > m.next_seq) durable = m;
    });
    if (j.is_failed()) return j.broken();
    if (!cut) {
      j.failed = true;
      j.failure = err;
      return err;
    }
  } else if (!j.file.truncate(m.offset, err)) {
    j.failed = true;
    j.failure = err;
    return err;
  }
  j.offset = m.offset;
  j.next_seq = m.next_seq;
  j.prev = m.prev;
  if (j.thread) j.corrected = j.thread->overestimate();  // j.offset is exact again
  j.reset_pending();
  j.unsynced = j.unsynced > removed ? j.unsynced - removed : 0;
  if (j.durable_seq > j.next_seq) {
    j.durable_seq = j.next_seq;
    j.durable_hash = j.prev;
  }
  // A cut record that had reached the disk must not come back after a crash.
  if (j.opt.mode != durability::none) return j.sync();
  return {};
}

status file_store::drain() {
  file_state& j = s;
  if (j.is_failed()) return j.broken();
  if (!j.thread) return {};
  status err = j.thread->drain();
  if (!err) j.is_failed();
  return err;
}

status file_store::flush() {
  file_state& j = s;
  if (j.is_failed()) return j.broken();
  if (j.thread) return j.sync();
  return j.unsynced > 0 ? j.sync() : status();
}

status file_store::flush_if_due() {
  file_state& j = s;
  // every_event syncs at every event; in batch mode the journal's thread syncs a batch that is
  // due by itself, idle or not. Only a failure is left to report.
  if (j.is_failed()) return j.broken();
  return {};
}

std::uint64_t file_store::next_seq() const { return s.next_seq; }

std::uint64_t file_store::durable_seq() {
  file_state& j = s;
  if (!j.thread) return j.durable_seq;
  j.thread->while_idle([&](chain_end&, journal_counters&, chain_end& durable, std::uint64_t&) {
    j.durable_seq = durable.next_seq;
  });
  return j.durable_seq;
}

journal_head file_store::durable_head() {
  file_state& j = s;
  if (j.thread) return j.thread->durable_head();
  return journal_head{j.durable_seq - 1, j.durable_hash};
}

const journal_counters& file_store::counters() {
  file_state& j = s;
  if (j.thread)
    j.thread->while_idle([&](chain_end&, journal_counters& c, chain_end&, std::uint64_t&) { j.counters = c; });
  return j.counters;
}
const journal_options& file_store::options() const { return s.opt; }
const std::string& file_store::path() const { return s.file.path(); }
bool file_store::failed() { return s.is_failed(); }

}  // namespace detail
MUSTER_END_NAMESPACE
