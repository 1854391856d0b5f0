#pragma once
// The analytics report engine: reports are pure functions of a Dataset (customer facts, plus single
// orders where a report needs them) and options, returning a Table (render.hpp prints it).
// Definitions: docs/analytics.md has every definition as implemented. Errors: 400
// "unknown_report" / "invalid_option", 422 "missing_data" when the input lacks what a report
// needs; input-file errors from readers.hpp.

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.hpp"
#include "core/error.hpp"
#include "core/money.hpp"
#include "reports/facts.hpp"
#include "reports/readers.hpp"
#include "reports/table.hpp"

namespace cw::reports {

// Segment names by R and F score: by_rf[r - 1][f - 1].
struct SegmentMap {
  std::array<std::array<std::string, 5>, 5> by_rf;
  // The map of docs/analytics.md "Definitions" (Champions, Loyal, Potential loyalist, New,
  // Promising, Need attention, About to sleep, At risk, Cannot lose, Hibernating).
  static SegmentMap defaults();
  const std::string& at(int r, int f) const { return by_rf[r - 1][f - 1]; }
  // Distinct names in the order of the cells scanned from R 5 to 1, F 5 to 1.
  std::vector<std::string> names() const;
};

struct ReportOptions {
  std::optional<std::int32_t> as_of_day;  // days since 1970-01-01; default: today (UTC)
  double share = 0.5;                     // top-customers: fraction of revenue, (0, 1]
  int active_days = 14;                   // activity: recency <= active_days is active
  int cooling_days = 56;                  // ... <= cooling_days is cooling, above is inactive
  int dormant_days = 180;                 // dormant: recency >= dormant_days
  Minor low_max = 10000;                  // order-value: AOV <= low_max (minor units) is low
  Minor medium_max = 30000;               // ... <= medium_max is medium, above is high
  std::string by;     // breakdown dimension; coupons and loyalty: the view (docs/analytics.md)
  bool list = false;  // activity, visitors-without-orders: one row per customer, not counts
  // export segment: add `external_ref` (an imported customer's key) after customer_id. Off by
  // default: the contract's columns stay what e-mail tools were set up for.
  bool external_ref = false;
  std::int64_t overstock_threshold = 300;  // overstock: total stock over all sizes above this
  int recent_days = 28;                    // overstock: the recent sales window, in days
  int attribution_days = 30;  // campaigns: a visit attributes orders up to this many days later
  // campaigns: the period of a marketing ROI (docs/analytics.md "campaigns"); either bound may be
  // left open (from: the first order, to: the as-of date). Setting one adds the period's total.
  std::optional<std::int32_t> from_day;
  std::optional<std::int32_t> to_day;
  // clv-model and clv (docs/analytics.md "Lifetime value"): the as-of date is the calibration end.
  std::string time_unit = "week";               // week | day
  std::optional<std::int32_t> holdout_end_day;  // clv-model: validate on (as-of, holdout end]
  std::optional<double> horizon;                // in time units; default 52 weeks (364 days)
  double margin = 1.0;                          // share of revenue that is profit, (0, 1]
  std::optional<double> discount_rate;          // annual; CLV discounted monthly when given
  std::string segment;  // recommendations: only this RFM segment (matched like export segment)
  // segment-migration: the snapshots compared (default: the second latest and the latest).
  std::optional<std::int64_t> from_snapshot;
  std::optional<std::int64_t> to_snapshot;
  SegmentMap segments = SegmentMap::defaults();
  std::string currency = "GBP";
  int currency_decimals = 2;
  int threads = 2;  // for reading input files
};

struct ReportInput {
  std::string path;
  InputFormat format = InputFormat::kOrders;
};

// Every report, by CLI name, in documentation order: the one list the CLI, the HTTP route and
// the "unknown_report" message show. The reports that read the shop's own tables fail with 422
// "missing_data" on an input file or a loaded Dataset.
const std::vector<std::string>& report_names();

// What a report needs loaded: single orders (cohorts, monthly trends, calendar breakdowns of an
// order log) or only customer facts. Unknown names are "unknown_report".
Result<bool> needs_orders(const std::string& name, const ReportOptions& options);

// An empty table of report `name` at `as_of_day`, in the currency of `options`.
Table new_table(const std::string& name, const ReportOptions& options, std::int32_t as_of_day);

// In every run_report, an unset options.as_of_day is today (UTC) by `clock`.

// Runs report `name` over already loaded data (the database path builds `data` from its facts).
Result<Table> run_report(const std::string& name, const Dataset& data, const ReportOptions& options,
                         const Clock& clock);

// The analyst's path: loads `input` (only what the report needs) and runs report `name`.
Result<Table> run_report(const std::string& name, const ReportInput& input,
                         const ReportOptions& options, const Clock& clock);

// RFM of every customer of `facts` at `as_of_day` (shared by rfm, segments and exports).
struct RfmScores {
  std::vector<std::int32_t> recency_days;
  std::vector<std::uint8_t> r, f, m;  // 1..5
};
RfmScores compute_rfm(const CustomerFacts& facts, std::int32_t as_of_day);

// The RFM score of one value: 1 + floor(5 * (values strictly worse) / n), from the sorted
// thresholds of score_thresholds(); larger values are better.
std::array<std::int64_t, 4> score_thresholds(std::vector<std::int64_t> values);
inline std::uint8_t score_of(std::int64_t value, const std::array<std::int64_t, 4>& thresholds) {
  return static_cast<std::uint8_t>(1 + (value > thresholds[0]) + (value > thresholds[1]) +
                                   (value > thresholds[2]) + (value > thresholds[3]));
}

}  // namespace cw::reports
