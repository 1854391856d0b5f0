#include "http/warmup.hpp"

#include <spdlog/spdlog.h>
#include <time.h>

#include <algorithm>
#include <chrono>

namespace cw::http {

namespace {

// CPU time this thread has used: the cost of a warm-up without the time it waited for a lock or
// for another thread's load of the same data.
std::chrono::nanoseconds thread_cpu_time() {
  timespec now{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now);
  return std::chrono::seconds(now.tv_sec) + std::chrono::nanoseconds(now.tv_nsec);
}

}  // namespace

std::chrono::milliseconds warmup_poll_delay(std::chrono::nanoseconds cpu) {
  const auto bounded =
      std::chrono::duration_cast<std::chrono::milliseconds>(cpu * kWarmupCpuFactor);
  return std::max<std::chrono::milliseconds>(kWarmupPoll, bounded);
}

AnalyticsWarmup::AnalyticsWarmup(db::Database& db, snapshots::Snapshots& snapshots,
                                 reports::DatasetCache& cache, const Clock& clock)
    : db_(db), snapshots_(snapshots), cache_(cache), clock_(clock), thread_([this] { run(); }) {}

AnalyticsWarmup::~AnalyticsWarmup() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  thread_.join();
}

void AnalyticsWarmup::nudge() {
  {
    std::lock_guard lock(mutex_);
    nudged_ = true;
  }
  wake_.notify_all();
}

void AnalyticsWarmup::run() {
  std::unique_lock lock(mutex_);
  while (!stopping_) {
    wake_.wait_for(lock, nudged_ ? std::chrono::milliseconds(0) : poll_delay_,
                   [this] { return stopping_ || nudged_; });
    if (stopping_) break;
    nudged_ = false;
    lock.unlock();
    const auto cpu_before = thread_cpu_time();
    try {
      // Warming a current cache only reads the data version and the newest visit id.
      cache_.warm(db_, snapshots_.latest_as_of_day().value_or(today(clock_)));
    } catch (const std::exception& e) {
      spdlog::warn("analytics warm-up failed: {}", e.what());
    }
    const auto delay = warmup_poll_delay(thread_cpu_time() - cpu_before);
    lock.lock();
    poll_delay_ = delay;
  }
}

}  // namespace cw::http
