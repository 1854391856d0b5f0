// The fits recover known parameters from simulated customers, within tolerances derived from the
// sample (standard errors from the observed information), and refuse data that cannot identify
// them.
#include <gtest/gtest.h>

#include <cmath>

#include "clv/likelihood.hpp"
#include "simulate.hpp"

namespace cw::clv {
namespace {

// Standard errors of the log parameters: the square roots of the diagonal of the inverse of
// minus the Hessian of the log-likelihood (the observed information), the Hessian taken by
// central differences of the analytic gradient. Asymptotically the ML estimate of each log
// parameter is normal around the truth with this standard deviation, so |estimate - truth| <
// 4 SE fails by chance with probability about 6e-5 per parameter.
template <std::size_t N, typename Gradient>
std::array<double, N> standard_errors(std::array<double, N> theta, Gradient gradient) {
  double h[N][2 * N] = {};
  const double step = 1e-4;
  for (std::size_t j = 0; j < N; ++j) {
    auto up = theta, down = theta;
    up[j] += step;
    down[j] -= step;
    const auto gu = gradient(up), gd = gradient(down);
    for (std::size_t i = 0; i < N; ++i) h[i][j] = -(gu[i] - gd[i]) / (2 * step);
    h[j][N + j] = 1;
  }
  // Gauss-Jordan elimination of [H | I] (H is symmetric positive definite at a maximum).
  for (std::size_t c = 0; c < N; ++c) {
    const double pivot = h[c][c];
    for (std::size_t k = 0; k < 2 * N; ++k) h[c][k] /= pivot;
    for (std::size_t r = 0; r < N; ++r) {
      if (r == c) continue;
      const double f = h[r][c];
      for (std::size_t k = 0; k < 2 * N; ++k) h[r][k] -= f * h[c][k];
    }
  }
  std::array<double, N> se{};
  for (std::size_t i = 0; i < N; ++i) se[i] = std::sqrt(h[i][N + i]);
  return se;
}

std::array<double, 4> log_of(const BgNbdParams& m) {
  return {std::log(m.r), std::log(m.alpha), std::log(m.a), std::log(m.b)};
}
std::array<double, 3> log_of(const GammaGammaParams& m) {
  return {std::log(m.p), std::log(m.q), std::log(m.gamma)};
}

std::array<double, 4> standard_errors(const BgNbdParams& m, const Summary& s) {
  return standard_errors<4>(log_of(m), [&](std::array<double, 4> t) {
    std::array<double, 4> g{};
    detail::bg_nbd_log_likelihood({std::exp(t[0]), std::exp(t[1]), std::exp(t[2]), std::exp(t[3])},
                                  s, &g);
    return g;
  });
}

std::array<double, 3> standard_errors(const GammaGammaParams& m, const Summary& s) {
  return standard_errors<3>(log_of(m), [&](std::array<double, 3> t) {
    std::array<double, 3> g{};
    detail::gamma_gamma_log_likelihood({std::exp(t[0]), std::exp(t[1]), std::exp(t[2])}, s, &g);
    return g;
  });
}

// Each log parameter within 4 standard errors of the truth, the errors below `largest_se`
// (so that the check has teeth).
template <typename Params>
void expect_recovered(const Params& estimate, const Params& truth, const Summary& s,
                      double largest_se) {
  const auto se = standard_errors(estimate, s);
  const auto got = log_of(estimate), expected = log_of(truth);
  for (std::size_t i = 0; i < se.size(); ++i) {
    EXPECT_LT(se[i], largest_se) << "log parameter " << i;
    EXPECT_NEAR(got[i], expected[i], 4 * se[i]) << "log parameter " << i;
  }
}

TEST(FitBgNbd, RecoversSimulatedParameters) {
  const test::Truth truth;
  const Summary s = test::simulate(truth, 20'000, 2005);
  auto fit = fit_bg_nbd(s);
  ASSERT_TRUE(fit) << fit.error().message;
  EXPECT_TRUE(fit->info.converged);
  EXPECT_GT(fit->info.iterations, 0);
  EXPECT_EQ(fit->info.customers, 20'000u);
  EXPECT_NEAR(fit->info.log_likelihood, detail::bg_nbd_log_likelihood(fit->params, s), 1e-6);
  expect_recovered(fit->params, truth.bg, s, 0.3);
  // The truth is not better than the maximum.
  EXPECT_GE(fit->info.log_likelihood, detail::bg_nbd_log_likelihood(truth.bg, s));
}

TEST(FitBgNbd, RecoversOtherParametersInDays) {
  test::Truth truth;
  truth.bg = {1.5, 30.0, 1.3, 4.0};  // about one purchase a month; a > 1
  truth.T_min = 30;
  truth.T_max = 730;
  const Summary s = test::simulate(truth, 20'000, 7);
  auto fit = fit_bg_nbd(s);
  ASSERT_TRUE(fit) << fit.error().message;
  EXPECT_TRUE(fit->info.converged);
  expect_recovered(fit->params, truth.bg, s, 0.3);
}

TEST(FitBgNbd, LargeSampleIsTight) {
  // 200,000 customers: standard errors shrink by sqrt(10) against 20,000; also the warm start
  // from a subsample is taken.
  const test::Truth truth;
  const Summary s = test::simulate(truth, 200'000, 99);
  auto fit = fit_bg_nbd(s);
  ASSERT_TRUE(fit) << fit.error().message;
  EXPECT_TRUE(fit->info.converged);
  expect_recovered(fit->params, truth.bg, s, 0.1);
  // About 90,000 repeat buyers: the spend fit takes the subsample path too.
  auto spend = fit_gamma_gamma(s);
  ASSERT_TRUE(spend) << spend.error().message;
  EXPECT_TRUE(spend->info.converged);
  EXPECT_GT(spend->info.customers, 80'000u);
  expect_recovered(spend->params, truth.gg, s, 0.1);
  // Every prediction finite, discounted or not.
  ClvOptions options;
  options.discount_rate = 0.08;
  auto p = predict(fit->params, spend->params, s, options);
  ASSERT_TRUE(p);
  std::size_t finite = 0;
  for (std::size_t i = 0; i < s.size(); ++i)
    finite += std::isfinite(p->p_alive[i]) && std::isfinite(p->expected_purchases[i]) &&
              std::isfinite(p->expected_value[i]) && std::isfinite(p->clv[i]);
  EXPECT_EQ(finite, s.size());
}

TEST(FitGammaGamma, RecoversSimulatedParameters) {
  const test::Truth truth;
  test::Truth busier = truth;
  busier.bg = {1.0, 4.0, 0.8, 2.4};  // more repeat buyers for the spend model
  const Summary s = test::simulate(busier, 20'000, 1999);
  auto fit = fit_gamma_gamma(s);
  ASSERT_TRUE(fit) << fit.error().message;
  EXPECT_TRUE(fit->info.converged);
  EXPECT_GT(fit->info.customers, 5'000u);
  expect_recovered(fit->params, truth.gg, s, 0.3);
}

Summary rows(std::initializer_list<std::array<double, 4>> customers) {
  Summary s;
  std::int64_t id = 0;
  for (const auto& c : customers) {
    s.customer_id.push_back(++id);
    s.x.push_back(c[0]);
    s.t_x.push_back(c[1]);
    s.T.push_back(c[2]);
    s.spend.push_back(c[3]);
  }
  return s;
}

void expect_refusal(const Result<BgNbdFit>& fit, const std::string& words) {
  ASSERT_FALSE(fit);
  EXPECT_EQ(fit.error().code, "model_not_identified");
  EXPECT_EQ(fit.error().kind, ErrorKind::kUnprocessable);
  EXPECT_NE(fit.error().message.find(words), std::string::npos) << fit.error().message;
}

TEST(FitBgNbd, RefusesDataThatCannotIdentifyIt) {
  expect_refusal(fit_bg_nbd(rows({{3, 10, 20, 5}})), "at least 10 customers");
  expect_refusal(fit_bg_nbd(Summary{}), "at least 10 customers");
  Summary one_timers = test::simulate(test::Truth{}, 50, 1);
  for (double& x : one_timers.x) x = 0;
  for (double& t : one_timers.t_x) t = 0;
  expect_refusal(fit_bg_nbd(one_timers), "no customer made a repeat purchase");
  Summary all_new = one_timers;
  for (double& T : all_new.T) T = 0;
  expect_refusal(fit_bg_nbd(all_new), "first purchase is on the calibration end");
  Summary impossible = test::simulate(test::Truth{}, 50, 2);
  impossible.x[3] = 1.5;
  auto fractional = fit_bg_nbd(impossible);
  ASSERT_FALSE(fractional);
  EXPECT_EQ(fractional.error().code, "invalid_summary");
  impossible.x[3] = 1;
  impossible.t_x[3] = impossible.T[3] + 1;
  EXPECT_EQ(fit_bg_nbd(impossible).error().code, "invalid_summary");
}

TEST(FitGammaGamma, RefusesDataThatCannotIdentifyIt) {
  auto few = fit_gamma_gamma(rows({{1, 1, 2, 10}, {2, 1, 2, 12}, {0, 0, 2, 0}}));
  ASSERT_FALSE(few);
  EXPECT_EQ(few.error().code, "model_not_identified");
  EXPECT_NE(few.error().message.find("at least 3 repeat buyers"), std::string::npos);
  auto same = fit_gamma_gamma(rows({{1, 1, 2, 10}, {2, 1, 2, 10}, {4, 1, 2, 10}}));
  ASSERT_FALSE(same);
  EXPECT_NE(same.error().message.find("same mean spend"), std::string::npos);
}

TEST(Fit, ExtremeCustomersStayFinite) {
  // Days over ten years, one customer with 500 purchase days, a few ordinary ones.
  Summary s = rows({{499, 3640, 3650, 40},
                    {0, 0, 3650, 0},
                    {1, 20, 3000, 25},
                    {2, 400, 2000, 31},
                    {0, 0, 1, 0},
                    {5, 900, 901, 60},
                    {0, 0, 365, 0},
                    {3, 3000, 3650, 12},
                    {0, 0, 10, 0},
                    {1, 1, 3650, 80},
                    {0, 0, 0, 0}});
  ClvOptions options;
  options.unit = TimeUnit::kDay;
  options.discount_rate = 0.1;
  auto result = fit_and_predict(s, options);
  ASSERT_TRUE(result) << result.error().message;
  for (const double v :
       {result->bg_nbd.params.r, result->bg_nbd.params.alpha, result->bg_nbd.params.a,
        result->bg_nbd.params.b, result->bg_nbd.info.log_likelihood, result->gamma_gamma.params.p,
        result->gamma_gamma.params.q, result->gamma_gamma.params.gamma,
        result->gamma_gamma.info.log_likelihood})
    EXPECT_TRUE(std::isfinite(v));
  const Predictions& p = result->predictions;
  for (std::size_t i = 0; i < s.size(); ++i) {
    EXPECT_TRUE(p.p_alive[i] >= 0 && p.p_alive[i] <= 1) << i;
    EXPECT_TRUE(std::isfinite(p.expected_purchases[i]) && p.expected_purchases[i] >= 0) << i;
    EXPECT_TRUE(std::isfinite(p.expected_value[i]) && p.expected_value[i] >= 0) << i;
    EXPECT_TRUE(std::isfinite(p.clv[i]) && p.clv[i] >= 0) << i;
  }
  // The heavy buyer, active until ten days ago, is the most valuable.
  EXPECT_GT(p.expected_purchases[0], 10);
  for (std::size_t i = 1; i < s.size(); ++i) EXPECT_GT(p.clv[0], p.clv[i]);
}

}  // namespace
}  // namespace cw::clv
