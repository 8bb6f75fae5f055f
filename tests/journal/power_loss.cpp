// Simulated power loss: recording a journal's file operations, and the files a power cut can
// leave (power_loss.hpp).
#include "journal/power_loss.hpp"

#include <algorithm>
#include <utility>

namespace muster_test::power_loss {

using muster::journal_io;

muster::journal_fault_hook recorder::hook() {
  return [this](journal_io op, std::uint64_t offset, std::size_t bytes) -> muster::journal_fault {
    if (op == journal_io::reserve) return {};
    std::lock_guard<std::mutex> lock(mu_);
    ops_.push_back(io_op{op, offset, bytes});
    return {};
  };
}

std::size_t recorder::count() const {
  std::lock_guard<std::mutex> lock(mu_);
  return ops_.size();
}

trace recorder::finish(std::string file, std::size_t base, std::vector<durable_point> promises) const {
  std::lock_guard<std::mutex> lock(mu_);
  trace t;
  t.file = std::move(file);
  // Opening a new journal: truncate(0), the header written and synced (under <path>.creating),
  // then linked into place and the directory synced.
  for (std::size_t i = 0; i < base && i < ops_.size(); ++i)
    if (ops_[i].kind == journal_io::write) t.created_bytes = std::max(t.created_bytes, ops_[i].offset + ops_[i].bytes);
  t.ops.assign(ops_.begin() + static_cast<std::ptrdiff_t>(std::min(base, ops_.size())), ops_.end());
  t.promises = std::move(promises);
  for (durable_point& p : t.promises) p.ops -= std::min(p.ops, base);
  return t;
}

muster::journal_head trace::promised(std::size_t cut) const {
  muster::journal_head h{0, {}};
  for (const durable_point& p : promises) {
    if (p.ops > cut) break;
    if (p.head.seq >= h.seq) h = p.head;
  }
  return h;
}

std::string trace::check() const {
  if (created_bytes == 0) return "no header was written when the journal was created";
  std::uint64_t end = created_bytes;
  for (std::size_t i = 0; i < ops.size(); ++i) {
    const io_op& o = ops[i];
    if (o.kind == journal_io::truncate) return "operation " + std::to_string(i) + " cuts the file back";
    if (o.kind != journal_io::write) continue;
    if (o.offset != end)
      return "write " + std::to_string(i) + " at " + std::to_string(o.offset) + ", not where the last one ended (" +
             std::to_string(end) + ")";
    end += o.bytes;
  }
  if (end != file.size()) return "the file holds " + std::to_string(file.size()) + " bytes, the writes " + std::to_string(end);
  for (std::size_t i = 1; i < promises.size(); ++i)
    if (promises[i].ops < promises[i - 1].ops) return "promises out of order";
  return {};
}

std::size_t trace::writes() const {
  return static_cast<std::size_t>(std::count_if(ops.begin(), ops.end(), [](const io_op& o) { return o.kind == journal_io::write; }));
}

std::size_t trace::syncs() const {
  return static_cast<std::size_t>(std::count_if(ops.begin(), ops.end(), [](const io_op& o) { return o.kind == journal_io::sync; }));
}

const char* to_string(loss l) {
  switch (l) {
    case loss::synced_only: return "synced only";
    case loss::unsynced_subset: return "synced + some unsynced pieces";
    case loss::torn_write: return "synced + a torn write";
  }
  return "?";
}

namespace {

/// Puts `t.file`'s bytes [from, to) into `out` at the same place, growing it with zeros.
void keep(std::string& out, const std::string& file, std::uint64_t from, std::uint64_t to) {
  if (out.size() < to) out.resize(to, '\0');
  std::copy(file.begin() + static_cast<std::ptrdiff_t>(from), file.begin() + static_cast<std::ptrdiff_t>(to),
            out.begin() + static_cast<std::ptrdiff_t>(from));
}

/// The file reached `to` on the disk but the data did not: zeros.
void extend(std::string& out, std::uint64_t to) {
  if (out.size() < to) out.resize(to, '\0');
}

}  // namespace

image power_cut(const trace& t, std::size_t cut, loss kind, rng& r) {
  image im;
  im.kind = kind;
  im.cut = std::min(cut, t.ops.size());
  // The last sync among the first `cut` operations, and what it covers.
  std::size_t first_unsynced = 0;
  im.synced_bytes = t.created_bytes;
  for (std::size_t i = 0; i < im.cut; ++i) {
    if (t.ops[i].kind != journal_io::sync) continue;
    first_unsynced = i + 1;
    for (std::size_t w = i; w-- > 0;)
      if (t.ops[w].kind == journal_io::write) {
        im.synced_bytes = t.ops[w].offset + t.ops[w].bytes;
        break;
      }
  }
  std::vector<io_op> unsynced;
  for (std::size_t i = first_unsynced; i < im.cut; ++i)
    if (t.ops[i].kind == journal_io::write) unsynced.push_back(t.ops[i]);
  im.unsynced_writes = unsynced.size();
  im.bytes = t.file.substr(0, im.synced_bytes);
  if (kind == loss::synced_only || unsynced.empty()) {
    im.how = "the synced " + std::to_string(im.synced_bytes) + " bytes";
  } else if (kind == loss::unsynced_subset) {
    // Pieces: whole writes, 4 KiB pages or 512-byte sectors of the file; each survives or not.
    static constexpr std::uint64_t grains[] = {0, 4096, 512};
    const std::uint64_t grain = grains[r.below(3)];
    const std::uint64_t keep_in_4 = 1 + r.below(3);  // 1/4, 2/4 or 3/4 of the pieces survive
    im.how = std::string("pieces of ") + (grain ? std::to_string(grain) + " bytes" : std::string("whole writes")) +
             " after byte " + std::to_string(im.synced_bytes) + ", kept:";
    for (const io_op& w : unsynced) {
      for (std::uint64_t from = w.offset; from < w.offset + w.bytes;) {
        const std::uint64_t to = grain ? std::min(w.offset + w.bytes, (from / grain + 1) * grain) : w.offset + w.bytes;
        if (r.chance(keep_in_4, 4)) {
          keep(im.bytes, t.file, from, to);
          im.how += " " + std::to_string(from) + ".." + std::to_string(to);
        } else if (r.chance(1, 4)) {
          extend(im.bytes, to);  // the size reached the disk, the data did not
          im.how += " (size to " + std::to_string(to) + ")";
        }
        from = to;
      }
    }
  } else {
    // A prefix of one unsynced write; the unsynced writes before it whole, the ones after lost.
    const std::size_t torn = static_cast<std::size_t>(r.below(unsynced.size()));
    for (std::size_t i = 0; i < torn; ++i) keep(im.bytes, t.file, unsynced[i].offset, unsynced[i].offset + unsynced[i].bytes);
    const io_op& w = unsynced[torn];
    const std::uint64_t end = w.offset + w.bytes;
    std::uint64_t at = w.offset + r.below(w.bytes);  // any byte (a prefix of 0 .. bytes - 1)
    const std::uint64_t grain = r.chance(2, 3) ? (r.chance(1, 2) ? 512 : 4096) : 0;
    if (grain) {
      // A sector or page boundary inside the write, when it spans one.
      const std::uint64_t first = (w.offset / grain + 1) * grain;
      if (first < end) at = first + grain * r.below((end - 1 - first) / grain + 1);
    }
    keep(im.bytes, t.file, w.offset, at);
    const bool grown = r.chance(1, 4);
    if (grown) extend(im.bytes, end);  // the new size reached the disk, the rest of the data did not
    im.how = "writes before it whole, then " + std::to_string(at - w.offset) + " of " + std::to_string(w.bytes) +
             " bytes of the write at " + std::to_string(w.offset) + (grain ? " (cut on a " + std::to_string(grain) + "-byte boundary)" : "") +
             (grown ? ", zeros to its end" : "");
  }
  // Zeros with surviving bytes after them.
  const std::size_t zero = im.bytes.find('\0', im.synced_bytes);
  im.hole = zero != std::string::npos && im.bytes.find_first_not_of('\0', zero) != std::string::npos;
  return im;
}

}  // namespace muster_test::power_loss
