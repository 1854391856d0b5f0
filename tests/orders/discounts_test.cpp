#include "orders/discounts.hpp"

#include <gtest/gtest.h>

#include "promotions/coupons.hpp"
#include "support/shop_builder.hpp"

namespace cw::orders {
namespace {

using cw::testing::epoch_2026;
using loyalty::allocate_reward;
using loyalty::AllocatedReward;
using loyalty::Reward;
using loyalty::rewards_of;
using loyalty::RewardStatus;
using loyalty::Rules;
using promotions::PricedLines;
using std::chrono::days;

// A checkout as Orders::place runs it: discounts, the order row, their records, a new reward.
class DiscountsTest : public ::testing::TestWithParam<cw::testing::Backend> {
 protected:
  void SetUp() override {
    shoes = shop.category("Shoes");
    popular = shop.product(shoes, 10000, 10, true, 40);
    slow = shop.product(shoes, 20000, 10, true, 1);
    alice = shop.customer("alice@example.com");
    auto coupon = promotions::create_coupon(
        c, {.code = "TENPC", .percent_off = 10, .max_uses = 5, .max_uses_per_customer = 1}, now);
    ASSERT_TRUE(coupon.has_value());
    coupon_id = coupon->id;
  }

  struct Placed {
    Id order_id = 0;
    Discounts discounts;
    PricedLines lines;
    std::optional<AllocatedReward> reward;
  };

  Result<Placed> place(const DiscountRequest& request, PricedLines lines, Timestamp at) {
    db::Transaction tx(c, db::TxMode::kWrite);
    auto discounts = apply_discounts(c, request, alice, at, lines);
    if (!discounts) return fail(discounts.error());
    Placed placed{.order_id = shop.order(alice, at), .discounts = *discounts, .lines = lines};
    record_discounts(c, placed.discounts, placed.order_id, alice, at);
    Minor goods_after_discount = 0;
    for (const auto& line : lines) goods_after_discount += line.goods() - line.discount;
    placed.reward = allocate_reward(c, alice, placed.order_id, goods_after_discount, at, rules);
    tx.commit();
    return placed;
  }

  OrderReversal cancel(Id order_id, Timestamp at) {
    db::Transaction tx(c, db::TxMode::kWrite);
    shop.set_order_status(order_id, "cancelled");
    auto reversal = reverse_discounts(c, order_id, at);
    tx.commit();
    return reversal;
  }

  std::int64_t coupon_uses() {
    return *c.scalar("SELECT uses FROM coupons WHERE id = ?", coupon_id);
  }
  std::string status_of(const std::string& token) {
    auto rows = c.query("SELECT status FROM rewards WHERE token = ?", token);
    return rows.next() ? rows.text(0) : "";
  }

