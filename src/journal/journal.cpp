// The journal: staging records, committing them with one write, group commit, cutting back on
// failure; reading a journal back record by record (docs/journal.md).
#include "journal/journal_writer.hpp"

#include "journal/background_sync.hpp"
#include "journal/file.hpp"
#include "journal/read_ahead.hpp"
#include "journal/record.hpp"

#include <algorithm>
#include <climits>
#include <cstdint>
#include <cstring>
#include <memory>
#include <stdexcept>
#include <system_error>
#include <utility>

MUSTER_BEGIN_NAMESPACE

struct journal::impl {
  detail::journal_file file;
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
  journal_counters counters;
  bool failed = false;
  std::string failure;
  /// none and batch: the journal's thread (hashes, writes, syncs). Declared last: destroyed
  /// first, while the file is still open.
  std::unique_ptr<detail::background_sync> thread;

  bool is_failed() {
    if (!failed && thread && thread->failed()) {
      failed = true;
      failure = thread->failure();
    }
    return failed;
  }
  bool broken(std::string& err) {
    err = "journal " + file.path() + " is unusable after an earlier failure: " + failure;
    return false;
  }
  /// After a failed fsync the kernel may have dropped the dirty pages: nothing written since
  /// the last good sync can be trusted, and retrying would hide it ("fsyncgate").
  bool sync_failed(const std::string& err) {
    failed = true;
    failure = err;
    return false;
  }
  bool sync(std::string& err) {
    if (thread) return thread->sync(err) || sync_failed(err);
    if (!file.sync(err)) return sync_failed(err);
    ++counters.fsyncs;
    unsynced = 0;
    durable_seq = next_seq;
    durable_hash = prev;
    return true;
  }
  void reset_pending() {
    pending.clear();
    pending_seq = next_seq;
    pending_prev = prev;
    pending_records = 0;
    pending_bytes = 0;
  }
};

