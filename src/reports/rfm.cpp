// RFM scores, the rfm report and the segments report.
#include <algorithm>

#include "reports/huge_pages.hpp"
#include "reports/report_helpers.hpp"

namespace cw::reports {

SegmentMap SegmentMap::defaults() {
  SegmentMap m;
  // Rows are R = 1..5, columns F = 1..5 (docs/analytics.md "Definitions"
  // prints R from 5 down).
  m.by_rf[4] = {"New", "Potential loyalist", "Potential loyalist", "Champions", "Champions"};
  m.by_rf[3] = {"Promising", "Potential loyalist", "Potential loyalist", "Loyal", "Loyal"};
  m.by_rf[2] = {"About to sleep", "About to sleep", "Need attention", "Loyal", "Loyal"};
  m.by_rf[1] = {"Hibernating", "Hibernating", "At risk", "At risk", "Cannot lose"};
  m.by_rf[0] = {"Hibernating", "Hibernating", "At risk", "At risk", "Cannot lose"};
  return m;
}

std::vector<std::string> SegmentMap::names() const {
  std::vector<std::string> out;
  for (int r = 5; r >= 1; --r)
    for (int f = 5; f >= 1; --f)
      if (std::find(out.begin(), out.end(), at(r, f)) == out.end()) out.push_back(at(r, f));
  return out;
}

namespace {

// The four order statistics that decide every score (see score_thresholds) without sorting or
// copying the values: one pass for the range, one to count values into at most 65,536 buckets of
// equal width, and, when a bucket is wider than one value, a selection among the few values of
// the bucket that holds each statistic.
template <typename T>
std::array<std::int64_t, 4> thresholds_of(const T* values, std::size_t n) {
  std::array<std::int64_t, 4> t{};
  if (n == 0) return t;
  std::array<std::size_t, 4> k{};  // 1-based ranks of the statistics
  for (std::size_t s = 1; s <= 4; ++s) k[s - 1] = (s * n + 4) / 5;
  const auto [lo_it, hi_it] = std::minmax_element(values, values + n);
  const std::int64_t lo = *lo_it;
  const auto range = static_cast<std::uint64_t>(static_cast<std::int64_t>(*hi_it)) -
                     static_cast<std::uint64_t>(lo);
  constexpr std::uint64_t kBuckets = 1 << 16;
  int shift = 0;
  while ((range >> shift) >= kBuckets) ++shift;
  const auto bucket_of = [&](std::int64_t v) {
    return static_cast<std::size_t>(
        (static_cast<std::uint64_t>(v) - static_cast<std::uint64_t>(lo)) >> shift);
  };
  std::vector<std::uint64_t> count(static_cast<std::size_t>(range >> shift) + 1);
  for (std::size_t i = 0; i < n; ++i) ++count[bucket_of(values[i])];
  std::array<std::size_t, 4> bucket{}, rank{};  // bucket of each statistic, 1-based rank in it
  std::size_t s = 0;
  std::uint64_t before = 0;
  for (std::size_t b = 0; b < count.size() && s < 4; ++b) {
    while (s < 4 && k[s] <= before + count[b]) {
      bucket[s] = b;
      rank[s] = k[s] - before;
      ++s;
    }
    before += count[b];
  }
  for (std::size_t i = 0; i < 4; ++i) {
    if (shift == 0) {
      t[i] = lo + static_cast<std::int64_t>(bucket[i]);
      continue;
    }
    if (i > 0 && bucket[i] == bucket[i - 1] && rank[i] == rank[i - 1]) {
      t[i] = t[i - 1];
      continue;
    }
    std::vector<std::int64_t> in_bucket;
    in_bucket.reserve(count[bucket[i]]);
    for (std::size_t j = 0; j < n; ++j)
      if (bucket_of(values[j]) == bucket[i]) in_bucket.push_back(values[j]);
    const auto nth = in_bucket.begin() + static_cast<std::ptrdiff_t>(rank[i] - 1);
    std::nth_element(in_bucket.begin(), nth, in_bucket.end());
    t[i] = *nth;
  }
  return t;
}

}  // namespace

std::array<std::int64_t, 4> score_thresholds(std::vector<std::int64_t> values) {
  // score(v) = 1 + floor(5 c / n), c = #values < v. floor(5c/n) >= s  <=>  c >= k_s with
  // k_s = ceil(s n / 5)  <=>  v > (k_s-th smallest value). So four order statistics decide every
  // score, and equal values get equal scores by construction.
  return thresholds_of(values.data(), values.size());
}

RfmScores compute_rfm(const CustomerFacts& facts, std::int32_t as_of_day) {
  const std::size_t n = facts.size();
  RfmScores out;
  out.recency_days.reserve(n);
  prefer_huge_pages_for(out.recency_days);
  out.recency_days.resize(n);
  out.r.resize(n);
  out.f.resize(n);
  out.m.resize(n);
  const auto rt = thresholds_of(facts.last_order_day.data(), n);
  const auto ft = thresholds_of(facts.orders.data(), n);
  const auto mt = thresholds_of(facts.revenue.data(), n);
  for (std::size_t i = 0; i < n; ++i) {
    out.recency_days[i] = as_of_day - facts.last_order_day[i];
    out.r[i] = score_of(facts.last_order_day[i], rt);
    out.f[i] = score_of(facts.orders[i], ft);
    out.m[i] = score_of(facts.revenue[i], mt);
  }
  return out;
}

namespace detail {

Result<Table> rfm(const Context& ctx) {
  const CustomerFacts& f = ctx.data().facts;
  const RfmScores s = compute_rfm(f, ctx.as_of_day);
  Table t = new_table("rfm", ctx);
  const std::size_t n = f.size();
  auto& id = t.add("customer_id", ColumnType::kInteger);
  auto& recency = t.add("recency_days", ColumnType::kInteger);
  auto& frequency = t.add("frequency", ColumnType::kInteger);
  auto& monetary = t.add("monetary", ColumnType::kMoney);
  auto& r = t.add("r", ColumnType::kInteger);
  auto& fc = t.add("f", ColumnType::kInteger);
  auto& m = t.add("m", ColumnType::kInteger);
  auto& segment = t.add("segment", ColumnType::kText);
  // The integer columns size themselves (see Column::append_ints).
  segment.reserve(n);
  id.append_ints(f.customer_id.data(), n);
  recency.append_ints(s.recency_days.data(), n);
  frequency.append_ints(f.orders.data(), n);
  monetary.append_ints(f.revenue.data(), n);
  r.append_ints(s.r.data(), n);
  fc.append_ints(s.f.data(), n);
  m.append_ints(s.m.data(), n);
  std::array<std::array<std::uint32_t, 5>, 5> code{};
  for (int ri = 1; ri <= 5; ++ri)
    for (int fi = 1; fi <= 5; ++fi)
      code[ri - 1][fi - 1] = segment.intern(ctx.options.segments.at(ri, fi));
  for (std::size_t i = 0; i < n; ++i) segment.push_code(code[s.r[i] - 1][s.f[i] - 1]);
  return t;
}

Result<Table> segments(const Context& ctx) {
  const CustomerFacts& f = ctx.data().facts;
  const RfmScores s = compute_rfm(f, ctx.as_of_day);
  const SegmentMap& map = ctx.options.segments;
  std::array<std::array<std::int64_t, 5>, 5> cell_customers{};
  std::array<std::array<Minor, 5>, 5> cell_revenue{};
  Minor total_revenue = 0;
  for (std::size_t i = 0; i < f.size(); ++i) {
    ++cell_customers[s.r[i] - 1][s.f[i] - 1];
    cell_revenue[s.r[i] - 1][s.f[i] - 1] += f.revenue[i];
    total_revenue += f.revenue[i];
  }
  const double n = static_cast<double>(f.size());
  Table t = new_table("segments", ctx);
  auto& group = t.add("group", ColumnType::kText);
  auto& segment = t.add("segment", ColumnType::kText);
  auto& r = t.add("r", ColumnType::kInteger);
  auto& fc = t.add("f", ColumnType::kInteger);
  auto& customers = t.add("customers", ColumnType::kInteger);
  auto& customer_share = t.add("customer_share", ColumnType::kFraction);
  auto& revenue = t.add("revenue", ColumnType::kMoney);
  auto& revenue_share = t.add("revenue_share", ColumnType::kFraction);
  const auto row = [&](std::int64_t c, Minor rev) {
    customers.push_int(c);
    push_share(customer_share, static_cast<double>(c), n);
    revenue.push_int(rev);
    push_share(revenue_share, static_cast<double>(rev), static_cast<double>(total_revenue));
  };
  for (const std::string& name : map.names()) {
    std::int64_t c = 0;
    Minor rev = 0;
    for (int ri = 1; ri <= 5; ++ri)
      for (int fi = 1; fi <= 5; ++fi)
        if (map.at(ri, fi) == name) {
          c += cell_customers[ri - 1][fi - 1];
          rev += cell_revenue[ri - 1][fi - 1];
        }
    group.push_text("segment");
    segment.push_text(name);
    r.push_null();
    fc.push_null();
    row(c, rev);
  }
  for (int ri = 5; ri >= 1; --ri)
    for (int fi = 5; fi >= 1; --fi) {
      group.push_text("cell");
      segment.push_text(map.at(ri, fi));
      r.push_int(ri);
      fc.push_int(fi);
      row(cell_customers[ri - 1][fi - 1], cell_revenue[ri - 1][fi - 1]);
    }
  return t;
}

}  // namespace detail
}  // namespace cw::reports
