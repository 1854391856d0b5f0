// Coupons and rewards through Orders::place: the discount on each line and in the bill, the
// refusals (nothing changes), the limits, validity at the exact instant, and the rewards a bill
// allocates (thresholds, least-selling product, configuration).

#include <gtest/gtest.h>

#include "orders/pricing.hpp"
#include "orders/promo_fixture.hpp"

namespace cw::orders {
namespace {

using promotions::Scope;
using std::chrono::days;
using std::chrono::hours;
using std::chrono::seconds;
using testing::PromoShop;

class DiscountCheckout : public ::testing::TestWithParam<cw::testing::Backend> {
 protected:
  PromoShop shop;
  Id pump = shop.add_product("Pump", 10000);                 // Heels, 100.00
  Id boot = shop.add_product("Boot", 20000, true, "Boots");  // Boots, 200.00
  Id ada = shop.add_customer("ada@example.com");
  Id bea = shop.add_customer("bea@example.com");

  void SetUp() override {
    shop.add_size(pump, "UK 5", 50, 0);
    shop.add_size(pump, "UK 6", 50, 1);
    shop.add_size(boot, "UK 5", 50);
  }

  Result<Order> place(OrderRequest request) { return shop.orders.place(request); }

  // A request that must be refused and leave every table as it was.
  Error refused(const OrderRequest& request) {
    const auto before = shop.full_snapshot();
    auto placed = shop.orders.place(request);
    EXPECT_FALSE(placed.has_value()) << "placed order " << (placed ? placed->id : 0);
    EXPECT_EQ(shop.full_snapshot(), before) << "a refused order changed the database";
    return placed ? Error{} : placed.error();
  }
};

TEST_P(DiscountCheckout, PercentCouponIsPerLineRoundedHalfUpAndShownOnTheBill) {
  const Id odd = shop.add_product("Odd", 3335);
  shop.add_size(odd, "UK 5", 5);
  const Id coupon = shop.add_coupon({.code = "SPRING10", .percent_off = 10});

  auto placed = place({.customer_id = ada,
                       .lines = {{odd, "UK 5", 1}, {pump, "UK 5", 2}},
                       .coupon_code = "  spring10"});
  ASSERT_TRUE(placed) << placed.error().code;
  ASSERT_EQ(placed->lines.size(), 2u);
  EXPECT_EQ(placed->lines[0].discount, 334);  // 333.5 rounds up
  EXPECT_EQ(placed->lines[0].line_total, 3001);
  EXPECT_EQ(placed->lines[1].discount, 2000);
  EXPECT_EQ(placed->lines[1].line_total, 18000);
  EXPECT_EQ(placed->subtotal, 23335);
  EXPECT_EQ(placed->discount, 2334);
  EXPECT_EQ(placed->total, 21001);
  EXPECT_EQ(placed->coupon_code, "SPRING10");
  EXPECT_FALSE(placed->reward_token);
  EXPECT_EQ(shop.coupon_uses(coupon), 1);
  EXPECT_EQ(
      shop.table("SELECT coupon_id, order_id, customer_id, amount FROM coupon_redemptions", 4),
      (testing::Table{
          {std::to_string(coupon), std::to_string(placed->id), std::to_string(ada), "2334"}}));

  // Read back, the order says the same.
  auto loaded = shop.orders.get(placed->id);
  ASSERT_TRUE(loaded);
  EXPECT_EQ(loaded->coupon_code, "SPRING10");
  EXPECT_EQ(loaded->discount, 2334);
  EXPECT_EQ(loaded->lines[0].discount, 334);
  EXPECT_EQ(loaded->lines[1].line_total, 18000);
}

TEST_P(DiscountCheckout, CategoryCouponDiscountsOnlyLinesOfItsCategory) {
  shop.add_coupon({.code = "BOOTS30",
                   .scope = Scope::kCategory,
                   .scope_id = shop.category_id("Boots"),
                   .amount_off = 3000});
  auto placed = place({.customer_id = ada,
                       .lines = {{pump, "UK 5", 1}, {boot, "UK 5", 2}},
                       .coupon_code = "boots30"});
  ASSERT_TRUE(placed) << placed.error().code;
  EXPECT_EQ(placed->lines[0].discount, 0);
  EXPECT_EQ(placed->lines[1].discount, 3000);
  EXPECT_EQ(placed->total, 10000 + 40000 - 3000);

  const Error error =
      refused({.customer_id = ada, .lines = {{pump, "UK 5", 1}}, .coupon_code = "BOOTS30"});
  EXPECT_EQ(error.code, "coupon_out_of_scope");
  EXPECT_EQ(error.kind, ErrorKind::kUnprocessable);
  EXPECT_EQ(error.field, "coupon_code");
}

TEST_P(DiscountCheckout, ProductCouponTakesItsAmountOffEachLineOfTheProductCappedAtTheLine) {
  shop.add_coupon(
      {.code = "PUMP15", .scope = Scope::kProduct, .scope_id = pump, .amount_off = 1500});
  auto placed = place({.customer_id = ada,
                       .lines = {{pump, "UK 5", 1}, {pump, "UK 6", 2}, {boot, "UK 5", 1}},
                       .coupon_code = "PUMP15"});
  ASSERT_TRUE(placed) << placed.error().code;
  EXPECT_EQ(placed->lines[0].discount, 1500);
  EXPECT_EQ(placed->lines[1].discount, 1500);
  EXPECT_EQ(placed->lines[2].discount, 0);
  EXPECT_EQ(placed->discount, 3000);

  shop.add_coupon(
      {.code = "PUMP150", .scope = Scope::kProduct, .scope_id = pump, .amount_off = 15000});
  auto capped = place({.customer_id = ada, .lines = {{pump, "UK 5", 1}}, .coupon_code = "PUMP150"});
  ASSERT_TRUE(capped) << capped.error().code;
  EXPECT_EQ(capped->lines[0].discount, 10000);
  EXPECT_EQ(capped->total, 0);
}

TEST_P(DiscountCheckout, FixedOrderAmountIsSpreadByShareRemainderFirstAndNeverOverTheGoods) {
  const Id third = shop.add_product("Third", 3333);
  for (const char* size : {"A", "B", "C"}) shop.add_size(third, size, 5);
  shop.add_coupon({.code = "POUND", .amount_off = 100});
  auto spread = place({.customer_id = ada,
                       .lines = {{third, "A", 1}, {third, "B", 1}, {third, "C", 1}},
                       .coupon_code = "POUND"});
  ASSERT_TRUE(spread) << spread.error().code;
  EXPECT_EQ(spread->lines[0].discount, 34);
  EXPECT_EQ(spread->lines[1].discount, 33);
  EXPECT_EQ(spread->lines[2].discount, 33);
  EXPECT_EQ(spread->total, 9999 - 100);

  shop.config.shipping_fee = 395;
  shop.add_coupon({.code = "FIVEHUNDRED", .amount_off = 50000});
  auto all =
      place({.customer_id = ada, .lines = {{pump, "UK 5", 1}}, .coupon_code = "FIVEHUNDRED"});
  ASSERT_TRUE(all) << all.error().code;
  EXPECT_EQ(all->discount, 10000);
  EXPECT_EQ(all->total, 395);  // the goods are free, shipping is not
}

TEST_P(DiscountCheckout, RewardAppliesToWhatTheCouponLeftOnEveryLineOfItsProduct) {
  const auto given = shop.give_reward(ada, pump, 20);
  shop.add_coupon({.code = "TEN", .percent_off = 10});
  auto placed = place({.customer_id = ada,
                       .lines = {{pump, "UK 5", 1}, {pump, "UK 6", 1}, {boot, "UK 5", 1}},
                       .coupon_code = "ten",
                       .reward_token = given.token});
  ASSERT_TRUE(placed) << placed.error().code;
  // Pump lines: 100.00 - 10.00 (coupon) = 90.00, minus 20% of that = 18.00.
  EXPECT_EQ(placed->lines[0].discount, 2800);
  EXPECT_EQ(placed->lines[1].discount, 2800);
  EXPECT_EQ(placed->lines[2].discount, 2000);
  EXPECT_EQ(placed->discount, 7600);
  EXPECT_EQ(placed->total, 40000 - 7600);
  EXPECT_EQ(placed->reward_token, given.token);
  EXPECT_EQ(placed->coupon_code, "TEN");

  const auto reward = shop.reward(given.token);
  EXPECT_EQ(reward.status, loyalty::RewardStatus::kClaimed);
  EXPECT_EQ(reward.claimed_order_id, placed->id);
  EXPECT_EQ(reward.claimed_at, shop.clock.now());
  EXPECT_EQ(shop.orders.get(placed->id)->reward_token, given.token);
  // The coupon's redemption records only the coupon's share.
  EXPECT_EQ(shop.t->lease()->scalar("SELECT amount FROM coupon_redemptions").value(), 4000);
}

TEST_P(DiscountCheckout, RefusedCouponsAndRewardsChangeNothing) {
  const Id disabled = shop.add_coupon({.code = "OFF", .percent_off = 5, .active = false});
  (void)disabled;
  const Id once = shop.add_coupon({.code = "ONCE", .percent_off = 5, .max_uses = 1});
  shop.add_coupon({.code = "VALID", .percent_off = 5});
  ASSERT_TRUE(place({.customer_id = bea, .lines = {{pump, "UK 5", 1}}, .coupon_code = "ONCE"}));
  const auto adas = shop.give_reward(ada, pump, 30);
  const auto beas = shop.give_reward(bea, pump, 30);
  const auto used = shop.give_reward(ada, pump, 10);
  ASSERT_TRUE(
      place({.customer_id = ada, .lines = {{pump, "UK 5", 1}}, .reward_token = used.token}));
  const auto withdrawn = shop.give_reward(ada, pump, 10);
  ASSERT_TRUE(shop.orders.cancel(withdrawn.earning_order));

  struct Case {
    OrderRequest request;
    const char* code;
    ErrorKind kind;
    const char* field;
  };
  const customers::Address elsewhere{"2 Low Road", std::nullopt, "York", "YO1 1AA", "GB"};
  const std::vector<Case> cases = {
      {{.customer_id = ada, .lines = {{pump, "UK 5", 1}}, .coupon_code = "NOPE"},
       "unknown_coupon",
       ErrorKind::kUnprocessable,
       "coupon_code"},
      {{.customer_id = ada, .lines = {{pump, "UK 5", 1}}, .coupon_code = "off"},
       "coupon_disabled",
       ErrorKind::kUnprocessable,
       "coupon_code"},
      {{.customer_id = ada, .lines = {{pump, "UK 5", 1}}, .coupon_code = "ONCE"},
       "coupon_exhausted",
       ErrorKind::kConflict,
       "coupon_code"},
      // A valid coupon with an unusable reward: the coupon's use is given back with the rest.
      {{.customer_id = ada,
        .lines = {{boot, "UK 5", 1}},
        .coupon_code = "VALID",
        .reward_token = adas.token},
       "reward_not_applicable",
       ErrorKind::kUnprocessable,
       "reward_token"},
      {{.customer_id = ada, .lines = {{pump, "UK 5", 1}}, .reward_token = beas.token},
       "invalid_reward",
       ErrorKind::kUnprocessable,
       "reward_token"},
      {{.customer_id = ada, .lines = {{pump, "UK 5", 1}}, .reward_token = "no-such-token"},
       "invalid_reward",
       ErrorKind::kUnprocessable,
       "reward_token"},
      {{.customer_id = ada, .lines = {{pump, "UK 5", 1}}, .reward_token = used.token},
       "reward_already_claimed",
       ErrorKind::kConflict,
       "reward_token"},
      {{.customer_id = ada, .lines = {{pump, "UK 5", 1}}, .reward_token = withdrawn.token},
       "reward_revoked",
       ErrorKind::kUnprocessable,
       "reward_token"},
      // Stock is refused before any discount is looked at.
      {{.customer_id = ada,
        .lines = {{pump, "UK 5", 51}},
        .coupon_code = "VALID",
        .reward_token = adas.token},
       "insufficient_stock",
       ErrorKind::kConflict,
       "lines[0].quantity"},
      // The coupon's use is taken before the order row finds the customer unknown.
      {{.customer_id = 999,
        .lines = {{pump, "UK 5", 1}},
        .ship_to = elsewhere,
        .coupon_code = "VALID"},
       "unknown_customer",
       ErrorKind::kUnprocessable,
       "customer_id"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.code);
    const Error error = refused(c.request);
    EXPECT_EQ(error.code, c.code);
    EXPECT_EQ(error.kind, c.kind);
    EXPECT_EQ(error.field, c.field);
  }
  EXPECT_EQ(shop.coupon_uses(once), 1);
  EXPECT_EQ(shop.reward_status(adas.token), "unclaimed");
  EXPECT_EQ(shop.reward_status(beas.token), "unclaimed");
  // Bea can still use her own token.
  EXPECT_TRUE(
      place({.customer_id = bea, .lines = {{pump, "UK 5", 1}}, .reward_token = beas.token}));
}

TEST_P(DiscountCheckout, PerCustomerLimitHoldsAndACancelFreesIt) {
  const Id coupon = shop.add_coupon(
      {.code = "WELCOME", .percent_off = 15, .max_uses = 3, .max_uses_per_customer = 1});
  auto first = place({.customer_id = ada, .lines = {{pump, "UK 5", 1}}, .coupon_code = "WELCOME"});
  ASSERT_TRUE(first) << first.error().code;

  const Error again =
      refused({.customer_id = ada, .lines = {{pump, "UK 5", 1}}, .coupon_code = "WELCOME"});
  EXPECT_EQ(again.code, "coupon_limit_reached");
  EXPECT_EQ(again.kind, ErrorKind::kConflict);
  EXPECT_EQ(shop.coupon_uses(coupon), 1);

  ASSERT_TRUE(place({.customer_id = bea, .lines = {{pump, "UK 5", 1}}, .coupon_code = "WELCOME"}));
  EXPECT_EQ(shop.coupon_uses(coupon), 2);

  ASSERT_TRUE(shop.orders.cancel(first->id));
  EXPECT_EQ(shop.coupon_uses(coupon), 1);
  auto after_cancel =
      place({.customer_id = ada, .lines = {{pump, "UK 5", 1}}, .coupon_code = "WELCOME"});
  ASSERT_TRUE(after_cancel) << after_cancel.error().code;
  EXPECT_EQ(shop.coupon_uses(coupon), 2);
  EXPECT_EQ(shop.redemptions(coupon), 2);
}

TEST_P(DiscountCheckout, CouponIsValidFromItsStartUpToButNotAtItsExpiry) {
  const Timestamp starts = shop.clock.now() + hours(1);
  const Timestamp expires = shop.clock.now() + hours(2);
  shop.add_coupon(
      {.code = "HAPPYHOUR", .percent_off = 20, .starts_at = starts, .expires_at = expires});
  const OrderRequest request{
      .customer_id = ada, .lines = {{pump, "UK 5", 1}}, .coupon_code = "HAPPYHOUR"};

  shop.clock.set(starts - seconds(1));
  EXPECT_EQ(refused(request).code, "coupon_not_started");
  shop.clock.set(starts);
  EXPECT_TRUE(place(request));
  shop.clock.set(expires - seconds(1));
  EXPECT_TRUE(place(request));
  shop.clock.set(expires);
  const Error expired = refused(request);
  EXPECT_EQ(expired.code, "coupon_expired");
  EXPECT_EQ(expired.kind, ErrorKind::kUnprocessable);
}

TEST_P(DiscountCheckout, RewardCanBeClaimedUpToButNotAtItsExpiry) {
  const auto given = shop.give_reward(ada, pump, 10);
  const Timestamp expires = shop.reward(given.token).expires_at;
  EXPECT_EQ(expires, shop.clock.now() + days(90));
  const OrderRequest request{
      .customer_id = ada, .lines = {{pump, "UK 5", 1}}, .reward_token = given.token};

  shop.clock.set(expires);
  EXPECT_EQ(shop.reward_status(given.token), "expired");
  const Error error = refused(request);
  EXPECT_EQ(error.code, "reward_expired");
  EXPECT_EQ(error.kind, ErrorKind::kUnprocessable);

  shop.clock.set(expires - seconds(1));
  auto placed = place(request);
  ASSERT_TRUE(placed) << placed.error().code;
  EXPECT_EQ(placed->lines[0].discount, 1000);
  EXPECT_EQ(shop.reward_status(given.token), "claimed");
}

// Each threshold T (250.00 .. 1250.00): goods after discounts of T - 0.01 and T give category
// k - 1, T + 0.01 gives k. A 10.00 coupon on every order shows that the discount counts: the
// goods before it are 10.00 more.
TEST_P(DiscountCheckout, RewardCategoryAtAndAroundEachThresholdUsesGoodsAfterDiscounts) {
  shop.config.shipping_fee = 5000;  // shipping never counts
  shop.add_coupon({.code = "TENOFF", .amount_off = 1000});
  int n = 0;
  for (int k = 1; k <= 5; ++k) {
    const Minor threshold = 25'000 * k;
    for (const Minor delta : {Minor{-1}, Minor{0}, Minor{1}}) {
      const Minor goods_after = threshold + delta;
      const int expected = delta > 0 ? k : k - 1;
      SCOPED_TRACE("goods after discount " + std::to_string(goods_after));
      const Id product = shop.add_product("Exact " + std::to_string(++n), goods_after + 1000);
      shop.add_size(product, "ONE", 1);
      auto placed =
          place({.customer_id = ada, .lines = {{product, "ONE", 1}}, .coupon_code = "TENOFF"});
      ASSERT_TRUE(placed) << placed.error().code;
      EXPECT_EQ(placed->subtotal - placed->discount, goods_after);
      if (expected == 0) {
        EXPECT_TRUE(placed->rewards_allocated.empty());
        continue;
      }
      ASSERT_EQ(placed->rewards_allocated.size(), 1u);
      const auto& reward = placed->rewards_allocated[0];
      EXPECT_EQ(reward.category, expected);
      EXPECT_EQ(reward.percent_off, expected * 10);
      EXPECT_EQ(reward.allocated_at, shop.clock.now());
      EXPECT_EQ(reward.expires_at, shop.clock.now() + days(90));
    }
  }
  // 250.00 - 0.01, 250.00: none; then one reward per other case.
  EXPECT_EQ(shop.count("rewards"), 13);
}

TEST_P(DiscountCheckout, RewardRulesComeFromTheConfiguration) {
  shop.config.reward_thresholds = {10'000, 20'000, 30'000, 40'000, 50'000};
  shop.config.reward_percent_per_category = 5;
  shop.config.reward_expiry_days = 30;
  auto placed = place({.customer_id = ada, .lines = {{boot, "UK 5", 1}, {pump, "UK 5", 1}}});
  ASSERT_TRUE(placed) << placed.error().code;
  ASSERT_EQ(placed->rewards_allocated.size(), 1u);
  EXPECT_EQ(placed->rewards_allocated[0].category, 2);  // 300.00 > 200.00
  EXPECT_EQ(placed->rewards_allocated[0].percent_off, 10);
  EXPECT_EQ(placed->rewards_allocated[0].expires_at, shop.clock.now() + days(30));
}

// Least-selling: fewest units sold counting this order, only active products with stock left
// after this order, ties to the lowest id.
TEST_P(DiscountCheckout, RewardGoesToTheLeastSellingPurchasableProduct) {
  const Id clog = shop.add_product("Clog", 5000);
  const Id mule = shop.add_product("Mule", 5000);
  shop.add_size(clog, "UK 5", 2);
  shop.add_size(mule, "UK 5", 10);
  auto c = shop.t->lease();
  auto set_sold = [&](Id product, int units) {
    c->exec("UPDATE products SET units_sold = ? WHERE id = ?", units, product);
  };
  set_sold(pump, 9);
  set_sold(boot, 9);
  set_sold(clog, 1);
  set_sold(mule, 1);
  auto reward_product = [&](std::vector<LineRequest> lines) -> Id {
    auto placed = place({.customer_id = ada, .lines = std::move(lines)});
    if (!placed || placed->rewards_allocated.size() != 1) return 0;
    return placed->rewards_allocated[0].product_id;
  };

  EXPECT_EQ(reward_product({{boot, "UK 5", 2}}), clog);  // clog 1, mule 1: the lower id
  EXPECT_EQ(reward_product({{boot, "UK 5", 2}, {clog, "UK 5", 1}}), mule);  // this order counts
  set_sold(mule, 10);
  // Clog (3 sold after this order) would be least-selling, but this order takes its last unit.
  EXPECT_EQ(reward_product({{boot, "UK 5", 2}, {clog, "UK 5", 1}}), pump);
  c->exec("UPDATE products SET active = 0 WHERE id = ?", pump);
  EXPECT_EQ(reward_product({{boot, "UK 5", 2}}), mule);  // pump (9) is no longer sold
}

TEST_P(DiscountCheckout, BillListsTheRewardAllocatedAndReadsItBack) {
  auto placed = place({.customer_id = ada, .lines = {{boot, "UK 5", 2}}});
  ASSERT_TRUE(placed) << placed.error().code;
  ASSERT_EQ(placed->rewards_allocated.size(), 1u);
  const auto allocated = placed->rewards_allocated[0];
  EXPECT_EQ(allocated.token.size(), 43u);
  EXPECT_EQ(allocated.product_id, pump);  // boot sold 2, pump none
  EXPECT_EQ(allocated.category, 1);       // 400.00
  EXPECT_EQ(allocated.percent_off, 10);

  auto loaded = shop.orders.get(placed->id);
  ASSERT_TRUE(loaded);
  ASSERT_EQ(loaded->rewards_allocated.size(), 1u);
  EXPECT_EQ(loaded->rewards_allocated[0].token, allocated.token);
  EXPECT_EQ(loaded->rewards_allocated[0].expires_at, allocated.expires_at);

  auto listed = load_orders_in(*shop.t->lease(), Status::kPlaced, 10);
  ASSERT_EQ(listed.size(), 1u);
  ASSERT_EQ(listed[0].rewards_allocated.size(), 1u);
  EXPECT_EQ(listed[0].rewards_allocated[0].token, allocated.token);
  EXPECT_EQ(listed[0].rewards_allocated[0].category, 1);

  const auto rewards = shop.rewards_of(ada);
  ASSERT_EQ(rewards.size(), 1u);
  EXPECT_EQ(rewards[0].status, loyalty::RewardStatus::kUnclaimed);
  EXPECT_EQ(rewards[0].order_id, placed->id);

  // 250.00 exactly earns nothing and the bill says so.
  const Id quarter = shop.add_product("Quarter", 25000);
  shop.add_size(quarter, "ONE", 1);
  auto none = place({.customer_id = ada, .lines = {{quarter, "ONE", 1}}});
  ASSERT_TRUE(none);
  EXPECT_TRUE(none->rewards_allocated.empty());
}

INSTANTIATE_TEST_SUITE_P(Db, DiscountCheckout, cw::testing::kBothBackends,
                         cw::testing::backend_name);

}  // namespace
}  // namespace cw::orders
