// The generated marketing and loyalty history must be one the live rules could have produced:
// coupons within their windows and limits, discounts computed as checkout computes them, rewards
// allocated by category and least-selling product, claimed once, in time, with their product.
#include <gtest/gtest.h>

#include <map>
#include <memory>

#include "demo/generator.hpp"
#include "support/temp_dir.hpp"

namespace cw::demo {
namespace {

// Not the defaults, so that the tests show the configured rules are the ones applied.
loyalty::Rules custom_rules() {
  loyalty::Rules rules;
  rules.thresholds = {20'000, 40'000, 60'000, 80'000, 100'000};
  rules.percent_per_category = 5;
  rules.expiry = std::chrono::days{60};
  return rules;
}

// One generated history per database kind, made by the first test of the kind that needs it.
class GeneratedHistory : public ::testing::TestWithParam<testing::Backend> {
 protected:
  struct Generated {
    std::unique_ptr<testing::TestDatabase> database;
    Summary summary;
  };
  void SetUp() override {
    Generated& shop = shops_[GetParam()];
    if (!shop.database) {
      shop.database = std::make_unique<testing::TestDatabase>();
      ManualClock clock(*parse_timestamp("2026-03-15T12:00:00Z"));
      Options options;
      options.customers = 600;
      options.seed = 11;
      options.orders_per_customer = 6.0;
      options.password_hash = "$argon2id$v=19$m=8,t=1,p=1$c2FsdHNhbHQ$demo-test-hash";
      options.orders_per_commit = 900;
      options.reward_rules = custom_rules();
      auto result = generate(**shop.database, clock, options);
      ASSERT_TRUE(result) << result.error().message;
      shop.summary = *result;
    }
    shop_ = shop.database.get();
    summary_ = shop.summary;
  }
  static void TearDownTestSuite() {
    shops_.clear();
    shop_ = nullptr;
  }
  static std::int64_t count(const std::string& sql) {
    return (*shop_)->lease()->scalar(sql).value_or(-1);
  }
  // The Unix time of the start of a `YYYY-MM-DD` text column's day (UTC).
  static std::string unix_day(const std::string& column) {
    return (*shop_)->dialect() == db::Dialect::kSqlite
               ? "unixepoch(" + column + ")"
               : "CAST(EXTRACT(EPOCH FROM CAST(" + column + " AS DATE)) AS BIGINT)";
  }

  static inline std::map<testing::Backend, Generated> shops_;
  static inline testing::TestDatabase* shop_ = nullptr;
  static inline Summary summary_;
};
INSTANTIATE_TEST_SUITE_P(Db, GeneratedHistory, testing::kBothBackends, testing::backend_name);

TEST_P(GeneratedHistory, CampaignsHaveFiguresAndOneCouponEach) {
  EXPECT_GE(summary_.campaigns, 12);
  EXPECT_EQ(count("SELECT COUNT(*) FROM campaigns"), summary_.campaigns);
  EXPECT_EQ(count("SELECT COUNT(*) FROM coupons"), summary_.coupons);
  EXPECT_EQ(count("SELECT COUNT(*) FROM campaigns WHERE cost <= 0 OR impressions <= 0"
                  " OR clicks <= 0 OR clicks > impressions"),
            0);
  EXPECT_GE(count("SELECT COUNT(DISTINCT channel) FROM campaigns"), 3);
  // Every campaign has exactly one coupon valid over its dates; WELCOME10 stands alone.
  EXPECT_EQ(
      count("SELECT COUNT(*) FROM campaigns k WHERE 1 != (SELECT COUNT(*) FROM coupons c"
            " WHERE c.campaign_id = k.id AND c.starts_at = " +
            unix_day("k.starts_on") + " AND c.expires_at = " + unix_day("k.ends_on") + " + 86400)"),
      0);
  EXPECT_EQ(count("SELECT COUNT(*) FROM coupons WHERE campaign_id IS NULL"), 1);
  EXPECT_EQ(count("SELECT COUNT(*) FROM coupons WHERE code = 'WELCOME10'"
                  " AND max_uses_per_customer = 1"),
            1);
  // Campaigns never overlap, so a visit's campaign is the one running.
  EXPECT_EQ(count("SELECT COUNT(*) FROM campaigns a JOIN campaigns b ON a.id < b.id"
                  " AND a.ends_on >= b.starts_on AND b.ends_on >= a.starts_on"),
            0);
}

TEST_P(GeneratedHistory, VisitsCarryTheRunningCampaignAndStayUnderItsClicks) {
  EXPECT_GT(count("SELECT COUNT(*) FROM visits WHERE campaign_id IS NOT NULL AND order_id IS NULL"),
            20);
  EXPECT_GT(count("SELECT COUNT(*) FROM visits WHERE campaign_id IS NOT NULL"
                  " AND order_id IS NOT NULL"),
            20);
  // A browse visit starts inside its campaign; an order visit may start up to 40 minutes early.
  EXPECT_EQ(count("SELECT COUNT(*) FROM visits v JOIN campaigns k ON k.id = v.campaign_id"
                  " LEFT JOIN orders o ON o.id = v.order_id"
                  " WHERE COALESCE(o.placed_at, v.started_at) < " +
                  unix_day("k.starts_on") + " OR COALESCE(o.placed_at, v.started_at) >= " +
                  unix_day("k.ends_on") + " + 86400 OR v.source != k.channel"),
            0);
  EXPECT_EQ(count("SELECT COUNT(*) FROM campaigns k WHERE k.clicks <"
                  " (SELECT COUNT(*) FROM visits v WHERE v.campaign_id = k.id)"),
            0);
  // An order using a campaign's coupon came through that campaign.
  EXPECT_EQ(count(R"(SELECT COUNT(*) FROM orders o JOIN coupons c ON c.id = o.coupon_id
      JOIN visits v ON v.order_id = o.id
      WHERE c.campaign_id IS NOT NULL AND v.campaign_id IS DISTINCT FROM c.campaign_id)"),
            0);
}

TEST_P(GeneratedHistory, CouponsAreUsedOnTenToTwentyPercentOfOrders) {
  const double share = static_cast<double>(count("SELECT COUNT(*) FROM orders"
                                                 " WHERE coupon_id IS NOT NULL")) /
                       static_cast<double>(count("SELECT COUNT(*) FROM orders"));
  EXPECT_GE(share, 0.10);
  EXPECT_LE(share, 0.20);
  EXPECT_EQ(count("SELECT COUNT(*) FROM orders WHERE coupon_id IS NOT NULL"),
            summary_.coupon_orders);
}

TEST_P(GeneratedHistory, NoCouponPassesItsLimitsOrWindow) {
  // uses = redemptions = the non-cancelled orders that used the coupon.
  EXPECT_EQ(count(R"(SELECT COUNT(*) FROM coupons c
      WHERE c.uses != (SELECT COUNT(*) FROM coupon_redemptions r WHERE r.coupon_id = c.id)
         OR c.uses != (SELECT COUNT(*) FROM orders o WHERE o.coupon_id = c.id
                       AND o.status != 'cancelled'))"),
            0);
  EXPECT_EQ(count("SELECT COUNT(*) FROM coupons WHERE uses > max_uses"), 0);
  EXPECT_GT(count("SELECT COUNT(*) FROM coupons WHERE uses = max_uses"), 0);  // some ran out
  EXPECT_EQ(count(R"(SELECT COUNT(*) FROM (SELECT r.coupon_id, r.customer_id, COUNT(*) AS n
      FROM coupon_redemptions r GROUP BY 1, 2) u JOIN coupons c ON c.id = u.coupon_id
      WHERE u.n > c.max_uses_per_customer)"),
            0);
  EXPECT_EQ(count(R"(SELECT COUNT(*) FROM orders o JOIN coupons c ON c.id = o.coupon_id
      WHERE o.placed_at < COALESCE(c.starts_at, o.placed_at)
         OR o.placed_at >= COALESCE(c.expires_at, o.placed_at + 1))"),
            0);
  EXPECT_EQ(count(R"(SELECT COUNT(*) FROM coupon_redemptions r JOIN orders o ON o.id = r.order_id
      WHERE r.customer_id != o.customer_id OR r.at != o.placed_at OR r.amount <= 0)"),
            0);
}

TEST_P(GeneratedHistory, CouponDiscountsAreCheckoutsPerLineRule) {
  // Without a reward, a line in scope gets goods x percent / 100 rounded half-up, others none.
  const char* wrong = R"(SELECT COUNT(*) FROM order_lines l JOIN orders o ON o.id = l.order_id
      JOIN coupons c ON c.id = o.coupon_id JOIN products p ON p.id = l.product_id
      WHERE o.claimed_reward_id IS NULL AND l.discount !=
        CASE WHEN c.scope = 'order' OR p.category_id = c.scope_id
             THEN (l.quantity * l.unit_price * c.percent_off + 50) / 100 ELSE 0 END)";
  EXPECT_EQ(count(wrong), 0);
  EXPECT_GT(count("SELECT COUNT(*) FROM orders o JOIN coupons c ON c.id = o.coupon_id"
                  " WHERE c.scope = 'category'"),
            0);
  EXPECT_EQ(count("SELECT COUNT(*) FROM orders WHERE coupon_id IS NULL"
                  " AND claimed_reward_id IS NULL AND discount != 0"),
            0);
}

TEST_P(GeneratedHistory, EveryOrderEarnsTheRewardOfItsBillTotal) {
  // Category k when goods after discounts are MORE than threshold k (custom_rules()).
  const char* category = R"(CASE WHEN o.subtotal - o.discount > 100000 THEN 5
      WHEN o.subtotal - o.discount > 80000 THEN 4 WHEN o.subtotal - o.discount > 60000 THEN 3
      WHEN o.subtotal - o.discount > 40000 THEN 2 WHEN o.subtotal - o.discount > 20000 THEN 1
      ELSE 0 END)";
  EXPECT_EQ(count(std::string("SELECT COUNT(*) FROM orders o WHERE ") + category +
                  " != (SELECT COALESCE(MAX(category), 0) FROM rewards r WHERE r.order_id = o.id)"),
            0);
  EXPECT_EQ(count("SELECT COUNT(*) FROM (SELECT order_id FROM rewards GROUP BY order_id"
                  " HAVING COUNT(*) > 1) AS shared"),
            0);
  EXPECT_EQ(count(R"(SELECT COUNT(*) FROM rewards r JOIN orders o ON o.id = r.order_id
      WHERE r.customer_id != o.customer_id OR r.allocated_at != o.placed_at
         OR r.percent_off != 5 * r.category OR r.expires_at != r.allocated_at + 60 * 86400
         OR length(r.token) != 43)"),
            0);
  EXPECT_GE(count("SELECT COUNT(DISTINCT category) FROM rewards"), 3);
  EXPECT_EQ(count("SELECT COUNT(*) FROM rewards"), summary_.rewards);
  // A cancelled order's reward was revoked when it was cancelled, never before or otherwise.
  EXPECT_EQ(count(R"(SELECT COUNT(*) FROM rewards r JOIN orders o ON o.id = r.order_id
      WHERE (o.status = 'cancelled') != (r.status = 'revoked')
         OR (r.status = 'revoked' AND r.revoked_at != (SELECT at FROM order_events e
             WHERE e.order_id = o.id AND e.status = 'cancelled')))"),
            0);
}

