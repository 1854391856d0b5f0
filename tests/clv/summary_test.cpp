// From orders to (x, t_x, T, spend).
#include <gtest/gtest.h>

#include "clv/clv.hpp"

namespace cw::clv {
namespace {

struct Orders {
  std::vector<std::int64_t> id;
  std::vector<std::int32_t> day;
  std::vector<Minor> amount;
};

// Customer 7: two orders on day 100 (one purchase day), then days 107 and 121, and one order
// after the calibration end 125. Customer 3: one order. Customer 9: only after the end.
Orders sample() {
  return {{7, 7, 3, 7, 7, 9, 7},
          {100, 100, 110, 107, 121, 126, 130},
          {1000, 500, 800, 2000, 3000, 4000, 9900}};
}

TEST(Summarise, OneRowPerCustomerWithAPurchaseUpToTheEnd) {
  const Orders o = sample();
  const Summary s = summarise(o.id, o.day, o.amount, 125, TimeUnit::kWeek);
  ASSERT_EQ(s.size(), 2u);
  EXPECT_EQ(s.customer_id, (std::vector<std::int64_t>{3, 7}));
  EXPECT_EQ(s.x, (std::vector<double>{0, 2}));
  EXPECT_DOUBLE_EQ(s.t_x[0], 0);
  EXPECT_DOUBLE_EQ(s.T[0], 15.0 / 7);
  EXPECT_DOUBLE_EQ(s.t_x[1], 3);
  EXPECT_DOUBLE_EQ(s.T[1], 25.0 / 7);
  // Repeat purchase days 107 (20.00) and 121 (30.00); the first day's 15.00 is left out.
  EXPECT_DOUBLE_EQ(s.spend[1], 25.0);
  EXPECT_EQ(s.spend[0], 0.0);
}

TEST(Summarise, DaysAsTheUnitAndSameDayAmountsSummed) {
  Orders o = sample();
  o.id[2] = 7;  // customer 3's order becomes customer 7's second order on day 107 (8.00 + 20.00)
  o.day[2] = 107;
  const Summary s = summarise(o.id, o.day, o.amount, 125, TimeUnit::kDay);
  ASSERT_EQ(s.size(), 1u);
  EXPECT_EQ(s.x[0], 2);
  EXPECT_EQ(s.t_x[0], 21);
  EXPECT_EQ(s.T[0], 25);
  EXPECT_DOUBLE_EQ(s.spend[0], (28.0 + 30.0) / 2);
}

TEST(Summarise, OrdersOutOfDateOrderGiveTheSameSummary) {
  const Orders o = sample();
  Orders shuffled;
  for (const std::size_t k : {6u, 4u, 1u, 5u, 3u, 0u, 2u}) {
    shuffled.id.push_back(o.id[k]);
    shuffled.day.push_back(o.day[k]);
    shuffled.amount.push_back(o.amount[k]);
  }
  const Summary a = summarise(o.id, o.day, o.amount, 125, TimeUnit::kWeek);
  const Summary b = summarise(shuffled.id, shuffled.day, shuffled.amount, 125, TimeUnit::kWeek);
  EXPECT_EQ(a.customer_id, b.customer_id);
  EXPECT_EQ(a.x, b.x);
  EXPECT_EQ(a.t_x, b.t_x);
  EXPECT_EQ(a.T, b.T);
  EXPECT_EQ(a.spend, b.spend);
}

TEST(Summarise, IndexedOrdersAsTheReportEngineHoldsThem) {
  const std::vector<std::int64_t> ids{3, 7, 9};
  const std::vector<std::int32_t> index{1, 1, 0, 1, 1, 2, 1};
  const Orders o = sample();
  const Summary s = summarise_indexed(ids, index, o.day, o.amount, 125, TimeUnit::kWeek, 10.0);
  EXPECT_EQ(s.customer_id, (std::vector<std::int64_t>{3, 7}));
  EXPECT_DOUBLE_EQ(s.spend[1], 250.0);  // one decimal: 2000 and 3000 are 200.0 and 300.0
}

TEST(Summarise, NoOrdersNoCustomers) {
  const Summary s = summarise({}, {}, {}, 125, TimeUnit::kWeek);
  EXPECT_EQ(s.size(), 0u);
}

}  // namespace
}  // namespace cw::clv
