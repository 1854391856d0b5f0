// Holdout validation: predicted against actual purchases in (E, H]; see clv.hpp and
// docs/analytics.md "Lifetime value".
#include <algorithm>
#include <cmath>
#include <unordered_map>

#include "clv/predict.hpp"

namespace cw::clv {

HoldoutActuals holdout_actuals(const Summary& calibration, std::span<const std::int64_t> ids,
                               std::span<const std::int32_t> customer_index,
                               std::span<const std::int32_t> day, std::int32_t end_day,
                               std::int32_t holdout_end_day) {
  HoldoutActuals out;
  out.purchases.assign(calibration.size(), 0.0);
  out.by_day.assign(static_cast<std::size_t>(std::max(holdout_end_day - end_day, 0)), 0.0);
  // Both id lists ascend: the calibration row of each dense customer index, or -1.
  std::vector<std::int64_t> row_of(ids.size(), -1);
  for (std::size_t i = 0, row = 0; i < ids.size() && row < calibration.size(); ++i) {
    while (row < calibration.size() && calibration.customer_id[row] < ids[i]) ++row;
    if (row < calibration.size() && calibration.customer_id[row] == ids[i])
      row_of[i] = static_cast<std::int64_t>(row);
  }
  // Distinct (customer, day) pairs: several orders on one day are one purchase.
  std::vector<std::uint64_t> pairs;
  for (std::size_t k = 0; k < day.size(); ++k) {
    if (day[k] <= end_day || day[k] > holdout_end_day) continue;
    const std::int64_t row = row_of[static_cast<std::size_t>(customer_index[k])];
    if (row < 0) continue;
    pairs.push_back((static_cast<std::uint64_t>(row) << 32) |
                    static_cast<std::uint32_t>(day[k] - end_day - 1));
  }
  std::sort(pairs.begin(), pairs.end());
  pairs.erase(std::unique(pairs.begin(), pairs.end()), pairs.end());
  for (const std::uint64_t p : pairs) {
    out.purchases[p >> 32] += 1;
    out.by_day[p & 0xffffffffu] += 1;
  }
  return out;
}

namespace {

// sum over customers of E[X(age at week end)] - E[X(age at E)] for each week end (days after
// E). Customers are grouped by T; when T is a whole number of days (always, from summarise)
// E[X] is tabulated by day so that each day's value is computed once.
std::vector<double> unconditional_cumulative(const BgNbdParams& m, const Summary& s,
                                             double unit_days,
                                             const std::vector<std::int32_t>& week_ends) {
  std::unordered_map<double, double> customers_of_T;
  for (const double T : s.T) customers_of_T[T] += 1;
  std::unordered_map<std::int64_t, double> by_day;
  const auto ex_days = [&](std::int64_t days) {
    auto [it, added] = by_day.try_emplace(days, 0.0);
    if (added) it->second = expected_repeat_purchases(m, static_cast<double>(days) / unit_days);
    return it->second;
  };
  std::vector<double> out(week_ends.size(), 0.0);
  for (const auto& [T, count] : customers_of_T) {
    const double age = T * unit_days;
    const auto whole = static_cast<std::int64_t>(std::llround(age));
    const bool whole_days = std::fabs(age - static_cast<double>(whole)) < 1e-6;
    const double at_E = whole_days ? ex_days(whole) : expected_repeat_purchases(m, T);
    for (std::size_t k = 0; k < week_ends.size(); ++k) {
      const double later = whole_days ? ex_days(whole + week_ends[k])
                                      : expected_repeat_purchases(m, T + week_ends[k] / unit_days);
      out[k] += count * (later - at_E);
    }
  }
  return out;
}

}  // namespace

HoldoutCheck check_holdout(const BgNbdParams& m, const Summary& calibration, TimeUnit unit,
                           std::int32_t end_day, std::int32_t holdout_end_day,
                           const HoldoutActuals& actuals) {
  HoldoutCheck out;
  const double unit_days = days_per_unit(unit);
  const std::int32_t length = std::max(holdout_end_day - end_day, 0);
  const detail::AliveExpectations e =
      detail::alive_expectations(m, calibration, detail::Schedule{{length / unit_days}, {1.0}});
  for (std::size_t i = 0; i < calibration.size(); ++i) {
    const double x = calibration.x[i];
    const double predicted =
        p_alive(m, x, calibration.t_x[i], calibration.T[i]) * e.at_end[e.pair_of[i]];
    for (HoldoutBucket* b :
         {&out.total, &out.by_frequency[static_cast<std::size_t>(std::clamp(x, 0.0, 7.0))]}) {
      b->customers += 1;
      b->predicted += predicted;
      b->actual += actuals.purchases[i];
    }
  }
  std::vector<std::int32_t> week_ends;
  for (std::int32_t d = 7; d - 7 < length; d += 7) week_ends.push_back(std::min(d, length));
  const std::vector<double> predicted =
      unconditional_cumulative(m, calibration, unit_days, week_ends);
  double actual = 0;
  std::size_t next_day = 0;
  for (std::size_t k = 0; k < week_ends.size(); ++k) {
    for (; next_day < static_cast<std::size_t>(week_ends[k]); ++next_day)
      actual += actuals.by_day[next_day];
    out.weeks.push_back({end_day + week_ends[k], predicted[k], actual});
  }
  return out;
}

}  // namespace cw::clv
