#pragma once
// Predictive lifetime value: the BG/NBD purchase model (Fader, Hardie and Lee 2005, "Counting your
// customers the easy way") and the Gamma-Gamma spend model (Fader, Hardie and Lee 2005, "RFM and
// CLV"; Colombo and Jiang 1999), fitted by maximum likelihood, and per-customer predictions.
// Pure computation: no database, HTTP, JSON or CLI here (reports/ and cli/ put it on the edges).
// docs/analytics.md "Lifetime value" states every formula as implemented and how it is evaluated.
//
// Errors: 422 "model_not_identified" when the data cannot identify a model (no repeat buyers,
// too few customers, every first purchase on the calibration end); 400 "invalid_option" for a
// bad horizon, margin or discount rate; 400 "invalid_summary" for a Summary that summarise()
// cannot produce (negative, fractional x or non-finite values, t_x > T). No function returns NaN or
// infinity: predictions for unusable parameters (not all positive and finite) are 0.

#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "core/error.hpp"
#include "core/money.hpp"

namespace cw::clv {

enum class TimeUnit { kWeek, kDay };
// Days per time unit: 7 for a week, 1 for a day.
double days_per_unit(TimeUnit unit);

// The models' inputs, one entry per customer with a purchase on or before the calibration end E.
// Orders on the same calendar day are one purchase day (amounts summed).
struct Summary {
  std::vector<std::int64_t> customer_id;  // ascending
  std::vector<double> x;                  // purchase days up to and including E, minus one
  std::vector<double> t_x;                // first to last purchase day, in time units
  std::vector<double> T;                  // first purchase day to E, in time units
  std::vector<double> spend;  // mean amount of the repeat purchase days (major units); 0 if x = 0
  std::size_t size() const { return x.size(); }
};

// Builds the Summary from single orders (parallel spans: customer id, day since 1970-01-01,
// amount in minor units) for calibration end `end_day`; orders after `end_day` are ignored.
// `minor_per_major` converts amounts (100 for two decimals).
Summary summarise(std::span<const std::int64_t> customer_id, std::span<const std::int32_t> day,
                  std::span<const Minor> amount, std::int32_t end_day, TimeUnit unit,
                  double minor_per_major = 100.0);

// The same for orders keyed by a dense customer index: order k belongs to customer
// `ids[customer_index[k]]`, `ids` ascending (the report engine's OrderList and CustomerFacts).
Summary summarise_indexed(std::span<const std::int64_t> ids,
                          std::span<const std::int32_t> customer_index,
                          std::span<const std::int32_t> day, std::span<const Minor> amount,
                          std::int32_t end_day, TimeUnit unit, double minor_per_major = 100.0);

// Below these counts the models are not identified and the fits refuse (422
// "model_not_identified"): BG/NBD needs kMinCustomers customers, at least one of them a repeat
// buyer and at least one whose first purchase is before E; Gamma-Gamma needs
// kMinSpendCustomers repeat buyers with a positive spend, not all of the same spend.
inline constexpr std::size_t kMinCustomers = 10;
inline constexpr std::size_t kMinSpendCustomers = 3;

struct BgNbdParams {
  double r = 0, alpha = 0, a = 0, b = 0;
};
struct GammaGammaParams {
  double p = 0, q = 0, gamma = 0;
};

// How a fit went: the optimiser's result, for the clv-model report.
struct FitInfo {
  double log_likelihood = 0;  // at the optimum, summed over the customers
  int iterations = 0;         // evaluations of likelihood and gradient on all customers
  bool converged = false;     // stopped on its tolerances, off the bounds, gradient ~ 0
  std::size_t customers = 0;  // customers the likelihood summed over
};

struct BgNbdFit {
  BgNbdParams params;
  FitInfo info;
};
struct GammaGammaFit {
  GammaGammaParams params;
  FitInfo info;
};

// Maximum likelihood over every customer of `s` (NLopt's L-BFGS on the log parameters; above
// 80,000 customers a subsample fit refined by Newton steps, docs/analytics.md "Fitting").
Result<BgNbdFit> fit_bg_nbd(const Summary& s);
// Maximum likelihood over the customers with x > 0 and a positive spend (their mean repeat
// amount).
Result<GammaGammaFit> fit_gamma_gamma(const Summary& s);

// One customer's BG/NBD quantities.
double p_alive(const BgNbdParams& m, double x, double t_x, double T);
// E[purchases in (T, T + t] | x, t_x, T].
double expected_purchases(const BgNbdParams& m, double t, double x, double t_x, double T);
// Gamma-Gamma conditional mean of the spend per purchase given x purchases of mean `spend`
// (for x = 0, the population mean). Where that mean does not exist (p x + q <= 1, e.g. x = 0
// with q <= 1), `spend` as given: predict() passes one-time buyers a fallback there.
double expected_value(const GammaGammaParams& m, double x, double spend);

struct ClvOptions {
  TimeUnit unit = TimeUnit::kWeek;
  std::optional<double> horizon;        // in time units; default 52 weeks (364 days)
  double margin = 1.0;                  // (0, 1]
  std::optional<double> discount_rate;  // annual; discounted monthly when given
};

// Per-customer predictions, parallel to a Summary.
struct Predictions {
  std::vector<double> p_alive;
  std::vector<double> expected_purchases;
  std::vector<double> expected_value;  // major units
  std::vector<double> clv;             // major units
};

// Fits both models on `s` and predicts every customer of `s`.
struct ClvResult {
  BgNbdFit bg_nbd;
  GammaGammaFit gamma_gamma;
  Predictions predictions;
};
Result<ClvResult> fit_and_predict(const Summary& s, const ClvOptions& options);

// The predictions alone, for parameters already fitted (400 "invalid_option" for bad options).
// One-time buyers get the population mean spend, or when that does not exist (q <= 1) the mean
// spend of the repeat buyers of `s`.
Result<Predictions> predict(const BgNbdParams& bg, const GammaGammaParams& gg, const Summary& s,
                            const ClvOptions& options);

// E[X(t)]: the expected repeat purchases of a new customer in the t time units after the first
// purchase (the unconditional expectation of FHL 2005, eq. 9).
double expected_repeat_purchases(const BgNbdParams& m, double t);

// Holdout validation (FHL 2005, Figures 3 and 4): what the calibration customers (those of the
// Summary at E) did in the holdout period (E, H].
struct HoldoutActuals {
  std::vector<double> purchases;  // per customer of the Summary: purchase days in (E, H]
  std::vector<double> by_day;     // index d: purchase days of those customers on day E + 1 + d
};
// From orders keyed like summarise_indexed(); `calibration` is the Summary at `end_day`.
HoldoutActuals holdout_actuals(const Summary& calibration, std::span<const std::int64_t> ids,
                               std::span<const std::int32_t> customer_index,
                               std::span<const std::int32_t> day, std::int32_t end_day,
                               std::int32_t holdout_end_day);

struct HoldoutBucket {
  std::int64_t customers = 0;
  double predicted = 0;  // sum over the customers of E[purchases in (E, H] | x, t_x, T]
  double actual = 0;     // purchase days in (E, H]
};
struct HoldoutWeek {
  std::int32_t end_day = 0;         // the week's last day (E + 7k, the last week ends at H)
  double predicted_cumulative = 0;  // sum of E[X(age at week end)] - E[X(age at E)]
  double actual_cumulative = 0;     // purchase days in (E, end_day]
};
struct HoldoutCheck {
  HoldoutBucket total;
  std::array<HoldoutBucket, 8> by_frequency;  // calibration x = 0, 1, ..., 6, then 7 or more
  std::vector<HoldoutWeek> weeks;
};
// Predicted against actual, for a fitted model; `end_day` is E (the weeks' dates are days).
HoldoutCheck check_holdout(const BgNbdParams& m, const Summary& calibration, TimeUnit unit,
                           std::int32_t end_day, std::int32_t holdout_end_day,
                           const HoldoutActuals& actuals);

}  // namespace cw::clv
