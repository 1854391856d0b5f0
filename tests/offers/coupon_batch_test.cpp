// Personal coupons from a plan (offers/coupon_batch.hpp): one transaction, all or nothing,
// unique codes, redeemable at checkout once and only by their customer; and the output tables.
#include "offers/coupon_batch.hpp"

#include <gtest/gtest.h>

#include <regex>
#include <set>

#include "offers/tables.hpp"
#include "orders/shop_fixture.hpp"
#include "promotions/coupons.hpp"
#include "reports/render.hpp"

namespace cw::offers {
namespace {

class CouponBatchTest : public ::testing::TestWithParam<cw::testing::Backend> {
 protected:
  void SetUp() override {
    shoe = shop.add_product("Runner", 10000);
    shop.add_size(shoe, "M", 100);
    for (const char* email : {"ann@example.com", "bob@example.com", "cy@example.com"})
      customers.push_back(shop.add_customer(email));
  }

  Offer offer(std::size_t who, int percent) const {
    Offer o;
    o.customer.customer_id = customers[who];
    o.customer.email = who == 0   ? "ann@example.com"
                       : who == 1 ? "bob@example.com"
                                  : "cy@example.com";
    o.percent_off = percent;
    return o;
  }
  std::vector<Offer> three() const { return {offer(0, 20), offer(1, 15), offer(2, 10)}; }

  CouponBatch batch(int valid_days = 14) const {
    return {.campaign = "Win-back", .valid_days = valid_days, .now = shop.clock.now()};
  }

  // Codes from a list, then (if asked for more) the real generator.
  static CodeSource listed(std::vector<std::string> codes) {
    auto next = std::make_shared<std::size_t>(0);
    return [codes = std::move(codes), next] {
      return *next < codes.size() ? codes[(*next)++] : random_code();
    };
  }

  Result<orders::Order> buy(Id customer, const std::string& code) {
    return shop.orders.place(
        {.customer_id = customer, .lines = {{shoe, "M", 1}}, .coupon_code = code});
  }

  std::int64_t count(const std::string& table) { return shop.count(table); }

