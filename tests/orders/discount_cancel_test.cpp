// Cancelling an order reverses what its checkout did to coupons, rewards and facts, in the cancel
// transaction; purging cancelled orders keeps the rewards' history.

#include <gtest/gtest.h>

#include "facts/facts.hpp"
#include "orders/promo_fixture.hpp"

namespace cw::orders {
namespace {

using std::chrono::days;
using testing::PromoShop;

class DiscountCancel : public ::testing::TestWithParam<cw::testing::Backend> {
 protected:
  PromoShop shop;
  Id pump = shop.add_product("Pump", 10000);
  Id boot = shop.add_product("Boot", 20000, true, "Boots");
  Id ada = shop.add_customer("ada@example.com");

  void SetUp() override {
    shop.add_size(pump, "UK 5", 50);
    shop.add_size(boot, "UK 5", 50);
  }

  Order place(OrderRequest request) {
    auto placed = shop.orders.place(request);
    if (!placed) throw std::runtime_error("place failed: " + placed.error().code);
    return *placed;
  }

  // Facts kept by checkout and cancel must equal a rebuild from the orders.
  void expect_facts_match_history() {
    const auto kept = shop.facts();
    facts::rebuild_all(*shop.t);
    EXPECT_EQ(shop.facts(), kept);
  }
};

TEST_P(DiscountCancel, CancelReleasesTheCouponReturnsTheClaimRevokesEarnedRewardsAndFixesFacts) {
  const Id coupon = shop.add_coupon({.code = "TEN", .percent_off = 10, .max_uses = 1});
  const auto held = shop.give_reward(ada, pump, 20);
  const auto facts_before = shop.facts();
  const auto stock_before = shop.stock(pump, "UK 5");
  const auto pump_sold_before = shop.units_sold(pump);

  const Order order = place({.customer_id = ada,
                             .lines = {{pump, "UK 5", 2}, {boot, "UK 5", 1}},
                             .coupon_code = "TEN",
                             .reward_token = held.token});
  ASSERT_EQ(order.rewards_allocated.size(), 1u);  // 400.00 - 40.00 - 36.00 = 324.00: category 1
  const std::string earned = order.rewards_allocated[0].token;
  EXPECT_EQ(order.discount, 4000 + 3600);
  EXPECT_EQ(shop.coupon_uses(coupon), 1);
  EXPECT_EQ(shop.reward_status(held.token), "claimed");

  auto cancelled = shop.orders.cancel(order.id);
  ASSERT_TRUE(cancelled) << cancelled.error().code;
  EXPECT_EQ(cancelled->status, Status::kCancelled);
  // The order still says what it was sold with.
  EXPECT_EQ(cancelled->coupon_code, "TEN");
  EXPECT_EQ(cancelled->reward_token, held.token);
  ASSERT_EQ(cancelled->rewards_allocated.size(), 1u);

  EXPECT_EQ(shop.coupon_uses(coupon), 0);
  EXPECT_EQ(shop.redemptions(coupon), 0);
  const auto returned = shop.reward(held.token);
  EXPECT_EQ(returned.status, loyalty::RewardStatus::kUnclaimed);
  EXPECT_FALSE(returned.claimed_at);
  EXPECT_FALSE(returned.claimed_order_id);
  EXPECT_EQ(shop.reward_status(earned), "revoked");
  EXPECT_EQ(shop.stock(pump, "UK 5"), stock_before);
  EXPECT_EQ(shop.units_sold(pump), pump_sold_before);
  EXPECT_EQ(shop.facts(), facts_before);
  expect_facts_match_history();

  // Both the coupon (limit 1) and the reward can be used again.
  const Order again = place({.customer_id = ada,
                             .lines = {{pump, "UK 5", 1}},
                             .coupon_code = "TEN",
                             .reward_token = held.token});
  EXPECT_EQ(again.discount, 1000 + 1800);
  EXPECT_EQ(shop.reward(held.token).claimed_order_id, again.id);
  const Error revoked =
      shop.orders.place({.customer_id = ada, .lines = {{pump, "UK 5", 1}}, .reward_token = earned})
          .error();
  EXPECT_EQ(revoked.code, "reward_revoked");
}

TEST_P(DiscountCancel, AClaimReturnedAfterItsExpiryReadsAsExpiredAndCannotBeClaimed) {
  const auto held = shop.give_reward(ada, pump, 10);
  const Timestamp expires = shop.reward(held.token).expires_at;
  const Order order =
      place({.customer_id = ada, .lines = {{pump, "UK 5", 1}}, .reward_token = held.token});
  shop.clock.set(expires);
  ASSERT_TRUE(shop.orders.cancel(order.id));
  EXPECT_EQ(shop.reward_status(held.token), "expired");
  auto refused = shop.orders.place(
      {.customer_id = ada, .lines = {{pump, "UK 5", 1}}, .reward_token = held.token});
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, "reward_expired");
}

TEST_P(DiscountCancel, CancellingTheEarningOrderLeavesAHeldClaimUntilItsOrderIsCancelledToo) {
  const auto held = shop.give_reward(ada, pump, 10);
  const Order claimer =
      place({.customer_id = ada, .lines = {{pump, "UK 5", 1}}, .reward_token = held.token});

  ASSERT_TRUE(shop.orders.cancel(held.earning_order));
  EXPECT_EQ(shop.reward_status(held.token), "claimed");  // the claimer holds it
  ASSERT_TRUE(shop.orders.cancel(claimer.id));
  EXPECT_EQ(shop.reward_status(held.token), "revoked");  // nothing left to return it to
  expect_facts_match_history();
}

TEST_P(DiscountCancel, PurgeRemovesCancelledOrdersAndKeepsTheRewardHistory) {
  shop.add_coupon({.code = "TEN", .percent_off = 10});
  const auto held = shop.give_reward(ada, pump, 10);
  const Order with_coupon =
      place({.customer_id = ada, .lines = {{boot, "UK 5", 2}}, .coupon_code = "TEN"});
  ASSERT_EQ(with_coupon.rewards_allocated.size(), 1u);
  const Order claimer =
      place({.customer_id = ada, .lines = {{pump, "UK 5", 1}}, .reward_token = held.token});
  ASSERT_TRUE(shop.orders.cancel(with_coupon.id));
  ASSERT_TRUE(shop.orders.cancel(held.earning_order));

  EXPECT_EQ(shop.orders.purge_cancelled(), 2);
  EXPECT_EQ(shop.count("orders"), 1);
  EXPECT_EQ(shop.count("coupon_redemptions"), 0);
  EXPECT_EQ(shop.count("rewards"), 2);  // revoked, and held by the claimer
  EXPECT_EQ(shop.reward_status(with_coupon.rewards_allocated[0].token), "revoked");
  const auto still_held = shop.reward(held.token);
  EXPECT_EQ(still_held.status, loyalty::RewardStatus::kClaimed);
  EXPECT_FALSE(still_held.order_id);  // its earning order is gone
  EXPECT_EQ(still_held.claimed_order_id, claimer.id);

  // Its earning order is gone (cancelled, then purged): cancelling the claimer revokes it.
  ASSERT_TRUE(shop.orders.cancel(claimer.id));
  EXPECT_EQ(shop.reward_status(held.token), "revoked");
  EXPECT_EQ(shop.orders.purge_cancelled(), 1);
  EXPECT_EQ(shop.count("orders"), 0);
  EXPECT_EQ(shop.count("customer_facts"), 0);
  expect_facts_match_history();
}

INSTANTIATE_TEST_SUITE_P(Db, DiscountCancel, cw::testing::kBothBackends, cw::testing::backend_name);

}  // namespace
}  // namespace cw::orders
