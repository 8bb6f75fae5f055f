// The journal's sync thread (background_sync.hpp).
#include "journal/background_sync.hpp"

MUSTER_BEGIN_NAMESPACE
namespace detail {

background_sync::~background_sync() {
  {
    std::unique_lock<std::mutex> lock(mu_);
    cv_.wait(lock, [&] { return !busy_; });
    stop_ = true;
  }
  cv_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void background_sync::start(std::uint64_t upto, const journal_fault& fault) {
  {
    std::lock_guard<std::mutex> lock(mu_);
    busy_ = true;
    upto_ = upto;
    fault_ = fault;
  }
  if (!thread_.joinable()) thread_ = std::thread([this] { run(); });
  cv_.notify_all();
}

background_sync::result background_sync::wait() {
  std::unique_lock<std::mutex> lock(mu_);
  cv_.wait(lock, [&] { return !busy_; });
  result r = std::move(done_);
  done_ = result{};
  return r;
}

void background_sync::run() {
  std::unique_lock<std::mutex> lock(mu_);
  for (;;) {
    cv_.wait(lock, [&] { return busy_ || stop_; });
    if (!busy_) return;  // stopping, nothing asked
    const std::uint64_t upto = upto_;
    const journal_fault fault = fault_;
    lock.unlock();
    std::string err;
    const bool ok = file_.sync_as(fault, err);
    lock.lock();
    done_.ran = true;
    done_.ok = done_.ok && ok;  // a failure stays until someone waits for it
    if (ok) done_.upto = upto;
    else done_.error = err;
    busy_ = false;
    cv_.notify_all();
  }
}

}  // namespace detail
MUSTER_END_NAMESPACE
