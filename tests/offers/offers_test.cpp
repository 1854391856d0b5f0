// The whole `offers plan` path on a shop database: candidates from the fitted models, the plan,
// the coupons, and a checkout with one of them.
#include "offers/offers.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <set>

#include "core/clock.hpp"
#include "orders/orders.hpp"
#include "reports/shop.hpp"
#include "shop_fixture.hpp"
#include "support/temp_dir.hpp"

namespace cw::offers {
namespace {

using test::kAsOfDay;

reports::ReportOptions options_at(std::int32_t day, const std::string& segment = "") {
  reports::ReportOptions o;
  o.as_of_day = day;
  o.segment = segment;
  return o;
}

std::vector<Id> ids(const Plan& plan) {
  std::vector<Id> out;
  for (const Offer& o : plan.offers) out.push_back(o.customer.customer_id);
  return out;
}

class OffersOnShop : public ::testing::TestWithParam<cw::testing::Backend> {
 protected:
  void SetUp() override { product = test::build_shop(*t); }

  std::vector<Candidate> candidates(const std::string& segment = "") {
    auto c = shop_candidates(*t, options_at(kAsOfDay, segment), SystemClock{});
    EXPECT_TRUE(c) << c.error().code << ": " << c.error().message;
    return c ? *c : std::vector<Candidate>{};
  }

  cw::testing::TestDatabase t;
  Id product = 0;
};

INSTANTIATE_TEST_SUITE_P(Db, OffersOnShop, cw::testing::kBothBackends, cw::testing::backend_name);

TEST_P(OffersOnShop, CandidatesAreEveryBuyerWithSegmentEmailAndFinitePredictions) {
  const auto all = candidates();
  ASSERT_EQ(all.size(), static_cast<std::size_t>(test::kCustomers));
  // The segments are those of the rfm report at the same date.
  auto rfm = reports::run_report("rfm", *t, options_at(kAsOfDay), SystemClock{});
  ASSERT_TRUE(rfm);
  ASSERT_EQ(rfm->rows(), all.size());
  for (std::size_t i = 0; i < all.size(); ++i) {
    const Candidate& c = all[i];
    EXPECT_EQ(c.customer_id, static_cast<Id>(i + 1));
    EXPECT_EQ(c.email, "c" + std::to_string(i + 1) + "@example.com");
    EXPECT_EQ(c.segment, rfm->find("segment")->text_at(i));
    EXPECT_TRUE(c.p_alive >= 0 && c.p_alive <= 1) << c.p_alive;
    EXPECT_TRUE(std::isfinite(c.clv) && c.clv >= 0) << c.clv;
    EXPECT_TRUE(std::isfinite(c.expected_value) && c.expected_value > 0) << c.expected_value;
  }
  // An earlier as-of date sees fewer buyers (orders after it are left out).
  auto earlier = shop_candidates(*t, options_at(test::kFirstDay + 30), SystemClock{});
  ASSERT_TRUE(earlier) << earlier.error().message;
  EXPECT_LT(earlier->size(), all.size());
}

TEST_P(OffersOnShop, ASegmentKeepsItsCustomersOnly) {
  auto members = reports::export_segment(*t, "at-risk", options_at(kAsOfDay), SystemClock{});
  ASSERT_TRUE(members);
  ASSERT_GT(members->rows(), 0u);
  const auto at_risk = candidates("AT_RISK");
  ASSERT_EQ(at_risk.size(), members->rows());
  for (std::size_t i = 0; i < at_risk.size(); ++i) {
    EXPECT_EQ(at_risk[i].customer_id, members->find("customer_id")->int_at(i));
    EXPECT_EQ(at_risk[i].segment, "At risk");
  }
  auto unknown = shop_candidates(*t, options_at(kAsOfDay, "sleepy"), SystemClock{});
  ASSERT_FALSE(unknown);
  EXPECT_EQ(unknown.error().code, "unknown_segment");
  EXPECT_EQ(unknown.error().field, "segment");
}

TEST_P(OffersOnShop, TheSameInputsGiveTheSamePlanWithinTheBudget) {
  const PlanOptions o{.budget = 5000};
  auto first = plan_offers(candidates(), o);
  auto second = plan_offers(candidates(), o);
  ASSERT_TRUE(first && second);
  ASSERT_FALSE(first->offers.empty());
  EXPECT_GT(first->over_budget, 0u);  // the budget is what limits this plan
  EXPECT_EQ(ids(*first), ids(*second));
  for (std::size_t i = 0; i < first->offers.size(); ++i) {
    EXPECT_EQ(first->offers[i].percent_off, second->offers[i].percent_off);
    EXPECT_EQ(first->offers[i].expected_cost, second->offers[i].expected_cost);
    EXPECT_LT(first->offers[i].customer.p_alive, 0.9);
  }
  EXPECT_LE(first->expected_cost, 5000);
  const std::vector<Id> offered = ids(*first);
  const std::set<Id> unique(offered.begin(), offered.end());
  EXPECT_EQ(unique.size(), first->offers.size());
}

TEST_P(OffersOnShop, PlannedCouponsAreRedeemableByTheirCustomerOnce) {
  auto plan = plan_offers(candidates(), {.budget = 2000});
  ASSERT_TRUE(plan);
  ASSERT_FALSE(plan->offers.empty());
  ManualClock clock(from_unix(std::int64_t{kAsOfDay + 1} * 86400));
  auto batch = issue_coupons(*t, plan->offers, {.campaign = "Win-back", .now = clock.now()});
  ASSERT_TRUE(batch) << batch.error().message;
  ASSERT_EQ(batch->coupons.size(), plan->offers.size());
  const IssuedCoupon& first = batch->coupons[0];
  Config config;
  orders::Orders orders(*t, config, clock);
  auto placed = orders.place(
      {.customer_id = first.customer_id, .lines = {{product, "M", 1}}, .coupon_code = first.code});
  ASSERT_TRUE(placed) << placed.error().code;
  EXPECT_EQ(placed->discount, 10000 * first.percent_off / 100);
  auto again = orders.place(
      {.customer_id = first.customer_id, .lines = {{product, "M", 1}}, .coupon_code = first.code});
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().code, "coupon_exhausted");
}

class OffersWithoutRepeatBuyers : public ::testing::TestWithParam<cw::testing::Backend> {};
INSTANTIATE_TEST_SUITE_P(Db, OffersWithoutRepeatBuyers, cw::testing::kBothBackends,
                         cw::testing::backend_name);

TEST_P(OffersWithoutRepeatBuyers, TheModelSaysItCannotFit) {
  cw::testing::TestDatabase t;
  test::build_shop(*t, /*repeat_buyers=*/false);
  auto refused = shop_candidates(*t, options_at(kAsOfDay), SystemClock{});
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, "model_not_identified");
  EXPECT_EQ(refused.error().kind, ErrorKind::kUnprocessable);
}

}  // namespace
}  // namespace cw::offers
