#include "reports/facts.hpp"

namespace cw::reports {

int month_part_of(std::int32_t day) {
  const int d = civil_of(day).day;
  return d <= 7 ? 0 : d <= 15 ? 1 : d <= 23 ? 2 : 3;
}

void fill_slots_from_orders(Dataset& data) {
  CustomerFacts& f = data.facts;
  const OrderList& o = data.orders;
  const std::size_t n = f.size();
  f.weekday.resize(n);
  f.month_part.resize(n);
  f.weekday.present = true;
  f.month_part.present = true;
  f.time_of_day.present = o.has_time_of_day || o.size() == 0;
  if (f.time_of_day.present) f.time_of_day.resize(n);
  for (std::size_t i = 0; i < o.size(); ++i) {
    const auto row = static_cast<std::size_t>(o.customer_row[i]);
    const int w = weekday_of(o.day[i]);
    const int p = month_part_of(o.day[i]);
    ++f.weekday.orders[w][row];
    f.weekday.revenue[w][row] += o.amount[i];
    ++f.month_part.orders[p][row];
    f.month_part.revenue[p][row] += o.amount[i];
    if (f.time_of_day.present) {
      const int t = time_of_day_of(o.second[i]);
      ++f.time_of_day.orders[t][row];
      f.time_of_day.revenue[t][row] += o.amount[i];
    }
  }
}

}  // namespace cw::reports
