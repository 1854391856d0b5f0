// Reports over calendar months: retention (repeat rate and cohort matrix) and sales-trend.
#include <algorithm>
#include <cstdio>

#include "reports/report_helpers.hpp"

namespace cw::reports::detail {
namespace {

int month_index(std::int32_t day) {
  const Civil c = civil_of(day);
  return c.year * 12 + (c.month - 1);
}

std::string month_label(int index) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02d", index / 12, index % 12 + 1);
  return buf;
}

// On the shop, the repeat rate against all registered customers (docs/analytics.md "retention"):
// one more row under "all".
void add_registered_row(db::Database& db, std::int32_t as_of_day, Table& t) {
  auto c = db.lease();
  const std::int64_t registered =
      c->scalar("SELECT count(*) FROM customers WHERE created_at < ?", end_of_day(as_of_day))
          .value_or(0);
  const std::size_t last = t.rows() - 1;
  const std::int64_t repeaters = t.columns[2].int_at(last);
  t.columns[0].push_text("all registered");
  t.columns[1].push_int(registered);
  t.columns[2].push_int(repeaters);
  push_share(t.columns[3], static_cast<double>(repeaters), static_cast<double>(registered));
  for (std::size_t k = 4; k < t.columns.size(); ++k) t.columns[k].push_null();
}

}  // namespace

Result<Table> retention(const Context& ctx) {
  if (!ctx.data().has_orders)
    return fail(missing_data("retention",
                             "single orders for its cohort matrix; a customer summary has only "
                             "totals (the repeat rate per segment is in the segments report)"));
  const CustomerFacts& f = ctx.data().facts;
  const OrderList& o = ctx.data().orders;
  const int as_of_month = month_index(ctx.as_of_day);
  int first_cohort = as_of_month;
  std::vector<int> cohort_of(f.size());
  for (std::size_t i = 0; i < f.size(); ++i) {
    cohort_of[i] = month_index(f.first_order_day[i]);
    first_cohort = std::min(first_cohort, cohort_of[i]);
  }
  const int cohorts = f.size() ? as_of_month - first_cohort + 1 : 0;
  const int width = cohorts;  // cell k runs from 0 to the age of the oldest cohort
  // Distinct (customer, k) pairs: orders grouped by customer, months deduplicated per customer.
  std::vector<std::uint32_t> start(f.size() + 1, 0);
  for (std::size_t j = 0; j < o.size(); ++j)
    ++start[static_cast<std::size_t>(o.customer_row[j]) + 1];
  for (std::size_t i = 0; i < f.size(); ++i) start[i + 1] += start[i];
  std::vector<int> months(o.size());
  {
    std::vector<std::uint32_t> fill(start.begin(), start.end() - 1);
    for (std::size_t j = 0; j < o.size(); ++j)
      months[fill[static_cast<std::size_t>(o.customer_row[j])]++] = month_index(o.day[j]);
  }
  std::vector<std::int64_t> cell(static_cast<std::size_t>(cohorts) * width, 0);
  std::vector<std::int64_t> size(cohorts, 0), repeaters(cohorts, 0);
  std::int64_t all_repeaters = 0;
  for (std::size_t i = 0; i < f.size(); ++i) {
    const int c = cohort_of[i] - first_cohort;
    ++size[c];
    if (f.orders[i] >= 2) {
      ++repeaters[c];
      ++all_repeaters;
    }
    auto b = months.begin() + start[i], e = months.begin() + start[i + 1];
    std::sort(b, e);
    e = std::unique(b, e);
    for (auto it = b; it != e; ++it)
      ++cell[static_cast<std::size_t>(c) * width + (*it - cohort_of[i])];
  }
  Table t = new_table("retention", ctx);
  auto& cohort = t.add("cohort", ColumnType::kText);
  auto& customers = t.add("customers", ColumnType::kInteger);
  auto& repeat = t.add("repeat_customers", ColumnType::kInteger);
  auto& rate = t.add("repeat_rate", ColumnType::kFraction);
  std::vector<Column*> m;
  for (int k = 0; k < width; ++k)
    m.push_back(&t.add("m" + std::to_string(k), ColumnType::kFraction));
  for (int c = 0; c < cohorts; ++c) {
    cohort.push_text(month_label(first_cohort + c));
    customers.push_int(size[c]);
    repeat.push_int(repeaters[c]);
    push_share(rate, static_cast<double>(repeaters[c]), static_cast<double>(size[c]));
    const int observable = as_of_month - (first_cohort + c);  // last k the as-of date has reached
    for (int k = 0; k < width; ++k) {
      if (k > observable || size[c] == 0)
        m[k]->push_null();
      else
        m[k]->push_real(static_cast<double>(cell[static_cast<std::size_t>(c) * width + k]) /
                        static_cast<double>(size[c]));
    }
  }
  cohort.push_text("all");
  customers.push_int(static_cast<std::int64_t>(f.size()));
  repeat.push_int(all_repeaters);
  push_share(rate, static_cast<double>(all_repeaters), static_cast<double>(f.size()));
  for (int k = 0; k < width; ++k) m[k]->push_null();
  if (ctx.database) add_registered_row(*ctx.database, ctx.as_of_day, t);
  return t;
}

