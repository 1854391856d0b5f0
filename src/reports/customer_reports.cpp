// Reports that list or count customers: top-customers, activity, dormant.
#include <algorithm>
#include <cmath>
#include <numeric>

#include "reports/report_helpers.hpp"

namespace cw::reports::detail {
namespace {

__extension__ typedef __int128 Int128;

enum ActivityClass { kActive, kCooling, kInactive };

ActivityClass class_of(std::int32_t recency, const ReportOptions& o) {
  if (recency <= o.active_days) return kActive;
  if (recency <= o.cooling_days) return kCooling;
  return kInactive;
}

Result<bool> check_windows(const ReportOptions& o) {
  if (o.active_days < 0) return fail(invalid_option("active-days", "must be 0 or more"));
  if (o.cooling_days <= o.active_days)
    return fail(invalid_option("cooling-days", "must be more than --active-days"));
  if (o.dormant_days <= o.cooling_days)
    return fail(invalid_option("dormant-days", "must be more than --cooling-days"));
  return true;
}

}  // namespace

Result<Table> top_customers(const Context& ctx) {
  const ReportOptions& o = ctx.options;
  if (!(o.share > 0 && o.share <= 1))
    return fail(invalid_option("share", "must be a fraction above 0 and at most 1 (0.5 = 50%)"));
  const CustomerFacts& f = ctx.data().facts;
  std::vector<std::uint32_t> order(f.size());
  std::iota(order.begin(), order.end(), 0u);
  std::sort(order.begin(), order.end(), [&](std::uint32_t a, std::uint32_t b) {
    return f.revenue[a] != f.revenue[b] ? f.revenue[a] > f.revenue[b]
                                        : f.customer_id[a] < f.customer_id[b];
  });
  const Minor total = std::accumulate(f.revenue.begin(), f.revenue.end(), Minor{0});
  // The share compares exactly: cumulative * 10^6 >= share_micro * total.
  const auto share_micro = static_cast<std::int64_t>(std::llround(o.share * 1e6));
  Table t = new_table("top-customers", ctx);
  auto& rank = t.add("rank", ColumnType::kInteger);
  auto& id = t.add("customer_id", ColumnType::kInteger);
  auto& orders = t.add("orders", ColumnType::kInteger);
  auto& revenue = t.add("revenue", ColumnType::kMoney);
  auto& revenue_share = t.add("revenue_share", ColumnType::kFraction);
  auto& cumulative = t.add("cumulative_share", ColumnType::kFraction);
  Minor sum = 0;
  for (std::size_t k = 0; k < order.size(); ++k) {
    if (Int128{sum} * 1000000 >= Int128{share_micro} * total) break;
    const std::uint32_t i = order[k];
    sum += f.revenue[i];
    rank.push_int(static_cast<std::int64_t>(k) + 1);
    id.push_int(f.customer_id[i]);
    orders.push_int(f.orders[i]);
    revenue.push_int(f.revenue[i]);
    push_share(revenue_share, static_cast<double>(f.revenue[i]), static_cast<double>(total));
    push_share(cumulative, static_cast<double>(sum), static_cast<double>(total));
  }
  return t;
}

Result<Table> activity(const Context& ctx) {
  const ReportOptions& o = ctx.options;
  CW_TRY(check_windows(o));
  const CustomerFacts& f = ctx.data().facts;
  Table t = new_table("activity", ctx);
  if (o.list) {
    auto& id = t.add("customer_id", ColumnType::kInteger);
    auto& last = t.add("last_order_date", ColumnType::kDate);
    auto& recency = t.add("recency_days", ColumnType::kInteger);
    auto& cls = t.add("class", ColumnType::kText);
    auto& dormant = t.add("dormant", ColumnType::kText);
    const std::array<std::uint32_t, 3> codes = {cls.intern("active"), cls.intern("cooling"),
                                                cls.intern("inactive")};
    const std::uint32_t yes = dormant.intern("yes"), no = dormant.intern("no");
    for (std::size_t i = 0; i < f.size(); ++i) {
      const std::int32_t r = ctx.as_of_day - f.last_order_day[i];
      id.push_int(f.customer_id[i]);
      last.push_int(f.last_order_day[i]);
      recency.push_int(r);
      cls.push_code(codes[class_of(r, o)]);
      dormant.push_code(r >= o.dormant_days ? yes : no);
    }
    return t;
  }
  std::array<std::int64_t, 4> customers{};  // active, cooling, inactive, dormant
  std::array<Minor, 4> revenue{};
  Minor total = 0;
  for (std::size_t i = 0; i < f.size(); ++i) {
    const std::int32_t r = ctx.as_of_day - f.last_order_day[i];
    const int c = class_of(r, o);
    ++customers[c];
    revenue[c] += f.revenue[i];
    if (r >= o.dormant_days) {
      ++customers[3];
      revenue[3] += f.revenue[i];
    }
    total += f.revenue[i];
  }
  auto& cls = t.add("class", ColumnType::kText);
  auto& window = t.add("recency_days", ColumnType::kText);
  auto& count = t.add("customers", ColumnType::kInteger);
  auto& count_share = t.add("customer_share", ColumnType::kFraction);
  auto& rev = t.add("revenue", ColumnType::kMoney);
  auto& rev_share = t.add("revenue_share", ColumnType::kFraction);
  const std::array<std::string, 4> names = {"active", "cooling", "inactive",
                                            "dormant (part of inactive)"};
  const std::array<std::string, 4> windows = {
      "0-" + std::to_string(o.active_days),
      std::to_string(o.active_days + 1) + "-" + std::to_string(o.cooling_days),
      std::to_string(o.cooling_days + 1) + "+", std::to_string(o.dormant_days) + "+"};
  for (int c = 0; c < 4; ++c) {
    cls.push_text(names[c]);
    window.push_text(windows[c]);
    count.push_int(customers[c]);
    push_share(count_share, static_cast<double>(customers[c]), static_cast<double>(f.size()));
    rev.push_int(revenue[c]);
    push_share(rev_share, static_cast<double>(revenue[c]), static_cast<double>(total));
  }
  return t;
}

Result<Table> dormant(const Context& ctx) {
  const ReportOptions& o = ctx.options;
  if (o.dormant_days < 1) return fail(invalid_option("dormant-days", "must be 1 or more"));
  const CustomerFacts& f = ctx.data().facts;
  std::vector<std::uint32_t> rows;
  for (std::size_t i = 0; i < f.size(); ++i)
    if (ctx.as_of_day - f.last_order_day[i] >= o.dormant_days)
      rows.push_back(static_cast<std::uint32_t>(i));
  // Longest asleep first; rows are already in id order, so a stable sort keeps ids ascending.
  std::stable_sort(rows.begin(), rows.end(), [&](std::uint32_t a, std::uint32_t b) {
    return f.last_order_day[a] < f.last_order_day[b];
  });
  Table t = new_table("dormant", ctx);
  auto& id = t.add("customer_id", ColumnType::kInteger);
  auto& last = t.add("last_order_date", ColumnType::kDate);
  auto& recency = t.add("recency_days", ColumnType::kInteger);
  auto& orders = t.add("frequency", ColumnType::kInteger);
  auto& revenue = t.add("monetary", ColumnType::kMoney);
  for (std::uint32_t i : rows) {
    id.push_int(f.customer_id[i]);
    last.push_int(f.last_order_day[i]);
    recency.push_int(ctx.as_of_day - f.last_order_day[i]);
    orders.push_int(f.orders[i]);
    revenue.push_int(f.revenue[i]);
  }
  return t;
}

}  // namespace cw::reports::detail
