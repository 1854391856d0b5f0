#pragma once
// Shared set-up for the coupon, reward and idempotency tests over HTTP: three products whose
// sales order is known, an analyst, and helpers that create coupons and earn rewards.

#include <functional>
#include <latch>
#include <string>
#include <thread>
#include <vector>

#include "api_fixture.hpp"

namespace cw::http::testing {

class PromoApiTest : public ApiTest {
 protected:
  PromoApiTest() {
    coat = add_product("Wool Coat", 30000, {{"M", 40}}, "Coats");
    socks = add_product("Socks", 2000, {{"M", 100}}, "Accessories");
    scarf = add_product("Scarf", 1500, {{"M", 10}}, "Accessories");
    analyst = staff_token("numbers", customers::Role::kAnalyst);
  }

  static Json line(Id product, int quantity) {
    return {{"product_id", product}, {"size", "M"}, {"quantity", quantity}};
  }

  // Creates a coupon as the analyst; answers its id (fails the test otherwise).
  Id create_coupon(const Json& body) {
    auto created = post("/api/v1/coupons", body, analyst);
    EXPECT_EQ(created.status, 201) << created.raw;
    return created.body.value("id", Id{0});
  }

  // Buys one coat (300.00: a category-1 reward) and answers the token of the reward it earned:
  // 10% off socks while socks are the least-selling product.
  std::string earn_reward(const std::string& token) {
    auto placed = post("/api/v1/orders", {{"lines", {line(coat, 1)}}}, token);
    EXPECT_EQ(placed.status, 201) << placed.raw;
    const Json& allocated = placed.body.at("rewards_allocated");
    EXPECT_EQ(allocated.size(), 1u) << placed.raw;
    return allocated.empty() ? std::string() : allocated[0].value("token", "");
  }

  std::int64_t count(const std::string& sql) {
    auto c = database->lease();
    return c->scalar(sql).value_or(-1);
  }

  // Runs send(i, client) on `count` threads released together by one latch, each with a client
  // of its own, so that the server sees the requests concurrently; answers in index order.
  std::vector<Answer> at_once(int count, const std::function<Answer(int, httplib::Client&)>& send) {
    std::vector<Answer> answers(static_cast<std::size_t>(count));
    std::latch start(count);
    std::vector<std::thread> threads;
    for (int i = 0; i < count; ++i) {
      threads.emplace_back([&, i] {
        auto own = new_client();
        start.arrive_and_wait();
        answers[static_cast<std::size_t>(i)] = send(i, *own);
      });
    }
    for (auto& thread : threads) thread.join();
    return answers;
  }

  Id coat = 0, socks = 0, scarf = 0;
  std::string analyst;
};

}  // namespace cw::http::testing
