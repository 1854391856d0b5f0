// Checkout, order visibility, status changes, bad input and the last-units race over HTTP.
#include <atomic>
#include <thread>

#include "api_fixture.hpp"

namespace cw::http::testing {
namespace {

class OrdersApiTest : public ApiTest {
 protected:
  OrdersApiTest() { boot = add_product("Chelsea Boot", 8999, {{"UK 5", 5}, {"UK 6", 2}}); }
  Json one_line(Id product, const std::string& size, Json quantity) {
    return {{"lines", {{{"product_id", product}, {"size", size}, {"quantity", quantity}}}}};
  }
  Id boot = 0;
};

INSTANTIATE_TEST_SUITE_P(Db, OrdersApiTest, cw::testing::kBothBackends, cw::testing::backend_name);

TEST_P(OrdersApiTest, PlaceAnswers201WithTheFullOrder) {
  const std::string token = customer_token("anna");
  auto answer = post("/api/v1/orders",
                     {{"lines",
                       {{{"product_id", boot}, {"size", "UK 5"}, {"quantity", 2}},
                        {{"product_id", boot}, {"size", "UK 6"}, {"quantity", 1}}}}},
                     token);
  ASSERT_EQ(answer.status, 201) << answer.raw;
  const Json& order = answer.body;
  EXPECT_GT(order.at("id").get<Id>(), 0);
  EXPECT_EQ(order.at("status"), "placed");
  EXPECT_EQ(order.at("placed_at"), "2026-03-01T10:00:00Z");
  ASSERT_EQ(order.at("lines").size(), 2u);
  EXPECT_EQ(order.at("lines")[0], Json({{"product_id", boot},
                                        {"product_name", "Chelsea Boot"},
                                        {"size", "UK 5"},
                                        {"quantity", 2},
                                        {"unit_price", "89.99"},
                                        {"discount", "0.00"},
                                        {"line_total", "179.98"}}));
  EXPECT_EQ(order.at("lines")[1].at("line_total"), "89.99");
  EXPECT_EQ(order.at("subtotal"), "269.97");
  EXPECT_EQ(order.at("discount"), "0.00");
  EXPECT_EQ(order.at("shipping"), "0.00");
  EXPECT_EQ(order.at("total"), "269.97");
  EXPECT_EQ(order.at("currency"), "GBP");
  EXPECT_EQ(order.at("ship_to").at("line1"), "1 High Street");  // the default address
  EXPECT_EQ(order.at("history"), Json({{{"status", "placed"}, {"at", "2026-03-01T10:00:00Z"}}}));
  EXPECT_EQ(stock_of(boot, "UK 5"), 3);
  EXPECT_EQ(stock_of(boot, "UK 6"), 1);
}

TEST_P(OrdersApiTest, ShipToOverridesTheDefaultAddress) {
  const std::string token = customer_token("bea");
  Json body = one_line(boot, "UK 5", 1);
  body["ship_to"] = {
      {"line1", "9 Dock Street"}, {"city", "Hull"}, {"postcode", "HU1 1AA"}, {"country", "GB"}};
  auto answer = post("/api/v1/orders", body, token);
  ASSERT_EQ(answer.status, 201) << answer.raw;
  EXPECT_EQ(answer.body.at("ship_to"), Json({{"line1", "9 Dock Street"},
                                             {"line2", nullptr},
                                             {"city", "Hull"},
                                             {"postcode", "HU1 1AA"},
                                             {"country", "GB"}}));
}

TEST_P(OrdersApiTest, OwnerAndStaffSeeTheOrderOthersGet404) {
  const std::string owner = customer_token("cleo");
  const std::string other = customer_token("dana");
  const Id id = order(owner, boot, "UK 5", 1);
  const std::string path = "/api/v1/orders/" + std::to_string(id);
  auto mine = get(path, owner);
  ASSERT_EQ(mine.status, 200);
  EXPECT_EQ(mine.body.at("id"), id);
  EXPECT_EQ(mine.body.at("total"), "89.99");
  expect_problem(get(path, other), 404, "not_found");
  expect_problem(get("/api/v1/orders/987654", owner), 404, "not_found");
  EXPECT_EQ(get(path, staff_token("whouse", customers::Role::kWarehouse)).status, 200);
  EXPECT_EQ(get(path, staff_token("boss", customers::Role::kAdmin)).status, 200);
  expect_problem(get(path, staff_token("numbers", customers::Role::kAnalyst)), 403, "forbidden");
  expect_problem(get(path), 401, "unauthenticated");
}

TEST_P(OrdersApiTest, AnotherCustomersCancelIs404AndChangesNothing) {
  const std::string owner = customer_token("eve");
  const std::string other = customer_token("fran");
  const Id id = order(owner, boot, "UK 5", 2);
  const auto before = snapshot();
  expect_problem(post("/api/v1/orders/" + std::to_string(id) + "/cancel", nullptr, other), 404,
                 "not_found");
  EXPECT_EQ(snapshot(), before);
  EXPECT_EQ(get("/api/v1/orders/" + std::to_string(id), owner).body.at("status"), "placed");
}

TEST_P(OrdersApiTest, OwnerCancelsAndStockReturns) {
  const std::string owner = customer_token("gail");
  const Id id = order(owner, boot, "UK 5", 2);
  EXPECT_EQ(stock_of(boot, "UK 5"), 3);
  clock.advance(std::chrono::minutes(5));
  auto answer = post("/api/v1/orders/" + std::to_string(id) + "/cancel", nullptr, owner);
  ASSERT_EQ(answer.status, 200) << answer.raw;
  EXPECT_EQ(answer.body.at("status"), "cancelled");
  EXPECT_EQ(answer.body.at("history"),
            Json({{{"status", "placed"}, {"at", "2026-03-01T10:00:00Z"}},
                  {{"status", "cancelled"}, {"at", "2026-03-01T10:05:00Z"}}}));
  EXPECT_EQ(stock_of(boot, "UK 5"), 5);
  expect_problem(post("/api/v1/orders/" + std::to_string(id) + "/cancel", nullptr, owner), 409,
                 "illegal_transition", "status");
}

TEST_P(OrdersApiTest, WarehouseShipsAndDeliversCustomersCannot) {
  const std::string owner = customer_token("hope");
  const std::string staff = staff_token("packer", customers::Role::kWarehouse);
  const Id id = order(owner, boot, "UK 5", 1);
  const std::string base = "/api/v1/orders/" + std::to_string(id);
  expect_problem(post(base + "/ship", nullptr, owner), 403, "forbidden");
  expect_problem(post(base + "/ship", nullptr, staff_token("analyst", customers::Role::kAnalyst)),
                 403, "forbidden");
  expect_problem(post(base + "/deliver", nullptr, staff), 409, "illegal_transition", "status");
  clock.advance(std::chrono::hours(2));
  auto shipped = post(base + "/ship", nullptr, staff);
  ASSERT_EQ(shipped.status, 200) << shipped.raw;
  EXPECT_EQ(shipped.body.at("status"), "shipped");
  EXPECT_EQ(shipped.body.at("history")[1],
            Json({{"status", "shipped"}, {"at", "2026-03-01T12:00:00Z"}}));
  expect_problem(post(base + "/cancel", nullptr, owner), 409, "illegal_transition", "status");
  auto delivered = post(base + "/deliver", nullptr, staff_token("root", customers::Role::kAdmin));
  ASSERT_EQ(delivered.status, 200);
  EXPECT_EQ(delivered.body.at("status"), "delivered");
  EXPECT_EQ(delivered.body.at("history").size(), 3u);
  expect_problem(post("/api/v1/orders/424242/ship", nullptr, staff), 404, "not_found");
  expect_problem(post(base + "/ship", nullptr), 401, "unauthenticated");
}

TEST_P(OrdersApiTest, StaffCannotPlaceOrders) {
  expect_problem(post("/api/v1/orders", one_line(boot, "UK 5", 1),
                      staff_token("wh2", customers::Role::kWarehouse)),
                 403, "forbidden");
  expect_problem(post("/api/v1/orders", one_line(boot, "UK 5", 1)), 401, "unauthenticated");
}

TEST_P(OrdersApiTest, BadOrdersGetTheRight4xxAndChangeNothing) {
  const std::string token = customer_token("iris");
  const auto before = snapshot();
  const Id unknown = boot + 1000;
  struct Case {
    std::string body;
    int status;
    std::string code;
    std::string field;
  };
  const std::vector<Case> cases = {
      {"{\"lines\": [", 400, "malformed_json", ""},
      {"{}", 400, "missing_field", "lines"},
      {"{\"lines\": {}}", 400, "invalid_type", "lines"},
      {"{\"lines\": [7]}", 400, "invalid_type", "lines[0]"},
      {one_line(boot, "UK 5", "2").dump(), 400, "invalid_type", "lines[0].quantity"},
      {one_line(boot, "UK 5", 1.5).dump(), 400, "invalid_type", "lines[0].quantity"},
      {"{\"lines\": [{\"product_id\": \"1\", \"size\": \"UK 5\", \"quantity\": 1}]}", 400,
       "invalid_type", "lines[0].product_id"},
      {"{\"lines\": [{\"product_id\": 1, \"quantity\": 1}]}", 400, "missing_field",
       "lines[0].size"},
      {one_line(boot, "UK 5", -1).dump(), 422, "invalid_order", "lines[0].quantity"},
      {one_line(boot, "UK 5", 0).dump(), 422, "invalid_order", "lines[0].quantity"},
      {"{\"lines\": []}", 422, "invalid_order", "lines"},
      {one_line(unknown, "UK 5", 1).dump(), 422, "unknown_product", "lines[0].product_id"},
      {one_line(boot, "UK 12", 1).dump(), 422, "unknown_size", "lines[0].size"},
      {one_line(boot, "UK 5'; DROP TABLE orders;--", 1).dump(), 422, "unknown_size",
       "lines[0].size"},
      {one_line(boot, "UK 6", 3).dump(), 409, "insufficient_stock", "lines[0].quantity"},
      {"{\"lines\": [{\"product_id\": " + std::to_string(boot) +
           ", \"size\": \"UK 5\", \"quantity\": 1}], \"ship_to\": {\"line1\": 5}}",
       400, "invalid_type", "ship_to.line1"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.body);
    expect_problem(send_raw("POST", "/api/v1/orders", c.body, token), c.status, c.code, c.field);
  }
  EXPECT_EQ(snapshot(), before);
  EXPECT_EQ(stock_of(boot, "UK 5"), 5);
  EXPECT_EQ(stock_of(boot, "UK 6"), 2);
}

// 20 clients race for the last 7 units: exactly 7 orders succeed, the rest are told why.
TEST_P(OrdersApiTest, TwentyClientsOrderingTheLastSevenUnits) {
  const Id last = add_product("Last Pair", 5000, {{"UK 7", 7}});
  constexpr int kClients = 20;
  std::vector<std::string> tokens;
  for (int i = 0; i < kClients; ++i) tokens.push_back(customer_token("racer" + std::to_string(i)));

  std::atomic<int> created{0}, conflicts{0}, other{0};
  std::atomic<bool> go{false};
  std::vector<std::thread> threads;
  for (int i = 0; i < kClients; ++i) {
    threads.emplace_back([&, i] {
      httplib::Client racer("127.0.0.1", port);
      racer.set_read_timeout(60, 0);
      const std::string body = one_line(last, "UK 7", 1).dump();
      while (!go) std::this_thread::yield();
      auto result = racer.Post("/api/v1/orders", {{"Authorization", "Bearer " + tokens[i]}}, body,
                               "application/json");
      if (result && result->status == 201) {
        ++created;
      } else if (result && result->status == 409 &&
                 Json::parse(result->body).value("code", "") == "insufficient_stock") {
        ++conflicts;
      } else {
        ++other;
      }
    });
  }
  go = true;
  for (auto& t : threads) t.join();
  EXPECT_EQ(created, 7);
  EXPECT_EQ(conflicts, 13);
  EXPECT_EQ(other, 0);
  EXPECT_EQ(stock_of(last, "UK 7"), 0);
  auto c = database->lease();
  EXPECT_EQ(
      c->scalar("SELECT COALESCE(SUM(quantity), 0) FROM order_lines WHERE product_id = ?", last),
      7);
}

}  // namespace
}  // namespace cw::http::testing
