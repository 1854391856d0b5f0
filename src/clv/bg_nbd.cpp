// The BG/NBD model: identification checks, the fit and the per-customer quantities. Formulas as
// implemented: docs/analytics.md "Lifetime value".
#include <algorithm>
#include <boost/math/special_functions/gamma.hpp>
#include <cmath>
#include <numeric>

#include "clv/bg_nbd_rows.hpp"
#include "clv/likelihood.hpp"
#include "clv/optimise.hpp"
#include "clv/series.hpp"

namespace cw::clv {
namespace detail {

Error not_identified(const std::string& why) {
  return Error::unprocessable("model_not_identified",
                              "the lifetime-value model cannot be fitted: " + why);
}

double bg_nbd_log_likelihood(const BgNbdParams& m, double x, double t_x, double T) {
  using boost::math::lgamma;
  const double rx = m.r + x;
  const double common = lgamma(rx) - lgamma(m.r) + m.r * std::log(m.alpha) + lgamma(m.a + m.b) +
                        lgamma(m.b + x) - lgamma(m.b) - lgamma(m.a + m.b + x);
  const double alive = -rx * std::log(m.alpha + T);
  if (x <= 0) return common + alive;
  const double dropped = std::log(m.a) - std::log(m.b + x - 1) - rx * std::log(m.alpha + t_x);
  return common + std::max(alive, dropped) + std::log1p(std::exp(-std::fabs(alive - dropped)));
}

double bg_nbd_log_likelihood(const BgNbdParams& m, const Summary& s,
                             std::array<double, 4>* gradient) {
  const BgNbdRows rows(s);
  const double ll = rows.log_likelihood(m, gradient);
  if (gradient) {
    const double scale[4] = {m.r, m.alpha, m.a, m.b};
    for (int i = 0; i < 4; ++i) (*gradient)[i] *= scale[i];
  }
  return ll;
}

namespace {

bool usable(const BgNbdParams& m) {
  for (const double v : {m.r, m.alpha, m.a, m.b})
    if (!(v > 0) || !std::isfinite(v)) return false;
  return true;
}

BgNbdParams from_log(const double* theta) {
  return {std::exp(theta[0]), std::exp(theta[1]), std::exp(theta[2]), std::exp(theta[3])};
}

// The mean negative log-likelihood over `rows` as a function of the log parameters.
Objective objective(const BgNbdRows& rows) {
  const double n = rows.customers();
  return [&rows, n](const double* theta, double* gradient) {
    const BgNbdParams m = from_log(theta);
    std::array<double, 4> g{};
    const double ll = rows.log_likelihood(m, gradient ? &g : nullptr);
    if (gradient) {
      const double scale[4] = {m.r, m.alpha, m.a, m.b};
      for (int i = 0; i < 4; ++i) gradient[i] = -g[i] * scale[i] / n;
    }
    return -ll / n;
  };
}

Result<void> check_identified(const Summary& s) {
  if (s.size() < kMinCustomers)
    return fail(
        not_identified("it needs at least " + std::to_string(kMinCustomers) +
                       " customers with a purchase up to the calibration end, the data has " +
                       std::to_string(s.size())));
  bool repeat = false, aged = false;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (!std::isfinite(s.x[i]) || !std::isfinite(s.t_x[i]) || !std::isfinite(s.T[i]) ||
        s.x[i] < 0 || s.x[i] != std::floor(s.x[i]) || s.t_x[i] < 0 || s.T[i] < s.t_x[i])
      return fail(Error::bad_request(
          "invalid_summary",
          "customer " + std::to_string(s.customer_id.at(i)) + " has an impossible x, t_x or T"));
    repeat = repeat || s.x[i] > 0;
    aged = aged || s.T[i] > 0;
  }
  if (!aged)
    return fail(not_identified(
        "every customer's first purchase is on the calibration end, so no time has been observed"));
  if (!repeat)
    return fail(not_identified(
        "no customer made a repeat purchase up to the calibration end, so purchase rate and "
        "drop-out cannot be told apart"));
  return {};
}

// A start from the data: r = a = b = 1 and alpha matching the mean purchase rate.
std::vector<double> moment_start(const Summary& s) {
  const double purchases = std::accumulate(s.x.begin(), s.x.end(), 0.0);
  const double time = std::accumulate(s.T.begin(), s.T.end(), 0.0);
  const double rate = std::max(purchases / time, 1e-6);
  return {0.0, std::log(1.0 / rate), 0.0, 0.0};
}

// Above four times this many customers the fit starts on a subsample of this size
// (minimise_large).
constexpr std::size_t kWarmStartCustomers = 20'000;

}  // namespace
}  // namespace detail

Result<BgNbdFit> fit_bg_nbd(const Summary& s) {
  using namespace detail;
  CW_TRY(check_identified(s));
  const BgNbdRows rows(s);
  Minimum best;
  if (s.size() > 4 * kWarmStartCustomers) {
    const BgNbdRows sample(s, s.size() / kWarmStartCustomers);
    best = minimise_large(objective(rows), objective(sample), moment_start(s));
  } else {
    best = minimise(objective(rows), moment_start(s));
  }
  BgNbdFit fit;
  fit.params = from_log(best.theta.data());
  fit.info.log_likelihood = -best.value * rows.customers();
  fit.info.iterations = best.evaluations;
  fit.info.converged = best.converged;
  fit.info.customers = s.size();
  if (!std::isfinite(fit.info.log_likelihood) || !usable(fit.params))
    return fail(not_identified("the likelihood has no finite maximum on this data"));
  return fit;
}

double p_alive(const BgNbdParams& m, double x, double t_x, double T) {
  if (!detail::usable(m)) return 0;
  if (!(x > 0)) return 1;
  // 1 / (1 + a / (b + x - 1) ((alpha + T) / (alpha + t_x))^(r + x)), the power in log space.
  const double L = std::log(m.a) - std::log(m.b + x - 1) +
                   (m.r + x) * std::log1p(std::max(T - t_x, 0.0) / (m.alpha + t_x));
  const double p = L > 0 ? std::exp(-L) / (1 + std::exp(-L)) : 1 / (1 + std::exp(L));
  return std::isfinite(p) ? p : 0;
}

double expected_purchases(const BgNbdParams& m, double t, double x, double t_x, double T) {
  if (!detail::usable(m)) return 0;
  return p_alive(m, x, t_x, T) * detail::alive_expectation(m, t, x, T);
}

double expected_repeat_purchases(const BgNbdParams& m, double t) {
  if (!detail::usable(m)) return 0;
  return detail::alive_expectation(m, t, 0, 0);
}

}  // namespace cw::clv
