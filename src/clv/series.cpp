// Hypergeometric series of the BG/NBD predictions; see series.hpp.
#include "clv/series.hpp"

#include <algorithm>
#include <cmath>

namespace cw::clv::detail {
namespace {

// Bounds the rest of a series after the term `term` whose ratio to the previous one was `rho`:
// the ratios of a hypergeometric series tend to z, so once below 1 the rest is about
// |term| q / (1 - q) with q = max(|rho|, |z|).
inline bool converged(double term, double rho, double z, double sum) {
  const double q = std::max(std::fabs(rho), std::fabs(z));
  return q < 1 && std::fabs(term) * q <= 1e-16 * (1 - q) * std::fabs(sum);
}

}  // namespace

double log_hyp2f1(double a, double b, double c, double z) {
  // sum = 2F1 - 1 (the leading 1 kept apart, so that small sums keep their digits), all scaled
  // by e^-offset.
  constexpr double kRescale = 1e-250;
  const double log_rescale = std::log(kRescale);
  double one = 1, sum = 0, term = 1, offset = 0;
  for (int n = 0; n < kMaxTerms; ++n) {
    const double rho = (a + n) * (b + n) / ((c + n) * (n + 1)) * z;
    term *= rho;
    sum += term;
    if (term == 0 || converged(term, rho, z, one + sum)) break;
    if (sum > 1e250) {
      one *= kRescale;
      sum *= kRescale;
      term *= kRescale;
      offset -= log_rescale;
    }
  }
  return offset == 0 ? std::log1p(sum) : offset + std::log(one + sum);
}

double alive_expectation(const BgNbdParams& m, double t, double x, double T) {
  if (!(t > 0)) return 0;
  const double z = t / (m.alpha + T + t);
  const double L = -std::log1p(t / (m.alpha + T));  // log(1 - z)
  const double C = m.a + m.b + x - 1;
  const double P = m.a + m.b - 1 - m.r;
  // The transformed form below has terms that never grow when a <= 2 and z |P + 1| / (C + 1)
  // <= 1 (the largest ratio of its Pochhammer factors); otherwise (a > 2, or r large against
  // a + b + x with many purchases expected) its alternating terms would grow and cancel, and the
  // printed form, whose terms are positive, is used.
  const bool transformed = m.a <= 2 && z * std::fabs(P + 1) <= C + 1;
  double value;
  if (transformed) {
    // Euler's transformation turns (1 - z)^(r+x) 2F1(r+x, b+x; C; z) into (1 - z)^(a-1)
    // 2F1(P, a-1; C; z); writing the latter as 1 + (a-1) S takes out the factor a - 1 that the
    // printed form divides by: E = C (-expm1((a-1) L) / (a-1)) - (1-z)^(a-1) C S, with
    // C S = sum over n >= 1 of C (P)_n (a)_(n-1) / ((C)_n n!) z^n, summed with the factor C
    // inside (C is 0 when x = 0 and a + b = 1).
    const double eps = m.a - 1;
    double term = P * z, CS = term;
    for (int n = 1; n < kMaxTerms && term != 0; ++n) {
      const double rho = (P + n) * (m.a + n - 1) / ((C + n) * (n + 1)) * z;
      term *= rho;
      CS += term;
      if (converged(term, rho, z, CS)) break;
    }
    const double first = eps == 0 ? -L : -std::expm1(eps * L) / eps;
    value = C * first - std::exp(eps * L) * CS;
  } else {
    // The printed form C / (a - 1) [1 - (1 - z)^(r+x) 2F1(r+x, b+x; C; z)], the power and the
    // function multiplied in log space (each alone may overflow for large x). a = 1 exactly
    // (only reached with large r) is taken as 1 + 1e-9: the function is smooth in a.
    const double a_minus_1 = m.a == 1 ? 1e-9 : m.a - 1;
    const double log_product = (m.r + x) * L + log_hyp2f1(m.r + x, m.b + x, C, z);
    value = C / a_minus_1 * -std::expm1(log_product);
  }
  return std::isfinite(value) ? std::max(value, 0.0) : 0.0;
}

}  // namespace cw::clv::detail
