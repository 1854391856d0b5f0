// Per-customer predictions and CLV; see clv.hpp and docs/analytics.md "Lifetime value".
#include "clv/predict.hpp"

#include <algorithm>
#include <cmath>

#include "clv/flat_index.hpp"
#include "clv/parallel.hpp"
#include "clv/series.hpp"

namespace cw::clv {
namespace detail {

AliveExpectations alive_expectations(const BgNbdParams& m, const Summary& s,
                                     const Schedule& schedule) {
  // The expectation depends on x and T only: evaluate it once per distinct (x, T).
  FlatIndex x_index(64), T_index(s.size() / 4 + 1), pair_index(s.size() / 4 + 1);
  std::vector<double> pair_x, pair_T;
  AliveExpectations out;
  out.pair_of.resize(s.size());
  for (std::size_t i = 0; i < s.size(); ++i) {
    const std::uint64_t key = (std::uint64_t{x_index.index(FlatIndex::bits(s.x[i]))} << 32) |
                              T_index.index(FlatIndex::bits(s.T[i]));
    const std::uint32_t pair = pair_index.index(key);
    if (pair == pair_x.size()) {
      pair_x.push_back(s.x[i]);
      pair_T.push_back(s.T[i]);
    }
    out.pair_of[i] = pair;
  }
  out.at_end.resize(pair_x.size());
  out.weighted.resize(pair_x.size());
  split_rows(pair_x.size(), [&](std::size_t begin, std::size_t end, int) {
    for (std::size_t k = begin; k < end; ++k) {
      double previous = 0, sum = 0;
      for (std::size_t j = 0; j < schedule.at.size(); ++j) {
        const double e = alive_expectation(m, schedule.at[j], pair_x[k], pair_T[k]);
        sum += (e - previous) * schedule.weights[j];
        previous = e;
      }
      out.at_end[k] = previous;
      out.weighted[k] = sum;
    }
  });
  return out;
}

}  // namespace detail

namespace {

Error invalid_option(const std::string& field, const std::string& why) {
  return Error::bad_request("invalid_option", field + ": " + why, field);
}

Result<void> check(const ClvOptions& o) {
  const double unit_days = days_per_unit(o.unit);
  if (o.horizon && !(*o.horizon > 0 && *o.horizon * unit_days <= 100 * 366))
    return fail(invalid_option("horizon", "must be above 0 and at most 100 years"));
  if (!(o.margin > 0 && o.margin <= 1)) return fail(invalid_option("margin", "must be in (0, 1]"));
  if (o.discount_rate && !(*o.discount_rate >= 0 && *o.discount_rate < 10))
    return fail(invalid_option("discount_rate", "must be at least 0 and below 10 (a fraction)"));
  return {};
}

}  // namespace

detail::Schedule detail::schedule(const ClvOptions& o) {
  const double unit_days = days_per_unit(o.unit);
  const double horizon_days = o.horizon ? *o.horizon * unit_days : 364.0;
  Schedule s;
  if (!o.discount_rate) {
    s.at = {horizon_days / unit_days};
    s.weights = {1.0};
    return s;
  }
  const int months = static_cast<int>(std::ceil(horizon_days / kMonthDays - 1e-9));
  for (int k = 1; k <= months; ++k) {
    s.at.push_back(std::min(k * kMonthDays, horizon_days) / unit_days);
    s.weights.push_back(std::pow(1 + *o.discount_rate, -k / 12.0));
  }
  return s;
}

Result<Predictions> predict(const BgNbdParams& bg, const GammaGammaParams& gg, const Summary& s,
                            const ClvOptions& options) {
  CW_TRY(check(options));
  const detail::AliveExpectations e = detail::alive_expectations(bg, s, detail::schedule(options));
  // Without a population mean spend (q <= 1), one-time buyers get the repeat buyers' mean.
  double spend_sum = 0, spenders = 0;
  for (std::size_t i = 0; i < s.size(); ++i)
    if (s.x[i] > 0 && s.spend[i] > 0) spend_sum += s.spend[i], spenders += 1;
  const double fallback_spend = spenders > 0 ? spend_sum / spenders : 0;
  Predictions p;
  for (auto* v : {&p.p_alive, &p.expected_purchases, &p.expected_value, &p.clv})
    v->resize(s.size());
  detail::split_rows(s.size(), [&](std::size_t begin, std::size_t end, int) {
    for (std::size_t i = begin; i < end; ++i) {
      const double alive = p_alive(bg, s.x[i], s.t_x[i], s.T[i]);
      const double value = expected_value(gg, s.x[i], s.x[i] > 0 ? s.spend[i] : fallback_spend);
      p.p_alive[i] = alive;
      p.expected_purchases[i] = alive * e.at_end[e.pair_of[i]];
      p.expected_value[i] = value;
      p.clv[i] = alive * e.weighted[e.pair_of[i]] * value * options.margin;
    }
  });
  return p;
}

Result<ClvResult> fit_and_predict(const Summary& s, const ClvOptions& options) {
  CW_TRY(check(options));
  CW_ASSIGN_OR_RETURN(auto bg, fit_bg_nbd(s));
  CW_ASSIGN_OR_RETURN(auto gg, fit_gamma_gamma(s));
  CW_ASSIGN_OR_RETURN(auto predictions, predict(bg.params, gg.params, s, options));
  return ClvResult{bg, gg, std::move(predictions)};
}

}  // namespace cw::clv