TEST_P(GeneratedHistory, ClaimedRewardsAreClaimedOnceInTimeWithTheirProduct) {
  EXPECT_GT(summary_.rewards_claimed, 10);
  EXPECT_EQ(count("SELECT COUNT(*) FROM rewards WHERE status = 'claimed'"),
            summary_.rewards_claimed);
  EXPECT_EQ(count(R"(SELECT COUNT(*) FROM rewards r LEFT JOIN orders o ON o.id = r.claimed_order_id
      WHERE r.status = 'claimed' AND (o.id IS NULL OR o.status = 'cancelled'
         OR o.customer_id != r.customer_id OR o.claimed_reward_id != r.id
         OR r.claimed_at != o.placed_at OR r.claimed_at < r.allocated_at
         OR r.claimed_at >= r.expires_at
         OR NOT EXISTS (SELECT 1 FROM order_lines l WHERE l.order_id = o.id
                        AND l.product_id = r.product_id AND l.discount > 0)))"),
            0);
  // Each non-cancelled order with a claim holds a claimed reward; no reward is held twice.
  EXPECT_EQ(count("SELECT COUNT(*) FROM orders WHERE claimed_reward_id IS NOT NULL"
                  " AND status != 'cancelled'"),
            summary_.rewards_claimed);
  EXPECT_EQ(count("SELECT COUNT(*) FROM (SELECT claimed_reward_id FROM orders"
                  " WHERE claimed_reward_id IS NOT NULL AND status != 'cancelled'"
                  " GROUP BY 1 HAVING COUNT(*) > 1) AS shared"),
            0);
  // A claim made by an order that was later cancelled went back to unclaimed.
  EXPECT_EQ(count(R"(SELECT COUNT(*) FROM orders o JOIN rewards r ON r.id = o.claimed_reward_id
      WHERE o.status = 'cancelled' AND r.claimed_order_id = o.id)"),
            0);
  // Without a coupon, the reward's lines get remaining x percent / 100 rounded half-up.
  EXPECT_EQ(count(R"(SELECT COUNT(*) FROM orders o JOIN rewards r ON r.id = o.claimed_reward_id
      JOIN order_lines l ON l.order_id = o.id
      WHERE o.coupon_id IS NULL AND l.discount != CASE WHEN l.product_id = r.product_id
        THEN (l.quantity * l.unit_price * r.percent_off + 50) / 100 ELSE 0 END)"),
            0);
}

