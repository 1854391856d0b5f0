// Coupon limits and reward claims under simultaneous checkouts through Orders::place, all of them
// group-committed in one transaction: the conditional updates inside each order's savepoint let
// exactly the allowed number through.

#include <gtest/gtest.h>

#include <atomic>
#include <functional>
#include <map>
#include <thread>

#include "orders/promo_fixture.hpp"

namespace cw::orders {
namespace {

using testing::PromoShop;

class DiscountConcurrency : public ::testing::TestWithParam<cw::testing::Backend> {
 protected:
  PromoShop shop;
  Id pump = shop.add_product("Pump", 10000);

  void SetUp() override { shop.add_size(pump, "UK 5", 10'000); }

  // Runs `count` checkouts at once, all in one group commit batch (request i from make(i));
  // answers outcome -> how many.
  std::map<std::string, int> race(int count, const std::function<OrderRequest(int)>& make) {
    std::vector<OrderRequest> requests;
    for (int i = 0; i < count; ++i) requests.push_back(make(i));
    std::map<std::string, int> outcomes;
    for (const auto& placed : shop.place_in_one_batch(requests))
      ++outcomes[placed ? "placed" : placed.error().code];
    EXPECT_EQ(shop.t->group_commit().stats().largest, count) << "not one batch";
    return outcomes;
  }
};
INSTANTIATE_TEST_SUITE_P(Db, DiscountConcurrency, cw::testing::kBothBackends,
                         cw::testing::backend_name);

TEST_P(DiscountConcurrency, CouponLimitedToTenUsesAndFiftyCheckoutsGiveExactlyTenOrders) {
  const Id coupon = shop.add_coupon({.code = "TENONLY", .percent_off = 10, .max_uses = 10});
  std::vector<Id> buyers;
  for (int i = 0; i < 50; ++i)
    buyers.push_back(shop.add_customer("b" + std::to_string(i) + "@x.io"));

  const auto outcomes = race(50, [&](int i) {
    return OrderRequest{
        .customer_id = buyers[i], .lines = {{pump, "UK 5", 1}}, .coupon_code = "tenonly"};
  });
  EXPECT_EQ(outcomes, (std::map<std::string, int>{{"placed", 10}, {"coupon_exhausted", 40}}));
  EXPECT_EQ(shop.coupon_uses(coupon), 10);
  EXPECT_EQ(shop.redemptions(coupon), 10);
  EXPECT_EQ(shop.count("orders"), 10);
  EXPECT_EQ(shop.stock(pump, "UK 5"), 10'000 - 10);
  EXPECT_EQ(shop.units_sold(pump), 10);
  EXPECT_EQ(shop.count("customer_facts"), 10);
}

TEST_P(DiscountConcurrency, OneRewardTokenInTwentyCheckoutsGivesExactlyOneOrder) {
  const Id ada = shop.add_customer("ada@example.com");
  const auto given = shop.give_reward(ada, pump, 30);
  const auto orders_before = shop.count("orders");

  const auto outcomes = race(20, [&](int) {
    return OrderRequest{
        .customer_id = ada, .lines = {{pump, "UK 5", 1}}, .reward_token = given.token};
  });
  EXPECT_EQ(outcomes, (std::map<std::string, int>{{"placed", 1}, {"reward_already_claimed", 19}}));
  EXPECT_EQ(shop.count("orders"), orders_before + 1);
  const auto reward = shop.reward(given.token);
  EXPECT_EQ(reward.status, loyalty::RewardStatus::kClaimed);
  ASSERT_TRUE(reward.claimed_order_id);
  EXPECT_EQ(shop.orders.get(*reward.claimed_order_id)->lines[0].discount, 3000);
}

TEST_P(DiscountConcurrency, PerCustomerLimitHoldsForOneCustomerCheckingOutManyTimesAtOnce) {
  const Id ada = shop.add_customer("ada@example.com");
  const Id coupon =
      shop.add_coupon({.code = "TWICE", .percent_off = 5, .max_uses_per_customer = 2});
  const auto outcomes = race(20, [&](int) {
    return OrderRequest{.customer_id = ada, .lines = {{pump, "UK 5", 1}}, .coupon_code = "TWICE"};
  });
  EXPECT_EQ(outcomes, (std::map<std::string, int>{{"placed", 2}, {"coupon_limit_reached", 18}}));
  EXPECT_EQ(shop.coupon_uses(coupon), 2);
  EXPECT_EQ(shop.redemptions(coupon), 2);
}

// Two servers on one database (two pools, two group committers: on PostgreSQL their transactions
// really run at once, under READ COMMITTED): thirty buyers split between them race for the last
// ten units, a ten-use coupon on another product and one reward token; the conditional updates
// let exactly ten orders, ten coupon uses and one claim through, and no buyer sees a conflict
// between the two servers' transactions (a deadlock victim's batch is run again, not failed).
TEST_P(DiscountConcurrency, TwoServersOnOneDatabaseSellTheLastUnitsOnceAndHonourEveryLimit) {
  auto other_db = db::Database::open({shop.t.location(), Durability::kOff, 10000});
  Orders other{*other_db, shop.config, shop.clock};
  const Id last = shop.add_product("Last pair", 5000);
  shop.add_size(last, "UK 6", 10);
  const Id coupon = shop.add_coupon({.code = "TENUSES", .percent_off = 10, .max_uses = 10});
  const Id ada = shop.add_customer("ada@example.com");
  const auto given = shop.give_reward(ada, pump, 30);
  std::vector<Id> buyers;
  for (int i = 0; i < 30; ++i)
    buyers.push_back(shop.add_customer("r" + std::to_string(i) + "@x.io"));

  std::vector<OrderRequest> requests;
  for (int i = 0; i < 30; ++i)
    requests.push_back({.customer_id = buyers[i], .lines = {{last, "UK 6", 1}}});
  for (int i = 0; i < 30; ++i)
    requests.push_back(
        {.customer_id = buyers[i], .lines = {{pump, "UK 5", 1}}, .coupon_code = "TENUSES"});
  for (int i = 0; i < 10; ++i)
    requests.push_back(
        {.customer_id = ada, .lines = {{pump, "UK 5", 1}}, .reward_token = given.token});

  std::vector<std::string> outcome(requests.size());
  std::atomic<int> ready{0};
  std::vector<std::thread> threads;
  for (std::size_t i = 0; i < requests.size(); ++i) {
    threads.emplace_back([&, i] {
      Orders& server = i % 2 == 0 ? shop.orders : other;
      ++ready;
      while (ready.load() < static_cast<int>(requests.size())) std::this_thread::yield();
      try {
        auto placed = server.place(requests[i]);
        outcome[i] = placed ? "placed" : placed.error().code;
      } catch (const Failure& e) {
        outcome[i] = std::string("failure: ") + e.what();
      }
    });
  }
  for (auto& thread : threads) thread.join();
  std::map<std::string, int> last_units, coupon_uses, reward_claims;
  for (std::size_t i = 0; i < 30; ++i) ++last_units[outcome[i]];
  for (std::size_t i = 30; i < 60; ++i) ++coupon_uses[outcome[i]];
  for (std::size_t i = 60; i < requests.size(); ++i) ++reward_claims[outcome[i]];
  EXPECT_EQ(last_units, (std::map<std::string, int>{{"placed", 10}, {"insufficient_stock", 20}}));
  EXPECT_EQ(coupon_uses, (std::map<std::string, int>{{"placed", 10}, {"coupon_exhausted", 20}}));
  EXPECT_EQ(reward_claims,
            (std::map<std::string, int>{{"placed", 1}, {"reward_already_claimed", 9}}));
  EXPECT_EQ(shop.stock(last, "UK 6"), 0);
  EXPECT_EQ(shop.units_sold(last), 10);
  EXPECT_EQ(shop.coupon_uses(coupon), 10);
  EXPECT_EQ(shop.redemptions(coupon), 10);
  EXPECT_EQ(shop.reward(given.token).status, loyalty::RewardStatus::kClaimed);
}

}  // namespace
}  // namespace cw::orders
