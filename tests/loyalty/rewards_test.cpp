#include "loyalty/rewards.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <latch>
#include <set>
#include <thread>

#include "support/shop_builder.hpp"

namespace cw::loyalty {
namespace {

using cw::testing::epoch_2026;
using promotions::PricedLines;
using std::chrono::days;
using std::chrono::seconds;

TEST(RewardCategory, ThresholdsAreExclusiveAtEachBoundary) {
  const Rules rules;
  const std::vector<std::pair<Minor, int>> cases = {
      {0, 0},     {25000, 0},  {25001, 1},  {50000, 1},  {50001, 2},  {75000, 2},
      {75001, 3}, {100000, 3}, {100001, 4}, {125000, 4}, {125001, 5}, {1'000'000'000, 5}};
  for (const auto& [goods, category] : cases) {
    EXPECT_EQ(category_for(goods, rules), category) << format_money(goods);
  }
}

TEST(RewardCategory, DefaultThresholdsFollowTheCurrencyDecimals) {
  EXPECT_EQ(Rules::for_currency(2).thresholds, Rules{}.thresholds);
  EXPECT_EQ(Rules::for_currency(0).thresholds, (std::array<Minor, 5>{250, 500, 750, 1000, 1250}));
  EXPECT_EQ(Rules::for_currency(3).thresholds[4], 1'250'000);
  Rules custom;
  custom.thresholds = {100, 200, 300, 400, 500};
  EXPECT_EQ(category_for(301, custom), 3);
}

class RewardsTest : public ::testing::TestWithParam<cw::testing::Backend> {
 protected:
  void SetUp() override {
    shoes = shop.category("Shoes");
    bestseller = shop.product(shoes, 10000, 10, true, 50);
    slow = shop.product(shoes, 8000, 10, true, 3);
    alice = shop.customer("alice@example.com");
    bob = shop.customer("bob@example.com");
  }

  AllocatedReward allocate(Id customer, Minor goods, Timestamp at) {
    const Id order_id = shop.order(customer, at);
    auto reward = allocate_reward(c, customer, order_id, goods, at, rules);
    EXPECT_TRUE(reward.has_value());
    return reward.value_or(AllocatedReward{});
  }

  // Claims in a new order, committed only when the claim succeeds; answers the claim.
  Result<ClaimedReward> claim(std::string_view token, Id customer, PricedLines& lines,
                              Timestamp at) {
    db::Transaction tx(c, db::TxMode::kWrite);
    auto claimed = claim_reward(c, token, customer, at, lines);
    if (claimed) {
      mark_claimed(c, *claimed, shop.order(customer, at));
      tx.commit();
    }
    return claimed;
  }

  std::string stored_status(Id reward_id) {
    auto rows = c.query("SELECT status FROM rewards WHERE id = ?", reward_id);
    return rows.next() ? rows.text(0) : "";
  }

  void expect_refused(std::string_view token, Id customer, Timestamp at, ErrorKind kind,
                      const std::string& code) {
    PricedLines lines{{slow, shoes, "M", 1, 8000, 0}, {bestseller, shoes, "M", 1, 10000, 0}};
    auto claimed = claim(token, customer, lines, at);
    ASSERT_FALSE(claimed.has_value()) << "expected " << code;
    EXPECT_EQ(claimed.error().kind, kind);
    EXPECT_EQ(claimed.error().code, code);
    EXPECT_EQ(claimed.error().field, "reward_token");
    EXPECT_EQ(lines[0].discount, 0);
  }

  cw::testing::TestDatabase database;
  db::Database::Lease lease = database->lease();
  db::Connection& c = *lease;
  cw::testing::ShopBuilder shop{c};
  Timestamp now = epoch_2026();
  Rules rules;
  Id shoes = 0, bestseller = 0, slow = 0, alice = 0, bob = 0;
};

INSTANTIATE_TEST_SUITE_P(Db, RewardsTest, cw::testing::kBothBackends, cw::testing::backend_name);

TEST_P(RewardsTest, NoRewardAtOrBelowTheFirstThreshold) {
  const Id order_id = shop.order(alice, now);
  EXPECT_EQ(allocate_reward(c, alice, order_id, 25000, now, rules), std::nullopt);
  EXPECT_EQ(c.scalar("SELECT COUNT(*) FROM rewards"), 0);
}

TEST_P(RewardsTest, AllocatesCategoryTimesTenPercentOffTheLeastSellingProduct) {
  const Id order_id = shop.order(alice, now);
  auto reward = allocate_reward(c, alice, order_id, 100001, now, rules);
  ASSERT_TRUE(reward.has_value());
  EXPECT_EQ(reward->category, 4);
  EXPECT_EQ(reward->percent_off, 40);
  EXPECT_EQ(reward->product_id, slow);
  EXPECT_EQ(reward->allocated_at, now);
  EXPECT_EQ(reward->expires_at, now + days(90));
  EXPECT_EQ(reward->token.size(), 43u);
  EXPECT_EQ(reward->token.find_first_not_of(
                "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"),
            std::string::npos);
  const auto bill = rewards_allocated_by(c, order_id);
  ASSERT_EQ(bill.size(), 1u);
  EXPECT_EQ(bill[0].token, reward->token);
  EXPECT_EQ(bill[0].percent_off, 40);
  EXPECT_EQ(stored_status(reward->id), "unclaimed");
}

TEST_P(RewardsTest, ExpiryIsConfigurable) {
  rules.expiry = days(7);
  EXPECT_EQ(allocate(alice, 30000, now).expires_at, now + days(7));
}

TEST_P(RewardsTest, LeastSellingTiesGoToTheLowestIdAndSkipWhatCannotBeBought) {
  const Id tie_low = shop.product(shoes, 500, 1, true, 1);
  const Id tie_high = shop.product(shoes, 500, 1, true, 1);
  const Id inactive = shop.product(shoes, 500, 5, false, 0);
  const Id sold_out = shop.product(shoes, 500, 0, true, 0);
  const Id one_size_left = shop.product(shoes, 500, 0, true, 1);
  shop.add_size(one_size_left, "L", 2);
  ASSERT_LT(tie_low, tie_high);
  ASSERT_LT(inactive, one_size_left);
  ASSERT_LT(sold_out, one_size_left);
  EXPECT_EQ(least_selling_product(c), tie_low);
  shop.set_units_sold(tie_low, 2);
  EXPECT_EQ(least_selling_product(c), tie_high);
  shop.set_stock(tie_high, 0);
  EXPECT_EQ(least_selling_product(c), one_size_left);
  EXPECT_EQ(allocate(alice, 30000, now).product_id, one_size_left);
}

TEST_P(RewardsTest, NoRewardWhenNothingCanBeBought) {
  shop.set_stock(bestseller, 0);
  shop.set_stock(slow, 0);
  const Id order_id = shop.order(alice, now);
  EXPECT_EQ(allocate_reward(c, alice, order_id, 200000, now, rules), std::nullopt);
}

TEST_P(RewardsTest, TokensAreUnique) {
  std::set<std::string> tokens;
  for (int i = 0; i < 200; ++i) tokens.insert(new_reward_token());
  EXPECT_EQ(tokens.size(), 200u);
}

TEST_P(RewardsTest, ClaimDiscountsEveryLineOfItsProductOnWhatIsLeft) {
  const AllocatedReward reward = allocate(alice, 50001, now);  // 20% off `slow`
  PricedLines lines{{slow, shoes, "M", 1, 8000, 1000},         // a coupon took 10.00 already
                    {bestseller, shoes, "M", 1, 10000, 0},
                    {slow, shoes, "L", 3, 8000, 0}};
  auto claimed = claim(reward.token, alice, lines, now + days(1));
  ASSERT_TRUE(claimed.has_value()) << claimed.error().message;
  EXPECT_EQ(lines[0].discount, 1000 + 1400);  // 20% of 70.00
  EXPECT_EQ(lines[1].discount, 0);
  EXPECT_EQ(lines[2].discount, 4800);  // 20% of 240.00
  EXPECT_EQ(claimed->discount, 6200);
  EXPECT_EQ(stored_status(reward.id), "claimed");
  const auto mine = rewards_of(c, alice, now + days(1));
  ASSERT_EQ(mine.size(), 1u);
  EXPECT_EQ(mine[0].status, RewardStatus::kClaimed);
  EXPECT_EQ(mine[0].claimed_at, now + days(1));
  EXPECT_EQ(mine[0].claimed_order_id,
            c.scalar("SELECT MAX(id) FROM orders WHERE customer_id = ?", alice));
}

TEST_P(RewardsTest, PercentIsRoundedHalfUpPerLine) {
  const AllocatedReward reward = allocate(alice, 75001, now);  // 30%
  PricedLines lines{{slow, shoes, "M", 1, 3335, 0}};           // 10.005 -> 10.01
  auto claimed = claim(reward.token, alice, lines, now);
  ASSERT_TRUE(claimed.has_value());
  EXPECT_EQ(lines[0].discount, 1001);
}

TEST_P(RewardsTest, UnknownAndOtherCustomersTokensAreTheSameRefusal) {
  const AllocatedReward reward = allocate(alice, 30000, now);
  expect_refused("no-such-token", alice, now, ErrorKind::kUnprocessable, "invalid_reward");
  expect_refused(reward.token, bob, now, ErrorKind::kUnprocessable, "invalid_reward");
  expect_refused("", alice, now, ErrorKind::kUnprocessable, "invalid_reward");
  EXPECT_EQ(stored_status(reward.id), "unclaimed");
}

TEST_P(RewardsTest, ClaimedTwiceIsAConflict) {
  const AllocatedReward reward = allocate(alice, 30000, now);
  PricedLines lines{{slow, shoes, "M", 1, 8000, 0}};
  ASSERT_TRUE(claim(reward.token, alice, lines, now).has_value());
  expect_refused(reward.token, alice, now, ErrorKind::kConflict, "reward_already_claimed");
}

TEST_P(RewardsTest, ExpiresAtTheExactInstant) {
  const AllocatedReward reward = allocate(alice, 30000, now);
  expect_refused(reward.token, alice, reward.expires_at, ErrorKind::kUnprocessable,
                 "reward_expired");
  EXPECT_EQ(rewards_of(c, alice, reward.expires_at)[0].status, RewardStatus::kExpired);
  EXPECT_EQ(rewards_of(c, alice, reward.expires_at - seconds(1))[0].status,
            RewardStatus::kUnclaimed);
  PricedLines lines{{slow, shoes, "M", 1, 8000, 0}};
  EXPECT_TRUE(claim(reward.token, alice, lines, reward.expires_at - seconds(1)).has_value());
}

TEST_P(RewardsTest, ProductMustBeInTheOrder) {
  const AllocatedReward reward = allocate(alice, 30000, now);
  PricedLines lines{{bestseller, shoes, "M", 1, 10000, 0}};
  auto claimed = claim(reward.token, alice, lines, now);
  ASSERT_FALSE(claimed.has_value());
  EXPECT_EQ(claimed.error().code, "reward_not_applicable");
  EXPECT_EQ(claimed.error().kind, ErrorKind::kUnprocessable);
  EXPECT_EQ(lines[0].discount, 0);
  EXPECT_EQ(stored_status(reward.id), "unclaimed");
}

TEST_P(RewardsTest, TwentyConcurrentClaimsOfOneTokenSucceedOnce) {
  const AllocatedReward reward = allocate(alice, 30000, now);
  std::atomic<int> succeeded{0}, already{0}, other{0};
  std::latch start(20);
  std::vector<std::thread> threads;
  for (int i = 0; i < 20; ++i) {
    threads.emplace_back([&] {
      auto connection = database->lease();
      start.arrive_and_wait();
      db::Transaction tx(*connection, db::TxMode::kWrite);
      PricedLines lines{{slow, shoes, "M", 1, 8000, 0}};
      auto claimed = claim_reward(*connection, reward.token, alice, now, lines);
      if (claimed) {
        const Id order_id = cw::testing::ShopBuilder{*connection}.order(alice, now);
        mark_claimed(*connection, *claimed, order_id);
        tx.commit();
        ++succeeded;
      } else if (claimed.error().code == "reward_already_claimed") {
        ++already;
      } else {
        ++other;
      }
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(succeeded.load(), 1);
  EXPECT_EQ(already.load(), 19);
  EXPECT_EQ(other.load(), 0);
  EXPECT_EQ(c.scalar("SELECT COUNT(*) FROM rewards WHERE status = 'claimed' AND "
                     "claimed_order_id IS NOT NULL"),
            1);
}

TEST_P(RewardsTest, ListsRewardsNewestFirstWithStatusAsOfNow) {
  const AllocatedReward claimed = allocate(alice, 30000, now);
  const AllocatedReward revoked = allocate(alice, 30000, now + seconds(1));
  const AllocatedReward expired = allocate(alice, 30000, now + seconds(2) - days(90));
  const AllocatedReward open = allocate(alice, 60000, now + seconds(3));
  allocate(bob, 30000, now);
  PricedLines lines{{slow, shoes, "M", 1, 8000, 0}};
  ASSERT_TRUE(claim(claimed.token, alice, lines, now + seconds(5)).has_value());
  c.exec("UPDATE rewards SET status = 'revoked', revoked_at = 0 WHERE id = ?", revoked.id);

  const auto mine = rewards_of(c, alice, now + seconds(10));
  ASSERT_EQ(mine.size(), 4u);
  EXPECT_EQ(mine[0].token, open.token);
  EXPECT_EQ(mine[0].status, RewardStatus::kUnclaimed);
  EXPECT_EQ(mine[0].percent_off, 20);
  EXPECT_EQ(mine[1].token, revoked.token);
  EXPECT_EQ(mine[1].status, RewardStatus::kRevoked);
  EXPECT_EQ(mine[2].token, claimed.token);
  EXPECT_EQ(mine[2].status, RewardStatus::kClaimed);
  EXPECT_EQ(mine[3].token, expired.token);
  EXPECT_EQ(mine[3].status, RewardStatus::kExpired);
  EXPECT_EQ(status_name(mine[3].status), "expired");
}

TEST_P(RewardsTest, ProductPagesShowTheBestUnclaimedPercent) {
  allocate(alice, 30000, now);  // 10% on slow
  allocate(alice, 80000, now);  // 30% on slow
  allocate(bob, 130000, now);   // someone else's 50%
  auto percents = reward_percent_by_product(c, alice, now);
  EXPECT_EQ(percents, (std::map<Id, int>{{slow, 30}}));
  EXPECT_EQ(reward_percent_for(c, alice, slow, now), 30);
  EXPECT_EQ(reward_percent_for(c, alice, bestseller, now), std::nullopt);
  EXPECT_TRUE(reward_percent_by_product(c, alice, now + days(90)).empty());  // all expired
}

}  // namespace
}  // namespace cw::loyalty
