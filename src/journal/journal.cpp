// The journal: reading a journal back record by record, verified, from whichever store holds
// it; the writer's facade over the stores (journal_store.hpp, docs/journal.md).
#include "journal/journal_writer.hpp"

#include "journal/file.hpp"
#include "journal/journal_store.hpp"
#include "journal/read_ahead.hpp"
#include "journal/record.hpp"
#include "journal/segments.hpp"

#include <cstdint>
#include <memory>
#include <system_error>
#include <utility>

MUSTER_BEGIN_NAMESPACE

using detail::journal_error;

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
void read_verified(detail::record_source& f, const std::optional<journal_head>& expect, journal_scan& scan,
                   std::unique_ptr<detail::record_batch>& batch, const detail::batch_sink& sink, const scan_resume* from) {
  scan = journal_scan{};
  std::string prev(from ? from->prev : std::string(detail::zero_hash));
  std::uint64_t base = 0;  // offset in its file of the batch's bytes[0]
  std::string err;
  if (from) {
    scan.records = from->seq;
    scan.header = from->header;
    if (!f.resume_at(from->offset, from->seq, base, err)) {
      scan.error_seq = scan.records;
      scan.error = journal_error(status_code::io_error, err, f.path());
      return;
    }
    scan.good_bytes = base;
  }
  // Each file of a journal in segments starts with a whole record: the header (record 0) or a
  // `segment` record, and nowhere else (segments.hpp). Lines count from the file's first record.
  bool file_start = base == 0;
  std::uint64_t file_first = f.segment_first_seq();
  auto start_batch = [&](detail::record_batch& b) {
    b.file = f.path();
    b.file_first_seq = file_first;
  };
  start_batch(*batch);
  constexpr std::size_t max_line = 64U << 20;
  bool cut = false;           // a hole ended the journal (torn_hole)
  // Located at the record's line in the file being read, or at a sealed file as a whole
  // (`sealed`: what ended before the next one was opened).
  auto damaged = [&](std::uint64_t offset, const std::string& what, status_code code = status_code::journal_damaged,
                     const std::string* sealed = nullptr) {
    scan.error_seq = scan.records;
    scan.error_offset = offset;
    const std::uint64_t line = !sealed && scan.records >= file_first ? scan.records - file_first : 0;
    const std::string& file = sealed ? *sealed : f.path();
    scan.error = journal_error(code,
                               (sealed ? file : location(file, line)) + ": journal-damaged: record " +
                                   std::to_string(scan.records) + " (byte " + std::to_string(offset) + "): " + what,
                               file, sealed ? std::nullopt : std::optional<std::uint64_t>(line));
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
      scan.error_seq = scan.records;
      scan.error = journal_error(status_code::io_error, err, f.path());
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
      scan.error_seq = scan.records;
      scan.error = journal_error(status_code::io_error, err, f.path());
      return;
    }
    carry.resize(old + static_cast<std::size_t>(got));
    std::size_t start = 0;
    for (std::size_t nl = carry.find('\n', old); nl != std::string::npos; nl = carry.find('\n', nl + 1)) {
      const std::string_view line(carry.data() + start, nl - start);
      const std::uint64_t offset = base + start;
      detail::parsed_record r;
      std::string what;
      if (!from && scan.records == 0 && file_start) {
        // A journal whose first segments were archived (muster compact) starts at a segment
        // record, verified from the hash it says it follows.
        std::uint64_t seq = 0;
        if (detail::peek_segment_record(line, seq, prev) && seq > 0) scan.records = scan.first_seq = seq;
        if (expect && expect->seq < scan.first_seq) {
          // That record was archived and cannot be checked here. A host's head is its latest
          // durable record, after anything compaction archives: this is not the journal it wrote.
          scan.error_seq = scan.first_seq;
          scan.error = journal_error(status_code::journal_head_mismatch,
                                     f.path() + ": journal-head-mismatch: the host's last durable head, record " +
                                         std::to_string(expect->seq) + ", comes before the journal's first record, " +
                                         std::to_string(scan.first_seq) +
                                         " (the records before it were archived by muster compact): this is not the journal "
                                         "the host last wrote, or the host's head is stale",
                                     f.path());
          return;
        }
      }
      if (!detail::parse_record(line, prev, r, what)) {
        if (scan.records == 0 && detail::is_v1_header(line)) {
          damaged(offset, what);
          scan.error = journal_error(status_code::journal_format_unsupported,
                                     location(f.path(), 0) + ": journal-format-unsupported: the journal is in format muster-journal/1 "
                                     "(written by muster 0.1.0 before its format 2); this version reads " + std::string(journal_format) +
                                     " only: replay the incident's inputs into a new journal",
                                     f.path(), 0);
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
      if (r.seq == 0) {
        result<journal_header> h = parse_journal_header(r.body);
        if (!h) return damaged(offset, h.error().message(), h.error().code());
        scan.header = std::move(*h);
      } else if (file_start != (r.type == "segment")) {
        return damaged(offset, file_start ? "the file does not start with a segment record (segments start with one)"
                                          : "a segment record inside a file (segments start with one)");
      } else if (file_start) {
        std::string stated;
        journal_header h;
        if (!detail::parse_segment_body(r.body, stated, h, what)) return damaged(offset, what);
        if (stated != prev) return damaged(offset, "the segment says it follows hash " + short_hash(stated) + ", not the record before");
        if (r.seq == scan.first_seq) scan.header = h;
        else if (h.policy_digest != scan.header.policy_digest || h.registry_digest != scan.header.registry_digest ||
                 h.engine_version != scan.header.engine_version)
          return damaged(offset, "the segment names another journal's header than the journal's");
      }
      file_start = false;
      if (expect && r.seq == expect->seq && r.hash != expect->hash) {
        scan.error_seq = r.seq;
        scan.error_offset = offset;
        scan.error = journal_error(status_code::journal_head_mismatch,
                                   location(f.path(), r.seq) + ": journal-head-mismatch: record " + std::to_string(r.seq) + " (byte " +
                                       std::to_string(offset) + ") has hash " + short_hash(r.hash) + ", not " + short_hash(expect->hash) +
                                       " as the host's last durable head says: this is not the journal the host wrote (replaced, or "
                                       "rewritten up to that record)",
                                   f.path(), r.seq);
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
      start_batch(*next);
      next->bytes.reserve(carry.size() - start + chunk);
      next->bytes.assign(carry, start, std::string::npos);
      if (!sink(std::exchange(batch, std::move(next)))) return;
    }
    if (got != 0) continue;
    // The end of a file: the journal goes on in its next segment, if there is one.
    const std::string ended = f.path();
    const int more = f.next_segment(err);
    if (more < 0) {
      scan.error_seq = scan.records;
      scan.error = journal_error(status_code::io_error, err, f.path());
      return;
    }
    if (more == 0) break;
    auto sealed_damaged = [&](const std::string& what) { damaged(base, what, status_code::journal_damaged, &ended); };
    if (!batch->bytes.empty()) return sealed_damaged("the segment ends inside a record (sealed segments end with a whole record)");
    if (file_start) return sealed_damaged("the segment holds no record");
    if (f.segment_first_seq() != scan.records)
      return sealed_damaged("the segment ends before record " + std::to_string(scan.records) + ", but the next file, " + f.path() +
                            ", starts at record " + std::to_string(f.segment_first_seq()) + ": a segment is missing or out of place");
    base = 0;
    file_start = true;
    file_first = f.segment_first_seq();
    scan.good_bytes = 0;
    ++scan.segments;
    start_batch(*batch);
  }
  const std::string& carry = batch->bytes;
  if (!cut && !carry.empty()) {
    std::string what;
    if (!detail::is_torn_tail(carry, scan.records, prev, what) && !hole(base, carry, what)) return;
    if (!scan.torn_hole) scan.torn_bytes = carry.size();
  }
  if (file_start && scan.records > 0)
    return damaged(0, "the file holds no whole record (" + std::to_string(scan.torn_bytes) +
                          " bytes); a journal's file starts with one, written whole: restore it");
  if (scan.records == 0)
    return damaged(0, "the journal has no complete header (" + std::to_string(scan.torn_bytes) +
                          " bytes); journals are created whole, so this file was cut or overwritten: restore it, "
                          "or move it away to start a new journal");
  if (expect && scan.records <= expect->seq) {
    scan.error_seq = scan.records;
    scan.error_offset = scan.good_bytes;
    scan.error = journal_error(status_code::journal_truncated,
                               f.path() + ": journal-truncated: the journal ends at record " + std::to_string(scan.records - 1) +
                                   " (byte " + std::to_string(scan.good_bytes) + (scan.torn_bytes ? ", then a torn record" : "") +
                                   "), but the host's last durable head is record " + std::to_string(expect->seq) + ": records " +
                                   std::to_string(scan.records) + ".." + std::to_string(expect->seq) +
                                   " that reached the disk are missing: restore the journal from a copy that holds them",
                               f.path());
    return;
  }
  scan.last_hash = prev;
  scan.error = status();
}

}  // namespace

/// Reads every line of `f`, verifying each and passing it on to `visit`, as read_verified says:
/// none after one that fails, or that `visit` refuses. A journal longer than a chunk is read and
/// verified on a thread of its own, ahead of the visitor (read_ahead): the same records are
/// visited, with the same results, only sooner.
void detail::scan_records(detail::record_source& f, const journal_visitor& visit,
                          const std::optional<journal_head>& expect, journal_scan& scan, const scan_resume* from) {
  scan = journal_scan{};
  journal_scan read;  // what the reader found; a refusal by the visitor comes first
  bool refused = false;
  auto take = [&](std::unique_ptr<detail::record_batch> b) {
    if (!visit) return true;
    for (const journal_record& r : b->records) {
      status what = visit(r);
      if (!what.ok()) {
        refused = true;
        scan.records = r.seq;  // the records before it, all verified
        scan.good_bytes = r.offset;
        scan.error_seq = r.seq;
        scan.error_offset = r.offset;
        const std::uint64_t line = r.seq - b->file_first_seq;
        scan.error = journal_error(what.code(), location(b->file, line) + ": " + what.message(), b->file, line);
        return false;
      }
    }
    return true;
  };
  auto read_all = [&](const detail::batch_sink& sink) {
    auto batch = std::make_unique<detail::record_batch>();
    read_verified(f, expect, read, batch, sink, from);
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

journal_scan scan_journal(const std::string& path, const journal_visitor& visit, const std::optional<journal_head>& expect) {
  if (detail::is_pg_location(path)) return detail::scan_pg_journal(path, visit, expect);
  journal_scan scan;
  detail::journal_file f;
  std::string err;
  if (!f.open_read(path, err)) {
    scan.error = journal_error(status_code::io_error, err, path);
    return scan;
  }
  detail::segment_chain all(detail::list_segments(path), f);
  detail::scan_records(all, visit, expect, scan);
  return scan;
}

journal::journal(std::unique_ptr<detail::journal_store> s) : store_(std::move(s)) {}
journal::~journal() = default;

std::unique_ptr<journal> journal::open(const std::string& location, const journal_header& header,
                                       const journal_options& options, const journal_visitor& visit, journal_scan& scan) {
  auto s = detail::is_pg_location(location) ? detail::open_pg_store(location, header, options, visit, scan)
                                            : detail::open_file_store(location, header, options, visit, scan);
  if (!s) return nullptr;
  return std::unique_ptr<journal>(new journal(std::move(s)));
}

std::uint64_t journal::stage(std::string_view type, std::string_view body) { return store_->stage(type, body); }
std::uint64_t journal::stage_deferred(std::string_view entry, std::uint32_t records, std::size_t max_bytes) {
  return store_->stage_deferred(entry, records, max_bytes);
}
bool journal::deferring_helps() const { return store_->deferring_helps(); }
status journal::commit(bool closes_event) { return store_->commit(closes_event); }
void journal::discard() { store_->discard(); }
status journal::reserve(std::size_t bytes) { return store_->reserve(bytes); }
journal_mark journal::mark() const { return store_->mark(); }
status journal::rewind(const journal_mark& m) { return store_->rewind(m); }
status journal::drain() { return store_->drain(); }
status journal::flush() { return store_->flush(); }
status journal::flush_if_due() { return store_->flush_if_due(); }
std::uint64_t journal::next_seq() const { return store_->next_seq(); }
std::uint64_t journal::durable_seq() const { return store_->durable_seq(); }
journal_head journal::durable_head() const { return store_->durable_head(); }
const journal_counters& journal::counters() const { return store_->counters(); }
const journal_options& journal::options() const { return store_->options(); }
const std::string& journal::path() const { return store_->path(); }
bool journal::failed() const { return store_->failed(); }
std::unique_ptr<detail::snapshot_store> journal::snapshots() const { return store_->snapshots(); }

std::unique_ptr<detail::snapshot_store> detail::open_snapshot_store(const std::string& location) {
  return is_pg_location(location) ? pg_snapshot_store(location, 0) : file_snapshot_store(location, false);
}

const char* to_string(durability d) {
  switch (d) {
    case durability::none: return "none";
    case durability::batch: return "batch";
    case durability::every_event: return "every_event";
  }
  return "?";
}

MUSTER_END_NAMESPACE