namespace {

std::string location(const std::string& path, std::uint64_t seq) { return path + ":" + std::to_string(seq + 1); }

std::string short_hash(std::string_view h) { return std::string(h.substr(0, 16)) + "\u2026"; }

constexpr std::size_t chunk = 1U << 20;  // read at a time

/// Reads every line of `f` and verifies it; the unterminated tail is checked for being a torn
/// write. A file without a complete header is damage (journals are created whole), and so is
/// one that does not hold the `expect`ed head. The verified records of each chunk read go to
/// `sink` in a batch with the chunk's bytes, read on into a new `batch`: those of the last round
/// (before the end, or before damage) are left in `batch` for the caller to hand over before
/// it takes `scan`. When the sink refuses a batch it stops there (`batch` then holds no records),
/// and of `scan` only the header (set before record 0 is handed over) is meaningful.
void read_verified(detail::journal_file& f, const std::optional<journal_head>& expect, journal_scan& scan,
                   std::unique_ptr<detail::record_batch>& batch, const detail::batch_sink& sink) {
  scan = journal_scan{};
  std::string prev(detail::zero_hash);
  std::uint64_t base = 0;     // file offset of the batch's bytes[0]
  std::string err;
  constexpr std::size_t max_line = 64U << 20;
  bool cut = false;           // a hole ended the journal (torn_hole)
  auto damaged = [&](std::uint64_t offset, const std::string& what) {
    scan.ok = false;
    scan.error_seq = scan.records;
    scan.error_offset = offset;
    scan.error = location(f.path(), scan.records) + ": journal-damaged: record " + std::to_string(scan.records) +
                 " (byte " + std::to_string(offset) + "): " + what;
  };
  // A power cut can leave zeros where pages of unsynced writes never reached the disk, and the
  // pages of later writes that did after them: the next record starts (or its start is zeros)
  // and a hole of zeros breaks it. Nothing after the hole can be verified: the chain runs
  // through it. Past the host's durable head nothing there was reported durable, so the rest of
  // the file is a torn tail; without the head, or before it, zeros over synced records look the
  // same, and it is damage (the message says how to open it). True when the tail was cut.
  auto hole = [&](std::uint64_t offset, std::string_view from_record, const std::string& what) {
    const std::size_t zero = from_record.find('\0');
    std::string why;
    if (zero == std::string_view::npos || !detail::is_torn_tail(from_record.substr(0, zero), scan.records, prev, why)) {
      damaged(offset, what);
      return false;
    }
    if (expect && scan.records <= expect->seq) {
      damaged(offset, what);  // zeros over a record the host was told is durable
      return false;
    }
    if (!expect) {
      damaged(offset, what + (scan.records == 0 ? std::string()
                                                : "; zero bytes from byte " + std::to_string(offset + zero) +
                                                      " on, as when a power cut loses pages of writes that were never synced: "
                                                      "open with the host's last durable head (expected_head) to cut them "
                                                      "if they are past it"));
      return false;
    }
    std::uint64_t size = 0;
    if (!f.size(size, err)) {
      scan.ok = false;
      scan.error_seq = scan.records;
      scan.error = err;
      return false;
    }
    scan.torn_bytes = size - offset;
    scan.torn_hole = true;
    return true;
  };
  for (;;) {
    std::string& carry = batch->bytes;  // bytes not yet ending in a newline, after the batch's records
    const std::size_t old = carry.size();
    carry.resize(old + chunk);
    const long got = f.read_some(carry.data() + old, chunk, err);
    if (got < 0) {
      scan.ok = false;
      scan.error_seq = scan.records;
      scan.error = err;
      return;
    }
    carry.resize(old + static_cast<std::size_t>(got));
    std::size_t start = 0;
    for (std::size_t nl = carry.find('\n', old); nl != std::string::npos; nl = carry.find('\n', nl + 1)) {
      const std::string_view line(carry.data() + start, nl - start);
      const std::uint64_t offset = base + start;
      detail::parsed_record r;
      std::string what;
      if (!detail::parse_record(line, prev, r, what)) {
        if (scan.records == 0 && detail::is_v1_header(line)) {
          damaged(offset, what);
          scan.error = location(f.path(), 0) + ": journal-format-unsupported: the journal is in format muster-journal/1 "
                       "(written by muster 0.1.0 before its format 2); this version reads " + std::string(journal_format) +
                       " only: replay the incident's inputs into a new journal";
          return;
        }
        if (!hole(offset, line, what)) return;
        cut = true;
        break;
      }
      if (r.seq != scan.records)
        return damaged(offset, "its seq is " + std::to_string(r.seq) + ", expected " + std::to_string(scan.records) +
                                   " (records lost, repeated or reordered)");
      if ((r.seq == 0) != (r.type == "header"))
        return damaged(offset, r.seq == 0 ? "the first record is not a header" : "a header in the middle of the journal");
      if (r.seq == 0 && !parse_journal_header(r.body, scan.header, what)) return damaged(offset, what);
      if (expect && r.seq == expect->seq && r.hash != expect->hash) {
        scan.ok = false;
        scan.error_seq = r.seq;
        scan.error_offset = offset;
        scan.error = location(f.path(), r.seq) + ": journal-head-mismatch: record " + std::to_string(r.seq) + " (byte " +
                     std::to_string(offset) + ") has hash " + short_hash(r.hash) + ", not " + short_hash(expect->hash) +
                     " as the host's last durable head says: this is not the journal the host wrote (replaced, or "
                     "rewritten up to that record)";
        return;
      }
      batch->records.push_back(journal_record{r.seq, r.type, r.body, r.hash, offset});
      prev.assign(r.hash);
      ++scan.records;
      scan.good_bytes = offset + line.size() + 1;
      start = nl + 1;
    }
    if (cut) break;
    if (got != 0 && carry.size() - start > max_line) {
      if (!hole(base + start, std::string_view(carry).substr(start), "a line longer than 64 MiB")) return;
      cut = true;
      break;
    }
    base += start;
    if (start > 0) {  // hand the batch over (`carry` goes with it); the next one starts with the rest
      auto next = std::make_unique<detail::record_batch>();
      next->bytes.reserve(carry.size() - start + chunk);
      next->bytes.assign(carry, start, std::string::npos);
      if (!sink(std::exchange(batch, std::move(next)))) return;
    }
    if (got == 0) break;
  }
  const std::string& carry = batch->bytes;
  if (!cut && !carry.empty()) {
    std::string what;
    if (!detail::is_torn_tail(carry, scan.records, prev, what) && !hole(base, carry, what)) return;
    if (!scan.torn_hole) scan.torn_bytes = carry.size();
  }
  if (scan.records == 0)
    return damaged(0, "the journal has no complete header (" + std::to_string(scan.torn_bytes) +
                          " bytes); journals are created whole, so this file was cut or overwritten: restore it, "
                          "or move it away to start a new journal");
  if (expect && scan.records <= expect->seq) {
    scan.ok = false;
    scan.error_seq = scan.records;
    scan.error_offset = scan.good_bytes;
    scan.error = f.path() + ": journal-truncated: the journal ends at record " + std::to_string(scan.records - 1) +
                 " (byte " + std::to_string(scan.good_bytes) + (scan.torn_bytes ? ", then a torn record" : "") +
                 "), but the host's last durable head is record " + std::to_string(expect->seq) + ": records " +
                 std::to_string(scan.records) + ".." + std::to_string(expect->seq) +
                 " that reached the disk are missing: restore the journal from a copy that holds them";
    return;
  }
  scan.last_hash = prev;
  scan.ok = true;
}

/// Reads every line of `f`, verifying each and passing it on to `visit`, as read_verified says:
/// none after one that fails, or that `visit` refuses. A journal longer than a chunk is read and
/// verified on a thread of its own, ahead of the visitor (read_ahead): the same records are
/// visited, with the same results, only sooner.
void scan_file(detail::journal_file& f, const journal_visitor& visit, const std::optional<journal_head>& expect,
               journal_scan& scan) {
  scan = journal_scan{};
  journal_scan read;  // what the reader found; a refusal by the visitor comes first
  bool refused = false;
  auto take = [&](std::unique_ptr<detail::record_batch> b) {
    if (!visit) return true;
    for (const journal_record& r : b->records) {
      std::string what;
      if (!visit(r, what)) {
        refused = true;
        scan.ok = false;
        scan.records = r.seq;  // the records before it, all verified
        scan.good_bytes = r.offset;
        scan.error_seq = r.seq;
        scan.error_offset = r.offset;
        scan.error = location(f.path(), r.seq) + ": " + what;
        return false;
      }
    }
    return true;
  };
  auto read_all = [&](const detail::batch_sink& sink) {
    auto batch = std::make_unique<detail::record_batch>();
    read_verified(f, expect, read, batch, sink);
    if (!batch->records.empty()) sink(std::move(batch));
  };
  std::uint64_t size = 0;
  std::string err;
  std::unique_ptr<detail::read_ahead> ahead;
  if (visit && f.size(size, err) && size > chunk) {
    try {
      ahead = std::make_unique<detail::read_ahead>(read_all);
    } catch (const std::system_error&) {
      // no thread to be had: read on this one
    }
  }
  if (ahead) {
    while (auto b = ahead->next())
      if (!take(std::move(b))) break;
    ahead.reset();  // stops the reader and joins it (as unwinding does if `visit` throws)
  } else {
    read_all(take);
  }
  if (refused) {
    scan.header = std::move(read.header);
    return;
  }
  scan = std::move(read);
}

}  // namespace

