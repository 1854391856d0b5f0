#include <gtest/gtest.h>

#include <atomic>
#include <latch>
#include <thread>

#include "promotions/checkout.hpp"
#include "promotions/coupons.hpp"
#include "support/shop_builder.hpp"

namespace cw::promotions {
namespace {

using cw::testing::epoch_2026;
using std::chrono::seconds;

class CouponCheckoutTest : public ::testing::TestWithParam<cw::testing::Backend> {
 protected:
  void SetUp() override {
    shoes = shop.category("Shoes");
    bags = shop.category("Bags");
    heel = shop.product(shoes, 10000);
    flat = shop.product(shoes, 3333);
    tote = shop.product(bags, 4999);
    alice = shop.customer("alice@example.com");
    bob = shop.customer("bob@example.com");
  }

  Coupon make(NewCoupon input) {
    auto coupon = create_coupon(c, input, now);
    EXPECT_TRUE(coupon.has_value()) << (coupon ? "" : coupon.error().message);
    return coupon ? *coupon : Coupon{};
  }

  // flat 1 x 33.33, heel 1 x 100.00, tote 3 x 49.99: goods 283.30
  PricedLines basket() const {
    return {{flat, shoes, "M", 1, 3333, 0},
            {heel, shoes, "M", 1, 10000, 0},
            {tote, bags, "M", 3, 4999, 0}};
  }

  // Applies and, when it succeeds, records the redemption on a new order, in one transaction.
  Result<AppliedCoupon> checkout(std::string_view code, Id customer, PricedLines& lines,
                                 Timestamp at) {
    db::Transaction tx(c, db::TxMode::kWrite);
    auto applied = apply_coupon(c, code, customer, at, lines);
    if (applied) {
      record_redemption(c, *applied, shop.order(customer, at), customer, at);
      tx.commit();
    }
    return applied;
  }
  Result<AppliedCoupon> checkout(std::string_view code, Id customer, PricedLines& lines) {
    return checkout(code, customer, lines, now);
  }

  std::int64_t uses(Id coupon_id) {
    return c.scalar("SELECT uses FROM coupons WHERE id = ?", coupon_id).value_or(-1);
  }

  static std::vector<Minor> discounts(const PricedLines& lines) {
    std::vector<Minor> out;
    for (const auto& line : lines) out.push_back(line.discount);
    return out;
  }

  void expect_refused(std::string_view code, Id customer, Timestamp at, ErrorKind kind,
                      const std::string& error_code) {
    PricedLines lines = basket();
    auto applied = checkout(code, customer, lines, at);
    ASSERT_FALSE(applied.has_value()) << "expected " << error_code;
    EXPECT_EQ(applied.error().kind, kind);
    EXPECT_EQ(applied.error().code, error_code);
    EXPECT_EQ(applied.error().field, "coupon_code");
    EXPECT_EQ(discounts(lines), (std::vector<Minor>{0, 0, 0}));
  }

