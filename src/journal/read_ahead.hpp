// Internal: reading a journal ahead of its visitor. A thread of its own reads and verifies the
// records (journal.cpp, read_verified) and hands them over in batches, one chunk of the file
// each, through a small bounded queue; the caller's thread takes them and visits them. The
// reader stops at the end of the file, at damage, or when the caller stops taking batches.
#pragma once

#include <muster/journal.hpp>

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <exception>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

MUSTER_BEGIN_NAMESPACE
namespace detail {

/// Verified records and the bytes of the file they point into. Handed over whole (by pointer),
/// so the views stay where they are.
struct record_batch {
  std::string bytes;
  std::vector<journal_record> records;
  std::string file;              ///< the file the records are in (a journal in segments has several)
  std::uint64_t file_first_seq = 0;  ///< the seq of that file's first record (its line 1)
};

/// Takes a batch; false when no more are wanted (the reader then stops).
using batch_sink = std::function<bool(std::unique_ptr<record_batch>)>;

class read_ahead {
 public:
  /// Runs `read` on a new thread (std::system_error when none can be started), with a sink that
  /// queues up to `depth` batches and waits while the queue is full.
  explicit read_ahead(std::function<void(const batch_sink&)> read, std::size_t depth = 4);
  /// Stops the reader (its sink returns false) and joins its thread.
  ~read_ahead();
  read_ahead(const read_ahead&) = delete;
  read_ahead& operator=(const read_ahead&) = delete;

  /// The next batch, in order; nullptr once the reader has returned and all its batches are
  /// taken — whatever the reader wrote is then visible to the caller. Rethrows what the reader
  /// threw, after its batches.
  std::unique_ptr<record_batch> next();

 private:
  bool put(std::unique_ptr<record_batch> b);

  std::mutex mutex_;
  std::condition_variable not_full_, not_empty_;
  std::deque<std::unique_ptr<record_batch>> queue_;
  const std::size_t depth_;
  bool done_ = false;     ///< the reader returned
  bool stopped_ = false;  ///< the caller takes no more
  std::exception_ptr error_;
  std::thread thread_;  ///< last: started once everything else is ready
};

}  // namespace detail
MUSTER_END_NAMESPACE
