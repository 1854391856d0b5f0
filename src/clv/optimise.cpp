// NLopt's L-BFGS behind a small interface; see optimise.hpp.
#include "clv/optimise.hpp"

#include <nlopt.h>

#include <algorithm>
#include <cmath>
#include <memory>
#include <optional>

namespace cw::clv::detail {
namespace {

struct Call {
  const Objective* f;
  int evaluations = 0;
  bool failed = false;
};

// NLopt calls this through C: nothing may escape as an exception, and a non-finite value stops
// the search instead of steering it.
double trampoline(unsigned n, const double* theta, double* gradient, void* data) {
  auto* call = static_cast<Call*>(data);
  ++call->evaluations;
  try {
    const double value = (*call->f)(theta, gradient);
    bool finite = std::isfinite(value);
    for (unsigned i = 0; gradient && i < n; ++i) finite = finite && std::isfinite(gradient[i]);
    if (finite) return value;
  } catch (...) {
  }
  call->failed = true;
  return HUGE_VAL;
}

}  // namespace

Minimum minimise(const Objective& f, std::vector<double> start, double gradient_tolerance) {
  const auto n = static_cast<unsigned>(start.size());
  std::unique_ptr<nlopt_opt_s, void (*)(nlopt_opt)> opt(nlopt_create(NLOPT_LD_LBFGS, n),
                                                        nlopt_destroy);
  Call call{&f};
  const std::vector<double> lower(n, -kLogBound), upper(n, kLogBound);
  for (double& v : start) v = std::clamp(v, -kLogBound + 1, kLogBound - 1);
  nlopt_set_lower_bounds(opt.get(), lower.data());
  nlopt_set_upper_bounds(opt.get(), upper.data());
  nlopt_set_min_objective(opt.get(), trampoline, &call);
  nlopt_set_ftol_rel(opt.get(), 1e-13);
  nlopt_set_xtol_rel(opt.get(), 1e-9);
  nlopt_set_maxeval(opt.get(), 1000);
  Minimum out;
  out.theta = start;
  double value = HUGE_VAL;
  const nlopt_result result = nlopt_optimize(opt.get(), out.theta.data(), &value);
  out.evaluations = call.evaluations;
  std::vector<double> gradient(n, 0.0);
  out.value = f(out.theta.data(), gradient.data());
  bool interior = true;
  double largest = 0;
  for (unsigned i = 0; i < n; ++i) {
    interior = interior && std::fabs(out.theta[i]) < kLogBound - 1e-6;
    largest = std::max(largest, std::fabs(gradient[i]));
  }
  const bool stopped_well = result > 0 || result == NLOPT_ROUNDOFF_LIMITED;
  out.converged = stopped_well && !call.failed && interior && std::isfinite(out.value) &&
                  largest < gradient_tolerance;
  return out;
}

namespace {

// Central differences of the gradient: a symmetric n x n matrix, row-major.
std::vector<double> hessian(const Objective& f, const std::vector<double>& theta) {
  const std::size_t n = theta.size();
  const double h = 1e-4;
  std::vector<double> H(n * n), up(n), down(n);
  for (std::size_t j = 0; j < n; ++j) {
    std::vector<double> at = theta;
    at[j] = theta[j] + h;
    f(at.data(), up.data());
    at[j] = theta[j] - h;
    f(at.data(), down.data());
    for (std::size_t i = 0; i < n; ++i) H[i * n + j] = (up[i] - down[i]) / (2 * h);
  }
  for (std::size_t i = 0; i < n; ++i)
    for (std::size_t j = 0; j < i; ++j)
      H[i * n + j] = H[j * n + i] = (H[i * n + j] + H[j * n + i]) / 2;
  return H;
}

// Cholesky factor L (row-major, lower) of a positive definite H; nullopt when it is not.
std::optional<std::vector<double>> cholesky(const std::vector<double>& H, std::size_t n) {
  std::vector<double> L(n * n, 0.0);
  for (std::size_t i = 0; i < n; ++i)
    for (std::size_t j = 0; j <= i; ++j) {
      double sum = H[i * n + j];
      for (std::size_t k = 0; k < j; ++k) sum -= L[i * n + k] * L[j * n + k];
      if (i == j) {
        if (!(sum > 0) || !std::isfinite(sum)) return std::nullopt;
        L[i * n + i] = std::sqrt(sum);
      } else {
        L[i * n + j] = sum / L[j * n + j];
      }
    }
  return L;
}

// Solves L L' x = g.
std::vector<double> solve(const std::vector<double>& L, std::vector<double> g) {
  const std::size_t n = g.size();
  for (std::size_t i = 0; i < n; ++i) {
    for (std::size_t k = 0; k < i; ++k) g[i] -= L[i * n + k] * g[k];
    g[i] /= L[i * n + i];
  }
  for (std::size_t i = n; i-- > 0;) {
    for (std::size_t k = i + 1; k < n; ++k) g[i] -= L[k * n + i] * g[k];
    g[i] /= L[i * n + i];
  }
  return g;
}

double largest(const std::vector<double>& g) {
  double m = 0;
  for (const double v : g) m = std::max(m, std::fabs(v));
  return std::isfinite(m) ? m : HUGE_VAL;
}

}  // namespace

Minimum minimise_large(const Objective& all, const Objective& sample, std::vector<double> start) {
  const Minimum warm = minimise(sample, std::move(start));
  const std::size_t n = warm.theta.size();
  Minimum best;
  best.theta = warm.theta;
  std::vector<double> gradient(n);
  best.value = all(best.theta.data(), gradient.data());
  best.evaluations = 1;
  const auto factor = cholesky(hessian(sample, warm.theta), n);
  // The Newton steps stop well inside the convergence test's tolerance.
  for (int step = 0; factor && step < 8 && largest(gradient) >= kGradientTolerance / 100; ++step) {
    const std::vector<double> direction = solve(*factor, gradient);
    bool improved = false;
    for (double scale = 1; scale > 1.0 / 64 && !improved; scale /= 2) {
      std::vector<double> theta(n), g(n);
      for (std::size_t i = 0; i < n; ++i)
        theta[i] = std::clamp(best.theta[i] - scale * direction[i], -kLogBound, kLogBound);
      const double value = all(theta.data(), g.data());
      ++best.evaluations;
      if (std::isfinite(value) && value <= best.value) {
        best.theta = std::move(theta);
        best.value = value;
        gradient = std::move(g);
        improved = true;
      }
    }
    if (!improved) break;
  }
  bool interior = true;
  for (const double v : best.theta) interior = interior && std::fabs(v) < kLogBound - 1e-6;
  if (interior && std::isfinite(best.value) && largest(gradient) < kGradientTolerance) {
    best.converged = true;
    return best;
  }
  Minimum finish = minimise(all, best.theta);
  finish.evaluations += best.evaluations;
  return finish;
}

}  // namespace cw::clv::detail