  cw::testing::TestDatabase database;
  db::Database::Lease lease = database->lease();
  db::Connection& c = *lease;
  cw::testing::ShopBuilder shop{c};
  Timestamp now = epoch_2026();
  Id shoes = 0, bags = 0, heel = 0, flat = 0, tote = 0, alice = 0, bob = 0;
};

INSTANTIATE_TEST_SUITE_P(Db, CouponCheckoutTest, cw::testing::kBothBackends,
                         cw::testing::backend_name);

TEST_P(CouponCheckoutTest, OrderPercentIsPerLineRoundedHalfUp) {
  const Coupon coupon = make({.code = "SAVE15", .percent_off = 15});
  PricedLines lines = basket();
  auto applied = checkout("SAVE15", alice, lines);
  ASSERT_TRUE(applied.has_value()) << applied.error().message;
  // 33.33 x 15% = 4.9995 -> 5.00; 100.00 -> 15.00; 149.97 x 15% = 22.4955 -> 22.50
  EXPECT_EQ(discounts(lines), (std::vector<Minor>{500, 1500, 2250}));
  EXPECT_EQ(applied->discount, 4250);
  EXPECT_EQ(applied->coupon_id, coupon.id);
  EXPECT_EQ(uses(coupon.id), 1);
  EXPECT_EQ(c.scalar("SELECT amount FROM coupon_redemptions WHERE coupon_id = ?", coupon.id), 4250);
}

TEST_P(CouponCheckoutTest, CategoryPercentTouchesOnlyThatCategory) {
  make({.code = "BAGS20", .scope = Scope::kCategory, .scope_id = bags, .percent_off = 20});
  PricedLines lines = basket();
  auto applied = checkout("BAGS20", alice, lines);
  ASSERT_TRUE(applied.has_value());
  EXPECT_EQ(discounts(lines), (std::vector<Minor>{0, 0, 2999}));  // 149.97 x 20% = 29.994
}

TEST_P(CouponCheckoutTest, CategoriesCanBeFilledFromTheCatalogue) {
  make({.code = "BAGS10", .scope = Scope::kCategory, .scope_id = bags, .percent_off = 10});
  PricedLines lines{{heel, 0, "M", 1, 10000, 0}, {tote, 0, "M", 1, 4999, 0}};
  fill_categories(c, lines);
  EXPECT_EQ(lines[0].category_id, shoes);
  EXPECT_EQ(lines[1].category_id, bags);
  ASSERT_TRUE(checkout("BAGS10", alice, lines).has_value());
  EXPECT_EQ(discounts(lines), (std::vector<Minor>{0, 500}));
}

TEST_P(CouponCheckoutTest, ProductPercentCoversEveryLineOfTheProduct) {
  make({.code = "HEEL50", .scope = Scope::kProduct, .scope_id = heel, .percent_off = 50});
  PricedLines lines = basket();
  lines.push_back({heel, shoes, "L", 2, 10000, 0});
  auto applied = checkout("HEEL50", alice, lines);
  ASSERT_TRUE(applied.has_value());
  EXPECT_EQ(discounts(lines), (std::vector<Minor>{0, 5000, 0, 10000}));
  EXPECT_EQ(applied->discount, 15000);
}

TEST_P(CouponCheckoutTest, HundredPercentMakesTheScopedGoodsFree) {
  make({.code = "FREEBAG", .scope = Scope::kProduct, .scope_id = tote, .percent_off = 100});
  PricedLines lines = basket();
  ASSERT_TRUE(checkout("FREEBAG", alice, lines).has_value());
  EXPECT_EQ(discounts(lines), (std::vector<Minor>{0, 0, 14997}));
}

TEST_P(CouponCheckoutTest, FixedOrderAmountIsSpreadByShareWithRemainderOnFirstLine) {
  make({.code = "TENOFF", .amount_off = 1000});
  PricedLines lines = basket();  // goods 3333, 10000, 14997 = 28330
  auto applied = checkout("TENOFF", alice, lines);
  ASSERT_TRUE(applied.has_value());
  // floor(1000 x share) = 117, 352, 529 (998); the 2 left over go to the first line
  EXPECT_EQ(discounts(lines), (std::vector<Minor>{119, 352, 529}));
  EXPECT_EQ(applied->discount, 1000);
}

TEST_P(CouponCheckoutTest, FixedOrderAmountNeverExceedsTheGoods) {
  make({.code = "BIGONE", .amount_off = 50000});
  PricedLines lines = basket();
  auto applied = checkout("BIGONE", alice, lines);
  ASSERT_TRUE(applied.has_value());
  EXPECT_EQ(discounts(lines), (std::vector<Minor>{3333, 10000, 14997}));
  EXPECT_EQ(applied->discount, 28330);
}

TEST_P(CouponCheckoutTest, RemainderThatDoesNotFitTheFirstLineMovesOn) {
  const Id cheap = shop.product(shoes, 1);
  const Id mid = shop.product(shoes, 3);
  make({.code = "SIXP", .amount_off = 6});
  PricedLines lines{
      {cheap, shoes, "M", 1, 1, 0}, {mid, shoes, "M", 1, 3, 0}, {mid, shoes, "L", 1, 3, 0}};
  // shares of 6 over 7: 0, 2, 2; the remainder 2 fills the first line (1) then the second (1)
  ASSERT_TRUE(checkout("SIXP", alice, lines).has_value());
  EXPECT_EQ(discounts(lines), (std::vector<Minor>{1, 3, 2}));
}

TEST_P(CouponCheckoutTest, FixedCategoryAmountIsSpreadOverThatCategoryOnly) {
  make({.code = "SHOES10", .scope = Scope::kCategory, .scope_id = shoes, .amount_off = 1000});
  PricedLines lines = basket();  // shoes goods 3333 + 10000 = 13333
  ASSERT_TRUE(checkout("SHOES10", alice, lines).has_value());
  // floor(3333000 / 13333) = 249, floor(10000000 / 13333) = 750; remainder 1 on the first
  EXPECT_EQ(discounts(lines), (std::vector<Minor>{250, 750, 0}));
}

TEST_P(CouponCheckoutTest, FixedProductAmountIsPerLineCappedAtTheLine) {
  make({.code = "HEEL5", .scope = Scope::kProduct, .scope_id = tote, .amount_off = 500});
  PricedLines lines{
      {tote, bags, "M", 1, 300, 0}, {tote, bags, "L", 2, 300, 0}, {heel, shoes, "M", 1, 10000, 0}};
  auto applied = checkout("HEEL5", alice, lines);
  ASSERT_TRUE(applied.has_value());
  EXPECT_EQ(discounts(lines), (std::vector<Minor>{300, 500, 0}));
  EXPECT_EQ(applied->discount, 800);
}

TEST_P(CouponCheckoutTest, CodesAreCaseInsensitive) {
  const Coupon coupon = make({.code = "Spring-10", .percent_off = 10});
  EXPECT_EQ(coupon.code, "SPRING-10");
  PricedLines lines = basket();
  auto applied = checkout("  spring-10 ", alice, lines);
  ASSERT_TRUE(applied.has_value());
  EXPECT_EQ(applied->code, "SPRING-10");
}

TEST_P(CouponCheckoutTest, UnknownDisabledAndOutOfScopeAreRefused) {
  expect_refused("NOSUCH", alice, now, ErrorKind::kUnprocessable, "unknown_coupon");
  const Coupon off = make({.code = "OFFNOW", .percent_off = 10, .active = false});
  expect_refused("OFFNOW", alice, now, ErrorKind::kUnprocessable, "coupon_disabled");
  const Id boots = shop.category("Boots");
  make({.code = "BOOTS", .scope = Scope::kCategory, .scope_id = boots, .percent_off = 10});
  expect_refused("BOOTS", alice, now, ErrorKind::kUnprocessable, "coupon_out_of_scope");
  const Id scarf = shop.product(bags, 900);
  make({.code = "SCARF", .scope = Scope::kProduct, .scope_id = scarf, .amount_off = 100});
  expect_refused("SCARF", alice, now, ErrorKind::kUnprocessable, "coupon_out_of_scope");
  EXPECT_EQ(uses(off.id), 0);
  EXPECT_EQ(c.scalar("SELECT COUNT(*) FROM coupon_redemptions"), 0);
}

TEST_P(CouponCheckoutTest, ValidFromStartsAtUpToButExcludingExpiresAt) {
  const Timestamp starts = now + seconds(100);
  const Timestamp expires = now + seconds(200);
  const Coupon coupon =
      make({.code = "WINDOW", .percent_off = 10, .starts_at = starts, .expires_at = expires});
  expect_refused("WINDOW", alice, starts - seconds(1), ErrorKind::kUnprocessable,
                 "coupon_not_started");
  expect_refused("WINDOW", alice, expires, ErrorKind::kUnprocessable, "coupon_expired");
  PricedLines at_start = basket();
  EXPECT_TRUE(checkout("WINDOW", alice, at_start, starts).has_value());
  PricedLines last_second = basket();
  EXPECT_TRUE(checkout("WINDOW", bob, last_second, expires - seconds(1)).has_value());
  EXPECT_EQ(uses(coupon.id), 2);
}

TEST_P(CouponCheckoutTest, ExhaustedCouponIsAConflictAndChangesNothing) {
  const Coupon coupon = make({.code = "ONCE", .percent_off = 10, .max_uses = 1});
  PricedLines lines = basket();
  ASSERT_TRUE(checkout("ONCE", alice, lines).has_value());
  expect_refused("ONCE", bob, now, ErrorKind::kConflict, "coupon_exhausted");
  EXPECT_EQ(uses(coupon.id), 1);
}

TEST_P(CouponCheckoutTest, PerCustomerLimitHoldsForThatCustomerOnly) {
  const Coupon coupon = make({.code = "TWICE", .percent_off = 10, .max_uses_per_customer = 2});
  for (int i = 0; i < 2; ++i) {
    PricedLines lines = basket();
    ASSERT_TRUE(checkout("TWICE", alice, lines).has_value());
  }
  expect_refused("TWICE", alice, now, ErrorKind::kConflict, "coupon_limit_reached");
  EXPECT_EQ(uses(coupon.id), 2);  // the refused attempt gave its use back
  PricedLines lines = basket();
  EXPECT_TRUE(checkout("TWICE", bob, lines).has_value());
  EXPECT_EQ(uses(coupon.id), 3);
}

TEST_P(CouponCheckoutTest, PersonalCouponIsRedeemableOnlyByItsCustomer) {
  const Coupon coupon = make({.code = "ALICE-ONLY", .percent_off = 10, .customer_id = alice});
  EXPECT_EQ(get_coupon(c, coupon.id)->customer_id, alice);
  expect_refused("alice-only", bob, now, ErrorKind::kUnprocessable, "coupon_not_yours");
  EXPECT_EQ(uses(coupon.id), 0);
  PricedLines lines = basket();
  ASSERT_TRUE(checkout("ALICE-ONLY", alice, lines).has_value());
  EXPECT_EQ(uses(coupon.id), 1);
}

TEST_P(CouponCheckoutTest, PersonalCouponNeedsAKnownCustomer) {
  auto refused = create_coupon(c, {.code = "GHOST", .percent_off = 10, .customer_id = 999}, now);
  ASSERT_FALSE(refused.has_value());
  EXPECT_EQ(refused.error().code, "unknown_customer");
  EXPECT_EQ(refused.error().field, "customer_id");
  EXPECT_FALSE(find_coupon_by_code(c, "GHOST").has_value());
}

TEST_P(CouponCheckoutTest, ReleaseGivesTheUseBackAndFreesThePerCustomerLimit) {
  const Coupon coupon =
      make({.code = "SOLO", .percent_off = 10, .max_uses = 1, .max_uses_per_customer = 1});
  PricedLines lines = basket();
  ASSERT_TRUE(checkout("SOLO", alice, lines).has_value());
  const Id order_id = *c.scalar("SELECT order_id FROM coupon_redemptions");
  ASSERT_TRUE(coupon_of_order(c, order_id).has_value());
  EXPECT_EQ(coupon_of_order(c, order_id)->discount, 2833);

  EXPECT_EQ(release_coupon(c, order_id), coupon.id);
  EXPECT_EQ(uses(coupon.id), 0);
  EXPECT_FALSE(coupon_of_order(c, order_id).has_value());
  EXPECT_EQ(release_coupon(c, order_id), std::nullopt);  // twice releases nothing more
  EXPECT_EQ(uses(coupon.id), 0);

  PricedLines again = basket();
  EXPECT_TRUE(checkout("SOLO", alice, again).has_value());
  EXPECT_EQ(uses(coupon.id), 1);
}

TEST_P(CouponCheckoutTest, FiftyConcurrentCheckoutsRedeemATenUseCouponExactlyTenTimes) {
  const Coupon coupon = make({.code = "RUSH10", .percent_off = 10, .max_uses = 10});
  std::vector<Id> customers;
  for (int i = 0; i < 50; ++i) customers.push_back(shop.customer("c" + std::to_string(i) + "@x"));
  std::atomic<int> succeeded{0}, exhausted{0}, other{0};
  std::latch start(50);
  std::vector<std::thread> threads;
  for (int i = 0; i < 50; ++i) {
    threads.emplace_back([&, i] {
      auto connection = database->lease();
      start.arrive_and_wait();
      db::Transaction tx(*connection, db::TxMode::kWrite);
      PricedLines lines{{heel, shoes, "M", 1, 10000, 0}};
      auto applied = apply_coupon(*connection, "RUSH10", customers[i], now, lines);
      if (applied) {
        const Id order_id = cw::testing::ShopBuilder{*connection}.order(customers[i], now);
        record_redemption(*connection, *applied, order_id, customers[i], now);
        tx.commit();
        ++succeeded;
      } else if (applied.error().code == "coupon_exhausted") {
        ++exhausted;
      } else {
        ++other;
      }
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(succeeded.load(), 10);
  EXPECT_EQ(exhausted.load(), 40);
  EXPECT_EQ(other.load(), 0);
  EXPECT_EQ(uses(coupon.id), 10);
  EXPECT_EQ(c.scalar("SELECT COUNT(*) FROM coupon_redemptions WHERE coupon_id = ?", coupon.id), 10);
}

}  // namespace
}  // namespace cw::promotions
