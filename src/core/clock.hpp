#pragma once
// "Now" is injected, so that tests and as-of runs control time.

#include <atomic>

#include "core/time.hpp"

namespace cw {

class Clock {
 public:
  virtual ~Clock() = default;
  virtual Timestamp now() const = 0;
};

// Today's UTC day number by `clock` (days since 1970-01-01).
inline std::int32_t today(const Clock& clock) {
  return day_of_unix(to_unix(clock.now()));
}

class SystemClock final : public Clock {
 public:
  Timestamp now() const override {
    return std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now());
  }
};

// A clock the test moves by hand. Thread-safe.
class ManualClock final : public Clock {
 public:
  explicit ManualClock(Timestamp start) : seconds_(to_unix(start)) {}
  Timestamp now() const override { return from_unix(seconds_.load()); }
  void set(Timestamp t) { seconds_.store(to_unix(t)); }
  void advance(std::chrono::seconds by) { seconds_.fetch_add(by.count()); }

 private:
  std::atomic<std::int64_t> seconds_;
};

}  // namespace cw
