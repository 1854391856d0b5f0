#include "api_fixture.hpp"

#include <spdlog/spdlog.h>

namespace cw::http::testing {
namespace {

Config test_config() {
  Config config;
  config.port = 0;
  config.password_cost = "min";
  config.http_threads = 8;
  config.max_body_bytes = 64 * 1024;
  return config;
}

httplib::Headers auth(const std::string& token) {
  if (token.empty()) return {};
  return {{"Authorization", "Bearer " + token}};
}

}  // namespace

ApiTest::ApiTest() : ApiTest([](Config&) {}) {}

ApiTest::ApiTest(const std::function<void(Config&)>& adjust) : config(test_config()) {
  adjust(config);
  spdlog::set_level(spdlog::level::warn);  // one line per request is noise here
  accounts = std::make_unique<customers::Accounts>(*database, config, clock);
  server = std::make_unique<Server>(*database, config, clock);
  auto bound = server->bind();
  if (!bound) throw std::runtime_error(bound.error().message);
  port = *bound;
  serving = std::thread([this] { server->listen(); });
  client = std::make_unique<httplib::Client>("127.0.0.1", port);
  client->set_read_timeout(60, 0);
}

ApiTest::~ApiTest() {
  server->stop();
  if (serving.joinable()) serving.join();
}

Answer ApiTest::finish(const httplib::Result& result) {
  Answer answer;
  if (!result) {
    ADD_FAILURE() << "request failed: " << httplib::to_string(result.error());
    return answer;
  }
  answer.status = result->status;
  answer.raw = result->body;
  answer.content_type = result->get_header_value("Content-Type");
  answer.retry_after = result->get_header_value("Retry-After");
  answer.body = Json::parse(result->body, nullptr, false);
  if (answer.body.is_discarded()) answer.body = nullptr;
  return answer;
}

Answer ApiTest::get(const std::string& path, const std::string& token) {
  return finish(client->Get(path, auth(token)));
}

Answer ApiTest::del(const std::string& path, const std::string& token) {
  return finish(client->Delete(path, auth(token)));
}

Answer ApiTest::post(const std::string& path, const Json& body, const std::string& token) {
  return send_raw("POST", path, body.is_null() ? std::string() : body.dump(), token);
}

Answer ApiTest::patch(const std::string& path, const Json& body, const std::string& token) {
  return send_raw("PATCH", path, body.dump(), token);
}

Answer ApiTest::post_keyed(const std::string& path, const Json& body, const std::string& token,
                           const std::string& key) {
  return post_from(*client, path, body.dump(), token, key);
}

Answer ApiTest::post_from(httplib::Client& own, const std::string& path, const std::string& body,
                          const std::string& token, const std::string& key) {
  auto headers = auth(token);
  if (!key.empty()) headers.emplace("Idempotency-Key", key);
  return finish(own.Post(path, headers, body, "application/json"));
}

std::unique_ptr<httplib::Client> ApiTest::new_client() const {
  auto own = std::make_unique<httplib::Client>("127.0.0.1", port);
  own->set_read_timeout(60, 0);
  return own;
}

Answer ApiTest::send_raw(const std::string& method, const std::string& path,
                         const std::string& body, const std::string& token) {
  const auto headers = auth(token);
  if (method == "POST") return finish(client->Post(path, headers, body, "application/json"));
  if (method == "PATCH") return finish(client->Patch(path, headers, body, "application/json"));
  if (method == "DELETE") return finish(client->Delete(path, headers, body, "application/json"));
  ADD_FAILURE() << "unsupported method " << method;
  return {};
}

Id ApiTest::add_product(const std::string& name, Minor price, std::vector<catalog::SizeStock> sizes,
                        const std::string& category, const std::string& description) {
  catalog::Catalog catalog(*database, clock);
  catalog::NewProduct product;
  product.name = name;
  product.description = description;
  product.category = category;
  product.price = price;
  product.cost = price / 2;
  product.sizes = std::move(sizes);
  auto added = catalog.add(product);
  if (!added) throw std::runtime_error(added.error().message);
  return added->id;
}

Json ApiTest::registration(const std::string& username) const {
  return {{"username", username},
          {"password", "correct horse battery"},
          {"email", username + "@example.com"},
          {"first_name", "Ada"},
          {"last_name", "Lovelace"},
          {"address",
           {{"line1", "1 High Street"},
            {"city", "Leeds"},
            {"postcode", "LS1 1AA"},
            {"country", "GB"}}}};
}

std::string ApiTest::customer_token(const std::string& username) {
  auto registered = post("/api/v1/customers", registration(username));
  EXPECT_EQ(registered.status, 201) << registered.raw;
  auto session =
      post("/api/v1/sessions", {{"username", username}, {"password", "correct horse battery"}});
  EXPECT_EQ(session.status, 200) << session.raw;
  return session.body.value("token", "");
}

std::string ApiTest::login(const std::string& username, const std::string& password) {
  auto session = post("/api/v1/sessions", {{"username", username}, {"password", password}});
  EXPECT_EQ(session.status, 200) << session.raw;
  return session.body.value("token", "");
}

std::string ApiTest::staff_token(const std::string& username, customers::Role role) {
  auto added = accounts->add_staff(username, "staff password 1", role);
  EXPECT_TRUE(added.has_value());
  auto session =
      post("/api/v1/sessions", {{"username", username}, {"password", "staff password 1"}});
  EXPECT_EQ(session.status, 200) << session.raw;
  return session.body.value("token", "");
}

Id ApiTest::order(const std::string& token, Id product_id, const std::string& size, int quantity) {
  auto placed = post(
      "/api/v1/orders",
      {{"lines", {{{"product_id", product_id}, {"size", size}, {"quantity", quantity}}}}}, token);
  EXPECT_EQ(placed.status, 201) << placed.raw;
  return placed.body.value("id", Id{0});
}

std::int64_t ApiTest::stock_of(Id product_id, const std::string& size) {
  auto c = database->lease();
  return c
      ->scalar("SELECT stock FROM product_sizes WHERE product_id = ? AND size = ?", product_id,
               size)
      .value_or(-1);
}

std::map<std::string, std::int64_t> ApiTest::snapshot() {
  auto c = database->lease();
  std::map<std::string, std::int64_t> counts;
  for (const char* table :
       {"categories", "products", "product_sizes", "customers", "addresses", "accounts", "orders",
        "order_lines", "order_events", "customer_facts", "visits", "visit_events", "campaigns",
        "coupons", "coupon_redemptions", "rewards", "idempotency_keys"}) {
    counts[table] = c->scalar("SELECT COUNT(*) FROM " + std::string(table)).value_or(0);
  }
  counts["total_stock"] =
      c->scalar("SELECT COALESCE(SUM(stock), 0) FROM product_sizes").value_or(0);
  counts["units_sold"] = c->scalar("SELECT COALESCE(SUM(units_sold), 0) FROM products").value_or(0);
  counts["coupon_uses"] = c->scalar("SELECT COALESCE(SUM(uses), 0) FROM coupons").value_or(0);
  counts["coupons_active"] =
      c->scalar("SELECT COUNT(*) FROM coupons WHERE active <> 0").value_or(0);
  counts["rewards_unclaimed"] =
      c->scalar("SELECT COUNT(*) FROM rewards WHERE status = 'unclaimed'").value_or(0);
  counts["rewards_claimed"] =
      c->scalar("SELECT COUNT(*) FROM rewards WHERE status = 'claimed'").value_or(0);
  return counts;
}

void ApiTest::expect_problem(const Answer& answer, int status, const std::string& code,
                             const std::string& field) {
  EXPECT_EQ(answer.status, status) << answer.raw;
  EXPECT_EQ(answer.content_type, "application/problem+json") << answer.raw;
  ASSERT_TRUE(answer.body.is_object()) << answer.raw;
  EXPECT_EQ(answer.body.value("status", 0), status);
  EXPECT_EQ(answer.body.value("code", ""), code) << answer.raw;
  EXPECT_EQ(answer.body.value("type", ""), "urn:cartwise:problem:" + code);
  EXPECT_FALSE(answer.body.value("title", "").empty());
  EXPECT_TRUE(answer.body.contains("detail"));
  if (field.empty()) {
    EXPECT_FALSE(answer.body.contains("field")) << answer.raw;
  } else {
    EXPECT_EQ(answer.body.value("field", ""), field) << answer.raw;
  }
}

}  // namespace cw::http::testing
