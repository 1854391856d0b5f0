#pragma once
// Shared by the predictions and the holdout check (internal to src/clv).

#ifndef CW_INTERNAL_CLV
#error "clv/predict.hpp is internal to cw_clv (src/README.md, Boundaries)"
#endif

#include <cstdint>
#include <vector>

#include "clv/clv.hpp"

namespace cw::clv::detail {

// Days in a month of the discounting schedule: a year of 365.25 days over 12.
inline constexpr double kMonthDays = 365.25 / 12;

// The times (in time units) at which expected purchases are taken, and the weight of the
// purchases that fall between one time and the previous: the horizon alone with weight 1, or
// with a discount rate d the month ends k = 1 .. ceil(horizon / month) (the last one cut at the
// horizon) with weights (1 + d)^(-k / 12).
struct Schedule {
  std::vector<double> at;
  std::vector<double> weights;
};
Schedule schedule(const ClvOptions& options);

// Per distinct (x, T) of `s` (customer i's is pair_of[i]): the expected purchases in
// (T, T + at.back()] given alive at T (alive_expectation), and the sum over j of weights[j] times
// those in (T + at[j-1], T + at[j]].
struct AliveExpectations {
  std::vector<std::uint32_t> pair_of;
  std::vector<double> at_end;
  std::vector<double> weighted;
};
AliveExpectations alive_expectations(const BgNbdParams& m, const Summary& s,
                                     const Schedule& schedule);

}  // namespace cw::clv::detail
