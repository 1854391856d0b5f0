// The warehouse's endpoints: orders to pick, stock, restock, purge; role checks.
#include "api_fixture.hpp"

namespace cw::http::testing {
namespace {

class WarehouseApiTest : public ApiTest {
 protected:
  WarehouseApiTest() {
    boot = add_product("Chelsea Boot", 8999, {{"UK 5", 5}, {"UK 6", 2}});
    staff = staff_token("picker", customers::Role::kWarehouse);
  }
  Id boot = 0;
  std::string staff;
};

INSTANTIATE_TEST_SUITE_P(Db, WarehouseApiTest, cw::testing::kBothBackends,
                         cw::testing::backend_name);

TEST_P(WarehouseApiTest, PlacedOrdersOldestFirstWithLinesAndShipTo) {
  const std::string customer = customer_token("anna");
  const Id first = order(customer, boot, "UK 5", 1);
  clock.advance(std::chrono::minutes(10));
  const Id second = order(customer, boot, "UK 6", 2);
  clock.advance(std::chrono::minutes(10));
  const Id shipped = order(customer, boot, "UK 5", 1);
  ASSERT_EQ(post("/api/v1/orders/" + std::to_string(shipped) + "/ship", nullptr, staff).status,
            200);

  auto answer = get("/api/v1/warehouse/orders?status=placed", staff);
  ASSERT_EQ(answer.status, 200) << answer.raw;
  const Json& items = answer.body.at("items");
  ASSERT_EQ(items.size(), 2u);
  EXPECT_EQ(items[0].at("id"), first);
  EXPECT_EQ(items[1].at("id"), second);
  EXPECT_EQ(items[1].at("lines")[0].at("size"), "UK 6");
  EXPECT_EQ(items[1].at("lines")[0].at("quantity"), 2);
  EXPECT_EQ(items[1].at("ship_to").at("postcode"), "LS1 1AA");
  EXPECT_EQ(get("/api/v1/warehouse/orders", staff).body, answer.body);  // placed by default
  auto shipped_list = get("/api/v1/warehouse/orders?status=shipped", staff);
  ASSERT_EQ(shipped_list.body.at("items").size(), 1u);
  EXPECT_EQ(shipped_list.body.at("items")[0].at("id"), shipped);
  expect_problem(get("/api/v1/warehouse/orders?status=lost", staff), 400, "invalid_parameter",
                 "status");
}

TEST_P(WarehouseApiTest, StockListsEveryProductAndSize) {
  const Id sandal = add_product("Sandal", 2000, {{"UK 4", 9}}, "Sandals");
  auto answer = get("/api/v1/warehouse/stock", staff);
  ASSERT_EQ(answer.status, 200) << answer.raw;
  EXPECT_EQ(answer.body.at("items"), Json({{{"product_id", boot},
                                            {"product_name", "Chelsea Boot"},
                                            {"category", "Boots"},
                                            {"size", "UK 5"},
                                            {"stock", 5}},
                                           {{"product_id", boot},
                                            {"product_name", "Chelsea Boot"},
                                            {"category", "Boots"},
                                            {"size", "UK 6"},
                                            {"stock", 2}},
                                           {{"product_id", sandal},
                                            {"product_name", "Sandal"},
                                            {"category", "Sandals"},
                                            {"size", "UK 4"},
                                            {"stock", 9}}}));
  auto one = get("/api/v1/warehouse/stock?product_id=" + std::to_string(sandal), staff);
  ASSERT_EQ(one.body.at("items").size(), 1u);
  EXPECT_EQ(one.body.at("items")[0].at("size"), "UK 4");
  expect_problem(get("/api/v1/warehouse/stock?product_id=99999", staff), 404, "not_found");
  expect_problem(get("/api/v1/warehouse/stock?product_id=abc", staff), 400, "invalid_parameter",
                 "product_id");
}

TEST_P(WarehouseApiTest, RestockAddsUnitsAndBadInputChangesNothing) {
  auto answer = post("/api/v1/warehouse/stock",
                     {{"product_id", boot}, {"size", "UK 6"}, {"quantity", 10}}, staff);
  ASSERT_EQ(answer.status, 200) << answer.raw;
  EXPECT_EQ(answer.body, Json({{"product_id", boot},
                               {"product_name", "Chelsea Boot"},
                               {"category", "Boots"},
                               {"size", "UK 6"},
                               {"stock", 12}}));
  const auto before = snapshot();
  expect_problem(post("/api/v1/warehouse/stock",
                      {{"product_id", boot}, {"size", "UK 6"}, {"quantity", -5}}, staff),
                 422, "invalid_quantity", "quantity");
  expect_problem(post("/api/v1/warehouse/stock",
                      {{"product_id", boot}, {"size", "UK 6"}, {"quantity", "5"}}, staff),
                 400, "invalid_type", "quantity");
  expect_problem(post("/api/v1/warehouse/stock", {{"product_id", boot}, {"size", "UK 6"}}, staff),
                 400, "missing_field", "quantity");
  expect_problem(post("/api/v1/warehouse/stock",
                      {{"product_id", boot + 500}, {"size", "UK 6"}, {"quantity", 1}}, staff),
                 422, "unknown_product", "product_id");
  expect_problem(send_raw("POST", "/api/v1/warehouse/stock", "{\"product_id\":", staff), 400,
                 "malformed_json");
  EXPECT_EQ(snapshot(), before);
}

TEST_P(WarehouseApiTest, PurgeRemovesCancelledOrdersOnly) {
  const std::string customer = customer_token("bella");
  const Id cancelled = order(customer, boot, "UK 5", 1);
  const Id kept = order(customer, boot, "UK 5", 1);
  ASSERT_EQ(post("/api/v1/orders/" + std::to_string(cancelled) + "/cancel", nullptr, staff).status,
            200);
  expect_problem(del("/api/v1/warehouse/orders", staff), 400, "missing_parameter", "status");
  expect_problem(del("/api/v1/warehouse/orders?status=placed", staff), 400, "invalid_parameter",
                 "status");
  auto answer = del("/api/v1/warehouse/orders?status=cancelled", staff);
  ASSERT_EQ(answer.status, 200) << answer.raw;
  EXPECT_EQ(answer.body, Json({{"purged", 1}}));
  expect_problem(get("/api/v1/orders/" + std::to_string(cancelled), staff), 404, "not_found");
  EXPECT_EQ(get("/api/v1/orders/" + std::to_string(kept), staff).status, 200);
  EXPECT_EQ(del("/api/v1/warehouse/orders?status=cancelled", staff).body, Json({{"purged", 0}}));
}

TEST_P(WarehouseApiTest, CustomersAndAnalystsAreForbiddenAnonymousUnauthenticated) {
  const std::string customer = customer_token("cora");
  const std::string analyst = staff_token("analyst", customers::Role::kAnalyst);
  const std::string admin = staff_token("admin", customers::Role::kAdmin);
  for (const std::string& token : {customer, analyst}) {
    expect_problem(get("/api/v1/warehouse/orders", token), 403, "forbidden");
    expect_problem(get("/api/v1/warehouse/stock", token), 403, "forbidden");
    expect_problem(post("/api/v1/warehouse/stock",
                        {{"product_id", boot}, {"size", "UK 5"}, {"quantity", 1}}, token),
                   403, "forbidden");
    expect_problem(del("/api/v1/warehouse/orders?status=cancelled", token), 403, "forbidden");
  }
  expect_problem(get("/api/v1/warehouse/stock"), 401, "unauthenticated");
  EXPECT_EQ(get("/api/v1/warehouse/stock", admin).status, 200);
  EXPECT_EQ(stock_of(boot, "UK 5"), 5);
}

}  // namespace
}  // namespace cw::http::testing
