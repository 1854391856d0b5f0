#include <gtest/gtest.h>

#include <atomic>
#include <map>
#include <thread>

#include "facts/facts.hpp"
#include "orders/shop_fixture.hpp"

namespace cw::orders {
namespace {

using testing::Shop;

class Checkout : public ::testing::TestWithParam<cw::testing::Backend> {
 protected:
  Shop shop;
  Id pump = shop.add_product("Pump", 8999);
  Id boot = shop.add_product("Boot", 12050);
  Id retired = shop.add_product("Retired", 1000, /*active=*/false);
  Id ada = shop.add_customer("ada@example.com");

  void SetUp() override {
    shop.add_size(pump, "UK 5", 10, 0);
    shop.add_size(pump, "UK 6", 3, 1);
    shop.add_size(boot, "UK 5", 2);
    shop.add_size(retired, "UK 5", 9);
  }

  // Places a request that must fail, and checks that nothing changed.
  Error refused(OrderRequest request) {
    const auto before = shop.snapshot();
    auto placed = shop.orders.place(request);
    EXPECT_FALSE(placed.has_value());
    EXPECT_EQ(shop.snapshot(), before) << "a refused order changed the database";
    return placed ? Error{} : placed.error();
  }
};
INSTANTIATE_TEST_SUITE_P(Db, Checkout, cw::testing::kBothBackends, cw::testing::backend_name);

TEST_P(Checkout, PlacesAnOrderWithPricesTotalsAndTheDefaultAddress) {
  shop.config.shipping_fee = 395;
  auto placed = shop.orders.place(
      {.customer_id = ada, .lines = {{pump, "UK 5", 2}, {boot, "UK 5", 1}}, .account_id = 77});
  ASSERT_TRUE(placed) << placed.error().code;
  const Order& order = *placed;
  EXPECT_GT(order.id, 0);
  EXPECT_EQ(order.customer_id, ada);
  EXPECT_EQ(order.status, Status::kPlaced);
  EXPECT_EQ(order.placed_at, testing::at("2026-03-02T10:00:00Z"));
  ASSERT_EQ(order.lines.size(), 2u);
  EXPECT_EQ(order.lines[0].product_name, "Pump");
  EXPECT_EQ(order.lines[0].unit_price, 8999);
  EXPECT_EQ(order.lines[0].line_total, 17998);
  EXPECT_EQ(order.lines[1].product_name, "Boot");
  EXPECT_EQ(order.lines[1].line_total, 12050);
  EXPECT_EQ(order.subtotal, 30048);
  EXPECT_EQ(order.discount, 0);
  EXPECT_EQ(order.shipping, 395);
  EXPECT_EQ(order.total, 30443);
  EXPECT_EQ(order.currency, "GBP");
  ASSERT_TRUE(order.ship_to);
  EXPECT_EQ(order.ship_to->line1, "1 High Street");
  EXPECT_EQ(order.ship_to->postcode, "LS1 1AA");
  ASSERT_EQ(order.history.size(), 1u);
  EXPECT_EQ(order.history[0].status, Status::kPlaced);

  EXPECT_EQ(shop.stock(pump, "UK 5"), 8);
  EXPECT_EQ(shop.stock(boot, "UK 5"), 1);
  EXPECT_EQ(shop.units_sold(pump), 2);
  EXPECT_EQ(shop.units_sold(boot), 1);
  EXPECT_EQ(
      shop.t->lease()->scalar("SELECT account_id FROM order_events WHERE order_id = ?", order.id),
      77);

  // What get() reads back is what place() answered.
  auto read = shop.orders.get(order.id);
  ASSERT_TRUE(read);
  EXPECT_EQ(read->total, 30443);
  ASSERT_EQ(read->lines.size(), 2u);
  EXPECT_EQ(read->lines[1].size, "UK 5");
  EXPECT_EQ(read->lines[1].quantity, 1);

  // Facts: revenue is goods after discounts, without shipping.
  auto c = shop.t->lease();
  auto facts = c->query(
      "SELECT orders, revenue, shipping, items, orders_dow0, revenue_dow0, orders_tod1 "
      "FROM customer_facts WHERE customer_id = ?",
      ada);
  ASSERT_TRUE(facts.next());
  EXPECT_EQ(facts.integer(0), 1);
  EXPECT_EQ(facts.integer(1), 30048);
  EXPECT_EQ(facts.integer(2), 395);
  EXPECT_EQ(facts.integer(3), 3);
  EXPECT_EQ(facts.integer(4), 1);  // a Monday
  EXPECT_EQ(facts.integer(5), 30048);
  EXPECT_EQ(facts.integer(6), 1);  // 10:00 is in [06, 12)
}

TEST_P(Checkout, CapturesThePriceAtOrderTime) {
  const Order order = shop.place(ada, {{pump, "UK 5", 1}});
  shop.t->lease()->exec("UPDATE products SET price = 100 WHERE id = ?", pump);
  auto read = shop.orders.get(order.id);
  ASSERT_TRUE(read);
  EXPECT_EQ(read->lines[0].unit_price, 8999);
  EXPECT_EQ(read->total, 8999);
  const Order later = shop.place(ada, {{pump, "UK 5", 1}});
  EXPECT_EQ(later.lines[0].unit_price, 100);
}

TEST_P(Checkout, MergesLinesForTheSameProductAndSize) {
  const Order order =
      shop.place(ada, {{pump, "UK 5", 1}, {pump, "UK 6", 1}, {pump, "UK 5", 2}, {boot, "UK 5", 1}});
  ASSERT_EQ(order.lines.size(), 3u);
  EXPECT_EQ(order.lines[0].size, "UK 5");
  EXPECT_EQ(order.lines[0].quantity, 3);
  EXPECT_EQ(order.lines[0].line_total, 3 * 8999);
  EXPECT_EQ(order.lines[1].size, "UK 6");
  EXPECT_EQ(order.lines[1].quantity, 1);
  EXPECT_EQ(shop.count("order_lines"), 3);
  EXPECT_EQ(shop.stock(pump, "UK 5"), 7);
}

TEST_P(Checkout, MergedQuantityIsCheckedAgainstStockAsAWhole) {
  // 2 + 2 of a size with 3 left: each line alone would fit, together they do not.
  const Error e = refused({.customer_id = ada, .lines = {{pump, "UK 6", 2}, {pump, "UK 6", 2}}});
  EXPECT_EQ(e.kind, ErrorKind::kConflict);
  EXPECT_EQ(e.code, "insufficient_stock");
  EXPECT_EQ(e.field, "lines[0].quantity");
}

TEST_P(Checkout, UsesAnExplicitShipToOverTheDefault) {
  customers::Address to{"9 Quay", std::string("Flat 2"), "Bristol", "BS1 4DJ", "GB"};
  auto placed =
      shop.orders.place({.customer_id = ada, .lines = {{pump, "UK 5", 1}}, .ship_to = to});
  ASSERT_TRUE(placed);
  auto read = shop.orders.get(placed->id);
  ASSERT_TRUE(read && read->ship_to);
  EXPECT_EQ(read->ship_to->city, "Bristol");
  EXPECT_EQ(read->ship_to->line2, "Flat 2");
}

TEST_P(Checkout, RejectsMalformedLines) {
  struct Case {
    std::vector<LineRequest> lines;
    std::string code, field;
  };
  std::vector<LineRequest> too_many(1001, LineRequest{pump, "UK 5", 1});
  const std::vector<Case> cases = {
      {{}, "invalid_order", "lines"},
      {too_many, "invalid_order", "lines"},
      {{{pump, "UK 5", 1}, {pump, "UK 6", 0}}, "invalid_order", "lines[1].quantity"},
      {{{pump, "UK 5", -3}}, "invalid_order", "lines[0].quantity"},
      {{{pump, "UK 5", 10001}}, "invalid_order", "lines[0].quantity"},
      {{{pump, "", 1}}, "invalid_order", "lines[0].size"},
      {{{0, "UK 5", 1}}, "unknown_product", "lines[0].product_id"},
  };
  for (const Case& c : cases) {
    const Error e = refused({.customer_id = ada, .lines = c.lines});
    EXPECT_EQ(e.kind, ErrorKind::kUnprocessable) << c.field;
    EXPECT_EQ(e.code, c.code) << c.field;
    EXPECT_EQ(e.field, c.field) << c.code;
  }
}

TEST_P(Checkout, AcceptsTheLargestOrder) {
  shop.t->lease()->exec("UPDATE product_sizes SET stock = 20000 WHERE product_id = ?", pump);
  std::vector<LineRequest> lines(1000, LineRequest{pump, "UK 5", 1});
  lines[999] = {pump, "UK 6", 10000};
  const Order order = shop.place(ada, lines);
  ASSERT_EQ(order.lines.size(), 2u);
  EXPECT_EQ(order.lines[0].quantity, 999);
  EXPECT_EQ(order.lines[1].quantity, 10000);
}

// The first line is fine and takes its stock before the second fails: the stock must come back.
TEST_P(Checkout, RefusesWhatTheCatalogueCannotSupplyAndChangesNothing) {
  struct Case {
    LineRequest second;
    ErrorKind kind;
    std::string code, field;
  };
  const std::vector<Case> cases = {
      {{9999, "UK 5", 1}, ErrorKind::kUnprocessable, "unknown_product", "lines[1].product_id"},
      {{pump, "UK 12", 1}, ErrorKind::kUnprocessable, "unknown_size", "lines[1].size"},
      {{retired, "UK 5", 1},
       ErrorKind::kUnprocessable,
       "product_unavailable",
       "lines[1].product_id"},
      {{retired, "UK 5", 99},
       ErrorKind::kUnprocessable,
       "product_unavailable",
       "lines[1].product_id"},
      {{boot, "UK 5", 3}, ErrorKind::kConflict, "insufficient_stock", "lines[1].quantity"},
  };
  for (const Case& c : cases) {
    const Error e = refused({.customer_id = ada, .lines = {{pump, "UK 5", 1}, c.second}});
    EXPECT_EQ(e.kind, c.kind) << c.code;
    EXPECT_EQ(e.code, c.code);
    EXPECT_EQ(e.field, c.field) << c.code;
  }
  EXPECT_EQ(shop.stock(pump, "UK 5"), 10);
  EXPECT_EQ(shop.count("orders"), 0);
  EXPECT_EQ(shop.count("customer_facts"), 0);
}

TEST_P(Checkout, RefusesUnknownCustomersAndMissingAddresses) {
  const Id homeless = shop.add_customer("nomad@example.com", /*with_default_address=*/false);
  customers::Address to{"9 Quay", std::nullopt, "Bristol", "BS1 4DJ", "GB"};

  Error e = refused({.customer_id = homeless, .lines = {{pump, "UK 5", 1}}});
  EXPECT_EQ(e.kind, ErrorKind::kUnprocessable);
  EXPECT_EQ(e.code, "missing_address");
  EXPECT_EQ(e.field, "ship_to");

  e = refused({.customer_id = 4242, .lines = {{pump, "UK 5", 1}}});
  EXPECT_EQ(e.code, "unknown_customer");
  e = refused({.customer_id = 4242, .lines = {{pump, "UK 5", 1}}, .ship_to = to});
  EXPECT_EQ(e.kind, ErrorKind::kUnprocessable);
  EXPECT_EQ(e.code, "unknown_customer");
  EXPECT_EQ(e.field, "customer_id");

  customers::Address incomplete = to;
  incomplete.postcode.clear();
  e = refused({.customer_id = ada, .lines = {{pump, "UK 5", 1}}, .ship_to = incomplete});
  EXPECT_EQ(e.code, "invalid_address");
  EXPECT_EQ(e.field, "ship_to.postcode");

  // With an address given, the customer without a default one can order.
  EXPECT_TRUE(
      shop.orders.place({.customer_id = homeless, .lines = {{pump, "UK 5", 1}}, .ship_to = to}));
}

TEST_P(Checkout, StoresSqlMetacharactersVerbatim) {
  customers::Address to{"1'; DROP TABLE orders;--", std::nullopt, "O'Hara", "\"x\"", "GB"};
  const Id odd = shop.add_product("Robert'); DROP TABLE products;--", 500);
  shop.add_size(odd, "UK 5'--", 1);
  auto placed =
      shop.orders.place({.customer_id = ada, .lines = {{odd, "UK 5'--", 1}}, .ship_to = to});
  ASSERT_TRUE(placed) << placed.error().code;
  auto read = shop.orders.get(placed->id);
  ASSERT_TRUE(read);
  EXPECT_EQ(read->ship_to->line1, "1'; DROP TABLE orders;--");
  EXPECT_EQ(read->lines[0].product_name, "Robert'); DROP TABLE products;--");
  EXPECT_EQ(read->lines[0].size, "UK 5'--");
}

// All sixteen in one group commit batch: the conditional stock update sees the units the
// earlier orders of the same transaction took.
TEST_P(Checkout, ConcurrentBuyersOfTheLastUnitsNeverOversell) {
  shop.add_size(boot, "UK 7", 5);
  constexpr int kBuyers = 16;
  std::vector<OrderRequest> requests;
  for (int i = 0; i < kBuyers; ++i) {
    requests.push_back({.customer_id = shop.add_customer("b" + std::to_string(i) + "@x.uk"),
                        .lines = {{boot, "UK 7", 1}}});
  }
  std::map<std::string, int> outcomes;
  for (const auto& placed : shop.place_in_one_batch(requests))
    ++outcomes[placed ? "placed" : placed.error().code];
  EXPECT_EQ(outcomes, (std::map<std::string, int>{{"placed", 5}, {"insufficient_stock", 11}}));
  EXPECT_EQ(shop.t->group_commit().stats().largest, kBuyers);
  EXPECT_EQ(shop.stock(boot, "UK 7"), 0);
  EXPECT_EQ(shop.count("orders"), 5);
  EXPECT_EQ(shop.count("customer_facts"), 5);
  EXPECT_EQ(shop.units_sold(boot), 5);
}

// Without a shaped batch: buyers racing freely still never oversell, whatever batches form.
TEST_P(Checkout, BuyersRacingFreelyNeverOversell) {
  shop.add_size(boot, "UK 7", 5);
  constexpr int kBuyers = 16;
  std::vector<Id> buyers;
  for (int i = 0; i < kBuyers; ++i)
    buyers.push_back(shop.add_customer("b" + std::to_string(i) + "@x.uk"));
  std::atomic<int> succeeded{0}, out_of_stock{0}, other{0};
  std::atomic<bool> go{false};
  std::vector<std::thread> threads;
  for (int i = 0; i < kBuyers; ++i) {
    threads.emplace_back([&, i] {
      while (!go.load()) std::this_thread::yield();
      auto placed = shop.orders.place({.customer_id = buyers[i], .lines = {{boot, "UK 7", 1}}});
      if (placed)
        ++succeeded;
      else if (placed.error().code == "insufficient_stock")
        ++out_of_stock;
      else
        ++other;
    });
  }
  go = true;
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(succeeded.load(), 5);
  EXPECT_EQ(out_of_stock.load(), 11);
  EXPECT_EQ(other.load(), 0);
  EXPECT_EQ(shop.t->group_commit().stats().units, kBuyers);
  EXPECT_EQ(shop.stock(boot, "UK 7"), 0);
  EXPECT_EQ(shop.count("orders"), 5);
}

TEST_P(Checkout, FactsKeptByCheckoutEqualARebuildFromHistory) {
  const Id bea = shop.add_customer("bea@example.com");
  shop.t->lease()->exec("UPDATE product_sizes SET stock = 1000");
  // Orders across days, month parts and times of day, for two customers.
  const char* times[] = {"2026-03-01T23:59:59Z", "2026-03-02T00:00:00Z", "2026-03-07T05:59:59Z",
                         "2026-03-08T06:00:00Z", "2026-03-15T12:00:00Z", "2026-03-16T17:59:59Z",
                         "2026-03-23T18:00:00Z", "2026-03-24T23:59:59Z", "2026-03-31T11:00:00Z"};
  int n = 0;
  for (const char* time : times) {
    shop.clock.set(testing::at(time));
    shop.place(n % 3 == 0 ? bea : ada, {{pump, "UK 5", 1 + n % 2}, {boot, "UK 5", 1}});
    ++n;
  }
  const auto kept = shop.facts();
  ASSERT_EQ(kept.size(), 2u);
  EXPECT_EQ(facts::rebuild_all(*shop.t), 2);
  EXPECT_EQ(shop.facts(), kept);
}

}  // namespace
}  // namespace cw::orders
