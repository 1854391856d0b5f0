// Coupon limits and reward claims under simultaneous checkouts through Orders::place, all of them
// group-committed in one transaction: the conditional updates inside each order's savepoint let
// exactly the allowed number through.

#include <gtest/gtest.h>

#include <functional>
#include <map>

#include "orders/promo_fixture.hpp"

namespace cw::orders {
namespace {

using testing::PromoShop;

class DiscountConcurrency : public ::testing::Test {
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

TEST_F(DiscountConcurrency, CouponLimitedToTenUsesAndFiftyCheckoutsGiveExactlyTenOrders) {
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

TEST_F(DiscountConcurrency, OneRewardTokenInTwentyCheckoutsGivesExactlyOneOrder) {
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

TEST_F(DiscountConcurrency, PerCustomerLimitHoldsForOneCustomerCheckingOutManyTimesAtOnce) {
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

}  // namespace
}  // namespace cw::orders
