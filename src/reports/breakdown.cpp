// breakdown --by age|occupation|gender|city|weekday|month-part|time-of-day: customers, orders and
// revenue per group.
#include <algorithm>
#include <map>

#include "reports/report_helpers.hpp"

namespace cw::reports::detail {
namespace {

struct Group {
  std::string label;
  std::int64_t customers = 0;
  std::int64_t orders = 0;
  Minor revenue = 0;
};

template <int N>
std::vector<Group> from_slots(const SlotColumns<N>& slots, const std::array<const char*, N>& labels,
                              std::size_t n) {
  std::vector<Group> groups(N);
  for (int s = 0; s < N; ++s) {
    groups[s].label = labels[s];
    for (std::size_t i = 0; i < n; ++i) {
      groups[s].customers += slots.orders[s][i] > 0;
      groups[s].orders += slots.orders[s][i];
      groups[s].revenue += slots.revenue[s][i];
    }
  }
  return groups;
}

// Groups customers by a text attribute; "" is "unknown", sorted by label with unknown last.
std::vector<Group> from_text(const CustomerFacts& f, const std::vector<std::string>& values) {
  std::map<std::string, Group> by_label;
  for (std::size_t i = 0; i < f.size(); ++i) {
    const std::string& v = values[i];
    Group& g = by_label[v];
    ++g.customers;
    g.orders += f.orders[i];
    g.revenue += f.revenue[i];
  }
  std::vector<Group> out;
  for (auto& [label, g] : by_label) {
    if (label.empty()) continue;
    g.label = label;
    out.push_back(g);
  }
  if (auto it = by_label.find(""); it != by_label.end()) {
    it->second.label = "unknown";
    out.push_back(it->second);
  }
  return out;
}

std::vector<Group> by_age(const CustomerFacts& f) {
  const std::array<const char*, 6> labels = {"<=19", "20-29", "30-39", "40-49", "50+", "unknown"};
  std::vector<Group> groups(labels.size());
  for (std::size_t b = 0; b < labels.size(); ++b) groups[b].label = labels[b];
  for (std::size_t i = 0; i < f.size(); ++i) {
    const int age = f.age[i];
    const std::size_t b = age < 0     ? 5
                          : age <= 19 ? 0
                          : age >= 50 ? 4
                                      : static_cast<std::size_t>(age / 10 - 1);
    ++groups[b].customers;
    groups[b].orders += f.orders[i];
    groups[b].revenue += f.revenue[i];
  }
  return groups;
}

}  // namespace

Result<Table> breakdown(const Context& ctx) {
  const std::string& by = ctx.options.by;
  const CustomerFacts& f = ctx.data().facts;
  const auto lacks = [&](const std::string& what) {
    return fail(missing_data("breakdown --by " + by, what + "; this input does not have it"));
  };
  std::vector<Group> groups;
  if (by == "age") {
    if (!f.has_age) return lacks("customers' ages (an AGE column)");
    groups = by_age(f);
  } else if (by == "occupation") {
    if (!f.has_occupation) return lacks("customers' occupations (an OCCUPATION column)");
    groups = from_text(f, f.occupation);
  } else if (by == "gender") {
    if (!f.has_gender) return lacks("customers' genders (a GENDER column)");
    groups = from_text(f, f.gender);
  } else if (by == "city") {
    if (!f.has_city) return lacks("customers' cities (a CITY column)");
    groups = from_text(f, f.city);
  } else if (by == "weekday") {
    if (!f.weekday.present) return lacks("orders or per-weekday totals");
    groups = from_slots<kWeekdays>(
        f.weekday, {"Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"},
        f.size());
  } else if (by == "month-part") {
    if (!f.month_part.present) return lacks("orders or per-month-part totals");
    groups = from_slots<kMonthParts>(f.month_part, {"1-7", "8-15", "16-23", "24-31"}, f.size());
  } else if (by == "time-of-day") {
    if (!f.time_of_day.present)
      return lacks("order times (dates with HH:MM) or per-time-of-day totals");
    groups = from_slots<kTimesOfDay>(f.time_of_day, {"00-06", "06-12", "12-18", "18-24"}, f.size());
  } else {
    return fail(invalid_option(
        "by", "expected age, occupation, gender, city, weekday, month-part or time-of-day"));
  }
  std::int64_t total_orders = 0;
  Minor total_revenue = 0;
  for (const Group& g : groups) {
    total_orders += g.orders;
    total_revenue += g.revenue;
  }
  Table t = new_table("breakdown", ctx);
  auto& label = t.add(by == "age" ? "age_band" : by, ColumnType::kText);
  auto& customers = t.add("customers", ColumnType::kInteger);
  auto& orders = t.add("orders", ColumnType::kInteger);
  auto& order_share = t.add("order_share", ColumnType::kFraction);
  auto& revenue = t.add("revenue", ColumnType::kMoney);
  auto& revenue_share = t.add("revenue_share", ColumnType::kFraction);
  for (const Group& g : groups) {
    label.push_text(g.label);
    customers.push_int(g.customers);
    orders.push_int(g.orders);
    push_share(order_share, static_cast<double>(g.orders), static_cast<double>(total_orders));
    revenue.push_int(g.revenue);
    push_share(revenue_share, static_cast<double>(g.revenue), static_cast<double>(total_revenue));
  }
  return t;
}

}  // namespace cw::reports::detail
