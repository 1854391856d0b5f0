#pragma once
// The special-function pieces of the BG/NBD predictions (docs/analytics.md "Lifetime value",
// "How the functions are evaluated"). Internal to src/clv; tests check them against Boost.Math.

#ifndef CW_INTERNAL_CLV
#error "clv/series.hpp is internal to cw_clv (src/README.md, Boundaries)"
#endif

#include <cmath>

#include "clv/clv.hpp"

namespace cw::clv::detail {

// log 2F1(a, b; c; z), Gauss's hypergeometric function, for a, b, c > 0 and 0 <= z < 1: the power
// series, whose terms are then all positive, summed with a running rescale so that values beyond
// the range of a double (large a and b, z near 1) stay finite, until the geometric bound on the
// rest is below 1e-16 of the sum, or kMaxTerms terms.
double log_hyp2f1(double a, double b, double c, double z);

inline constexpr int kMaxTerms = 1'000'000;

// E[purchases in (T, T + t] | x, T, alive at T] of the BG/NBD model: the conditional expectation
// of FHL 2005 (eq. 10) without its P(alive) factor, in one of two forms that stay finite and
// accurate: one without the division by a - 1 where its terms cannot grow (a <= 2 and r not
// large against a + b + x), the printed one otherwise (see the docs).
double alive_expectation(const BgNbdParams& m, double t, double x, double T);

}  // namespace cw::clv::detail
