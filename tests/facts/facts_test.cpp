#include "facts/facts.hpp"

#include <gtest/gtest.h>

#include "orders/shop_fixture.hpp"

namespace cw::facts {
namespace {

using testing::at;

void expect_slots(const char* time, int day_of_week, int month_part, int time_of_day) {
  const OrderSlots slots = slots_of(at(time));
  EXPECT_EQ(slots.day_of_week, day_of_week) << time;
  EXPECT_EQ(slots.month_part, month_part) << time;
  EXPECT_EQ(slots.time_of_day, time_of_day) << time;
}

TEST(SlotsOf, DayOfWeekTurnsAtMidnightWithMondayFirst) {
  expect_slots("2026-03-01T23:59:59Z", 6, 0, 3);  // Sunday
  expect_slots("2026-03-02T00:00:00Z", 0, 0, 0);  // Monday
  expect_slots("2026-03-04T12:00:00Z", 2, 0, 2);  // Wednesday
  expect_slots("1970-01-01T00:00:00Z", 3, 0, 0);  // Thursday
  expect_slots("1969-12-31T23:00:00Z", 2, 3, 3);  // Wednesday, before the epoch
}

TEST(SlotsOf, MonthPartsTurnAfterDays7And15And23) {
  expect_slots("2026-03-07T23:59:59Z", 5, 0, 3);
  expect_slots("2026-03-08T00:00:00Z", 6, 1, 0);
  expect_slots("2026-03-15T23:59:59Z", 6, 1, 3);
  expect_slots("2026-03-16T00:00:00Z", 0, 2, 0);
  expect_slots("2026-03-23T23:59:59Z", 0, 2, 3);
  expect_slots("2026-03-24T00:00:00Z", 1, 3, 0);
  expect_slots("2026-03-31T23:59:59Z", 1, 3, 3);
  expect_slots("2026-02-28T12:00:00Z", 5, 3, 2);
}

TEST(SlotsOf, TimesOfDayTurnAt6And12And18) {
  expect_slots("2026-03-10T05:59:59Z", 1, 1, 0);
  expect_slots("2026-03-10T06:00:00Z", 1, 1, 1);
  expect_slots("2026-03-10T11:59:59Z", 1, 1, 1);
  expect_slots("2026-03-10T12:00:00Z", 1, 1, 2);
  expect_slots("2026-03-10T17:59:59Z", 1, 1, 2);
  expect_slots("2026-03-10T18:00:00Z", 1, 1, 3);
}

class Facts : public ::testing::TestWithParam<cw::testing::Backend> {
 protected:
  testing::Shop shop;
  Id pump = shop.add_product("Pump", 1000);

  // Writes an order row directly (as an import or the generator would) and, unless cancelled,
  // records it in the facts the way checkout does.
  void add_order(Id customer, const char* time, Minor subtotal, Minor discount, Minor shipping,
                 std::int64_t units, const char* status = "placed") {
    auto c = shop.t->lease();
    db::Transaction tx(*c, db::TxMode::kWrite);
    // Units split over two lines, to check that rebuilds sum every line. The lines carry no
    // amounts: the order's own do.
    std::vector<testing::LineRow> lines;
    for (const std::int64_t quantity : {units - units / 2, units / 2}) {
      if (quantity > 0) lines.push_back({.product_id = pump, .quantity = quantity, .size = "UK 5"});
    }
    testing::ShopBuilder{*c}.order({.customer_id = customer,
                                    .status = status,
                                    .placed_at = to_unix(at(time)),
                                    .lines = std::move(lines),
                                    .subtotal = subtotal,
                                    .discount = discount,
                                    .shipping = shipping,
                                    .has_lines = units > 0});
    if (std::string(status) != "cancelled") {
      record_order(*c, {.customer_id = customer,
                        .placed_at = at(time),
                        .revenue = subtotal - discount,
                        .shipping = shipping,
                        .discount = discount,
                        .items = units});
    }
    tx.commit();
  }

