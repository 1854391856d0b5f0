// The lifetime-value figures a snapshot stores beside each customer's CLV, and the CLV
// distribution the dashboard reads back from them (snapshots/clv_figures.hpp).
#include "snapshots/clv_figures.hpp"

#include <algorithm>
#include <utility>

namespace cw::snapshots {
namespace {

constexpr const char* kFit = "fit";
constexpr const char* kHoldout = "holdout";

// The clv-model report's rows, or nullopt when the model cannot be fitted.
std::optional<ClvModel> model_rows(db::Database& data, reports::ReportOptions options,
                                   const Clock& clock, reports::DatasetCache* cache) {
  auto table = reports::run_report("clv-model", data, options, clock, cache);
  if (!table) return std::nullopt;
  const reports::Column* section = table->find("section");
  const reports::Column* key = table->find("key");
  const reports::Column* value = table->find("value");
  const reports::Column* predicted = table->find("predicted");
  const reports::Column* actual = table->find("actual");
  if (!section || !key || !value || !predicted || !actual)
    throw Failure(Error::internal("report clv-model lacks a column the snapshot stores"));
  ClvModel model{*options.as_of_day, {}};
  for (std::size_t i = 0; i < table->rows(); ++i) {
    ClvModelRow row{section->text_at(i), key->text_at(i), value->real_at(i), {}, {}};
    if (!predicted->is_null(i)) row.predicted = predicted->real_at(i);
    if (!actual->is_null(i)) row.actual = actual->real_at(i);
    model.rows.push_back(std::move(row));
  }
  return model;
}

reports::Table model_table(const ClvModel& model, const reports::ReportOptions& options) {
  reports::Table t = reports::new_table("clv-model", options, model.calibration_end_day);
  auto& section = t.add("section", reports::ColumnType::kText);
  auto& key = t.add("key", reports::ColumnType::kText);
  auto& value = t.add("value", reports::ColumnType::kNumber);
  auto& predicted = t.add("predicted", reports::ColumnType::kNumber);
  auto& actual = t.add("actual", reports::ColumnType::kNumber);
  for (const auto& row : model.rows) {
    section.push_text(row.section);
    key.push_text(row.key);
    value.push_real(row.value);
    row.predicted ? predicted.push_real(*row.predicted) : predicted.push_null();
    row.actual ? actual.push_real(*row.actual) : actual.push_null();
  }
  return t;
}

// "CASE WHEN clv < ? THEN 0 ... ELSE n-1 END": the bucket of a CLV for lower edges
// edges[0..n-1]; the edges are bound as parameters, the bucket numbers are ours.
std::string bucket_case(std::size_t edges) {
  std::string sql = "CASE";
  for (std::size_t k = 1; k < edges; ++k) sql += " WHEN clv < ? THEN " + std::to_string(k - 1);
  return sql + " ELSE " + std::to_string(edges - 1) + " END";
}

}  // namespace

ClvFigures fit_clv_figures(db::Database& data, const reports::ReportOptions& options,
                           const Clock& clock, reports::DatasetCache* cache,
                           const Result<reports::Table>& clv) {
  ClvFigures out;
  if (!clv) return out;
  const reports::Column* ids = clv->find("customer_id");
  const reports::Column* alive = clv->find("p_alive");
  if (!ids || !alive) throw Failure(Error::internal("report clv lacks customer_id or p_alive"));
  const std::size_t n = clv->rows();
  const std::size_t step = std::max<std::size_t>(1, (n + kClvPointsMax - 1) / kClvPointsMax);
  for (std::size_t i = 0; i < n; i += step)
    out.points.emplace_back(ids->int_at(i), alive->real_at(i));
  out.fit = model_rows(data, options, clock, cache);
  reports::ReportOptions holdout = options;
  holdout.as_of_day = *options.as_of_day - kHoldoutDays;
  holdout.holdout_end_day = options.as_of_day;
  out.holdout = model_rows(data, holdout, clock, cache);
  return out;
}

void store_clv_figures(db::Connection& c, Id id, const ClvFigures& figures) {
  for (const auto& [customer, p_alive] : figures.points)
    c.exec("INSERT INTO snapshot_clv_points (snapshot_id, customer_id, p_alive) VALUES (?, ?, ?)",
           id, customer, p_alive);
  const auto store = [&](const char* variant, const std::optional<ClvModel>& model) {
    if (!model) return;
    for (std::size_t k = 0; k < model->rows.size(); ++k) {
      const ClvModelRow& row = model->rows[k];
      c.exec(
          "INSERT INTO snapshot_clv_model (snapshot_id, variant, position, calibration_end_day, "
          "section, key, value, predicted, actual) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
          id, variant, static_cast<std::int64_t>(k), model->calibration_end_day, row.section,
          row.key, row.value, row.predicted, row.actual);
    }
  };
  store(kFit, figures.fit);
  store(kHoldout, figures.holdout);
}

ClvEdges default_clv_edges(int currency_decimals) {
  Minor unit = 1;
  for (int k = 0; k < currency_decimals; ++k) unit *= 10;
  ClvEdges edges{0, 50, 100, 250, 500, 1000, 2500, 5000, 10000};
  for (Minor& edge : edges) edge *= unit;
  return edges;
}

Result<ClvDistribution> clv_distribution(db::Database& db, SnapshotRef ref, const ClvEdges& edges,
                                         const reports::ReportOptions& options) {
  if (!std::is_sorted(edges.begin(), edges.end()) ||
      std::adjacent_find(edges.begin(), edges.end()) != edges.end())
    throw Failure(Error::internal("CLV bucket edges must be ascending and distinct"));
  auto c = db.lease();
  db::Transaction read(*c, db::TxMode::kRead);
  CW_ASSIGN_OR_RETURN(const Id id, detail::resolve_snapshot(*c, ref));
  ClvDistribution out;
  {
    auto rows = c->query(
        "SELECT as_of_day, taken_at, customers, clv_fitted FROM snapshots WHERE id = ?", id);
    rows.next();
    out.summary = Summary{id, static_cast<std::int32_t>(rows.integer(0)),
                          from_unix(rows.integer(1)), rows.integer(2)};
    out.clv_fitted = rows.integer(3) != 0;
  }
  for (std::size_t k = 0; k < edges.size(); ++k) {
    ClvBucket bucket{edges[k], {}, 0, 0, 0};
    if (k + 1 < edges.size()) bucket.to = edges[k + 1];
    out.buckets.push_back(bucket);
  }
  // One pass over the snapshot's customers; the edges after the first are the CASE's bounds.
  const std::string sql = "SELECT " + bucket_case(edges.size()) +
                          " AS bucket, count(*), CAST(sum(clv) AS BIGINT), "
                          "CAST(sum(monetary) AS BIGINT) FROM snapshot_customers "
                          "WHERE snapshot_id = ? AND clv IS NOT NULL GROUP BY 1";
  auto buckets = [&]<std::size_t... K>(std::index_sequence<K...>) {
    return c->query(sql, edges[K + 1]..., id);
  }
  (std::make_index_sequence<std::tuple_size_v<ClvEdges> - 1>{});
  while (buckets.next()) {
    ClvBucket& b = out.buckets.at(static_cast<std::size_t>(buckets.integer(0)));
    b.customers = buckets.integer(1);
    b.clv = buckets.integer(2);
    b.monetary = buckets.integer(3);
    out.customers_with_clv += b.customers;
    out.total_clv += b.clv;
  }
  auto points = c->query(
      "SELECT p.customer_id, s.recency_days, p.p_alive, s.clv FROM snapshot_clv_points p "
      "JOIN snapshot_customers s ON s.snapshot_id = p.snapshot_id AND s.customer_id = "
      "p.customer_id WHERE p.snapshot_id = ? ORDER BY p.customer_id",
      id);
  while (points.next())
    out.points.push_back({points.integer(0), static_cast<std::int32_t>(points.integer(1)),
                          points.real(2), points.opt_integer(3).value_or(0)});
  std::optional<ClvModel> fit, holdout;
  auto models = c->query(
      "SELECT variant, calibration_end_day, section, key, value, predicted, actual "
      "FROM snapshot_clv_model WHERE snapshot_id = ? ORDER BY variant, position",
      id);
  while (models.next()) {
    auto& model = models.text(0) == kFit ? fit : holdout;
    if (!model) model = ClvModel{static_cast<std::int32_t>(models.integer(1)), {}};
    ClvModelRow row{models.text(2), models.text(3), models.real(4), {}, {}};
    if (!models.is_null(5)) row.predicted = models.real(5);
    if (!models.is_null(6)) row.actual = models.real(6);
    model->rows.push_back(std::move(row));
  }
  read.commit();
  if (fit) out.model = model_table(*fit, options);
  if (holdout) out.holdout = model_table(*holdout, options);
  return out;
}

}  // namespace cw::snapshots