journal_scan scan_journal(const std::string& path, const journal_visitor& visit, const std::optional<journal_head>& expect) {
  journal_scan scan;
  detail::journal_file f;
  std::string err;
  if (!f.open_read(path, err)) {
    scan.error = err;
    return scan;
  }
  scan_file(f, visit, expect, scan);
  return scan;
}

journal::journal(std::unique_ptr<impl> i) : impl_(std::move(i)) {}

journal::~journal() {
  if (!impl_) return;
  impl& j = *impl_;
  if (j.thread) {
    j.thread.reset();  // writes what was handed over and syncs it (unless durability::none)
    return;
  }
  std::string err;
  if (!j.failed && j.opt.mode != durability::none && j.unsynced > 0) j.sync(err);  // nothing to report to
}

std::unique_ptr<journal> journal::open(const std::string& path, const journal_header& header, const journal_options& options,
                                       const journal_visitor& visit, journal_scan& scan, std::string& err) {
  auto j = std::make_unique<impl>();
  j->opt = options;
  if (j->opt.batch_size == 0) j->opt.batch_size = 1;
  if (j->opt.queue_bytes == 0) j->opt.queue_bytes = 1;
  j->file.fault = options.fault;
  scan = journal_scan{};
  if (!detail::file_exists(path)) {
    if (options.expected_head) {
      scan.error = err = path + ": journal-missing: there is no journal here, but the host's last durable head is record " +
                         std::to_string(options.expected_head->seq) + ": restore the journal (or open without the expected head to start a new one)";
      return nullptr;
    }
    std::string line;
    std::string hash(detail::zero_hash);
    detail::append_record(line, 0, "header", hash, detail::header_body(header));
    if (!j->file.create(path, line, err)) {
      scan.error = err;
      return nullptr;
    }
    scan.ok = true;
    scan.created = true;
    scan.records = 1;
    scan.good_bytes = line.size();
    scan.header = header;
    scan.last_hash = hash;
  } else {
    if (!j->file.open(path, err)) {
      scan.error = err;
      return nullptr;
    }
    scan_file(j->file, visit, options.expected_head, scan);
    if (!scan.ok) {
      err = scan.error;
      return nullptr;
    }
  }
  if (scan.torn_bytes > 0) {
    // Cut the torn tail before anything is appended after it (synced unless durability::none).
    if (!j->file.truncate(scan.good_bytes, err) || (j->opt.mode != durability::none && !j->file.sync(err))) {
      scan.error = err;
      return nullptr;
    }
  }
  j->offset = scan.good_bytes;
  j->next_seq = scan.records;
  j->prev = scan.last_hash;
  j->durable_seq = scan.records;
  j->durable_hash = scan.last_hash;
  j->reset_pending();
  if (j->opt.mode != durability::every_event)
    j->thread = std::make_unique<detail::background_sync>(j->file, j->opt, journal_mark{j->offset, j->next_seq, j->prev});
  return std::unique_ptr<journal>(new journal(std::move(j)));
}

