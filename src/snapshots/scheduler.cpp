#include "snapshots/scheduler.hpp"

namespace cw::snapshots {

Scheduler::Scheduler(Snapshots& snapshots, int interval_days, std::chrono::milliseconds poll,
                     Callbacks callbacks)
    : snapshots_(snapshots),
      interval_days_(interval_days),
      poll_(poll),
      callbacks_(std::move(callbacks)),
      thread_([this] { run(); }) {}

Scheduler::~Scheduler() {
  stop();
}

void Scheduler::stop() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void Scheduler::check(int interval_days) {
  try {
    auto taken = snapshots_.take_if_due(interval_days);
    if (!taken) {
      if (callbacks_.failed) callbacks_.failed(taken.error().message);
    } else if (*taken && callbacks_.taken) {
      callbacks_.taken(**taken);
    }
  } catch (const std::exception& e) {
    // A failing database must not end the server; the next poll tries again.
    if (callbacks_.failed) callbacks_.failed(e.what());
  }
}

void Scheduler::run() {
  std::unique_lock lock(mutex_);
  if (stopping_) return;
  lock.unlock();
  check(1);
  lock.lock();
  while (!wake_.wait_for(lock, poll_, [this] { return stopping_; })) {
    lock.unlock();
    check(interval_days_);
    lock.lock();
  }
}

}  // namespace cw::snapshots
