// The special functions of the predictions against Boost.Math and the published CDNOW values.
#include <gtest/gtest.h>

// Boost 1.74's hypergeometric_pFq.hpp uses lgamma and expm1 without including them.
#include <boost/math/special_functions/expm1.hpp>
#include <boost/math/special_functions/gamma.hpp>
#include <boost/math/special_functions/hypergeometric_pFq.hpp>
#include <cmath>

#include "clv/clv.hpp"
#include "clv/series.hpp"

namespace cw::clv {
namespace {

double boost_2f1(double a, double b, double c, double z) {
  return boost::math::hypergeometric_pFq({a, b}, {c}, z);
}

// FHL 2005 eq. 10 exactly as printed, with Boost's 2F1: an independent check of the
// transformed series in alive_expectation (which is it without the P(alive) factor).
double printed_conditional(const BgNbdParams& m, double t, double x, double T) {
  const double z = t / (m.alpha + T + t);
  const double h = boost_2f1(m.r + x, m.b + x, m.a + m.b + x - 1, z);
  return (m.a + m.b + x - 1) / (m.a - 1) *
         (1 - std::pow((m.alpha + T) / (m.alpha + T + t), m.r + x) * h);
}

const BgNbdParams kCdnow{0.243, 4.414, 0.793, 2.426};

TEST(Hypergeometric, MatchesBoostOverArgumentsOfThePredictions) {
  const double zs[] = {0.0, 0.1, 0.5, 0.8, 0.95, 0.99};
  const double params[][3] = {{0.243, 2.426, 2.219}, {2.243, 4.426, 4.219}, {1.5, 0.7, 3.2},
                              {30.2, 31.4, 32.2},    {3.0, 2.0, 1.5},       {12.2, 14.4, 40.1}};
  for (const auto& p : params)
    for (const double z : zs) {
      const double expected = std::log(boost_2f1(p[0], p[1], p[2], z));
      EXPECT_NEAR(detail::log_hyp2f1(p[0], p[1], p[2], z), expected,
                  1e-13 * std::max(1.0, std::fabs(expected)))
          << p[0] << " " << p[1] << " " << p[2] << " z=" << z;
    }
}

TEST(Hypergeometric, BeyondTheRangeOfADouble) {
  // mpmath at 40 digits; the functions themselves are about e^497 and e^4602.
  EXPECT_NEAR(detail::log_hyp2f1(502.243, 502.426, 1001.2, 0.95), 497.4080728008191209, 1e-10);
  EXPECT_NEAR(detail::log_hyp2f1(2000.243, 2001.426, 2003.2, 0.9), 4601.647288051169949, 1e-9);
}

TEST(Hypergeometric, ClosedForms) {
  // 2F1(1, 1; 2; z) = -log(1 - z) / z and 2F1(a, b; b; z) = (1 - z)^-a.
  EXPECT_NEAR(detail::log_hyp2f1(1, 1, 2, 0.9), std::log(-std::log(0.1) / 0.9), 1e-14);
  EXPECT_NEAR(detail::log_hyp2f1(2.5, 1.3, 1.3, 0.7), -2.5 * std::log(0.3), 1e-13);
  EXPECT_EQ(detail::log_hyp2f1(2.5, 1.3, 1.3, 0), 0);
}

TEST(AliveExpectation, CdnowPublishedValue) {
  // FHL 2005: 1.226 expected purchases in the next 39 weeks for x = 2, t_x = 30.43, T = 38.86.
  EXPECT_NEAR(expected_purchases(kCdnow, 39, 2, 30.43, 38.86), 1.226, 0.0005);
}

TEST(AliveExpectation, MatchesThePrintedFormulaWithBoost) {
  const BgNbdParams models[] = {kCdnow, {1.2, 12.0, 2.5, 6.0}, {0.5, 0.8, 0.3, 0.9}};
  const double cases[][3] = {{39, 0, 38.86}, {39, 2, 38.86}, {52, 7, 10}, {52, 0, 0.5},
                             {4, 25, 100},   {104, 1, 3},    {1, 3, 60}};
  for (const BgNbdParams& m : models)
    for (const auto& c : cases) {
      const double expected = printed_conditional(m, c[0], c[1], c[2]);
      EXPECT_NEAR(detail::alive_expectation(m, c[0], c[1], c[2]), expected,
                  1e-10 * std::fabs(expected))
          << "t=" << c[0] << " x=" << c[1] << " T=" << c[2];
    }
}

TEST(AliveExpectation, ContinuousThroughAEqualsOne) {
  // The printed formula divides by a - 1; the implemented one has no singularity there.
  BgNbdParams below = kCdnow, at = kCdnow, above = kCdnow;
  below.a = 1 - 1e-7;
  at.a = 1;
  above.a = 1 + 1e-7;
  const double mid = detail::alive_expectation(at, 39, 2, 38.86);
  EXPECT_TRUE(std::isfinite(mid));
  EXPECT_NEAR(detail::alive_expectation(below, 39, 2, 38.86), mid, 1e-6);
  EXPECT_NEAR(detail::alive_expectation(above, 39, 2, 38.86), mid, 1e-6);
}

TEST(AliveExpectation, BothFormsAgreeWhereTheyMeet) {
  // a <= 2 takes the transformed series, a > 2 the printed form.
  BgNbdParams below = kCdnow, above = kCdnow;
  below.a = 2;
  above.a = std::nextafter(2.0, 3.0);
  for (const double x : {0.0, 1.0, 20.0})
    for (const double T : {0.0, 5.0, 80.0})
      EXPECT_NEAR(detail::alive_expectation(below, 52, x, T),
                  detail::alive_expectation(above, 52, x, T),
                  1e-12 * detail::alive_expectation(below, 52, x, T))
          << "x=" << x << " T=" << T;
}

TEST(AliveExpectation, ExtremeParametersAndHistories) {
  // mpmath at 40 digits of the printed formula. Huge a and b (no drop-out seen), 500 and 2,000
  // purchases (the 2F1 alone is beyond a double's range).
  EXPECT_NEAR(detail::alive_expectation(
                  {1.5073011234952083, 19.2130177075421, 2846735.719216083, 5163806.718081415}, 2,
                  2, 181.0 / 7),
              0.1502622168616841588, 1e-13);
  EXPECT_NEAR(detail::alive_expectation(kCdnow, 52, 499, 60), 314.5686612369274964, 1e-9);
  EXPECT_NEAR(detail::alive_expectation({0.243, 4.414, 3.5, 2.426}, 52, 2000, 1),
              799.7689411341641873, 1e-8);
  // r large against a + b + x with many purchases expected (the transformed series would
  // alternate with terms near 1e11), a near 1 there, and a + b = 1 with x = 0 (C = 0).
  EXPECT_NEAR(detail::alive_expectation({100, 50, 0.8, 2.4}, 52, 0, 10), 12.875238843221878545,
              1e-11);
  EXPECT_NEAR(detail::alive_expectation({100, 50, 0.8, 2.4}, 52, 3, 10), 21.054807156857165452,
              1e-11);
  EXPECT_NEAR(detail::alive_expectation({50, 40, 1.000001, 3}, 52, 0, 5), 9.4763575191879761615,
              1e-7);
  EXPECT_NEAR(detail::alive_expectation({0.5, 2, 0.3, 0.5}, 52, 0, 1), 3.6141155296369961775,
              1e-12);
  EXPECT_NEAR(detail::alive_expectation({0.5, 2, 0.6, 0.4}, 52, 0, 1), 1.9438873738344076683, 1e-8);
}

TEST(PAlive, CdnowCustomerAgainstDirectFormula) {
  // 1 / (1 + a / (b + x - 1) ((alpha + T) / (alpha + t_x))^(r + x)), evaluated plainly.
  const double direct =
      1 / (1 + 0.793 / (2.426 + 2 - 1) * std::pow((4.414 + 38.86) / (4.414 + 30.43), 0.243 + 2));
  EXPECT_NEAR(p_alive(kCdnow, 2, 30.43, 38.86), direct, 1e-14);
  EXPECT_NEAR(direct, 0.72658, 0.00001);  // the same expression in Python
  EXPECT_EQ(p_alive(kCdnow, 0, 0, 38.86), 1.0);
}

TEST(Unconditional, SmallHorizonIsRateTimesTime) {
  // E[X(t)] ~ (r / alpha) t for small t.
  const double t = 1e-4;
  EXPECT_NEAR(expected_repeat_purchases(kCdnow, t) / t, kCdnow.r / kCdnow.alpha, 1e-5);
  EXPECT_NEAR(expected_repeat_purchases(kCdnow, 39), printed_conditional(kCdnow, 39, 0, 0), 1e-12);
}

TEST(GammaGamma, ConditionalMeanByHand) {
  const GammaGammaParams m{6.25, 3.74, 15.44};
  // p (gamma + x m) / (p x + q - 1) = 6.25 (15.44 + 70) / (12.5 + 2.74) = 534 / 15.24.
  EXPECT_NEAR(expected_value(m, 2, 35), 534.0 / 15.24, 1e-12);
  // x = 0: the population mean p gamma / (q - 1) = 96.5 / 2.74.
  EXPECT_NEAR(expected_value(m, 0, 0), 96.5 / 2.74, 1e-12);
  // Without a population mean (q <= 1) the given spend comes back.
  EXPECT_EQ(expected_value({6.25, 0.9, 15.44}, 0, 12.5), 12.5);
}

}  // namespace
}  // namespace cw::clv
