// The Gamma-Gamma spend model: the fit and the conditional mean spend. Formulas as implemented:
// docs/analytics.md "Lifetime value".
#include <algorithm>
#include <boost/math/special_functions/digamma.hpp>
#include <boost/math/special_functions/gamma.hpp>
#include <cmath>

#include "clv/flat_index.hpp"
#include "clv/likelihood.hpp"
#include "clv/optimise.hpp"
#include "clv/parallel.hpp"

namespace cw::clv {
namespace detail {
namespace {

// The customers with x > 0 and a positive spend, grouped by x: a row costs one log and one
// division; everything else is summed per distinct x once.
class SpendRows {
 public:
  // Every `stride`-th of those customers (1: all of them).
  explicit SpendRows(const Summary& s, std::size_t stride = 1) {
    FlatIndex index(64);
    std::vector<std::uint32_t> of_row;
    std::size_t seen = 0;
    for (std::size_t i = 0; i < s.size(); ++i) {
      if (!(s.x[i] > 0 && s.spend[i] > 0) || seen++ % stride != 0) continue;
      const std::uint32_t k = index.index(FlatIndex::bits(s.x[i]));
      if (k == xs_.size()) {
        xs_.push_back(s.x[i]);
        count_.push_back(0);
        sum_log_m_.push_back(0);
      }
      count_[k] += 1;
      sum_log_m_[k] += std::log(s.spend[i]);
      of_row.push_back(k);
      mx_.push_back(s.spend[i] * s.x[i]);
    }
    x_of_row_ = std::move(of_row);
  }

  std::size_t customers() const { return mx_.size(); }

  // Sum of the log-likelihoods; the gradient is with respect to (p, q, gamma).
  double log_likelihood(const GammaGammaParams& m, std::array<double, 3>* gradient) const {
    using boost::math::digamma;
    using boost::math::lgamma;
    const std::size_t nx = xs_.size();
    // Per x: the sum of log(gamma + m x) and of 1 / (gamma + m x) over its customers.
    std::vector<double> logs[2], invs[2];
    split_rows(mx_.size(), [&](std::size_t begin, std::size_t end, int part) {
      logs[part].assign(nx, 0.0);
      invs[part].assign(nx, 0.0);
      for (std::size_t k = begin; k < end; ++k) {
        const double v = m.gamma + mx_[k];
        logs[part][x_of_row_[k]] += std::log(v);
        invs[part][x_of_row_[k]] += 1 / v;
      }
    });
    const double lg_q = lgamma(m.q), dg_q = digamma(m.q), log_gamma = std::log(m.gamma);
    double ll = 0, gp = 0, gq = 0, gg = 0;
    for (std::size_t i = 0; i < nx; ++i) {
      const double x = xs_[i], n = count_[i], px = m.p * x;
      const double sum_log = logs[0][i] + (logs[1].empty() ? 0 : logs[1][i]);
      const double sum_inv = invs[0][i] + (invs[1].empty() ? 0 : invs[1][i]);
      ll += n * (lgamma(px + m.q) - lgamma(px) - lg_q + m.q * log_gamma + px * std::log(x)) +
            (px - 1) * sum_log_m_[i] - (px + m.q) * sum_log;
      const double dg_pxq = digamma(px + m.q);
      gp += n * x * (dg_pxq - digamma(px) + std::log(x)) + x * sum_log_m_[i] - x * sum_log;
      gq += n * (dg_pxq - dg_q + log_gamma) - sum_log;
      gg += n * m.q / m.gamma - (px + m.q) * sum_inv;
    }
    if (gradient) *gradient = {gp, gq, gg};
    return ll;
  }