  cw::testing::TestDatabase database;
  db::Database::Lease lease = database->lease();
  db::Connection& c = *lease;
  cw::testing::ShopBuilder shop{c};
  Timestamp now = epoch_2026();
  Rules rules;
  Id shoes = 0, popular = 0, slow = 0, alice = 0, coupon_id = 0;
};

TEST_P(DiscountsTest, CouponFirstThenRewardOnWhatIsLeft) {
  auto first = place({}, {{popular, shoes, "M", 3, 10000, 0}}, now);  // 300.00 -> category 1
  ASSERT_TRUE(first.has_value());
  ASSERT_TRUE(first->reward.has_value());
  EXPECT_EQ(first->reward->product_id, slow);
  EXPECT_EQ(first->reward->percent_off, 10);

  auto second =
      place({"tenpc", first->reward->token},
            {{slow, shoes, "M", 1, 20000, 0}, {popular, shoes, "M", 1, 10000, 0}}, now + days(1));
  ASSERT_TRUE(second.has_value()) << second.error().code;
  // slow: coupon 20.00, reward 10% of 180.00 = 18.00; popular: coupon 10.00
  EXPECT_EQ(second->lines[0].discount, 3800);
  EXPECT_EQ(second->lines[1].discount, 1000);
  EXPECT_EQ(second->discounts.coupon->discount, 3000);
  EXPECT_EQ(second->discounts.reward->discount, 1800);
  EXPECT_EQ(second->discounts.total(), 4800);
  EXPECT_EQ(coupon_uses(), 1);
  EXPECT_EQ(status_of(first->reward->token), "claimed");
  // 300.00 - 48.00 = 252.00: over 250, category 1 again
  ASSERT_TRUE(second->reward.has_value());
  EXPECT_EQ(second->reward->category, 1);
}

TEST_P(DiscountsTest, AFailedRewardUndoesTheCouponWithTheTransaction) {
  auto refused = place({"TENPC", "not-a-token"}, {{slow, shoes, "M", 1, 20000, 0}}, now);
  ASSERT_FALSE(refused.has_value());
  EXPECT_EQ(refused.error().code, "invalid_reward");
  EXPECT_EQ(coupon_uses(), 0);
  EXPECT_EQ(c.scalar("SELECT COUNT(*) FROM coupon_redemptions"), 0);
  EXPECT_EQ(c.scalar("SELECT COUNT(*) FROM orders"), 0);
}

TEST_P(DiscountsTest, CancelReleasesTheCouponReturnsTheClaimAndRevokesWhatItEarned) {
  auto first = place({}, {{popular, shoes, "M", 3, 10000, 0}}, now);
  ASSERT_TRUE(first.has_value() && first->reward.has_value());
  auto second =
      place({"TENPC", first->reward->token}, {{slow, shoes, "M", 2, 20000, 0}}, now + days(1));
  ASSERT_TRUE(second.has_value() && second->reward.has_value());
  const std::string earned = second->reward->token;

  const OrderReversal reversal = cancel(second->order_id, now + days(2));
  EXPECT_EQ(reversal.coupon_released, coupon_id);
  EXPECT_EQ(reversal.rewards.returned, 1);
  EXPECT_EQ(reversal.rewards.revoked, 1);
  EXPECT_EQ(coupon_uses(), 0);
  EXPECT_EQ(status_of(first->reward->token), "unclaimed");
  EXPECT_EQ(status_of(earned), "revoked");
  EXPECT_EQ(c.scalar("SELECT COUNT(*) FROM rewards WHERE claimed_order_id IS NOT NULL"), 0);

  // Both can be used again: the per-customer coupon limit is free and the reward claimable.
  auto again =
      place({"TENPC", first->reward->token}, {{slow, shoes, "M", 1, 20000, 0}}, now + days(3));
  ASSERT_TRUE(again.has_value()) << again.error().code;
  EXPECT_EQ(coupon_uses(), 1);
  EXPECT_EQ(status_of(first->reward->token), "claimed");
  // A revoked reward stays unusable.
  auto revoked = place({std::nullopt, earned}, {{slow, shoes, "M", 1, 20000, 0}}, now + days(3));
  ASSERT_FALSE(revoked.has_value());
  EXPECT_EQ(revoked.error().code, "reward_revoked");
}

TEST_P(DiscountsTest, AClaimReturnedAfterExpiryReadsExpiredAndCannotBeClaimed) {
  auto first = place({}, {{popular, shoes, "M", 3, 10000, 0}}, now);
  ASSERT_TRUE(first.has_value() && first->reward.has_value());
  const Timestamp expires = first->reward->expires_at;
  auto second = place({std::nullopt, first->reward->token}, {{slow, shoes, "M", 1, 20000, 0}},
                      expires - days(1));
  ASSERT_TRUE(second.has_value());
  cancel(second->order_id, expires + days(1));
  const auto mine = rewards_of(c, alice, expires + days(1));
  const auto it = std::find_if(mine.begin(), mine.end(),
                               [&](const Reward& r) { return r.token == first->reward->token; });
  ASSERT_NE(it, mine.end());
  EXPECT_EQ(it->status, RewardStatus::kExpired);
  auto late = place({std::nullopt, first->reward->token}, {{slow, shoes, "M", 1, 20000, 0}},
                    expires + days(1));
  ASSERT_FALSE(late.has_value());
  EXPECT_EQ(late.error().code, "reward_expired");
}

TEST_P(DiscountsTest, ARewardClaimedElsewhereSurvivesTheCancelOfTheOrderThatEarnedIt) {
  auto first = place({}, {{popular, shoes, "M", 3, 10000, 0}}, now);
  ASSERT_TRUE(first.has_value() && first->reward.has_value());
  auto second =
      place({std::nullopt, first->reward->token}, {{slow, shoes, "M", 1, 20000, 0}}, now + days(1));
  ASSERT_TRUE(second.has_value());
  const OrderReversal reversal = cancel(first->order_id, now + days(2));
  EXPECT_EQ(reversal.coupon_released, std::nullopt);
  EXPECT_EQ(reversal.rewards.revoked, 0);
  EXPECT_EQ(status_of(first->reward->token), "claimed");
  // When the claiming order is cancelled too, the reward has no live order behind it: revoked.
  cancel(second->order_id, now + days(3));
  EXPECT_EQ(status_of(first->reward->token), "revoked");
}

INSTANTIATE_TEST_SUITE_P(Db, DiscountsTest, cw::testing::kBothBackends, cw::testing::backend_name);

}  // namespace
}  // namespace cw::orders
