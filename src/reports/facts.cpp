#include "reports/facts.hpp"

namespace cw::reports {

Civil civil_of(std::int32_t day) {
  // Howard Hinnant's civil_from_days.
  const int z = day + 719468;
  const int era = (z >= 0 ? z : z - 146096) / 146097;
  const unsigned doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int y = static_cast<int>(yoe) + era * 400;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  const unsigned d = doy - (153 * mp + 2) / 5 + 1;
  const unsigned m = mp < 10 ? mp + 3 : mp - 9;
  return {y + (m <= 2), static_cast<int>(m), static_cast<int>(d)};
}

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
