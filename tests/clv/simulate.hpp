#pragma once
// Customers drawn from the models' generative processes (deterministic seeds), for the recovery
// tests and the benchmark.

#include <cmath>
#include <cstdint>
#include <random>

#include "clv/clv.hpp"

namespace cw::clv::test {

// BG/NBD (FHL 2005, section 2): purchase rate lambda ~ Gamma(r, alpha), drop-out probability
// p ~ Beta(a, b); purchases form a Poisson process of rate lambda and after each repeat purchase
// the customer leaves with probability p. Observation lengths T are uniform on [T_min, T_max].
// Gamma-Gamma (Fader, Hardie and Lee 2005, "RFM and CLV"): nu ~ Gamma(q, gamma), each repeat
// purchase's amount ~ Gamma(p, nu); spend is their mean.
struct Truth {
  BgNbdParams bg{0.243, 4.414, 0.793, 2.426};
  GammaGammaParams gg{6.25, 3.74, 15.44};
  double T_min = 20, T_max = 78;
  // Whole days, as orders give them: T is a whole number of days, purchases fall on days
  // (several on one day are one purchase), times are days / 7 (the parameters are in weeks).
  bool whole_days = false;
};

inline Summary simulate(const Truth& truth, std::size_t customers, std::uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::gamma_distribution<double> rate(truth.bg.r, 1 / truth.bg.alpha);
  std::gamma_distribution<double> beta_a(truth.bg.a, 1.0), beta_b(truth.bg.b, 1.0);
  std::gamma_distribution<double> nu_of(truth.gg.q, 1 / truth.gg.gamma);
  std::uniform_real_distribution<double> uniform(0.0, 1.0);
  Summary s;
  for (std::size_t i = 0; i < customers; ++i) {
    const double lambda = rate(rng);
    const double ga = beta_a(rng), gb = beta_b(rng);
    const double p = ga / (ga + gb);
    double T = truth.T_min + (truth.T_max - truth.T_min) * uniform(rng);
    if (truth.whole_days) T = std::floor(T * 7) / 7;
    double t = 0, t_x = 0, x = 0;
    while (lambda > 0) {
      t += std::exponential_distribution<double>(lambda)(rng);
      if (t > T) break;
      const double when = truth.whole_days ? std::floor(t * 7) / 7 : t;
      if (when > t_x) {
        x += 1;
        t_x = when;
      }
      if (uniform(rng) < p) break;
    }
    double spend = 0;
    if (x > 0) {
      const double nu = nu_of(rng);
      std::gamma_distribution<double> amount(truth.gg.p, 1 / nu);
      for (int j = 0; j < static_cast<int>(x); ++j) spend += amount(rng);
      spend /= x;
    }
    s.customer_id.push_back(static_cast<std::int64_t>(i + 1));
    s.x.push_back(x);
    s.t_x.push_back(t_x);
    s.T.push_back(T);
    s.spend.push_back(spend);
  }
  return s;
}

}  // namespace cw::clv::test
