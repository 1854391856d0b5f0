#pragma once
// The BG/NBD likelihood over a Summary, evaluated the way a fit needs it many times. Every
// function of x alone is computed once per distinct x. When times repeat (they are whole days
// for data from orders), log(alpha + t) is computed once per distinct time and the one-time
// buyers become one weighted row per distinct T; when they do not (continuous times), rows are
// evaluated directly, which saves building tables as large as the data. Either way a repeat
// buyer's row costs one exp and one log besides its times' logs.
// Internal to src/clv.

#ifndef CW_INTERNAL_CLV
#error "clv/bg_nbd_rows.hpp is internal to cw_clv (src/README.md, Boundaries)"
#endif

#include <array>
#include <cstdint>
#include <vector>

#include "clv/clv.hpp"

namespace cw::clv::detail {

class BgNbdRows {
 public:
  // Every `stride`-th customer of `s` (1: all of them).
  explicit BgNbdRows(const Summary& s, std::size_t stride = 1);

  // Sum of the log-likelihoods; the gradient is with respect to (r, alpha, a, b). Not for
  // concurrent calls on one object (it reuses its scratch space).
  double log_likelihood(const BgNbdParams& m, std::array<double, 4>* gradient) const;
  double customers() const { return total_weight_; }
  // Rows evaluated per call, and whether times were tabulated.
  std::size_t rows() const { return rep_x_.size() + zero_weight_.size() + zero_T_value_.size(); }
  bool tabulated() const { return tabulated_; }

 private:
  void tabulate(const Summary& s, const std::vector<std::uint32_t>& picked,
                const std::vector<std::uint32_t>& x_of);

  bool tabulated_ = false;
  std::vector<double> xs_;        // distinct x
  std::vector<double> x_weight_;  // customers with that x
  double total_weight_ = 0;
  // Tabulated: distinct times; x = 0 rows by T (index, weight); x > 0 rows (indices of x,
  // t_x and T).
  std::vector<double> times_;
  std::vector<std::uint32_t> zero_T_;
  std::vector<double> zero_weight_;
  std::vector<std::uint32_t> rep_x_, rep_tx_, rep_T_;
  // Direct: the times themselves (rep_x_ is shared).
  std::vector<double> zero_T_value_, rep_tx_value_, rep_T_value_;
  // Scratch of log_likelihood.
  mutable std::vector<double> la_, inv_b_, lt_, it_;
};

}  // namespace cw::clv::detail
