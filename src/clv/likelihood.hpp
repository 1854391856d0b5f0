#pragma once
// The models' log-likelihoods and their gradients with respect to the log parameters, as the fits
// evaluate them (internal to src/clv; the tests check them against hand computations and finite
// differences).

#ifndef CW_INTERNAL_CLV
#error "clv/likelihood.hpp is internal to cw_clv (src/README.md, Boundaries)"
#endif

#include <array>

#include "clv/clv.hpp"

namespace cw::clv::detail {

// One customer's contribution.
double bg_nbd_log_likelihood(const BgNbdParams& m, double x, double t_x, double T);
double gamma_gamma_log_likelihood(const GammaGammaParams& m, double x, double spend);

// Sums over a Summary (Gamma-Gamma: the customers with x > 0 and spend > 0), with the gradient
// with respect to (log r, log alpha, log a, log b) and (log p, log q, log gamma) when asked.
double bg_nbd_log_likelihood(const BgNbdParams& m, const Summary& s,
                             std::array<double, 4>* gradient = nullptr);
double gamma_gamma_log_likelihood(const GammaGammaParams& m, const Summary& s,
                                  std::array<double, 3>* gradient = nullptr);

// 422 "model_not_identified" with `why`.
Error not_identified(const std::string& why);

}  // namespace cw::clv::detail
