// The log-likelihoods against hand computations, the compressed sums against per-customer sums,
// and the analytic gradients against finite differences.
#include "clv/likelihood.hpp"

#include <gtest/gtest.h>

#include <cmath>

#include "simulate.hpp"

namespace cw::clv {
namespace {

const BgNbdParams kCdnow{0.243, 4.414, 0.793, 2.426};

TEST(BgNbdLikelihood, HandComputedCases) {
  // x = 0: (alpha / (alpha + T))^r; r = alpha = 1, T = 10: 1 / 11.
  EXPECT_NEAR(detail::bg_nbd_log_likelihood({1, 1, 1, 1}, 0, 0, 10), std::log(1.0 / 11), 1e-14);
  // r = alpha = a = b = 1, x = 1, t_x = 2, T = 5: B(1,2)/B(1,1) / 6^2 + B(2,1)/B(1,1) / 3^2
  // = 0.5 / 36 + 0.5 / 9 = 5 / 72.
  EXPECT_NEAR(detail::bg_nbd_log_likelihood({1, 1, 1, 1}, 1, 2, 5), std::log(5.0 / 72), 1e-14);
}

TEST(BgNbdLikelihood, CdnowCustomerAgainstThePrintedFormula) {
  // FHL 2005 eq. 6 with gamma and beta functions evaluated directly.
  const double r = 0.243, alpha = 4.414, a = 0.793, b = 2.426, x = 2, t_x = 30.43, T = 38.86;
  const auto beta = [](double u, double v) {
    return std::tgamma(u) * std::tgamma(v) / std::tgamma(u + v);
  };
  const double common = std::tgamma(r + x) * std::pow(alpha, r) / std::tgamma(r);
  const double likelihood =
      beta(a, b + x) / beta(a, b) * common / std::pow(alpha + T, r + x) +
      beta(a + 1, b + x - 1) / beta(a, b) * common / std::pow(alpha + t_x, r + x);
  EXPECT_NEAR(detail::bg_nbd_log_likelihood(kCdnow, x, t_x, T), std::log(likelihood), 1e-12);
}

TEST(BgNbdLikelihood, FiniteForHundredsOfPurchasesAndLongSpans) {
  // 500 purchase days over ten years in days: the plain formula overflows, the log one does not.
  const double ll = detail::bg_nbd_log_likelihood(kCdnow, 499, 3640, 3650);
  EXPECT_TRUE(std::isfinite(ll));
  EXPECT_LT(ll, 0);
  EXPECT_TRUE(std::isfinite(detail::bg_nbd_log_likelihood(kCdnow, 0, 0, 3650)));
  EXPECT_TRUE(std::isfinite(detail::bg_nbd_log_likelihood({50, 1e-3, 1e3, 1e-3}, 499, 1, 3650)));
}

TEST(BgNbdLikelihood, CompressedSumEqualsTheSumOfCustomers) {
  test::Truth truth;
  Summary s = test::simulate(truth, 3000, 11);
  // Repeated rows, as day-granular data has them.
  for (std::size_t i = 0; i < 500; ++i) {
    s.customer_id.push_back(100000 + static_cast<std::int64_t>(i));
    for (auto* v : {&s.x, &s.t_x, &s.T, &s.spend}) v->push_back((*v)[i % 7]);
  }
  double sum = 0;
  for (std::size_t i = 0; i < s.size(); ++i)
    sum += detail::bg_nbd_log_likelihood(kCdnow, s.x[i], s.t_x[i], s.T[i]);
  EXPECT_NEAR(detail::bg_nbd_log_likelihood(kCdnow, s), sum, 1e-9 * std::fabs(sum));
}

TEST(GammaGammaLikelihood, HandComputedCase) {
  // p = q = gamma = 1, x = 1, m = 1: Gamma(2) / (Gamma(1) Gamma(1)) 1 * 1 * 1 / (1 + 1)^2 = 1/4.
  EXPECT_NEAR(detail::gamma_gamma_log_likelihood({1, 1, 1}, 1, 1), std::log(0.25), 1e-14);
  // p = 2, q = 3, gamma = 4, x = 2, m = 5: Gamma(7) / (Gamma(4) Gamma(3)) 4^3 2^4 5^3 / 14^7.
  const double expected = 720.0 / (6 * 2) * 64 * 16 * 125 / std::pow(14.0, 7);
  EXPECT_NEAR(detail::gamma_gamma_log_likelihood({2, 3, 4}, 2, 5), std::log(expected), 1e-13);
}

TEST(GammaGammaLikelihood, CompressedSumEqualsTheSumOfCustomers) {
  const Summary s = test::simulate(test::Truth{}, 3000, 12);
  const GammaGammaParams m{6.25, 3.74, 15.44};
  double sum = 0;
  for (std::size_t i = 0; i < s.size(); ++i)
    if (s.x[i] > 0 && s.spend[i] > 0)
      sum += detail::gamma_gamma_log_likelihood(m, s.x[i], s.spend[i]);
  EXPECT_NEAR(detail::gamma_gamma_log_likelihood(m, s), sum, 1e-9 * std::fabs(sum));
}

// Central differences in the log parameters, step h: error O(h^2) ~ 1e-8 relative.
template <typename Params, std::size_t N, typename F>
std::array<double, N> numeric_gradient(const Params& m, double Params::*const (&fields)[N], F&& f) {
  std::array<double, N> g{};
  const double h = 1e-4;
  for (std::size_t i = 0; i < N; ++i) {
    Params up = m, down = m;
    up.*fields[i] *= std::exp(h);
    down.*fields[i] *= std::exp(-h);
    g[i] = (f(up) - f(down)) / (2 * h);
  }
  return g;
}

TEST(BgNbdLikelihood, GradientMatchesFiniteDifferences) {
  const Summary s = test::simulate(test::Truth{}, 2000, 13);
  double BgNbdParams::*const fields[4] = {&BgNbdParams::r, &BgNbdParams::alpha, &BgNbdParams::a,
                                          &BgNbdParams::b};
  for (const BgNbdParams& m :
       {kCdnow, BgNbdParams{1.7, 20.0, 0.4, 5.0}, BgNbdParams{0.05, 0.5, 3, 0.8}}) {
    std::array<double, 4> analytic{};
    detail::bg_nbd_log_likelihood(m, s, &analytic);
    const auto numeric = numeric_gradient(
        m, fields, [&](const BgNbdParams& at) { return detail::bg_nbd_log_likelihood(at, s); });
    for (int i = 0; i < 4; ++i)
      EXPECT_NEAR(analytic[i], numeric[i], 1e-6 * (1 + std::fabs(numeric[i]))) << "component " << i;
  }
}

TEST(GammaGammaLikelihood, GradientMatchesFiniteDifferences) {
  const Summary s = test::simulate(test::Truth{}, 2000, 14);
  double GammaGammaParams::*const fields[3] = {&GammaGammaParams::p, &GammaGammaParams::q,
                                               &GammaGammaParams::gamma};
  for (const GammaGammaParams& m :
       {GammaGammaParams{6.25, 3.74, 15.44}, GammaGammaParams{0.8, 12, 3}}) {
    std::array<double, 3> analytic{};
    detail::gamma_gamma_log_likelihood(m, s, &analytic);
    const auto numeric = numeric_gradient(m, fields, [&](const GammaGammaParams& at) {
      return detail::gamma_gamma_log_likelihood(at, s);
    });
    for (int i = 0; i < 3; ++i)
      EXPECT_NEAR(analytic[i], numeric[i], 1e-6 * (1 + std::fabs(numeric[i]))) << "component " << i;
  }
}

}  // namespace
}  // namespace cw::clv
