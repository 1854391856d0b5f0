#include "warehouse/warehouse.hpp"

#include <gtest/gtest.h>

#include "orders/shop_fixture.hpp"

namespace cw::warehouse {
namespace {

using orders::Status;
using testing::Shop;

class WarehouseTest : public ::testing::TestWithParam<cw::testing::Backend> {
 protected:
  Shop shop;
  Warehouse warehouse{*shop.t};
  Id pump = shop.add_product("Pump", 8999);
  Id boot = shop.add_product("Boot", 12050);
  Id ada = shop.add_customer("ada@example.com");
  Id bea = shop.add_customer("bea@example.com");

  void SetUp() override {
    shop.add_size(pump, "UK 6", 4, 1);
    shop.add_size(pump, "UK 5", 10, 0);
    shop.add_size(boot, "UK 4", 2, 0);
  }
};

INSTANTIATE_TEST_SUITE_P(Db, WarehouseTest, cw::testing::kBothBackends, cw::testing::backend_name);

TEST_P(WarehouseTest, ListsPlacedOrdersOldestFirstWithLinesAndAddress) {
  shop.clock.set(testing::at("2026-03-05T09:00:00Z"));
  const auto late = shop.place(ada, {{pump, "UK 5", 1}, {boot, "UK 4", 2}});
  shop.clock.set(testing::at("2026-03-04T09:00:00Z"));  // placed later, dated earlier
  const auto early = shop.place(bea, {{pump, "UK 6", 1}});
  shop.clock.set(testing::at("2026-03-06T09:00:00Z"));
  const auto shipped = shop.place(ada, {{pump, "UK 5", 3}});
  ASSERT_TRUE(shop.orders.ship(shipped.id));

  const auto placed = warehouse.orders_in();
  ASSERT_EQ(placed.size(), 2u);
  EXPECT_EQ(placed[0].id, early.id);
  EXPECT_EQ(placed[1].id, late.id);
  ASSERT_EQ(placed[1].lines.size(), 2u);
  EXPECT_EQ(placed[1].lines[0].product_name, "Pump");
  EXPECT_EQ(placed[1].lines[0].size, "UK 5");
  EXPECT_EQ(placed[1].lines[1].product_name, "Boot");
  EXPECT_EQ(placed[1].lines[1].size, "UK 4");
  EXPECT_EQ(placed[1].lines[1].quantity, 2);
  EXPECT_EQ(placed[1].lines[1].line_total, 24100);
  ASSERT_TRUE(placed[1].ship_to);
  EXPECT_EQ(placed[1].ship_to->city, "Leeds");
  ASSERT_EQ(placed[0].lines.size(), 1u);
  ASSERT_EQ(placed[0].history.size(), 1u);

  const auto on_the_way = warehouse.orders_in(Status::kShipped);
  ASSERT_EQ(on_the_way.size(), 1u);
  EXPECT_EQ(on_the_way[0].id, shipped.id);
  ASSERT_EQ(on_the_way[0].history.size(), 2u);
  EXPECT_EQ(on_the_way[0].history[1].status, Status::kShipped);
  EXPECT_EQ(on_the_way[0].lines[0].quantity, 3);

  const auto first = warehouse.orders_in(Status::kPlaced, 1);
  ASSERT_EQ(first.size(), 1u);
  EXPECT_EQ(first[0].id, early.id);
  EXPECT_EQ(first[0].lines.size(), 1u);
  EXPECT_TRUE(warehouse.orders_in(Status::kDelivered).empty());
}

TEST_P(WarehouseTest, ListsStockByProductThenSizePosition) {
  auto all = warehouse.stock();
  ASSERT_TRUE(all);
  ASSERT_EQ(all->size(), 3u);
  EXPECT_EQ((*all)[0].product_id, pump);
  EXPECT_EQ((*all)[0].size, "UK 5");
  EXPECT_EQ((*all)[0].stock, 10);
  EXPECT_EQ((*all)[0].product_name, "Pump");
  EXPECT_EQ((*all)[0].category, "Heels");
  EXPECT_EQ((*all)[1].size, "UK 6");
  EXPECT_EQ((*all)[2].product_id, boot);

  auto boots = warehouse.stock(boot);
  ASSERT_TRUE(boots);
  ASSERT_EQ(boots->size(), 1u);
  EXPECT_EQ((*boots)[0].stock, 2);

  const Id sizeless = shop.add_product("Sizeless", 100);
  auto none = warehouse.stock(sizeless);
  ASSERT_TRUE(none);
  EXPECT_TRUE(none->empty());

  auto unknown = warehouse.stock(9999);
  ASSERT_FALSE(unknown);
  EXPECT_EQ(unknown.error().kind, ErrorKind::kNotFound);
}

TEST_P(WarehouseTest, RestockAddsToASizeOrCreatesIt) {
  auto added = warehouse.restock(pump, "UK 6", 6);
  ASSERT_TRUE(added);
  EXPECT_EQ(added->stock, 10);
  EXPECT_EQ(added->product_name, "Pump");
  EXPECT_EQ(shop.stock(pump, "UK 6"), 10);

  auto created = warehouse.restock(pump, "UK 7", 1'000'000);
  ASSERT_TRUE(created);
  EXPECT_EQ(created->size, "UK 7");
  EXPECT_EQ(created->stock, 1'000'000);
  EXPECT_EQ(shop.t->lease()->scalar(
                "SELECT position FROM product_sizes WHERE product_id = ? AND size = 'UK 7'", pump),
            2);  // after UK 5 (0) and UK 6 (1)
  const auto pumps = warehouse.stock(pump);
  ASSERT_TRUE(pumps);
  ASSERT_EQ(pumps->size(), 3u);
  EXPECT_EQ((*pumps)[2].size, "UK 7");
}

TEST_P(WarehouseTest, RestockRefusesBadInputAndChangesNothing) {
  const auto before = shop.snapshot();
  struct Case {
    Id product;
    std::string size;
    std::int64_t quantity;
    std::string code, field;
  };
  const Case cases[] = {
      {pump, "UK 5", 0, "invalid_quantity", "quantity"},
      {pump, "UK 5", -4, "invalid_quantity", "quantity"},
      {pump, "UK 5", 1'000'001, "invalid_quantity", "quantity"},
      {pump, "", 1, "invalid_size", "size"},
      {9999, "UK 5", 1, "unknown_product", "product_id"},
  };
  for (const Case& c : cases) {
    auto result = warehouse.restock(c.product, c.size, c.quantity);
    ASSERT_FALSE(result) << c.code;
    EXPECT_EQ(result.error().kind, ErrorKind::kUnprocessable);
    EXPECT_EQ(result.error().code, c.code);
    EXPECT_EQ(result.error().field, c.field);
  }
  EXPECT_EQ(shop.snapshot(), before);
}

TEST_P(WarehouseTest, RestockedUnitsCanBeOrdered) {
  auto placed = shop.orders.place({.customer_id = ada, .lines = {{boot, "UK 4", 5}}});
  ASSERT_FALSE(placed);
  EXPECT_EQ(placed.error().code, "insufficient_stock");
  ASSERT_TRUE(warehouse.restock(boot, "UK 4", 3));
  EXPECT_TRUE(shop.orders.place({.customer_id = ada, .lines = {{boot, "UK 4", 5}}}));
  EXPECT_EQ(shop.stock(boot, "UK 4"), 0);
}

}  // namespace
}  // namespace cw::warehouse