std::uint64_t journal::stage(std::string_view type, std::string_view body) {
  impl& j = *impl_;
  if (!detail::valid_type(type)) throw std::invalid_argument("journal record type must be [a-z_]+");
  if (body.find('\n') != std::string_view::npos) throw std::invalid_argument("journal record body must not contain a newline");
  if (!j.thread) {
    detail::append_record(j.pending, j.pending_seq, type, j.pending_prev, body);
  } else {
    // The line up to its hash; the journal's thread hashes it.
    using entry = detail::background_sync::entry_header;
    j.last_entry = j.pending.size();
    j.pending.append(sizeof(entry), '\0');
    const std::size_t start = j.pending.size();
    detail::append_record_prefix(j.pending, j.pending_seq, type, body);
    const std::size_t len = j.pending.size() - start;
    if (len > UINT32_MAX / 2) {
      j.pending.resize(j.last_entry);
      throw std::invalid_argument("journal record body too large");
    }
    const entry h{static_cast<std::uint32_t>(len), 0, 0, static_cast<std::uint32_t>(len + detail::record_suffix_size)};
    std::memcpy(&j.pending[j.last_entry], &h, sizeof h);
    j.pending_bytes += len + detail::record_suffix_size;
  }
  ++j.pending_records;
  return j.pending_seq++;
}

