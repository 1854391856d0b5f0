// Distributions over customers: order-value (AOV) and frequency (days between orders).
#include <algorithm>
#include <cmath>

#include "reports/report_helpers.hpp"

namespace cw::reports::detail {
namespace {

// Linear interpolation between closest ranks (NumPy's default, PERCENTILE.INC) over sorted values.
double percentile(const std::vector<double>& sorted, double p) {
  const double h = (static_cast<double>(sorted.size()) - 1) * p;
  const auto lo = static_cast<std::size_t>(std::floor(h));
  const std::size_t hi = std::min(lo + 1, sorted.size() - 1);
  return sorted[lo] + (h - static_cast<double>(lo)) * (sorted[hi] - sorted[lo]);
}

// Rounds a non-negative amount in (fractional) minor units half up.
Minor round_minor(double v) {
  return static_cast<Minor>(std::floor(v + 0.5));
}

}  // namespace

Result<Table> order_value(const Context& ctx) {
  const ReportOptions& o = ctx.options;
  if (o.low_max < 0 || o.medium_max <= o.low_max)
    return fail(
        invalid_option("medium-max", "bucket edges must satisfy 0 <= low-max < medium-max"));
  const CustomerFacts& f = ctx.data().facts;
  const std::size_t n = f.size();
  std::vector<double> aov(n);
  std::array<std::int64_t, 3> customers{};
  std::array<Minor, 3> revenue{};
  Minor total = 0;
  double sum = 0;
  for (std::size_t i = 0; i < n; ++i) {
    aov[i] = static_cast<double>(f.revenue[i]) / static_cast<double>(f.orders[i]);
    sum += aov[i];
    // Bucket edges compare in minor units: the AOV rounded half up to a minor unit.
    const Minor rounded = mul_div_round(f.revenue[i], 1, f.orders[i]);
    const int b = rounded <= o.low_max ? 0 : rounded <= o.medium_max ? 1 : 2;
    ++customers[b];
    revenue[b] += f.revenue[i];
    total += f.revenue[i];
  }
  std::sort(aov.begin(), aov.end());
  Table t = new_table("order-value", ctx);
  auto& measure = t.add("measure", ColumnType::kText);
  auto& value = t.add("aov", ColumnType::kMoney);
  auto& count = t.add("customers", ColumnType::kInteger);
  auto& count_share = t.add("customer_share", ColumnType::kFraction);
  auto& rev = t.add("revenue", ColumnType::kMoney);
  auto& rev_share = t.add("revenue_share", ColumnType::kFraction);
  const auto stat = [&](const char* name, std::optional<double> v) {
    measure.push_text(name);
    if (v)
      value.push_int(round_minor(*v));
    else
      value.push_null();
    count.push_int(static_cast<std::int64_t>(n));
    count_share.push_null();
    rev.push_int(total);
    rev_share.push_null();
  };
  const auto maybe = [&](double v) { return n ? std::optional<double>(v) : std::nullopt; };
  stat("mean", maybe(n ? sum / static_cast<double>(n) : 0));
  stat("p25", maybe(n ? percentile(aov, 0.25) : 0));
  stat("p50", maybe(n ? percentile(aov, 0.50) : 0));
  stat("p75", maybe(n ? percentile(aov, 0.75) : 0));
  stat("p90", maybe(n ? percentile(aov, 0.90) : 0));
  const int d = o.currency_decimals;
  const std::array<std::string, 3> labels = {
      "low (<= " + format_money(o.low_max, d) + ")",
      "medium (" + format_money(o.low_max + 1, d) + " to " + format_money(o.medium_max, d) + ")",
      "high (> " + format_money(o.medium_max, d) + ")"};
  for (int b = 0; b < 3; ++b) {
    measure.push_text(labels[b]);
    value.push_null();
    count.push_int(customers[b]);
    push_share(count_share, static_cast<double>(customers[b]), static_cast<double>(n));
    rev.push_int(revenue[b]);
    push_share(rev_share, static_cast<double>(revenue[b]), static_cast<double>(total));
  }
  return t;
}

Result<Table> frequency(const Context& ctx) {
  const CustomerFacts& f = ctx.data().facts;
  // Upper bounds (inclusive) of the buckets 0-7, 8-14, 15-30, 31-60, 61-90, 91-180; then 181+.
  constexpr std::array<std::int64_t, 6> kUpper = {7, 14, 30, 60, 90, 180};
  constexpr std::array<const char*, 7> kLabels = {"0-7",   "8-14",   "15-30", "31-60",
                                                  "61-90", "91-180", "181+"};
  std::array<std::int64_t, 7> customers{};
  std::array<double, 7> sum_days{};
  std::int64_t repeaters = 0;
  for (std::size_t i = 0; i < f.size(); ++i) {
    if (f.orders[i] < 2) continue;
    ++repeaters;
    const std::int64_t span = f.last_order_day[i] - f.first_order_day[i];
    const std::int64_t gaps = f.orders[i] - 1;
    // average = span / gaps, compared exactly against each bound: span <= bound * gaps.
    std::size_t b = 0;
    while (b < kUpper.size() && span > kUpper[b] * gaps) ++b;
    ++customers[b];
    sum_days[b] += static_cast<double>(span) / static_cast<double>(gaps);
  }
  Table t = new_table("frequency", ctx);
  auto& bucket = t.add("avg_days_between_orders", ColumnType::kText);
  auto& count = t.add("customers", ColumnType::kInteger);
  auto& share = t.add("customer_share", ColumnType::kFraction);
  auto& mean = t.add("mean_days", ColumnType::kNumber);
  for (std::size_t b = 0; b < kLabels.size(); ++b) {
    bucket.push_text(kLabels[b]);
    count.push_int(customers[b]);
    push_share(share, static_cast<double>(customers[b]), static_cast<double>(repeaters));
    if (customers[b])
      mean.push_real(sum_days[b] / static_cast<double>(customers[b]));
    else
      mean.push_null();
  }
  return t;
}

}  // namespace cw::reports::detail