  std::int64_t fact(Id customer, const std::string& column) {
    return shop.t->lease()
        ->scalar("SELECT " + column + " FROM customer_facts WHERE customer_id = ?", customer)
        .value();
  }
};

INSTANTIATE_TEST_SUITE_P(Db, Facts, cw::testing::kBothBackends, cw::testing::backend_name);

TEST_P(Facts, RecordOrderAccumulatesCountsSumsTimesAndSlots) {
  const Id ada = shop.add_customer("ada@example.com");
  add_order(ada, "2026-03-10T18:30:00Z", 5000, 500, 300, 3);
  add_order(ada, "2026-03-02T07:00:00Z", 2000, 0, 0, 1);  // earlier, recorded later
  EXPECT_EQ(fact(ada, "first_order_at"), to_unix(at("2026-03-02T07:00:00Z")));
  EXPECT_EQ(fact(ada, "last_order_at"), to_unix(at("2026-03-10T18:30:00Z")));
  EXPECT_EQ(fact(ada, "orders"), 2);
  EXPECT_EQ(fact(ada, "revenue"), 6500);
  EXPECT_EQ(fact(ada, "shipping"), 300);
  EXPECT_EQ(fact(ada, "discount"), 500);
  EXPECT_EQ(fact(ada, "items"), 4);
  EXPECT_EQ(fact(ada, "orders_dow1"), 1);  // Tuesday 10th
  EXPECT_EQ(fact(ada, "revenue_dow1"), 4500);
  EXPECT_EQ(fact(ada, "orders_dow0"), 1);  // Monday 2nd
  EXPECT_EQ(fact(ada, "revenue_dow0"), 2000);
  EXPECT_EQ(fact(ada, "orders_mp0"), 1);
  EXPECT_EQ(fact(ada, "orders_mp1"), 1);
  EXPECT_EQ(fact(ada, "revenue_mp1"), 4500);
  EXPECT_EQ(fact(ada, "orders_tod1"), 1);
  EXPECT_EQ(fact(ada, "orders_tod3"), 1);
  EXPECT_EQ(fact(ada, "revenue_tod3"), 4500);
  EXPECT_EQ(fact(ada, "orders_tod0") + fact(ada, "orders_tod2") + fact(ada, "orders_mp2") +
                fact(ada, "orders_mp3") + fact(ada, "orders_dow6"),
            0);
}

// One customer per boundary time: each order lands in the slots of slots_of, and rebuilding from
// the orders table gives exactly the rows that recording order by order gave.
TEST_P(Facts, RebuildAgreesWithRecordedFactsAtSlotBoundaries) {
  const char* times[] = {"2026-03-01T23:59:59Z", "2026-03-02T00:00:00Z", "2026-03-07T23:59:59Z",
                         "2026-03-08T00:00:00Z", "2026-03-15T23:59:59Z", "2026-03-16T00:00:00Z",
                         "2026-03-23T23:59:59Z", "2026-03-24T00:00:00Z", "2026-03-31T23:59:59Z",
                         "2026-03-10T05:59:59Z", "2026-03-10T06:00:00Z", "2026-03-10T11:59:59Z",
                         "2026-03-10T12:00:00Z", "2026-03-10T17:59:59Z", "2026-03-10T18:00:00Z",
                         "1969-12-31T23:00:00Z"};
  int n = 0;
  for (const char* time : times) {
    const Id customer = shop.add_customer("c" + std::to_string(n++) + "@example.com");
    add_order(customer, time, 1000 + n, 0, 0, 1);
    const OrderSlots slots = slots_of(at(time));
    EXPECT_EQ(fact(customer, "orders_dow" + std::to_string(slots.day_of_week)), 1) << time;
    EXPECT_EQ(fact(customer, "revenue_mp" + std::to_string(slots.month_part)), 1000 + n) << time;
    EXPECT_EQ(fact(customer, "orders_tod" + std::to_string(slots.time_of_day)), 1) << time;
  }
  const auto recorded = shop.facts();
  EXPECT_EQ(rebuild_all(*shop.t), static_cast<std::int64_t>(std::size(times)));
  EXPECT_EQ(shop.facts(), recorded);
}

TEST_P(Facts, RebuildIgnoresCancelledOrdersAndDropsStaleRows) {
  const Id ada = shop.add_customer("ada@example.com");
  const Id bea = shop.add_customer("bea@example.com");
  const Id cy = shop.add_customer("cy@example.com");
  add_order(ada, "2026-03-03T10:00:00Z", 3000, 100, 250, 2);
  add_order(ada, "2026-03-20T21:00:00Z", 4000, 0, 0, 0);  // an imported order without lines
  add_order(ada, "2026-03-21T10:00:00Z", 9000, 0, 0, 5, "cancelled");
  add_order(bea, "2026-03-28T03:00:00Z", 1500, 0, 0, 1, "delivered");
  add_order(cy, "2026-03-29T03:00:00Z", 1500, 0, 0, 1, "cancelled");
  const auto recorded = shop.facts();
  ASSERT_EQ(recorded.size(), 2u);
  // A stale row (a customer whose orders are all cancelled) does not survive a rebuild.
  shop.t->lease()->exec(
      "INSERT INTO customer_facts (customer_id, first_order_at, last_order_at, orders, revenue) "
      "VALUES (?, 0, 0, 1, 1)",
      cy);

  EXPECT_EQ(rebuild_all(*shop.t), 2);
  EXPECT_EQ(shop.facts(), recorded);
  EXPECT_EQ(fact(ada, "orders"), 2);
  EXPECT_EQ(fact(ada, "items"), 2);
  EXPECT_EQ(fact(ada, "revenue"), 6900);
  EXPECT_EQ(fact(ada, "discount"), 100);
  EXPECT_EQ(fact(ada, "shipping"), 250);
}

TEST_P(Facts, RecomputeCustomerTouchesOnlyThatCustomer) {
  const Id ada = shop.add_customer("ada@example.com");
  const Id bea = shop.add_customer("bea@example.com");
  add_order(ada, "2026-03-03T10:00:00Z", 3000, 0, 0, 2);
  add_order(ada, "2026-03-04T10:00:00Z", 2000, 0, 0, 1);
  add_order(bea, "2026-03-05T10:00:00Z", 1000, 0, 0, 1);
  const auto recorded = shop.facts();

  auto c = shop.t->lease();
  c->exec("UPDATE orders SET status = 'cancelled' WHERE customer_id = ? AND subtotal = 2000", ada);
  recompute_customer(*c, ada);
  EXPECT_EQ(fact(ada, "orders"), 1);
  EXPECT_EQ(fact(ada, "revenue"), 3000);
  EXPECT_EQ(fact(ada, "last_order_at"), to_unix(at("2026-03-03T10:00:00Z")));
  EXPECT_EQ(fact(ada, "orders_dow2"), 0);
  EXPECT_EQ(fact(ada, "orders_dow1"), 1);
  EXPECT_EQ(shop.facts()[1], recorded[1]);  // bea unchanged

  c->exec("UPDATE orders SET status = 'cancelled' WHERE customer_id = ?", ada);
  recompute_customer(*c, ada);
  const auto left = shop.facts();
  ASSERT_EQ(left.size(), 1u);
  EXPECT_EQ(left[0], recorded[1]);
}

TEST_P(Facts, RebuildOfAnEmptyShopWritesNothing) {
  EXPECT_EQ(rebuild_all(*shop.t), 0);
  EXPECT_EQ(shop.count("customer_facts"), 0);
}

}  // namespace
}  // namespace cw::facts
