// Per-customer predictions, CLV with margin and discounting, options, and the holdout check.
#include <gtest/gtest.h>

#include <cmath>

#include "simulate.hpp"

namespace cw::clv {
namespace {

const BgNbdParams kCdnow{0.243, 4.414, 0.793, 2.426};

class Predict : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { data_ = new Summary(test::simulate(test::Truth{}, 5'000, 31)); }
  static void TearDownTestSuite() { delete data_; }
  static const Summary& data() { return *data_; }
  static Summary* data_;
};
Summary* Predict::data_ = nullptr;

TEST_F(Predict, ClvIsPurchasesTimesValueTimesMargin) {
  ClvOptions options;
  options.margin = 0.25;
  auto result = fit_and_predict(data(), options);
  ASSERT_TRUE(result) << result.error().message;
  const BgNbdParams& m = result->bg_nbd.params;
  const Predictions& p = result->predictions;
  ASSERT_EQ(p.clv.size(), data().size());
  for (std::size_t i = 0; i < data().size(); i += 97) {
    const Summary& s = data();
    EXPECT_DOUBLE_EQ(p.p_alive[i], p_alive(m, s.x[i], s.t_x[i], s.T[i]));
    // Default horizon: 52 weeks.
    EXPECT_NEAR(p.expected_purchases[i], expected_purchases(m, 52, s.x[i], s.t_x[i], s.T[i]),
                1e-12);
    if (s.x[i] > 0) {
      EXPECT_DOUBLE_EQ(p.expected_value[i],
                       expected_value(result->gamma_gamma.params, s.x[i], s.spend[i]));
    }
    EXPECT_NEAR(p.clv[i], p.expected_purchases[i] * p.expected_value[i] * 0.25, 1e-9);
  }
}

TEST_F(Predict, MonthlyDiscounting) {
  ClvOptions plain;
  plain.horizon = 52;
  ClvOptions zero = plain, ten = plain;
  zero.discount_rate = 0.0;
  ten.discount_rate = 0.10;
  auto a = fit_and_predict(data(), plain);
  auto b = fit_and_predict(data(), zero);
  auto c = fit_and_predict(data(), ten);
  ASSERT_TRUE(a && b && c);
  for (std::size_t i = 0; i < data().size(); i += 53) {
    const double undiscounted = a->predictions.clv[i];
    // A zero rate telescopes back to the undiscounted value.
    EXPECT_NEAR(b->predictions.clv[i], undiscounted, 1e-9 * (1 + undiscounted));
    // 364 days = 12 months (the last one short): every purchase is discounted by a factor
    // between 1.1^(-1/12) (first month) and 1.1^(-1) (last).
    EXPECT_LE(c->predictions.clv[i], undiscounted * std::pow(1.1, -1.0 / 12) + 1e-12);
    EXPECT_GE(c->predictions.clv[i], undiscounted / 1.1 - 1e-12);
    EXPECT_EQ(c->predictions.expected_purchases[i], a->predictions.expected_purchases[i]);
  }
}

TEST_F(Predict, DayUnitGivesTheSameAnswerAsWeeks) {
  Summary days = data();
  for (double& t : days.t_x) t *= 7;
  for (double& t : days.T) t *= 7;
  ClvOptions weeks_options, days_options;
  days_options.unit = TimeUnit::kDay;  // default horizon 364 days = 52 weeks
  auto w = fit_and_predict(data(), weeks_options);
  auto d = fit_and_predict(days, days_options);
  ASSERT_TRUE(w && d);
  EXPECT_NEAR(d->bg_nbd.params.alpha / w->bg_nbd.params.alpha, 7, 1e-3);
  EXPECT_NEAR(d->bg_nbd.params.r, w->bg_nbd.params.r, 1e-4);
  for (std::size_t i = 0; i < data().size(); i += 101)
    EXPECT_NEAR(d->predictions.clv[i], w->predictions.clv[i], 1e-3 * (1 + w->predictions.clv[i]));
}

TEST_F(Predict, RefusesBadOptions) {
  ClvOptions options;
  options.margin = 0;
  auto bad_margin = fit_and_predict(data(), options);
  ASSERT_FALSE(bad_margin);
  EXPECT_EQ(bad_margin.error().code, "invalid_option");
  EXPECT_EQ(bad_margin.error().field, "margin");
  options = {};
  options.horizon = -1;
  EXPECT_EQ(fit_and_predict(data(), options).error().field, "horizon");
  options = {};
  options.discount_rate = -0.1;
  EXPECT_EQ(fit_and_predict(data(), options).error().field, "discount_rate");
}

// E = day 100, H = day 113, weeks ending on days 107 and 113.
//   customer 1: days 80 and 90, then two orders on 101 (one purchase day) and one on 108;
//   customer 2: day 95, then 112;  customer 3: days 50 and 120 (after H);
//   customer 4: first purchase on 105, after E: not a calibration customer.
TEST(Holdout, ActualsCountPurchaseDaysOfCalibrationCustomers) {
  const std::vector<std::int64_t> ids{1, 2, 3, 4};
  const std::vector<std::int32_t> index{0, 0, 1, 2, 0, 0, 0, 1, 2, 3};
  const std::vector<std::int32_t> day{80, 90, 95, 50, 101, 101, 108, 112, 120, 105};
  const std::vector<Minor> amount(day.size(), 1000);
  const Summary cal = summarise_indexed(ids, index, day, amount, 100, TimeUnit::kWeek);
  ASSERT_EQ(cal.customer_id, (std::vector<std::int64_t>{1, 2, 3}));
  const HoldoutActuals actual = holdout_actuals(cal, ids, index, day, 100, 113);
  EXPECT_EQ(actual.purchases, (std::vector<double>{2, 1, 0}));
  ASSERT_EQ(actual.by_day.size(), 13u);
  EXPECT_EQ(actual.by_day[0], 1);   // day 101
  EXPECT_EQ(actual.by_day[7], 1);   // day 108
  EXPECT_EQ(actual.by_day[11], 1);  // day 112
  EXPECT_EQ(actual.by_day[4], 0);   // day 105 is customer 4's first purchase

  const HoldoutCheck check = check_holdout(kCdnow, cal, TimeUnit::kWeek, 100, 113, actual);
  EXPECT_EQ(check.total.customers, 3);
  EXPECT_EQ(check.total.actual, 3);
  EXPECT_EQ(check.by_frequency[0].customers, 2);  // customers 2 and 3
  EXPECT_EQ(check.by_frequency[0].actual, 1);
  EXPECT_EQ(check.by_frequency[1].customers, 1);
  EXPECT_EQ(check.by_frequency[1].actual, 2);
  for (std::size_t k = 2; k < 8; ++k) EXPECT_EQ(check.by_frequency[k].customers, 0);
  double predicted = 0, unconditional = 0;
  for (std::size_t i = 0; i < cal.size(); ++i) {
    predicted += expected_purchases(kCdnow, 13.0 / 7, cal.x[i], cal.t_x[i], cal.T[i]);
    unconditional += expected_repeat_purchases(kCdnow, cal.T[i] + 13.0 / 7) -
                     expected_repeat_purchases(kCdnow, cal.T[i]);
  }
  EXPECT_NEAR(check.total.predicted, predicted, 1e-12);
  EXPECT_NEAR(check.by_frequency[0].predicted + check.by_frequency[1].predicted, predicted, 1e-12);
  ASSERT_EQ(check.weeks.size(), 2u);
  EXPECT_EQ(check.weeks[0].end_day, 107);
  EXPECT_EQ(check.weeks[0].actual_cumulative, 1);
  EXPECT_EQ(check.weeks[1].end_day, 113);
  EXPECT_EQ(check.weeks[1].actual_cumulative, 3);
  EXPECT_NEAR(check.weeks[1].predicted_cumulative, unconditional, 1e-12);
  EXPECT_LT(check.weeks[0].predicted_cumulative, check.weeks[1].predicted_cumulative);
}

TEST(Holdout, SevenOrMoreShareTheLastBucket) {
  Summary cal;
  for (int i = 0; i < 12; ++i) {
    cal.customer_id.push_back(i + 1);
    cal.x.push_back(i);
    cal.t_x.push_back(i);
    cal.T.push_back(20);
    cal.spend.push_back(i > 0 ? 10 : 0);
  }
  HoldoutActuals actual;
  actual.purchases.assign(12, 1.0);
  actual.by_day.assign(7, 0.0);
  const HoldoutCheck check = check_holdout(kCdnow, cal, TimeUnit::kWeek, 100, 107, actual);
  EXPECT_EQ(check.by_frequency[6].customers, 1);
  EXPECT_EQ(check.by_frequency[7].customers, 5);  // x = 7 .. 11
  EXPECT_EQ(check.by_frequency[7].actual, 5);
  ASSERT_EQ(check.weeks.size(), 1u);
  EXPECT_EQ(check.weeks[0].end_day, 107);
}

}  // namespace
}  // namespace cw::clv