// Replays the orders in time order: a reward's product has the fewest units sold at that moment
// (non-cancelled orders and those not cancelled yet, this one included), ties to the lowest id.
TEST_P(GeneratedHistory, RewardsGoToTheLeastSellingProductOfTheirMoment) {
  auto c = (*shop_)->lease();
  std::map<std::int64_t, std::int64_t> units;  // product -> units sold now
  for (auto rows = c->query("SELECT id FROM products"); rows.next();) units[rows.integer(0)] = 0;
  struct Cancel {
    std::int64_t at, product, quantity;
  };
  std::multimap<std::int64_t, Cancel> cancels;
  std::map<std::int64_t, std::vector<std::pair<std::int64_t, std::int64_t>>> lines;
  for (auto rows = c->query("SELECT order_id, product_id, quantity FROM order_lines"); rows.next();)
    lines[rows.integer(0)].emplace_back(rows.integer(1), rows.integer(2));
  std::int64_t checked = 0;
  for (auto rows = c->query(R"(SELECT o.id, o.placed_at,
        (SELECT at FROM order_events e WHERE e.order_id = o.id AND e.status = 'cancelled'),
        (SELECT product_id FROM rewards r WHERE r.order_id = o.id)
      FROM orders o ORDER BY o.placed_at, o.id)");
       rows.next();) {
    const std::int64_t placed_at = rows.integer(1);
    while (!cancels.empty() && cancels.begin()->first <= placed_at) {
      units[cancels.begin()->second.product] -= cancels.begin()->second.quantity;
      cancels.erase(cancels.begin());
    }
    for (const auto& [product, quantity] : lines[rows.integer(0)]) {
      units[product] += quantity;
      if (!rows.is_null(2)) cancels.insert({rows.integer(2), {rows.integer(2), product, quantity}});
    }
    if (rows.is_null(3)) continue;
    const std::int64_t chosen = rows.integer(3);
    for (const auto& [product, sold] : units) {
      ASSERT_TRUE(sold > units[chosen] || (sold == units[chosen] && product >= chosen))
          << "order " << rows.integer(0) << ": product " << product << " sold " << sold
          << ", the reward's product " << chosen << " sold " << units[chosen];
    }
    ++checked;
  }
  EXPECT_EQ(checked, summary_.rewards);
}

}  // namespace
}  // namespace cw::demo
