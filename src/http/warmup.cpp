#include "http/warmup.hpp"

#include <spdlog/spdlog.h>

#include <chrono>

namespace cw::http {

namespace {
// How often the thread looks for a data change nobody nudged about (checkouts, imports by
// another process). A warm-up of a 1M-customer shop costs seconds of CPU, so not more often.
constexpr std::chrono::seconds kPoll{60};
}  // namespace

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
    wake_.wait_for(lock, nudged_ ? std::chrono::seconds(0) : kPoll,
                   [this] { return stopping_ || nudged_; });
    if (stopping_) break;
    nudged_ = false;
    lock.unlock();
    try {
      // Warming a current cache only reads the data version and the newest visit id.
      cache_.warm(db_, snapshots_.latest_as_of_day().value_or(today(clock_)));
    } catch (const std::exception& e) {
      spdlog::warn("analytics warm-up failed: {}", e.what());
    }
    lock.lock();
  }
}

}  // namespace cw::http