 private:
  std::vector<double> xs_, count_, sum_log_m_;
  std::vector<std::uint32_t> x_of_row_;
  std::vector<double> mx_;
};

GammaGammaParams from_log(const double* theta) {
  return {std::exp(theta[0]), std::exp(theta[1]), std::exp(theta[2])};
}

// The mean negative log-likelihood over `rows` as a function of the log parameters.
Objective objective(const SpendRows& rows) {
  const double n = static_cast<double>(rows.customers());
  return [&rows, n](const double* theta, double* gradient) {
    const GammaGammaParams m = from_log(theta);
    std::array<double, 3> g{};
    const double ll = rows.log_likelihood(m, gradient ? &g : nullptr);
    if (gradient) {
      gradient[0] = -g[0] * m.p / n;
      gradient[1] = -g[1] * m.q / n;
      gradient[2] = -g[2] * m.gamma / n;
    }
    return -ll / n;
  };
}

// Above four times this many repeat buyers the fit starts on a subsample of this size.
constexpr std::size_t kWarmStartCustomers = 20'000;

Result<void> check_identified(const Summary& s) {
  std::size_t spenders = 0;
  double first = -1;
  bool varies = false;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (!(s.x[i] > 0 && s.spend[i] > 0)) continue;
    if (!std::isfinite(s.spend[i]))
      return fail(Error::bad_request(
          "invalid_summary",
          "customer " + std::to_string(s.customer_id.at(i)) + " has an impossible spend"));
    ++spenders;
    if (first < 0) first = s.spend[i];
    varies = varies || s.spend[i] != first;
  }
  if (spenders < kMinSpendCustomers)
    return fail(not_identified(
        "the spend model needs at least " + std::to_string(kMinSpendCustomers) +
        " repeat buyers with a positive spend, the data has " + std::to_string(spenders)));
  if (!varies)
    return fail(not_identified(
        "every repeat buyer has the same mean spend, so the spend model has nothing to fit"));
  return {};
}

}  // namespace

double gamma_gamma_log_likelihood(const GammaGammaParams& m, double x, double spend) {
  using boost::math::lgamma;
  const double px = m.p * x;
  return lgamma(px + m.q) - lgamma(px) - lgamma(m.q) + m.q * std::log(m.gamma) +
         (px - 1) * std::log(spend) + px * std::log(x) - (px + m.q) * std::log(m.gamma + spend * x);
}

double gamma_gamma_log_likelihood(const GammaGammaParams& m, const Summary& s,
                                  std::array<double, 3>* gradient) {
  const double ll = SpendRows(s).log_likelihood(m, gradient);
  if (gradient) {
    (*gradient)[0] *= m.p;
    (*gradient)[1] *= m.q;
    (*gradient)[2] *= m.gamma;
  }
  return ll;
}

}  // namespace detail

Result<GammaGammaFit> fit_gamma_gamma(const Summary& s) {
  using namespace detail;
  CW_TRY(check_identified(s));
  const SpendRows rows(s);
  const double n = static_cast<double>(rows.customers());
  // Start: p = q = 2 and gamma matching the mean spend, p gamma / (q - 1).
  double mean = 0;
  for (std::size_t i = 0; i < s.size(); ++i)
    if (s.x[i] > 0 && s.spend[i] > 0) mean += s.spend[i] / n;
  const std::vector<double> start{std::log(2.0), std::log(2.0), std::log(mean / 2)};
  Minimum best;
  if (rows.customers() > 4 * kWarmStartCustomers) {
    const SpendRows sample(s, rows.customers() / kWarmStartCustomers);
    best = minimise_large(objective(rows), objective(sample), start);
  } else {
    best = minimise(objective(rows), start);
  }
  GammaGammaFit fit;
  fit.params = from_log(best.theta.data());
  fit.info.log_likelihood = -best.value * n;
  fit.info.iterations = best.evaluations;
  fit.info.converged = best.converged;
  fit.info.customers = rows.customers();
  if (!std::isfinite(fit.info.log_likelihood))
    return fail(not_identified("the spend likelihood has no finite maximum on this data"));
  return fit;
}

double expected_value(const GammaGammaParams& m, double x, double spend) {
  const double denominator = m.p * x + m.q - 1;
  if (!(m.p > 0 && m.gamma > 0 && denominator > 0) || !std::isfinite(denominator))
    return std::isfinite(spend) ? spend : 0;
  const double value = m.p * (m.gamma + spend * std::max(x, 0.0)) / denominator;
  return std::isfinite(value) ? value : (std::isfinite(spend) ? spend : 0);
}

}  // namespace cw::clv
