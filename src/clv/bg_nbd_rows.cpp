// The BG/NBD likelihood over many customers; see bg_nbd_rows.hpp and docs/analytics.md
// "Lifetime value".
#include "clv/bg_nbd_rows.hpp"

#include <algorithm>
#include <boost/math/special_functions/digamma.hpp>
#include <boost/math/special_functions/gamma.hpp>
#include <cmath>

#include "clv/flat_index.hpp"
#include "clv/parallel.hpp"

namespace cw::clv::detail {
namespace {

struct RowSums {
  double ll = 0, r = 0, alpha = 0, a = 0, b = 0;
  void add(const RowSums& o) {
    ll += o.ll;
    r += o.r;
    alpha += o.alpha;
    a += o.a;
    b += o.b;
  }
};

// Tabulate when a sample of customers shows at most this share of distinct T values.
constexpr std::size_t kSample = 4096;
constexpr double kMaxDistinctShare = 0.25;

bool times_repeat(const Summary& s, const std::vector<std::uint32_t>& picked) {
  const std::size_t step = std::max<std::size_t>(1, picked.size() / kSample);
  FlatIndex seen(kSample);
  std::size_t sampled = 0;
  for (std::size_t k = 0; k < picked.size(); k += step, ++sampled)
    seen.index(FlatIndex::bits(s.T[picked[k]]));
  return static_cast<double>(seen.size()) <= kMaxDistinctShare * static_cast<double>(sampled);
}

}  // namespace

BgNbdRows::BgNbdRows(const Summary& s, std::size_t stride) {
  std::vector<std::uint32_t> picked, x_of;
  picked.reserve(s.size() / stride + 1);
  x_of.reserve(s.size() / stride + 1);
  // x is a small whole number almost always: a direct table, the hash for the rest.
  constexpr std::uint32_t kNone = UINT32_MAX;
  std::vector<std::uint32_t> small_x(1024, kNone);
  FlatIndex x_index(64);
  for (std::size_t i = 0; i < s.size(); i += stride) {
    const double x = s.x[i];
    const bool small = x >= 0 && x < 1024 && x == std::floor(x);
    std::uint32_t k = small ? small_x[static_cast<std::size_t>(x)] : kNone;
    if (k == kNone) {
      k = x_index.index(FlatIndex::bits(x));
      if (k == xs_.size()) {
        xs_.push_back(x + 0.0);
        x_weight_.push_back(0);
      }
      if (small) small_x[static_cast<std::size_t>(x)] = k;
    }
    x_weight_[k] += 1;
    picked.push_back(static_cast<std::uint32_t>(i));
    x_of.push_back(k);
  }
  total_weight_ = static_cast<double>(picked.size());
  if (times_repeat(s, picked)) {
    tabulate(s, picked, x_of);
    return;
  }
  for (std::size_t k = 0; k < picked.size(); ++k) {
    const std::uint32_t i = picked[k];
    if (s.x[i] == 0) {
      zero_T_value_.push_back(s.T[i]);
      continue;
    }
    rep_x_.push_back(x_of[k]);
    rep_tx_value_.push_back(s.t_x[i]);
    rep_T_value_.push_back(s.T[i]);
  }
}

void BgNbdRows::tabulate(const Summary& s, const std::vector<std::uint32_t>& picked,
                         const std::vector<std::uint32_t>& x_of) {
  tabulated_ = true;
  FlatIndex time_index(4096);
  const auto time_of = [&](double v) {
    const std::uint32_t t = time_index.index(FlatIndex::bits(v));
    if (t == times_.size()) times_.push_back(v + 0.0);
    return t;
  };
  std::vector<double> zero_by_T;
  for (std::size_t k = 0; k < picked.size(); ++k) {
    const std::uint32_t i = picked[k];
    const std::uint32_t T = time_of(s.T[i]);
    if (s.x[i] == 0) {
      if (zero_by_T.size() <= T) zero_by_T.resize(T + 1, 0.0);
      zero_by_T[T] += 1;
      continue;
    }
    rep_x_.push_back(x_of[k]);
    rep_tx_.push_back(time_of(s.t_x[i]));
    rep_T_.push_back(T);
  }
  for (std::size_t t = 0; t < zero_by_T.size(); ++t) {
    if (zero_by_T[t] == 0) continue;
    zero_T_.push_back(static_cast<std::uint32_t>(t));
    zero_weight_.push_back(zero_by_T[t]);
  }
}

double BgNbdRows::log_likelihood(const BgNbdParams& m, std::array<double, 4>* gradient) const {
  using boost::math::digamma;
  using boost::math::lgamma;
  const double r = m.r, alpha = m.alpha, a = m.a, b = m.b;
  const double log_alpha = std::log(alpha);
  // Functions of x alone, weighted by the customers with that x.
  const std::size_t nx = xs_.size();
  la_.assign(nx, 0.0);
  inv_b_.assign(nx, 0.0);
  RowSums sums;
  const double lg_r = lgamma(r), lg_b = lgamma(b), lg_ab = lgamma(a + b);
  const double dg_r = digamma(r), dg_b = digamma(b), dg_ab = digamma(a + b);
  for (std::size_t i = 0; i < nx; ++i) {
    const double x = xs_[i], w = x_weight_[i];
    sums.ll += w * (lgamma(r + x) - lg_r + lg_ab + lgamma(b + x) - lg_b - lgamma(a + b + x) +
                    r * log_alpha);
    if (x > 0) {
      sums.r += w * (digamma(r + x) - dg_r);
      sums.a += w * (dg_ab - digamma(a + b + x));
      sums.b += w * (dg_ab + digamma(b + x) - dg_b - digamma(a + b + x));
      la_[i] = std::log(a) - std::log(b + x - 1);
      inv_b_[i] = 1 / (b + x - 1);
    }
  }
  sums.r += total_weight_ * log_alpha;
  sums.alpha += total_weight_ * r / alpha;
  if (tabulated_) {
    lt_.resize(times_.size());
    it_.resize(times_.size());
    for (std::size_t k = 0; k < times_.size(); ++k) {
      lt_[k] = std::log(alpha + times_[k]);
      it_[k] = 1 / (alpha + times_[k]);
    }
  }
  // x = 0: the customer is alive at T; (alpha / (alpha + T))^r.
  RowSums parts[2];
  const auto one_timer = [&](RowSums& p, double w, double lT, double iT) {
    p.ll -= w * r * lT;
    p.r -= w * lT;
    p.alpha -= w * r * iT;
  };
  // x > 0: alive at T, or dropped out just after t_x; the two terms added in log space.
  const auto repeater = [&](RowSums& p, double w, std::uint32_t xi, double lT, double iT,
                            double ltx, double itx) {
    const double rx = r + xs_[xi];
    const double d = la_[xi] - rx * (ltx - lT);  // log of the second term over the first
    const double e = std::exp(-std::fabs(d));
    const double inv = 1 / (1 + e);
    const double p1 = d > 0 ? e * inv : inv;  // shares of the two terms
    const double p2 = d > 0 ? inv : e * inv;
    // log(1 + e) rather than log1p: e <= 1, and the absolute error (1e-16) is what matters.
    p.ll += w * (-rx * lT + (d > 0 ? d : 0) + std::log(1 + e));
    p.r -= w * (p1 * lT + p2 * ltx);
    p.alpha -= w * rx * (p1 * iT + p2 * itx);
    p.a += w * p2;
    p.b -= w * p2 * inv_b_[xi];
  };
  if (tabulated_) {
    for (std::size_t k = 0; k < zero_T_.size(); ++k)
      one_timer(parts[0], zero_weight_[k], lt_[zero_T_[k]], it_[zero_T_[k]]);
    split_rows(rep_x_.size(), [&](std::size_t begin, std::size_t end, int part) {
      RowSums p;
      for (std::size_t k = begin; k < end; ++k) {
        const std::uint32_t T = rep_T_[k], tx = rep_tx_[k];
        repeater(p, 1, rep_x_[k], lt_[T], it_[T], lt_[tx], it_[tx]);
      }
      parts[part].add(p);
    });
  } else {
    split_rows(zero_T_value_.size(), [&](std::size_t begin, std::size_t end, int part) {
      RowSums p;
      for (std::size_t k = begin; k < end; ++k) {
        const double v = alpha + zero_T_value_[k];
        one_timer(p, 1, std::log(v), 1 / v);
      }
      parts[part].add(p);
    });
    split_rows(rep_x_.size(), [&](std::size_t begin, std::size_t end, int part) {
      RowSums p;
      for (std::size_t k = begin; k < end; ++k) {
        const double vT = alpha + rep_T_value_[k], vtx = alpha + rep_tx_value_[k];
        repeater(p, 1, rep_x_[k], std::log(vT), 1 / vT, std::log(vtx), 1 / vtx);
      }
      parts[part].add(p);
    });
  }
  for (const RowSums& p : parts) {
    sums.ll += p.ll;
    sums.r += p.r;
    sums.alpha += p.alpha;
    sums.a += p.a / a;
    sums.b += p.b;
  }
  if (gradient) *gradient = {sums.r, sums.alpha, sums.a, sums.b};
  return sums.ll;
}

}  // namespace cw::clv::detail
