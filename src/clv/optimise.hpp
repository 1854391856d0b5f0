#pragma once
// Maximum likelihood by NLopt's L-BFGS over log parameters, and for large data a subsample fit
// refined by Newton steps on all customers (internal to src/clv).

#ifndef CW_INTERNAL_CLV
#error "clv/optimise.hpp is internal to cw_clv (src/README.md, Boundaries)"
#endif

#include <functional>
#include <vector>

namespace cw::clv::detail {

// Bounds of every log parameter: e^-20 .. e^20 keeps each special function finite; an optimum
// on a bound means the data does not pin that parameter down (not converged).
inline constexpr double kLogBound = 20.0;

// f(theta, gradient) -> value to minimise; writes the gradient when `gradient` is not null.
using Objective = std::function<double(const double* theta, double* gradient)>;

struct Minimum {
  std::vector<double> theta;
  double value = 0;
  int evaluations = 0;
  bool converged = false;
};

// Minimises `f` from `start` (log parameters). Converged: NLopt reports success (or stops on
// round-off) at a point off the bounds whose largest gradient component is below
// `gradient_tolerance`.
inline constexpr double kGradientTolerance = 1e-5;
Minimum minimise(const Objective& f, std::vector<double> start,
                 double gradient_tolerance = kGradientTolerance);

// The same minimum for objectives that are means over many customers, in far fewer evaluations
// of `all`: minimise `sample` (the mean over a subsample) with L-BFGS, take its Hessian there
// (central differences of its gradient), then Newton steps on `all` with that Hessian held
// fixed. The subsample's Hessian differs from the full one by O(1 / sqrt(subsample)), so each
// step shrinks the distance to the optimum by about that factor. Steps that do not decrease
// `all` are halved; when the steps do not converge, L-BFGS on `all` finishes from the best point.
// `evaluations` counts the evaluations of `all` only.
Minimum minimise_large(const Objective& all, const Objective& sample, std::vector<double> start);

}  // namespace cw::clv::detail
