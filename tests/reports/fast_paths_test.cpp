// The engine's fast paths against plain reference computations: partitioned folding of orders
// (several rounds, the side list for orders that do not pack, sparse and large ids), the SWAR row
// parser against the bounds-checked one used near the end of a file, RFM thresholds by histogram,
// and the two-thread CSV writer.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <map>
#include <random>
#include <string>
#include <thread>

#include "reports/customer_accumulator.hpp"
#include "reports/readers.hpp"
#include "reports/render.hpp"
#include "reports/reports.hpp"
#include "reports/table.hpp"
#include "test_support.hpp"

namespace cw::reports {
namespace {

using test::day;

struct Expected {
  std::int64_t orders = 0;
  Minor revenue = 0;
  std::int32_t first = 0;
  std::int32_t last = 0;
};

struct Order {
  std::int64_t customer;
  std::int32_t day;
  Minor amount;
};

std::map<std::int64_t, Expected> reference(const std::vector<Order>& orders) {
  std::map<std::int64_t, Expected> out;
  for (const Order& o : orders) {
    Expected& e = out[o.customer];
    e.first = e.orders == 0 ? o.day : std::min(e.first, o.day);
    e.last = e.orders == 0 ? o.day : std::max(e.last, o.day);
    ++e.orders;
    e.revenue += o.amount;
  }
  return out;
}

void expect_facts(const CustomerFacts& f, const std::map<std::int64_t, Expected>& want) {
  ASSERT_EQ(f.size(), want.size());
  std::size_t row = 0;
  for (const auto& [id, e] : want) {
    ASSERT_EQ(f.customer_id[row], id) << "row " << row;
    EXPECT_EQ(f.orders[row], e.orders) << "customer " << id;
    EXPECT_EQ(f.revenue[row], e.revenue) << "customer " << id;
    EXPECT_EQ(f.first_order_day[row], e.first) << "customer " << id;
    EXPECT_EQ(f.last_order_day[row], e.last) << "customer " << id;
    ++row;
  }
}

// Orders that exercise every route: dense ids, ids beyond the direct array and beyond 2^32,
// amounts too large to pack, days outside the 16-bit range.
std::vector<Order> mixed_orders(std::size_t n, std::int64_t direct_limit) {
  std::mt19937_64 random(7);
  std::vector<Order> orders;
  for (std::size_t i = 0; i < n; ++i) {
    const auto r = random();
    std::int64_t customer = static_cast<std::int64_t>(r % 5000);
    if (r % 97 == 0) customer = direct_limit + static_cast<std::int64_t>(r % 7);
    if (r % 89 == 0) customer = (std::int64_t{1} << 32) + static_cast<std::int64_t>(r % 5);
    std::int32_t d = day(2020, 1, 1) + static_cast<std::int32_t>((r >> 20) % 1500);
    if (r % 83 == 0) d = day(1850, 6, 1);
    if (r % 79 == 0) d = day(2100, 1, 1);
    Minor amount = static_cast<Minor>((r >> 40) % 50000);
    if (r % 73 == 0) amount = (Minor{1} << 22) + static_cast<Minor>(r % 1000);
    orders.push_back({customer, d, amount});
  }
  return orders;
}

TEST(CustomerAccumulator, BatchesFoldedByTwoThreadsGiveTheReferenceTotals) {
  constexpr std::int64_t kDirect = 1 << 16;
  const std::vector<Order> orders = mixed_orders(200000, kDirect);
  CustomerAccumulator totals(kDirect);
  OrderBatch batches[2] = {OrderBatch(totals.direct_limit()), OrderBatch(totals.direct_limit())};
  // Fill both batches, fold their partitions on two threads (even and odd), repeat.
  std::size_t next = 0;
  int rounds = 0;
  while (next < orders.size()) {
    bool full = false;
    for (int b = 0; b < 2 && next < orders.size(); ++b)
      for (int k = 0; k < 30000 && next < orders.size() && !full; ++k, ++next)
        full = batches[b].push(orders[next].customer, orders[next].day, orders[next].amount);
    const auto fold = [&](int lane) {
      for (int p = lane; p < OrderBatch::kPartitions; p += 2)
        for (const OrderBatch& batch : batches) totals.add_partition(batch, p);
    };
    std::thread other(fold, 1);
    fold(0);
    other.join();
    for (OrderBatch& batch : batches) batch.clear_packed();
    ++rounds;
  }
  EXPECT_GT(rounds, 2);
  for (OrderBatch& batch : batches) totals.add_side(batch);
  expect_facts(totals.build(), reference(orders));
}

TEST(CustomerAccumulator, AddAllAndSingleAddsAgree) {
  const std::vector<Order> orders = mixed_orders(50000, 1 << 20);
  CustomerAccumulator one_by_one(1 << 20), batched(1 << 20);
  OrderBatch batch(batched.direct_limit());
  for (const Order& o : orders) {
    one_by_one.add(o.customer, o.day, o.amount);
    if (batch.push(o.customer, o.day, o.amount)) batched.add_all(batch);
  }
  batched.add_all(batch);
  EXPECT_EQ(batch.packed(), 0u);
  expect_facts(one_by_one.build(), reference(orders));
  expect_facts(batched.build(), reference(orders));
  const auto rows = batched.row_index();
  EXPECT_EQ(rows(0), 0);
  EXPECT_EQ(rows(std::int64_t{1} << 32), static_cast<std::int32_t>(reference(orders).size()) - 5);
  EXPECT_EQ(rows(123456789), -1);
}

TEST(CustomerAccumulator, FullPartitionAsksForAFold) {
  CustomerAccumulator totals(1 << 20);
  OrderBatch batch(totals.direct_limit());
  std::size_t pushes = 0;
  while (!batch.push(4, day(2024, 1, 1), 1)) ++pushes;
  EXPECT_EQ(pushes + 1, OrderBatch::kPartitionCapacity);
  totals.add_all(batch);
  const CustomerFacts f = totals.build();
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f.orders[0], static_cast<std::int64_t>(OrderBatch::kPartitionCapacity));
}

TEST(CustomerAccumulator, WithoutADirectArrayEveryIdGoesToTheMap) {
  // No direct array at all: every id is "beyond" it.
  CustomerAccumulator none(0);
  OrderBatch batch(none.direct_limit());
  EXPECT_FALSE(batch.push(3, day(2024, 1, 1), 100));
  EXPECT_FALSE(batch.push(1, day(2024, 1, 2), 200));
  EXPECT_FALSE(batch.push(3, day(2023, 1, 2), 300));
  none.add_all(batch);
  const CustomerFacts f = none.build();
  EXPECT_EQ(f.customer_id, (std::vector<std::int64_t>{1, 3}));
  EXPECT_EQ(f.orders, (std::vector<std::int64_t>{1, 2}));
  EXPECT_EQ(f.first_order_day[1], day(2023, 1, 2));
}

// An `orders` file of `rows` orders over `customers` customers; amounts and ids vary in length.
std::string orders_file(int rows, int customers, std::vector<Order>& orders) {
  std::string text = "order_id,customer_id,order_date,amount\n";
  std::mt19937_64 random(11);
  for (int i = 1; i <= rows; ++i) {
    const auto r = random();
    // Half the orders go to 8 customers of two partitions, which fill up many times.
    const std::int64_t customer =
        static_cast<std::int64_t>(r & 1 ? r % 8 : r % static_cast<unsigned>(customers));
    const int d = 1 + static_cast<int>((r >> 10) % 28);
    const Minor cents = static_cast<Minor>((r >> 20) % 10000000);
    char line[96];
    std::snprintf(line, sizeof line, "%d,%lld,2024-02-%02d,%lld.%02lld\n", i,
                  static_cast<long long>(customer), d, static_cast<long long>(cents / 100),
                  static_cast<long long>(cents % 100));
    text += line;
    orders.push_back({customer, day(2024, 2, d), cents});
  }
  return text;
}

TEST(OrdersFastPath, SplitFileFoldedInManyRoundsGivesTheReferenceTotals) {
  std::vector<Order> orders;
  const std::string text = orders_file(600000, 3000, orders);
  ASSERT_GT(text.size(), 8u << 20);  // large enough for two threads
  LoadOptions options;
  options.as_of_day = day(2024, 12, 31);
  for (int threads : {1, 2}) {
    options.threads = threads;
    auto r = read_orders(text, options);
    ASSERT_TRUE(r.has_value()) << r.error().message;
    expect_facts(r->facts, reference(orders));
    EXPECT_EQ(r->rows_read, 600000);
  }
}

// Each shape of row is read the same by the unchecked parser (far from the end of the file) and
// the bounds-checked one (the last 80 bytes), and falls back to the careful parser alike.
TEST(OrdersFastPath, RowShapesReadTheSameFarFromAndNearTheEnd) {
  struct Shape {
    std::string row;  // order_id is filled in
    std::int64_t customer;
    Minor amount;
  };
  const std::vector<Shape> shapes = {
      {",7,2024-03-01,12.34", 7, 1234},
      {",12345678,2024-03-01,5", 12345678, 500},                     // 8 digits: one word
      {",123456789,2024-03-01,5.5", 123456789, 550},                 // 9 digits: two words
      {",1234567890123456,2024-03-01,0.05", 1234567890123456, 5},    // 16 digits
      {",12345678901234567,2024-03-01,7.", 12345678901234567, 700},  // 17: careful path
      {",0007,2024-03-01,123456789012345.99", 7, 12345678901234599},
      {",7,2024-03-01,.5", 7, 50},           // careful path
      {",7,2024-03-01,1.999", 7, 200},       // careful path rounds
      {",7,2024-03-01,10\r", 7, 1000},       // CRLF
      {",7,2024-03-01T10:00:00,1", 7, 100},  // careful path: a date-time
  };
  LoadOptions options;
  options.as_of_day = day(2024, 12, 31);
  options.threads = 1;
  std::string filler;
  for (int i = 1; i <= 20; ++i) filler += std::to_string(i) + ",1,2024-01-01,1\n";
  for (const Shape& s : shapes) {
    const std::string row = "1000" + s.row;
    for (const bool at_end : {false, true}) {
      const std::string text = "order_id,customer_id,order_date,amount\n" +
                               (at_end ? filler + row : row + "\n" + filler);
      auto r = read_orders(text, options);
      ASSERT_TRUE(r.has_value()) << s.row << ": " << r.error().message;
      const CustomerFacts& f = r->facts;
      const auto it = std::find(f.customer_id.begin(), f.customer_id.end(), s.customer);
      ASSERT_NE(it, f.customer_id.end()) << s.row;
      const auto i = static_cast<std::size_t>(it - f.customer_id.begin());
      const Minor filler_revenue = s.customer == 1 ? 20 * 100 : 0;
      EXPECT_EQ(f.revenue[i], s.amount + filler_revenue) << s.row << (at_end ? " at end" : "");
    }
  }
}

TEST(OrdersFastPath, BadRowsNearTheEndAndFarFromItHaveTheSameError) {
  LoadOptions options;
  options.as_of_day = day(2024, 12, 31);
  std::string filler;
  for (int i = 1; i <= 20; ++i) filler += std::to_string(i) + ",1,2024-01-01,1\n";
  for (const std::string bad :
       {"99,1,2024-02-30,1", "99,1,2024-01-01,1.2.3", "99,x,2024-01-01,1"}) {
    auto early =
        read_orders("order_id,customer_id,order_date,amount\n" + bad + "\n" + filler, options);
    auto late = read_orders("order_id,customer_id,order_date,amount\n" + filler + bad, options);
    ASSERT_FALSE(early.has_value());
    ASSERT_FALSE(late.has_value());
    EXPECT_EQ(early.error().message.substr(0, 8), "line 2: ");
    EXPECT_EQ(late.error().message.substr(0, 9), "line 22: ");
    EXPECT_EQ(early.error().message.substr(8), late.error().message.substr(9));
  }
}

std::array<std::int64_t, 4> brute_thresholds(std::vector<std::int64_t> v) {
  std::sort(v.begin(), v.end());
  std::array<std::int64_t, 4> t{};
  for (std::size_t s = 1; s <= 4; ++s) t[s - 1] = v[(s * v.size() + 4) / 5 - 1];
  return t;
}

TEST(RfmThresholds, HistogramSelectionMatchesSorting) {
  std::mt19937_64 random(3);
  for (std::uint64_t range : {std::uint64_t{1}, std::uint64_t{7}, std::uint64_t{70000},
                              std::uint64_t{1} << 40, ~std::uint64_t{0} >> 1}) {
    for (std::size_t n : {1u, 2u, 5u, 6u, 1000u, 100003u}) {
      std::vector<std::int64_t> values(n);
      for (auto& v : values)
        v = static_cast<std::int64_t>(random() % range) - static_cast<std::int64_t>(range / 3);
      EXPECT_EQ(score_thresholds(values), brute_thresholds(values))
          << "range " << range << " n " << n;
    }
  }
  // Extremes of int64 in one set.
  const std::vector<std::int64_t> extremes = {INT64_MIN, INT64_MAX, 0, INT64_MIN, -1, 1};
  EXPECT_EQ(score_thresholds(extremes), brute_thresholds(extremes));
}

TEST(CsvRender, LargeTableWrittenByTwoThreadsKeepsRowOrder) {
  Table t;
  t.report = "test";
  auto& id = t.add("id", ColumnType::kInteger);
  auto& money = t.add("amount", ColumnType::kMoney);
  auto& text = t.add("label", ColumnType::kText);
  auto& share = t.add("share", ColumnType::kFraction);
  std::string want = "id,amount,label,share\n";
  constexpr int kRows = 100000;  // several blocks of rows on each thread
  for (int i = 0; i < kRows; ++i) {
    id.push_int(i);
    money.push_int(-i * 7);
    const bool quoted = i % 3 == 0;
    text.push_text(quoted ? "a, b" : "c");
    if (i % 5 == 0)
      share.push_null();
    else
      share.push_real(0.5);
    want += std::to_string(i) + "," + (i ? "-" : "") + std::to_string(i * 7 / 100) + "." +
            (i * 7 % 100 < 10 ? "0" : "") + std::to_string(i * 7 % 100) + "," +
            (quoted ? "\"a, b\"" : "c") + "," + (i % 5 == 0 ? "" : "0.5") + "\n";
  }
  EXPECT_EQ(render(t, Format::kCsv), want);
}

}  // namespace
}  // namespace cw::reports