std::uint64_t journal::stage_deferred(std::string_view entry, std::uint32_t records, std::size_t max_bytes) {
  impl& j = *impl_;
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
  using entry_header = detail::background_sync::entry_header;
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

bool journal::deferring_helps() const { return impl_->thread && !impl_->thread->saturated(); }

bool journal::commit(bool closes_event, std::string& err) {
  impl& j = *impl_;
  if (j.is_failed()) {
    j.reset_pending();
    return j.broken(err);
  }
  if (j.thread) {
    // none, batch: hand the records over whole; the journal's thread writes and syncs them.
    if (j.pending.empty()) return true;
    using entry = detail::background_sync::entry_header;
    entry h;
    std::memcpy(&h, &j.pending[j.last_entry], sizeof h);
    h.last = 1;
    std::memcpy(&j.pending[j.last_entry], &h, sizeof h);
    const std::uint64_t bytes = j.pending_bytes;
    if (!j.thread->commit(j.pending, j.pending_seq, err)) {
      j.is_failed();
      j.reset_pending();
      return false;
    }
    j.offset += bytes;
    j.next_seq = j.pending_seq;
    j.pending_records = 0;
    j.pending_bytes = 0;
    return true;
  }
  if (!j.pending.empty()) {
    if (!j.file.write_at(j.offset, j.pending, err)) {
      ++j.counters.failures;
      const std::string why = err;
      const std::uint64_t first = j.next_seq, last = j.pending_seq - 1;
      j.reset_pending();
      std::string cut;
      j.reserved_to = 0;  // a cut may free what was reserved
      if (!j.file.truncate(j.offset, cut)) {
        j.failed = true;
        j.failure = why + "; and cutting back the partial write failed: " + cut;
        err = "journal: records " + std::to_string(first) + ".." + std::to_string(last) + " not written: " + j.failure;
        return false;
      }
      err = "journal: records " + std::to_string(first) + ".." + std::to_string(last) + " not written: " + why;
      return false;
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
  return closes_event && j.unsynced > 0 ? j.sync(err) : true;
}

void journal::discard() { impl_->reset_pending(); }

bool journal::reserve(std::size_t bytes, std::string& err) {
  impl& j = *impl_;
  if (j.is_failed()) return j.broken(err);
  // j.offset is where the committed records end, written or not: the journal's thread writes
  // into what the submitting thread reserves (fallocate and pwrite may run at once). In none
  // and batch deferred records count at their bound, so it is an upper bound: the thread never
  // writes past it. Records staged and not yet committed (a batch of inputs) come after it.
  const auto end = [&] { return j.offset + (j.thread ? j.pending_bytes : j.pending.size()); };
  if (j.cannot_reserve || end() + bytes <= j.reserved_to || (bytes == 0 && j.pending.empty())) return true;
  if (j.thread) {
    // Before reserving more, take back what the bounds of the records written so far exceeded
    // their size: the reservation follows the file, not the sum of the bounds.
    const std::uint64_t over = j.thread->overestimate();
    j.offset -= over - j.corrected;
    j.corrected = over;
    if (end() + bytes <= j.reserved_to) return true;
  }
  const std::uint64_t from = std::max(end(), j.reserved_to);
  const std::uint64_t step = std::max<std::uint64_t>(end() + bytes - from, 1U << 20);
  if (j.file.allocate(from, step, j.cannot_reserve, err)) {
    if (!j.cannot_reserve) j.reserved_to = from + step;
    return true;
  }
  // Near the end of the room: what this input needs may still fit.
  if (!j.file.allocate(from, end() + bytes - from, j.cannot_reserve, err)) return false;
  if (!j.cannot_reserve) j.reserved_to = end() + bytes;
  return true;
}

journal_mark journal::mark() const {
  impl& j = *impl_;
  if (!j.thread) return journal_mark{j.offset, j.next_seq, j.prev};
  journal_mark m;
  j.thread->while_idle([&](detail::chain_end& end, journal_counters&, detail::chain_end&, std::uint64_t&) {
    m = end;
  });
  return m;
}

bool journal::rewind(const journal_mark& m, std::string& err) {
  impl& j = *impl_;
  if (j.is_failed()) return j.broken(err);
  // none, batch: j.offset counts deferred records as estimated; the seq is exact.
  if ((!j.thread && m.offset > j.offset) || m.next_seq > j.next_seq)
    throw std::invalid_argument("journal::rewind: the mark is ahead of the journal");
  j.reserved_to = 0;
  const std::uint64_t removed = j.next_seq - m.next_seq;
  if (j.thread) {
    bool cut = true;
    j.thread->while_idle([&](detail::chain_end& end, journal_counters&, detail::chain_end& durable, std::uint64_t& unsynced) {
      if (j.thread->failed()) return;
      if (!j.file.truncate(m.offset, err)) {
        cut = false;
        return;
      }
      end = m;
      unsynced = unsynced > removed ? unsynced - removed : 0;
      if (durable.next_seq > m.next_seq) durable = m;
    });
    if (j.is_failed()) return j.broken(err);
    if (!cut) {
      j.failed = true;
      j.failure = err;
      return false;
    }
  } else if (!j.file.truncate(m.offset, err)) {
    j.failed = true;
    j.failure = err;
    return false;
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
  if (j.opt.mode != durability::none) return j.sync(err);
  return true;
}

bool journal::drain(std::string& err) {
  impl& j = *impl_;
  if (j.is_failed()) return j.broken(err);
  if (!j.thread || j.thread->drain(err)) return true;
  j.is_failed();
  return false;
}

bool journal::flush(std::string& err) {
  impl& j = *impl_;
  if (j.is_failed()) return j.broken(err);
  if (j.thread) return j.sync(err);
  return j.unsynced > 0 ? j.sync(err) : true;
}

bool journal::flush_if_due(std::string& err) {
  impl& j = *impl_;
  // every_event syncs at every event; in batch mode the journal's thread syncs a batch that is
  // due by itself, idle or not. Only a failure is left to report.
  if (j.is_failed()) return j.broken(err);
  return true;
}

std::uint64_t journal::next_seq() const { return impl_->next_seq; }

std::uint64_t journal::durable_seq() const {
  impl& j = *impl_;
  if (!j.thread) return j.durable_seq;
  j.thread->while_idle([&](detail::chain_end&, journal_counters&, detail::chain_end& durable, std::uint64_t&) {
    j.durable_seq = durable.next_seq;
  });
  return j.durable_seq;
}

journal_head journal::durable_head() const {
  impl& j = *impl_;
  if (j.thread) return j.thread->durable_head();
  return journal_head{j.durable_seq - 1, j.durable_hash};
}

const journal_counters& journal::counters() const {
  impl& j = *impl_;
  if (j.thread)
    j.thread->while_idle([&](detail::chain_end&, journal_counters& c, detail::chain_end&, std::uint64_t&) { j.counters = c; });
  return j.counters;
}
const journal_options& journal::options() const { return impl_->opt; }
const std::string& journal::path() const { return impl_->file.path(); }
bool journal::failed() const { return impl_->is_failed(); }

const char* to_string(durability d) {
  switch (d) {
    case durability::none: return "none";
    case durability::batch: return "batch";
    case durability::every_event: return "every_event";
  }
  return "?";
}

MUSTER_END_NAMESPACE
