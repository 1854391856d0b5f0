#pragma once
// The demo shop's calendar: when people shop. Day weights combine month (Christmas peak, a
// quieter February) and weekday (weekends busier); hours peak at lunchtime and in the evening.
// Also the calendar slots customer facts count orders in.

#ifndef CW_INTERNAL_DEMO
#error "demo/calendar.hpp is internal to cw_demo (src/README.md, Boundaries)"
#endif

#include <cstdint>
#include <vector>

#include "core/time.hpp"
#include "demo/random.hpp"

namespace cw::demo {

class Calendar {
 public:
  // Covers the whole days from `first_day` to `last_day` (day numbers since the epoch).
  Calendar(std::int64_t first_day, std::int64_t last_day, std::int64_t now);

  // A shopping moment in [from, to] (unix seconds, to <= now), following the day and hour
  // weights; `from` when the window is empty.
  std::int64_t sample(Random& random, std::int64_t from, std::int64_t to) const;

  // 0 = January. `at` must lie inside the calendar.
  int month_of(std::int64_t at) const { return months_[index(at)]; }

 private:
  std::size_t index(std::int64_t at) const {
    return static_cast<std::size_t>(at / kSecondsPerDay - first_day_);
  }
  std::int64_t first_day_;
  std::int64_t now_;
  std::vector<double> day_weights_;  // 0 < w <= 1
  std::vector<std::uint8_t> months_;
  WeightedChoice hours_;
};

struct Slots {
  int day_of_week;  // 0 = Monday
  int month_part;   // days 1-7, 8-15, 16-23, 24-31
  int time_of_day;  // [00,06), [06,12), [12,18), [18,24)
};
Slots slots_at(std::int64_t unix_seconds);

}  // namespace cw::demo
