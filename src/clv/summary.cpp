// From single orders to the models' inputs (x, t_x, T, spend) per customer; see clv.hpp.
#include <algorithm>
#include <numeric>

#include "clv/clv.hpp"

namespace cw::clv {
namespace {

// One customer's purchase days so far.
struct Purchases {
  std::int32_t first = 0, last = 0, days = 0;
  Minor first_amount = 0, total = 0;
};

// Folds one order in; false when it is dated before the customer's latest purchase day (the
// orders are not in date order for this customer).
inline bool add(Purchases& p, std::int32_t day, Minor amount) {
  if (p.days == 0) {
    p = {day, day, 1, amount, amount};
    return true;
  }
  if (day == p.last) {
    p.total += amount;
    if (day == p.first) p.first_amount += amount;
    return true;
  }
  if (day < p.last) return false;
  p.last = day;
  ++p.days;
  p.total += amount;
  return true;
}

// The orders up to `end_day` of each customer in date order: order logs usually are, so one
// pass suffices; otherwise the orders are grouped by customer and sorted by date first.
std::vector<Purchases> fold(std::size_t customers, std::span<const std::int32_t> index,
                            std::span<const std::int32_t> day, std::span<const Minor> amount,
                            std::int32_t end_day) {
  std::vector<Purchases> out(customers);
  bool in_order = true;
  for (std::size_t k = 0; k < day.size() && in_order; ++k)
    if (day[k] <= end_day)
      in_order = add(out[static_cast<std::size_t>(index[k])], day[k], amount[k]);
  if (in_order) return out;
  std::vector<std::uint32_t> order(day.size());
  std::iota(order.begin(), order.end(), 0u);
  std::stable_sort(order.begin(), order.end(), [&](std::uint32_t l, std::uint32_t r) {
    return index[l] != index[r] ? index[l] < index[r] : day[l] < day[r];
  });
  std::fill(out.begin(), out.end(), Purchases{});
  for (const std::uint32_t k : order)
    if (day[k] <= end_day) add(out[static_cast<std::size_t>(index[k])], day[k], amount[k]);
  return out;
}

}  // namespace

double days_per_unit(TimeUnit unit) {
  return unit == TimeUnit::kWeek ? 7.0 : 1.0;
}

Summary summarise_indexed(std::span<const std::int64_t> ids,
                          std::span<const std::int32_t> customer_index,
                          std::span<const std::int32_t> day, std::span<const Minor> amount,
                          std::int32_t end_day, TimeUnit unit, double minor_per_major) {
  const std::vector<Purchases> folded = fold(ids.size(), customer_index, day, amount, end_day);
  const double unit_days = days_per_unit(unit);
  Summary s;
  const std::size_t n = static_cast<std::size_t>(
      std::count_if(folded.begin(), folded.end(), [](const Purchases& p) { return p.days > 0; }));
  for (auto* v : {&s.x, &s.t_x, &s.T, &s.spend}) v->reserve(n);
  s.customer_id.reserve(n);
  for (std::size_t i = 0; i < folded.size(); ++i) {
    const Purchases& p = folded[i];
    if (p.days == 0) continue;
    const double repeats = p.days - 1;
    s.customer_id.push_back(ids[i]);
    s.x.push_back(repeats);
    s.t_x.push_back((p.last - p.first) / unit_days);
    s.T.push_back((end_day - p.first) / unit_days);
    s.spend.push_back(repeats > 0 ? static_cast<double>(p.total - p.first_amount) /
                                        minor_per_major / repeats
                                  : 0.0);
  }
  return s;
}

Summary summarise(std::span<const std::int64_t> customer_id, std::span<const std::int32_t> day,
                  std::span<const Minor> amount, std::int32_t end_day, TimeUnit unit,
                  double minor_per_major) {
  std::vector<std::int64_t> ids(customer_id.begin(), customer_id.end());
  std::sort(ids.begin(), ids.end());
  ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
  std::vector<std::int32_t> index(customer_id.size());
  for (std::size_t k = 0; k < customer_id.size(); ++k)
    index[k] = static_cast<std::int32_t>(std::lower_bound(ids.begin(), ids.end(), customer_id[k]) -
                                         ids.begin());
  return summarise_indexed(ids, index, day, amount, end_day, unit, minor_per_major);
}

}  // namespace cw::clv