  cw::testing::Shop shop;
  db::Database& db = *shop.t;
  Id shoe = 0;
  std::vector<Id> customers;
};

INSTANTIATE_TEST_SUITE_P(Db, CouponBatchTest, cw::testing::kBothBackends,
                         cw::testing::backend_name);

TEST_P(CouponBatchTest, CreatesTheCampaignAndOneSingleUsePersonalCouponPerOffer) {
  auto issued = issue_coupons(db, three(), batch());
  ASSERT_TRUE(issued) << issued.error().message;
  EXPECT_TRUE(issued->campaign_created);
  ASSERT_EQ(issued->coupons.size(), 3u);
  auto c = shop.t->lease();
  EXPECT_EQ(c->scalar("SELECT count(*) FROM campaigns WHERE name = 'Win-back' AND channel = "
                      "'email' AND starts_on = '2026-03-02' AND ends_on = '2026-03-16'"),
            1);
  std::set<std::string> codes;
  const std::regex shape("CW-[ABCDEFGHJKMNPQRSTVWXYZ0-9]{16}");
  for (std::size_t i = 0; i < 3; ++i) {
    const IssuedCoupon& issued_coupon = issued->coupons[i];
    EXPECT_TRUE(std::regex_match(issued_coupon.code, shape)) << issued_coupon.code;
    codes.insert(issued_coupon.code);
    EXPECT_EQ(issued_coupon.customer_id, customers[i]);
    EXPECT_FALSE(issued_coupon.reused);
    EXPECT_EQ(issued_coupon.valid_until, cw::testing::at("2026-03-16T10:00:00Z"));
    const auto coupon = promotions::get_coupon(*c, issued_coupon.coupon_id);
    ASSERT_TRUE(coupon);
    EXPECT_EQ(coupon->code, issued_coupon.code);
    EXPECT_EQ(coupon->percent_off, (std::vector<int>{20, 15, 10})[i]);
    EXPECT_EQ(coupon->scope, promotions::Scope::kOrder);
    EXPECT_EQ(coupon->max_uses, 1);
    EXPECT_EQ(coupon->max_uses_per_customer, 1);
    EXPECT_EQ(coupon->customer_id, customers[i]);
    EXPECT_EQ(coupon->campaign_id, issued->campaign_id);
    EXPECT_EQ(coupon->starts_at, shop.clock.now());
    EXPECT_EQ(coupon->expires_at, cw::testing::at("2026-03-16T10:00:00Z"));
  }
  EXPECT_EQ(codes.size(), 3u);
}

TEST_P(CouponBatchTest, ReusesACampaignByNameAndACouponTheCustomerStillHolds) {
  const Id existing = [&] {
    auto c = shop.t->lease();
    return cw::testing::ShopBuilder{*c}.campaign({.name = "Win-back", .channel = "social"});
  }();
  auto first = issue_coupons(db, std::vector{offer(0, 20)}, batch());
  ASSERT_TRUE(first);
  EXPECT_FALSE(first->campaign_created);
  EXPECT_EQ(first->campaign_id, existing);
  // Again, with one more customer: Ann keeps her coupon, Bob gets a new one.
  auto second = issue_coupons(db, std::vector{offer(0, 25), offer(1, 15)}, batch());
  ASSERT_TRUE(second);
  ASSERT_EQ(second->coupons.size(), 2u);
  EXPECT_TRUE(second->coupons[0].reused);
  EXPECT_EQ(second->coupons[0].code, first->coupons[0].code);
  EXPECT_EQ(second->coupons[0].percent_off, 20);
  EXPECT_FALSE(second->coupons[1].reused);
  EXPECT_EQ(count("coupons"), 2);
  // Once Ann has used hers, a new batch gives her a new one.
  ASSERT_TRUE(buy(customers[0], first->coupons[0].code));
  auto third = issue_coupons(db, std::vector{offer(0, 25)}, batch());
  ASSERT_TRUE(third);
  EXPECT_FALSE(third->coupons[0].reused);
  EXPECT_NE(third->coupons[0].code, first->coupons[0].code);
  EXPECT_EQ(count("coupons"), 3);
}

TEST_P(CouponBatchTest, ADuplicateCodeHalfWayCreatesNothing) {
  auto issued = issue_coupons(db, three(), batch(), listed({"CW-SAME", "CW-SAME"}));
  ASSERT_FALSE(issued);
  EXPECT_EQ(issued.error().code, "duplicate_coupon");
  EXPECT_EQ(count("coupons"), 0);
  EXPECT_EQ(count("campaigns"), 0);
}

TEST_P(CouponBatchTest, ACodeTakenByAnotherCouponCreatesNothing) {
  {
    auto c = shop.t->lease();
    cw::testing::ShopBuilder{*c}.coupon({.code = "TAKEN", .percent_off = 5});
  }
  auto issued = issue_coupons(db, three(), batch(), listed({"CW-FIRST", "CW-SECOND", "taken"}));
  ASSERT_FALSE(issued);
  EXPECT_EQ(issued.error().code, "duplicate_coupon");
  EXPECT_EQ(count("coupons"), 1);
  EXPECT_EQ(count("campaigns"), 0);
}

TEST_P(CouponBatchTest, ADatabaseFailureHalfWayCreatesNothing) {
  int calls = 0;
  const CodeSource failing = [&]() -> std::string {
    if (++calls == 3) throw Failure(Error::internal("disk full"));
    return random_code();
  };
  EXPECT_THROW(issue_coupons(db, three(), batch(), failing), Failure);
  EXPECT_EQ(calls, 3);
  EXPECT_EQ(count("coupons"), 0);
  EXPECT_EQ(count("campaigns"), 0);
  // The database is usable afterwards: the rollback released the write lock.
  EXPECT_TRUE(issue_coupons(db, three(), batch()));
  EXPECT_EQ(count("coupons"), 3);
}

TEST_P(CouponBatchTest, AnUnknownCustomerHalfWayCreatesNothing) {
  std::vector<Offer> offers = three();
  offers[2].customer.customer_id = 9999;
  auto issued = issue_coupons(db, offers, batch());
  ASSERT_FALSE(issued);
  EXPECT_EQ(issued.error().code, "unknown_customer");
  EXPECT_EQ(count("coupons"), 0);
}

TEST_P(CouponBatchTest, ValidDaysAreChecked) {
  for (int days : {0, -1, 3651}) {
    auto issued = issue_coupons(db, three(), batch(days));
    ASSERT_FALSE(issued);
    EXPECT_EQ(issued.error().code, "invalid_option");
    EXPECT_EQ(issued.error().field, "valid_days");
  }
  EXPECT_EQ(count("campaigns"), 0);
}

TEST_P(CouponBatchTest, CodesAreRedeemableAtCheckoutOnceAndOnlyByTheirCustomer) {
  auto issued = issue_coupons(db, three(), batch());
  ASSERT_TRUE(issued);
  const std::string ann_code = issued->coupons[0].code;
  // Bob cannot use Ann's code; nothing changes.
  const auto before = shop.snapshot();
  auto bob = buy(customers[1], ann_code);
  ASSERT_FALSE(bob);
  EXPECT_EQ(bob.error().code, "coupon_not_yours");
  EXPECT_EQ(bob.error().kind, ErrorKind::kUnprocessable);
  EXPECT_EQ(shop.snapshot(), before);
  // Ann can, once: 20% of 100.00.
  auto ann = buy(customers[0], ann_code);
  ASSERT_TRUE(ann) << ann.error().code;
  EXPECT_EQ(ann->discount, 2000);
  EXPECT_EQ(ann->total, 8000);
  auto again = buy(customers[0], ann_code);
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().code, "coupon_exhausted");
  // After the expiry (valid 14 days from 10:00), Bob's is refused as expired.
  shop.clock.advance(std::chrono::days(14));
  auto late = buy(customers[1], issued->coupons[1].code);
  ASSERT_FALSE(late);
  EXPECT_EQ(late.error().code, "coupon_expired");
}

TEST_P(CouponBatchTest, RandomCodesAreWellFormedAndDistinct) {
  std::set<std::string> seen;
  for (int i = 0; i < 2000; ++i) {
    const std::string code = random_code();
    ASSERT_EQ(code.size(), 19u);
    ASSERT_EQ(code.substr(0, 3), "CW-");
    EXPECT_EQ(code.find_first_not_of("ABCDEFGHJKMNPQRSTVWXYZ0123456789", 3), std::string::npos);
    seen.insert(code);
  }
  EXPECT_EQ(seen.size(), 2000u);
}

TEST(OfferTables, PlanAndCouponsAsCsv) {
  Plan plan;
  Offer o;
  o.customer = {.customer_id = 7,
                .email = "ann@example.com",
                .segment = "At risk",
                .p_alive = 0.25,
                .clv = 12.3456,
                .expected_value = 40};
  o.clv_if_alive = 49.38;
  o.value_at_risk = 37.0349;
  o.percent_off = 15;
  o.expected_cost = 150;
  plan.offers.push_back(o);
  reports::ReportOptions options;
  options.as_of_day = 20000;
  // Money rounded to the minor unit: 12.3456 -> 12.35, 37.0349 -> 37.03.
  EXPECT_EQ(reports::render(plan_table(plan, options), reports::Format::kCsv),
            "customer_id,email,segment,p_alive,clv,value_at_risk,percent_off,expected_cost\n"
            "7,ann@example.com,At risk,0.25,12.35,37.03,15,1.50\n");
  IssuedBatch batch;
  batch.coupons.push_back({.coupon_id = 1,
                           .customer_id = 7,
                           .email = "ann@example.com",
                           .code = "CW-ABCDEFGHJKMNPQRS",
                           .percent_off = 15,
                           .valid_until = cw::testing::at("2026-03-16T10:00:00Z")});
  EXPECT_EQ(reports::render(coupon_table(batch, options), reports::Format::kCsv),
            "customer_id,email,code,percent_off,valid_until\n"
            "7,ann@example.com,CW-ABCDEFGHJKMNPQRS,15,2026-03-16T10:00:00Z\n");
}

}  // namespace
}  // namespace cw::offers
