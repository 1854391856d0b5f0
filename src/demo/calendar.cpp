#include "demo/calendar.hpp"

#include <algorithm>
#include <chrono>

namespace cw::demo {
namespace {

using namespace std::chrono;

constexpr double kMonthWeight[12] = {0.85, 0.7,  0.85, 0.9, 1.0,  1.05,
                                     1.05, 0.95, 0.9,  1.0, 1.55, 1.8};
constexpr double kWeekdayWeight[7] = {0.95, 0.9, 0.92, 0.97, 1.05, 1.15, 1.25};  // Monday first
constexpr double kHourWeight[24] = {0.5, 0.3, 0.15, 0.1, 0.1, 0.2, 0.5, 1.2, 1.8, 2.0, 2.2, 2.6,
                                    3.4, 3.2, 2.5,  2.3, 2.4, 2.8, 3.2, 3.8, 4.2, 4.0, 2.8, 1.4};

int day_of_week(std::int64_t day) {
  return static_cast<int>(((day + 3) % 7 + 7) % 7);
}

}  // namespace

Calendar::Calendar(std::int64_t first_day, std::int64_t last_day, std::int64_t now)
    : first_day_(first_day),
      now_(now),
      hours_(std::vector<double>(std::begin(kHourWeight), std::end(kHourWeight))) {
  double max_weight = 0;
  for (std::int64_t day = first_day; day <= last_day; ++day) {
    const year_month_day ymd{sys_days{days{day}}};
    const int month = static_cast<int>(static_cast<unsigned>(ymd.month())) - 1;
    double w = kMonthWeight[month] * kWeekdayWeight[day_of_week(day)];
    // Black Friday week and the week before Christmas.
    const unsigned dom = static_cast<unsigned>(ymd.day());
    if ((month == 10 && dom >= 22) || (month == 11 && dom >= 10 && dom <= 20)) w *= 1.4;
    if (month == 11 && dom >= 24) w *= 0.6;
    day_weights_.push_back(w);
    months_.push_back(static_cast<std::uint8_t>(month));
    max_weight = std::max(max_weight, w);
  }
  for (double& w : day_weights_) w /= max_weight;
}

std::int64_t Calendar::sample(Random& random, std::int64_t from, std::int64_t to) const {
  to = std::min(to, now_);
  if (to <= from) return from;
  const std::int64_t first = from / kSecondsPerDay;
  const std::int64_t last = to / kSecondsPerDay;
  for (int attempt = 0; attempt < 64; ++attempt) {
    const std::int64_t day = random.between(first, last);
    if (!random.chance(day_weights_[static_cast<std::size_t>(day - first_day_)])) continue;
    const std::int64_t at = day * kSecondsPerDay +
                            static_cast<std::int64_t>(hours_(random)) * 3600 +
                            random.between(0, 3599);
    if (at >= from && at <= to) return at;
  }
  return random.between(from, to);  // a window of a few hours: any moment in it
}

Slots slots_at(std::int64_t at) {
  const std::int64_t day = at / kSecondsPerDay;
  const unsigned dom = static_cast<unsigned>(year_month_day{sys_days{days{day}}}.day());
  return {day_of_week(day),
          dom <= 7    ? 0
          : dom <= 15 ? 1
          : dom <= 23 ? 2
                      : 3,
          static_cast<int>((at % kSecondsPerDay) / 21600)};
}

}  // namespace cw::demo
