#pragma once
// The lifetime-value figures of a snapshot beyond each customer's CLV (docs/analytics.md
// "Snapshots"): a bounded sample of P(alive) for the P(alive)-against-recency chart and the
// clv-model report's rows (the fit, and the holdout check over the half year before the as-of
// date), stored by Snapshots::take (tables of schema/0107_snapshot_clv.sql) so that the CLV
// dashboard reads them instead of refitting the models; and the CLV distribution read back
// (GET /api/v1/snapshots/{id}/clv, docs/api.md).
//
// Typical use (take): auto figures = fit_clv_figures(db, options, clock, cache, clv_table);
//                     ... store_clv_figures(connection, snapshot_id, figures);  // in its
//                     transaction (read): auto d = clv_distribution(db, SnapshotRef{},
//                     currency_decimals);
//
// Errors: 404 "no_snapshot" for an unknown snapshot; database failures throw cw::Failure. A model
// that cannot be fitted is no error: its rows are simply absent.

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "snapshots/snapshots.hpp"

namespace cw::snapshots {

// The sample's size bound: enough points to show the shape of a million customers.
constexpr std::size_t kClvPointsMax = 2000;
// The holdout check calibrates on the orders up to this many days before the as-of date.
constexpr std::int32_t kHoldoutDays = 182;

struct ClvModelRow {
  std::string section, key;
  double value = 0;
  std::optional<double> predicted, actual;
};

struct ClvModel {
  std::int32_t calibration_end_day = 0;  // the as-of date of the fit
  std::vector<ClvModelRow> rows;         // the clv-model report's rows, in its order
};

struct ClvFigures {
  // (customer_id, P(alive)): every ceil(n / kClvPointsMax)-th row of the clv report (by CLV
  // descending), so the sample spans the whole distribution.
  std::vector<std::pair<Id, double>> points;
  std::optional<ClvModel> fit;      // clv-model at the as-of date
  std::optional<ClvModel> holdout;  // clv-model at as-of - kHoldoutDays, holdout end as-of
};

// The figures for a snapshot at options.as_of_day from its clv report (`clv`, an error when the
// model could not be fitted: no points then) and two runs of clv-model on `data`.
ClvFigures fit_clv_figures(db::Database& data, const reports::ReportOptions& options,
                           const Clock& clock, reports::DatasetCache* cache,
                           const Result<reports::Table>& clv);

// Writes `figures` for snapshot `id` on `c` (inside the snapshot's write transaction).
void store_clv_figures(db::Connection& c, Id id, const ClvFigures& figures);

// The CLV distribution of a snapshot: customers with a CLV per bucket of CLV (lower edges in minor
// units, the last bucket open), the sample's points, and the stored model tables.
struct ClvBucket {
  Minor from = 0;
  std::optional<Minor> to;  // exclusive; none for the last bucket
  std::int64_t customers = 0;
  Minor clv = 0;       // sum of the bucket's CLV
  Minor monetary = 0;  // sum of the bucket's revenue up to the as-of date
};

struct ClvPoint {
  Id customer_id = 0;
  std::int32_t recency_days = 0;
  double p_alive = 0;
  Minor clv = 0;
};

struct ClvDistribution {
  Summary summary;
  bool clv_fitted = false;
  std::int64_t customers_with_clv = 0;
  Minor total_clv = 0;
  std::vector<ClvBucket> buckets;
  std::vector<ClvPoint> points;                  // by customer id
  std::optional<reports::Table> model, holdout;  // clv-model tables as the report renders them
};

// The lower edges of the CLV buckets in minor units, ascending; the first bucket also holds
// anything below its edge.
using ClvEdges = std::array<Minor, 9>;
// 0, 50, 100, 250, 500, 1000, 2500, 5000, 10000 in major units.
ClvEdges default_clv_edges(int currency_decimals);

// `options` gives the currency of the model tables.
Result<ClvDistribution> clv_distribution(db::Database& db, SnapshotRef ref, const ClvEdges& edges,
                                         const reports::ReportOptions& options);

namespace detail {
// The snapshot `ref` names on `c` (the latest when it names none); 404 "no_snapshot" otherwise.
Result<Id> resolve_snapshot(db::Connection& c, SnapshotRef ref);
}  // namespace detail

}  // namespace cw::snapshots
