// Internal: group commit that does not make the committer wait for the disk. One thread per
// journal (started at its first batch) runs one fdatasync at a time while the next batch is
// written; the committer waits only when a batch is due and the previous one is still being
// synced (docs/journal.md "Durability and group commit").
#pragma once

#include "journal/file.hpp"

#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <string>
#include <thread>

MUSTER_BEGIN_NAMESPACE
namespace detail {

class background_sync {
 public:
  /// What the last finished sync did.
  struct result {
    bool ran = false;         ///< a sync finished since the last wait()
    bool ok = true;
    std::uint64_t upto = 0;   ///< records below this seq are on the disk (when ok)
    std::string error;        ///< when !ok
  };

  explicit background_sync(journal_file& f) : file_(f) {}
  ~background_sync();  ///< waits for the sync in flight and stops the thread
  background_sync(const background_sync&) = delete;
  background_sync& operator=(const background_sync&) = delete;

  /// Starts syncing everything written so far, which makes records below `upto` durable, and
  /// returns at once. `fault`: the fault hook's answer for this sync, asked by the caller.
  /// Call wait() first: one sync at a time.
  void start(std::uint64_t upto, const journal_fault& fault);
  /// Waits until no sync is in flight and returns what the last one did (ran = false when none
  /// finished since the last call).
  result wait();

 private:
  void run();

  journal_file& file_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::thread thread_;
  bool busy_ = false;   ///< a sync is asked for or running
  bool stop_ = false;
  std::uint64_t upto_ = 0;
  journal_fault fault_;
  result done_;
};

}  // namespace detail
MUSTER_END_NAMESPACE
