// The planning rules of offers/plan.hpp on hand-made candidates (no model, no database), with the
// arithmetic next to each expectation, and a property test over random inputs with a fixed seed.
#include "offers/plan.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <random>
#include <set>

namespace cw::offers {
namespace {

Candidate candidate(Id id, double p_alive, double clv, double expected_value) {
  return {.customer_id = id,
          .email = "c" + std::to_string(id) + "@example.com",
          .segment = "At risk",
          .p_alive = p_alive,
          .clv = clv,
          .expected_value = expected_value};
}

// CLV if alive = clv / p; value at risk = that x (1 - p):
//   1: 100 / 0.5 = 200, x 0.5 = 100     7: the same, 100 (a tie: id 1 first)
//   2: 20 / 0.2 = 100, x 0.8 = 80       5: 5 / 0.1 = 50, x 0.9 = 45
//   3: 80 / 0.8 = 100, x 0.2 = 20       4: P(alive) 0.95 >= 0.9: no offer
//   6: P(alive) 0: gone, no offer
std::vector<Candidate> seven() {
  return {candidate(1, 0.5, 100, 50),   candidate(2, 0.2, 20, 30), candidate(3, 0.8, 80, 20),
          candidate(4, 0.95, 500, 100), candidate(5, 0.1, 5, 10),  candidate(6, 0.0, 0, 10),
          candidate(7, 0.5, 100, 40)};
}

std::vector<Id> ids(const Plan& plan) {
  std::vector<Id> out;
  for (const Offer& o : plan.offers) out.push_back(o.customer.customer_id);
  return out;
}

std::vector<int> percents(const Plan& plan) {
  std::vector<int> out;
  for (const Offer& o : plan.offers) out.push_back(o.percent_off);
  return out;
}

std::vector<Minor> costs(const Plan& plan) {
  std::vector<Minor> out;
  for (const Offer& o : plan.offers) out.push_back(o.expected_cost);
  return out;
}

TEST(OfferPlan, RanksByValueAtRiskAndGivesDeeperStepsToHigherRanks) {
  auto plan = plan_offers(seven(), {.budget = 10000});
  ASSERT_TRUE(plan) << plan.error().message;
  // Five eligible, five steps: rank i gets step 4 - i: 1 -> 20, 7 -> 15, 2 -> 10, 5 -> 5, 3 -> 0
  // (no offer).
  EXPECT_EQ(ids(*plan), (std::vector<Id>{1, 7, 2, 5}));
  EXPECT_EQ(percents(*plan), (std::vector<int>{20, 15, 10, 5}));
  // Expected cost = percent x expected value x P(alive): 20% x 50 x 0.5 = 5.00,
  // 15% x 40 x 0.5 = 3.00, 10% x 30 x 0.2 = 0.60, 5% x 10 x 0.1 = 0.05.
  EXPECT_EQ(costs(*plan), (std::vector<Minor>{500, 300, 60, 5}));
  EXPECT_EQ(plan->expected_cost, 865);
  EXPECT_EQ(plan->customers, 7u);
  EXPECT_EQ(plan->eligible, 5u);
  EXPECT_EQ(plan->over_budget, 0u);
  EXPECT_DOUBLE_EQ(plan->offers[0].clv_if_alive, 200);
  EXPECT_DOUBLE_EQ(plan->offers[0].value_at_risk, 100);
  EXPECT_DOUBLE_EQ(plan->offers[2].value_at_risk, 80);
}

TEST(OfferPlan, SkipsWhatNoLongerFitsAndKeepsGoing) {
  // Budget 7.00: 1 (5.00) fits, 2.00 left; 7 (3.00) does not; 2 (0.60) and 5 (0.05) do.
  auto plan = plan_offers(seven(), {.budget = 700});
  ASSERT_TRUE(plan);
  EXPECT_EQ(ids(*plan), (std::vector<Id>{1, 2, 5}));
  EXPECT_EQ(percents(*plan), (std::vector<int>{20, 10, 5}));
  EXPECT_EQ(plan->expected_cost, 565);
  EXPECT_EQ(plan->over_budget, 1u);
  auto none = plan_offers(seven(), {.budget = 0});
  ASSERT_TRUE(none);
  EXPECT_TRUE(none->offers.empty());
  EXPECT_EQ(none->over_budget, 4u);
}

TEST(OfferPlan, LadderGroupsAreAsEqualAsIntegerDivisionAllows) {
  // Seven eligible customers (value at risk (7 - i) / 0.5 x 0.5 = 7 - i for id i + 1), three
  // steps: rank i gets
  // step 2 - floor(3i / 7): ranks 0-2 -> 20, 3-4 -> 10, 5-6 -> 5.
  std::vector<Candidate> c;
  for (int i = 0; i < 7; ++i) c.push_back(candidate(i + 1, 0.5, 7 - i, 10));
  auto plan = plan_offers(c, {.budget = 1'000'000, .ladder = {5, 10, 20}});
  ASSERT_TRUE(plan);
  EXPECT_EQ(ids(*plan), (std::vector<Id>{1, 2, 3, 4, 5, 6, 7}));
  EXPECT_EQ(percents(*plan), (std::vector<int>{20, 20, 20, 10, 10, 5, 5}));
}

TEST(OfferPlan, TheAliveThresholdIsExclusive) {
  const std::vector<Candidate> c{candidate(1, 0.9, 90, 10), candidate(2, 0.8999, 90, 10)};
  auto plan = plan_offers(c, {.budget = 100000, .ladder = {10}, .alive_threshold = 0.9});
  ASSERT_TRUE(plan);
  EXPECT_EQ(ids(*plan), (std::vector<Id>{2}));
  auto everyone = plan_offers(c, {.budget = 100000, .ladder = {10}, .alive_threshold = 1.0});
  ASSERT_TRUE(everyone);
  // Value at risk 90 / 0.8999 x 0.1001 = 10.011 ranks 2 before 1 (90 / 0.9 x 0.1 = 10).
  EXPECT_EQ(ids(*everyone), (std::vector<Id>{2, 1}));
}

TEST(OfferPlan, NonFiniteOrVanishingPredictionsGetNoOffer) {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  const double inf = std::numeric_limits<double>::infinity();
  const std::vector<Candidate> c{candidate(1, nan, 10, 10), candidate(2, 0.5, inf, 10),
                                 candidate(3, 0.5, 10, nan), candidate(4, 1e-12, 1e-10, 10),
                                 candidate(5, 0.5, 10, 10)};
  auto plan = plan_offers(c, {.budget = 100000, .ladder = {10}});
  ASSERT_TRUE(plan);
  EXPECT_EQ(ids(*plan), (std::vector<Id>{5}));
  EXPECT_EQ(clv_if_alive(1e-10, 1e-12), 0);
  EXPECT_EQ(clv_if_alive(10, 0), 0);
  EXPECT_DOUBLE_EQ(clv_if_alive(10, 0.25), 40);
}

TEST(OfferPlan, ACustomerGivenTwiceGetsOneOffer) {
  const std::vector<Candidate> c{candidate(3, 0.5, 10, 10), candidate(3, 0.2, 10, 10)};
  auto plan = plan_offers(c, {.budget = 100000, .ladder = {10}});
  ASSERT_TRUE(plan);
  ASSERT_EQ(ids(*plan), (std::vector<Id>{3}));
  // The higher value at risk: 10 / 0.2 x 0.8 = 40 against 10 / 0.5 x 0.5 = 10.
  EXPECT_DOUBLE_EQ(plan->offers[0].value_at_risk, 40);
}

TEST(OfferPlan, TheSameInputsInAnyOrderGiveTheSamePlan) {
  std::vector<Candidate> c = seven();
  auto first = plan_offers(c, {.budget = 700});
  std::reverse(c.begin(), c.end());
  auto second = plan_offers(c, {.budget = 700});
  std::rotate(c.begin(), c.begin() + 3, c.end());
  auto third = plan_offers(c, {.budget = 700});
  ASSERT_TRUE(first && second && third);
  EXPECT_EQ(ids(*first), ids(*second));
  EXPECT_EQ(ids(*first), ids(*third));
  EXPECT_EQ(percents(*first), percents(*third));
  EXPECT_EQ(costs(*first), costs(*third));
}

TEST(OfferPlan, BadOptionsAreRefused) {
  const auto refused = [](const PlanOptions& o) {
    auto plan = plan_offers(seven(), o);
    EXPECT_FALSE(plan);
    return plan ? std::string() : plan.error().code + " " + plan.error().field;
  };
  EXPECT_EQ(refused({.budget = -1}), "invalid_option budget");
  EXPECT_EQ(refused({.budget = 1, .alive_threshold = 0}), "invalid_option alive_threshold");
  EXPECT_EQ(refused({.budget = 1, .alive_threshold = 1.5}), "invalid_option alive_threshold");
  EXPECT_EQ(refused({.budget = 1, .ladder = {}}), "invalid_option ladder");
  EXPECT_EQ(refused({.budget = 1, .ladder = {10, 5}}), "invalid_option ladder");
  EXPECT_EQ(refused({.budget = 1, .ladder = {0, 101}}), "invalid_option ladder");
}

TEST(OfferPlan, LaddersAreParsedAndChecked) {
  EXPECT_EQ(parse_ladder("0,5,10,15,20").value(), (std::vector<int>{0, 5, 10, 15, 20}));
  EXPECT_EQ(parse_ladder(" 10 , 25 ").value(), (std::vector<int>{10, 25}));
  for (const char* bad : {"", "5,", ",5", "5,5", "a", "10,5", "101", "-5,5", "5;10", "1.5"}) {
    auto ladder = parse_ladder(bad);
    ASSERT_FALSE(ladder) << bad;
    EXPECT_EQ(ladder.error().code, "invalid_option");
    EXPECT_EQ(ladder.error().field, "ladder");
  }
}

// Random candidates and options (fixed seed): the budget is never exceeded, no customer gets two
// offers, only eligible customers get offers, steps follow the documented rank rule, and no
// skipped offer would still have fitted in what the budget had left at the end.
TEST(OfferPlan, PropertyBudgetNeverExceededOverRandomInputs) {
  std::mt19937_64 rng(20240630);
  std::uniform_real_distribution<double> unit(0.0, 1.0);
  for (int trial = 0; trial < 300; ++trial) {
    SCOPED_TRACE("trial " + std::to_string(trial));
    const int n = static_cast<int>(rng() % 120);
    std::vector<Candidate> c;
    for (int i = 0; i < n; ++i) {
      // Ids repeat now and then; some values are tied.
      const Id id = static_cast<Id>(rng() % (n + 5)) + 1;
      const double p = trial % 7 == 0 ? std::round(unit(rng) * 4) / 4 : unit(rng);
      c.push_back(candidate(id, p, unit(rng) * 2000, unit(rng) * 300));
    }
    std::vector<int> ladder;
    for (int step = 0; step <= 60; step += 1 + static_cast<int>(rng() % 15))
      if (rng() % 2) ladder.push_back(step);
    if (ladder.empty()) ladder.push_back(10);
    const PlanOptions o{.budget = static_cast<Minor>(rng() % 50000),
                        .ladder = ladder,
                        .alive_threshold = 0.3 + 0.7 * unit(rng)};
    auto plan = plan_offers(c, o);
    ASSERT_TRUE(plan);

    Minor total = 0;
    std::set<Id> offered;
    for (const Offer& offer : plan->offers) {
      total += offer.expected_cost;
      EXPECT_TRUE(offered.insert(offer.customer.customer_id).second);
      EXPECT_LT(offer.customer.p_alive, o.alive_threshold);
      EXPECT_GT(offer.percent_off, 0);
      EXPECT_GE(offer.expected_cost, 0);
    }
    EXPECT_LE(total, o.budget);
    EXPECT_EQ(total, plan->expected_cost);

    // The documented rule, computed independently: eligible customers (first of each id in rank
    // order), ranked by value at risk, step ladder[k - 1 - i k / n], cost rounded half-up.
    std::vector<std::pair<double, Id>> ranked;
    std::vector<const Candidate*> by_rank;
    std::vector<std::size_t> order(c.size());
    for (std::size_t i = 0; i < c.size(); ++i) order[i] = i;
    const auto at_risk = [](const Candidate& x) { return x.clv / x.p_alive * (1 - x.p_alive); };
    std::erase_if(order, [&](std::size_t i) {
      return c[i].p_alive >= o.alive_threshold || c[i].p_alive < kMinAlive || !(at_risk(c[i]) > 0);
    });
    std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
      if (at_risk(c[a]) != at_risk(c[b])) return at_risk(c[a]) > at_risk(c[b]);
      return c[a].customer_id < c[b].customer_id;
    });
    std::set<Id> seen;
    for (std::size_t i : order)
      if (seen.insert(c[i].customer_id).second) by_rank.push_back(&c[i]);
    ASSERT_EQ(plan->eligible, by_rank.size());
    const std::size_t k = ladder.size(), m = by_rank.size();
    const Minor left = o.budget - total;
    std::size_t next = 0;
    for (std::size_t i = 0; i < m; ++i) {
      const Candidate& x = *by_rank[i];
      const int step = ladder[k - 1 - i * k / m];
      if (next < plan->offers.size() && plan->offers[next].customer.customer_id == x.customer_id) {
        EXPECT_EQ(plan->offers[next].percent_off, step);
        ++next;
        continue;
      }
      if (step == 0) continue;
      const double cost = step * x.expected_value * 100 * x.p_alive / 100;
      EXPECT_GT(std::floor(cost + 0.5), static_cast<double>(left)) << "customer " << x.customer_id;
    }
    EXPECT_EQ(next, plan->offers.size());
  }
}

}  // namespace
}  // namespace cw::offers
