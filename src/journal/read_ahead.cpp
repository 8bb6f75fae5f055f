// Reading a journal ahead of its visitor: the reader's thread and the queue between the two.
#include "journal/read_ahead.hpp"

#include <utility>

MUSTER_BEGIN_NAMESPACE
namespace detail {

read_ahead::read_ahead(std::function<void(const batch_sink&)> read, std::size_t depth) : depth_(depth < 1 ? 1 : depth) {
  thread_ = std::thread([this, read = std::move(read)] {
    try {
      read([this](std::unique_ptr<record_batch> b) { return put(std::move(b)); });
    } catch (...) {
      const std::lock_guard<std::mutex> lock(mutex_);
      error_ = std::current_exception();
    }
    {
      const std::lock_guard<std::mutex> lock(mutex_);
      done_ = true;
    }
    not_empty_.notify_one();
  });
}

read_ahead::~read_ahead() {
  {
    const std::lock_guard<std::mutex> lock(mutex_);
    stopped_ = true;
  }
  not_full_.notify_one();
  thread_.join();
}

bool read_ahead::put(std::unique_ptr<record_batch> b) {
  {
    std::unique_lock<std::mutex> lock(mutex_);
    not_full_.wait(lock, [&] { return stopped_ || queue_.size() < depth_; });
    if (stopped_) return false;
    queue_.push_back(std::move(b));
  }
  not_empty_.notify_one();
  return true;
}

std::unique_ptr<record_batch> read_ahead::next() {
  std::unique_lock<std::mutex> lock(mutex_);
  not_empty_.wait(lock, [&] { return done_ || !queue_.empty(); });
  if (queue_.empty()) {
    if (error_) std::rethrow_exception(std::exchange(error_, nullptr));
    return nullptr;
  }
  std::unique_ptr<record_batch> b = std::move(queue_.front());
  queue_.pop_front();
  lock.unlock();
  not_full_.notify_one();
  return b;
}

}  // namespace detail
MUSTER_END_NAMESPACE
