#include <gtest/gtest.h>

#include "facts/facts.hpp"
#include "orders/shop_fixture.hpp"

namespace cw::orders {
namespace {

using testing::Shop;

class OrderStatus : public ::testing::TestWithParam<cw::testing::Backend> {
 protected:
  Shop shop;
  Id pump = shop.add_product("Pump", 8999);
  Id ada = shop.add_customer("ada@example.com");
  Id bea = shop.add_customer("bea@example.com");

  void SetUp() override { shop.add_size(pump, "UK 5", 10); }

  std::string status_of(Id order_id) {
    auto c = shop.t->lease();
    auto rows = c->query("SELECT status FROM orders WHERE id = ?", order_id);
    return rows.next() ? rows.text(0) : "";
  }
};
INSTANTIATE_TEST_SUITE_P(Db, OrderStatus, cw::testing::kBothBackends, cw::testing::backend_name);

TEST(StatusNames, RoundTrip) {
  for (Status s : {Status::kPlaced, Status::kShipped, Status::kDelivered, Status::kCancelled}) {
    EXPECT_EQ(parse_status(status_name(s)), s);
  }
  EXPECT_EQ(status_name(Status::kCancelled), "cancelled");
  EXPECT_FALSE(parse_status("Placed"));
  EXPECT_FALSE(parse_status(""));
}

TEST_P(OrderStatus, ShipsThenDeliversWithHistory) {
  const Order placed = shop.place(ada, {{pump, "UK 5", 1}});
  shop.clock.advance(std::chrono::hours(3));
  auto shipped = shop.orders.ship(placed.id, 5);
  ASSERT_TRUE(shipped);
  EXPECT_EQ(shipped->status, Status::kShipped);
  auto delivered = shop.orders.deliver(placed.id);  // the same second as shipping
  ASSERT_TRUE(delivered);
  EXPECT_EQ(delivered->status, Status::kDelivered);
  ASSERT_EQ(delivered->history.size(), 3u);
  EXPECT_EQ(delivered->history[0].status, Status::kPlaced);
  EXPECT_EQ(delivered->history[0].at, testing::at("2026-03-02T10:00:00Z"));
  EXPECT_EQ(delivered->history[1].status, Status::kShipped);
  EXPECT_EQ(delivered->history[1].at, testing::at("2026-03-02T13:00:00Z"));
  EXPECT_EQ(delivered->history[2].status, Status::kDelivered);
  EXPECT_EQ(delivered->history[2].at, testing::at("2026-03-02T13:00:00Z"));
  EXPECT_EQ(shop.t->lease()->scalar(
                "SELECT account_id FROM order_events WHERE order_id = ? AND status = 'shipped'",
                placed.id),
            5);
  EXPECT_EQ(shop.stock(pump, "UK 5"), 9);  // shipping does not touch stock
}

TEST_P(OrderStatus, RefusesIllegalTransitionsAndChangesNothing) {
  const Order a = shop.place(ada, {{pump, "UK 5", 1}});
  const Order b = shop.place(ada, {{pump, "UK 5", 1}});
  ASSERT_TRUE(shop.orders.ship(b.id));
  const Order c = shop.place(ada, {{pump, "UK 5", 1}});
  ASSERT_TRUE(shop.orders.cancel(c.id));

  struct Case {
    Result<Order> result;
    const char* what;
  };
  const Case cases[] = {
      {shop.orders.deliver(a.id), "deliver placed"},
      {shop.orders.ship(b.id), "ship shipped"},
      {shop.orders.cancel(b.id), "cancel shipped"},
      {shop.orders.ship(c.id), "ship cancelled"},
      {shop.orders.cancel(c.id), "cancel cancelled"},
      {shop.orders.deliver(c.id), "deliver cancelled"},
  };
  for (const Case& k : cases) {
    ASSERT_FALSE(k.result) << k.what;
    EXPECT_EQ(k.result.error().kind, ErrorKind::kConflict) << k.what;
    EXPECT_EQ(k.result.error().code, "illegal_transition") << k.what;
  }
  ASSERT_TRUE(shop.orders.deliver(b.id));
  auto again = shop.orders.deliver(b.id);
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().code, "illegal_transition");
  ASSERT_TRUE(shop.orders.cancel(a.id));  // still placed, so it can be cancelled

