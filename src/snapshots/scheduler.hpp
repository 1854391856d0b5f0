#pragma once
// The server's snapshot schedule (docs/analytics.md "Snapshots"): a background thread that, at
// start-up, takes a snapshot unless one as of today or later exists, and then, every `poll`, takes
// one when the latest is `interval_days` or more old (is_due). stop() (or the destructor) wakes
// the thread and joins it; a snapshot being taken finishes first.

#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <string>
#include <thread>

#include "snapshots/snapshots.hpp"

namespace cw::snapshots {

class Scheduler {
 public:
  struct Callbacks {
    std::function<void(const Summary&)> taken;       // after each snapshot
    std::function<void(const std::string&)> failed;  // a take that failed (the thread goes on)
  };

  Scheduler(Snapshots& snapshots, int interval_days, std::chrono::milliseconds poll,
            Callbacks callbacks = {});
  ~Scheduler();
  Scheduler(const Scheduler&) = delete;
  Scheduler& operator=(const Scheduler&) = delete;

  void stop();

 private:
  void run();
  // One check: take when due; the start-up check uses an interval of one day.
  void check(int interval_days);

  Snapshots& snapshots_;
  int interval_days_;
  std::chrono::milliseconds poll_;
  Callbacks callbacks_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
  std::thread thread_;  // last: starts once everything above is ready
};

}  // namespace cw::snapshots