Result<Table> sales_trend(const Context& ctx) {
  if (!ctx.data().has_orders)
    return fail(missing_data("sales-trend",
                             "single orders with their dates; a customer summary has only totals"));
  const CustomerFacts& f = ctx.data().facts;
  const OrderList& o = ctx.data().orders;
  Table t = new_table("sales-trend", ctx);
  auto& month = t.add("month", ColumnType::kText);
  auto& orders = t.add("orders", ColumnType::kInteger);
  auto& customers = t.add("customers", ColumnType::kInteger);
  auto& new_customers = t.add("new_customers", ColumnType::kInteger);
  auto& revenue = t.add("revenue", ColumnType::kMoney);
  auto& aov = t.add("aov", ColumnType::kMoney);
  if (o.size() == 0) return t;
  std::vector<int> order_month(o.size());
  int first = month_index(o.day[0]), last = first;
  for (std::size_t j = 0; j < o.size(); ++j) {
    order_month[j] = month_index(o.day[j]);
    first = std::min(first, order_month[j]);
    last = std::max(last, order_month[j]);
  }
  const std::size_t months = static_cast<std::size_t>(last - first) + 1;
  std::vector<std::int64_t> count(months, 0), distinct(months, 0), fresh(months, 0);
  std::vector<Minor> sum(months, 0);
  std::vector<int> seen_in(f.size(), -1);
  // Orders by month, so that a customer is counted once per month.
  std::vector<std::uint32_t> by_month(o.size());
  for (std::size_t j = 0; j < o.size(); ++j) by_month[j] = static_cast<std::uint32_t>(j);
  std::stable_sort(by_month.begin(), by_month.end(), [&](std::uint32_t a, std::uint32_t b) {
    return order_month[a] < order_month[b];
  });
  for (std::uint32_t j : by_month) {
    const std::size_t m = static_cast<std::size_t>(order_month[j] - first);
    const auto row = static_cast<std::size_t>(o.customer_row[j]);
    ++count[m];
    sum[m] += o.amount[j];
    if (seen_in[row] != order_month[j]) {
      seen_in[row] = order_month[j];
      ++distinct[m];
    }
  }
  for (std::size_t i = 0; i < f.size(); ++i)
    ++fresh[static_cast<std::size_t>(month_index(f.first_order_day[i]) - first)];
  for (std::size_t m = 0; m < months; ++m) {
    month.push_text(month_label(first + static_cast<int>(m)));
    orders.push_int(count[m]);
    customers.push_int(distinct[m]);
    new_customers.push_int(fresh[m]);
    revenue.push_int(sum[m]);
    if (count[m])
      aov.push_int(mul_div_round(sum[m], 1, count[m]));
    else
      aov.push_null();
  }
  return t;
}

}  // namespace cw::reports::detail
