// Simulated power loss for the journal, the way SQLite's crash tests and CrashMonkey do it
// (docs/journal.md "What each durability mode survives: process crash vs power loss").
//
//   power_loss::recorder rec;                     // session_options::fault = rec.hook()
//   ... open a session, submit, and after each step note what the host was told was durable:
//   t.promises.push_back({rec.count(), s->journal().durable_head});
//   ... close; t = rec.finish(read_file(path), base, promises)
//   power_loss::image im = power_loss::power_cut(t, cut, power_loss::loss::unsynced_subset, rng);
//   // im.bytes: a file a power cut after `cut` operations could leave on the disk
//
// Recording: the journal's fault hook (journal_options::fault) is asked before every write,
// sync, truncate and reserve of the journal file, with the offset and size, on the thread that
// does it; the recorder keeps them in order and never injects a fault. The bytes of each write
// are read from the file the run leaves behind: the journal only appends, so every write's
// bytes are still at its offset (trace::check() proves it for each run: each write starts where
// the one before ended, nothing is cut back). So the production file layer needs no seam
// beyond the hook it already has.
//
// Losing power after the first `cut` operations (the model; Linux and POSIX promise no more):
// - everything written before the last sync among them is on the disk (fdatasync: data and the
//   size that reaches it);
// - each write after that sync may or may not be, in any order and in pieces (whole writes,
//   4 KiB pages or 512-byte sectors): a lost piece reads back as zeros where the file reaches
//   past it, and the file is as long as its furthest surviving piece — or longer, zeros, when
//   the new size reached the disk and the data did not;
// - a write may be torn: a prefix of it survives (cut at any byte, or at a 512-byte or 4 KiB
//   boundary of the file), the writes before it whole, the ones after it lost.
// A batch-mode sync is asked of the hook when the writer hands it to the sync thread; the
// writes before it are then counted as synced at every later cut. That is a state a power cut
// can leave whether or not the sync had finished (the unsynced writes may all survive), and the
// host is told nothing about them before the sync has finished (durable_head waits for it).
#pragma once

#include "journal/journal_writer.hpp"

#include <cstddef>
#include <cstdint>
#include <mutex>
#include <string>
#include <vector>

namespace muster_test::power_loss {

/// splitmix64: the same numbers on every platform (std::uniform_int_distribution is not).
struct rng {
  std::uint64_t state;
  explicit rng(std::uint64_t seed) : state(seed) {}
  std::uint64_t next() {
    std::uint64_t z = (state += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
  }
  /// Uniform in [0, n) (n > 0; the bias of the modulo is below 2^-40 for the n used here).
  std::uint64_t below(std::uint64_t n) { return next() % n; }
  /// True with probability num/den.
  bool chance(std::uint64_t num, std::uint64_t den) { return below(den) < num; }
};

/// One file operation of the journal, as the fault hook saw it.
struct io_op {
  muster::journal_io kind;
  std::uint64_t offset = 0;  ///< write: where; truncate: the new size
  std::uint64_t bytes = 0;   ///< write: how many
};

/// After the first `ops` operations of the trace, the host had been told that the journal holds
/// every record up to `head` on the disk (journal::durable_head(); in every_event the outcome
/// returned says so too).
struct durable_point {
  std::size_t ops = 0;
  muster::journal_head head;
};

/// What one run did to its journal.
struct trace {
  std::string file;                      ///< the journal as the run left it
  std::uint64_t created_bytes = 0;       ///< the header: created whole and synced before the trace starts
  std::vector<io_op> ops;                ///< writes, syncs and truncates after the journal was opened, in order
  std::vector<durable_point> promises;   ///< in order of `ops`
  /// The last durable head the host had been told about after `cut` operations (the header's
  /// when nothing more was promised).
  muster::journal_head promised(std::size_t cut) const;
  /// Empty when the trace is one the layer can rebuild images from (each write starts where the
  /// last ended, nothing truncated, the file ends at the last write); else what is wrong.
  std::string check() const;
  std::size_t writes() const;
  std::size_t syncs() const;
};

/// Records the journal's file operations through its fault hook (never injects one).
class recorder {
 public:
  /// For journal_options::fault / session_options::fault; `this` must outlive the journal.
  muster::journal_fault_hook hook();
  /// Operations recorded so far (reserve, fallocate with the size kept, is not recorded: it
  /// changes nothing a reader sees).
  std::size_t count() const;
  /// The trace: `file` the journal as the run left it; `base` the operations of opening (the
  /// header created under a temporary name and synced) left out; promises counted from 0 at `base`.
  trace finish(std::string file, std::size_t base, std::vector<durable_point> promises) const;

 private:
  mutable std::mutex mu_;
  std::vector<io_op> ops_;
};

enum class loss : std::uint8_t {
  synced_only,      ///< (a) only what was synced survives
  unsynced_subset,  ///< (b) and any pieces of the unsynced writes, in any order; holes are zeros
  torn_write,       ///< (c) and a prefix of one unsynced write, the ones before it whole
};
const char* to_string(loss l);

/// A file a power cut could leave.
struct image {
  std::string bytes;
  loss kind = loss::synced_only;
  std::size_t cut = 0;              ///< operations issued before the power went
  std::uint64_t synced_bytes = 0;   ///< what the last sync before the cut made durable
  std::size_t unsynced_writes = 0;  ///< writes after that sync, before the cut
  bool hole = false;                ///< zeros before surviving data (a lost piece before a surviving one)
  std::string how;                  ///< for a failure's message: which pieces survived, where the tear is
};

/// The file after losing power once the first `cut` operations of `t` were issued.
image power_cut(const trace& t, std::size_t cut, loss kind, rng& r);

}  // namespace muster_test::power_loss