  for (auto result : {shop.orders.ship(999), shop.orders.deliver(999), shop.orders.cancel(999)}) {
    ASSERT_FALSE(result);
    EXPECT_EQ(result.error().kind, ErrorKind::kNotFound);
    EXPECT_EQ(result.error().code, "not_found");
  }
  EXPECT_EQ(status_of(c.id), "cancelled");
}

TEST_P(OrderStatus, AFailedTransitionWritesNoEvent) {
  const Order a = shop.place(ada, {{pump, "UK 5", 1}});
  const auto before = shop.snapshot();
  EXPECT_FALSE(shop.orders.deliver(a.id));
  EXPECT_FALSE(shop.orders.ship(a.id + 1));
  EXPECT_EQ(shop.snapshot(), before);
}

TEST_P(OrderStatus, CancelReturnsStockAndUnitsAndRecomputesFacts) {
  shop.clock.set(testing::at("2026-03-01T08:00:00Z"));
  const Order first = shop.place(ada, {{pump, "UK 5", 2}});
  shop.clock.set(testing::at("2026-03-09T20:00:00Z"));
  const Order second = shop.place(ada, {{pump, "UK 5", 3}, {pump, "UK 5", 1}});
  EXPECT_EQ(shop.stock(pump, "UK 5"), 4);
  EXPECT_EQ(shop.units_sold(pump), 6);

  auto cancelled = shop.orders.cancel(second.id, 9);
  ASSERT_TRUE(cancelled);
  EXPECT_EQ(cancelled->status, Status::kCancelled);
  ASSERT_EQ(cancelled->history.size(), 2u);
  EXPECT_EQ(cancelled->history[1].status, Status::kCancelled);
  EXPECT_EQ(shop.stock(pump, "UK 5"), 8);
  EXPECT_EQ(shop.units_sold(pump), 2);

  // The facts now describe only the first order, exactly as a rebuild would.
  const auto kept = shop.facts();
  ASSERT_EQ(kept.size(), 1u);
  auto c = shop.t->lease();
  EXPECT_EQ(c->scalar("SELECT orders FROM customer_facts WHERE customer_id = ?", ada), 1);
  EXPECT_EQ(c->scalar("SELECT revenue FROM customer_facts WHERE customer_id = ?", ada), 17998);
  EXPECT_EQ(c->scalar("SELECT last_order_at FROM customer_facts WHERE customer_id = ?", ada),
            to_unix(first.placed_at));
  EXPECT_EQ(c->scalar("SELECT orders_dow6 FROM customer_facts WHERE customer_id = ?", ada), 1);
  EXPECT_EQ(c->scalar("SELECT orders_dow0 FROM customer_facts WHERE customer_id = ?", ada), 0);
  EXPECT_EQ(facts::rebuild_all(*shop.t), 1);
  EXPECT_EQ(shop.facts(), kept);

  // Cancelling the last order removes the customer's facts.
  ASSERT_TRUE(shop.orders.cancel(first.id));
  EXPECT_EQ(shop.count("customer_facts"), 0);
  EXPECT_EQ(shop.stock(pump, "UK 5"), 10);
  EXPECT_EQ(shop.units_sold(pump), 0);
}

TEST_P(OrderStatus, CustomersReachOnlyTheirOwnOrders) {
  const Order mine = shop.place(ada, {{pump, "UK 5", 1}});
  EXPECT_TRUE(shop.orders.get_for_customer(mine.id, ada));
  auto theirs = shop.orders.get_for_customer(mine.id, bea);
  ASSERT_FALSE(theirs);
  EXPECT_EQ(theirs.error().kind, ErrorKind::kNotFound);
  EXPECT_EQ(shop.orders.get_for_customer(mine.id + 100, ada).error().kind, ErrorKind::kNotFound);
  EXPECT_EQ(shop.orders.get(mine.id + 100).error().code, "not_found");

  const auto before = shop.snapshot();
  auto refused = shop.orders.cancel(mine.id, std::nullopt, bea);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().kind, ErrorKind::kNotFound);
  EXPECT_EQ(shop.snapshot(), before);

  ASSERT_TRUE(shop.orders.ship(mine.id));
  // Someone else's shipped order is still 404, not 409: its existence stays hidden.
  EXPECT_EQ(shop.orders.cancel(mine.id, std::nullopt, bea).error().kind, ErrorKind::kNotFound);
  EXPECT_EQ(shop.orders.cancel(mine.id, std::nullopt, ada).error().code, "illegal_transition");
}

TEST_P(OrderStatus, HistoryIsNewestFirst) {
  const Order a = shop.place(ada, {{pump, "UK 5", 1}});
  shop.clock.advance(std::chrono::hours(1));
  const Order b = shop.place(ada, {{pump, "UK 5", 2}});
  const Order c = shop.place(ada, {{pump, "UK 5", 1}});  // same second as b
  shop.place(bea, {{pump, "UK 5", 1}});
  ASSERT_TRUE(shop.orders.cancel(a.id));
  const auto history = shop.orders.history(ada);
  ASSERT_EQ(history.size(), 3u);
  EXPECT_EQ(history[0].id, c.id);
  EXPECT_EQ(history[1].id, b.id);
  EXPECT_EQ(history[1].total, 2 * 8999);
  EXPECT_EQ(history[1].currency, "GBP");
  EXPECT_EQ(history[2].id, a.id);
  EXPECT_EQ(history[2].status, Status::kCancelled);
  EXPECT_TRUE(shop.orders.history(9999).empty());
}

TEST_P(OrderStatus, PurgeDeletesCancelledOrdersWithTheirLinesAndEvents) {
  const Order a = shop.place(ada, {{pump, "UK 5", 1}});
  const Order b = shop.place(bea, {{pump, "UK 5", 1}});
  const Order c = shop.place(ada, {{pump, "UK 5", 1}});
  ASSERT_TRUE(shop.orders.cancel(a.id));
  ASSERT_TRUE(shop.orders.cancel(b.id));
  const auto facts = shop.facts();

  EXPECT_EQ(shop.orders.purge_cancelled(), 2);
  EXPECT_EQ(shop.count("orders"), 1);
  EXPECT_EQ(shop.count("order_lines"), 1);
  EXPECT_EQ(shop.count("order_events"), 1);
  EXPECT_TRUE(shop.orders.get(c.id));
  EXPECT_EQ(shop.orders.get(a.id).error().kind, ErrorKind::kNotFound);
  EXPECT_EQ(shop.facts(), facts);
  EXPECT_EQ(shop.stock(pump, "UK 5"), 9);  // purging does not return stock twice
  EXPECT_EQ(shop.orders.purge_cancelled(), 0);
}

}  // namespace
}  // namespace cw::orders
