// Taking a snapshot: the report engine's tables at one as-of date, written in one transaction.
#include <algorithm>
#include <chrono>
#include <future>
#include <tuple>
#include <utility>

#include "snapshots/clv_figures.hpp"
#include "snapshots/snapshots.hpp"

namespace cw::snapshots {
namespace {

const reports::Column& column(const reports::Table& table, std::string_view name) {
  const reports::Column* c = table.find(name);
  if (!c)
    throw Failure(
        Error::internal("report " + table.report + " has no column " + std::string(name)));
  return *c;
}

// The value of `value_column` in the row whose `key_column` is `key`; nullopt when the row is
// missing or the value null.
std::optional<double> fraction_in_row(const reports::Table& table, std::string_view key_column,
                                      std::string_view key, std::string_view value_column) {
  const reports::Column& keys = column(table, key_column);
  const reports::Column& values = column(table, value_column);
  for (std::size_t i = 0; i < table.rows(); ++i)
    if (keys.text_at(i) == key) {
      if (values.is_null(i)) return std::nullopt;
      return values.real_at(i);
    }
  return std::nullopt;
}

// Each customer's CLV by the rfm table's rows (ascending id), from the clv report's rows (sorted
// by value); null for all when the model could not be fitted.
std::vector<std::optional<Minor>> clv_by_row(const reports::Column& ids,
                                             const Result<reports::Table>& clv) {
  std::vector<std::optional<Minor>> out(ids.size());
  if (!clv) return out;
  const reports::Column& clv_ids = column(*clv, "customer_id");
  const reports::Column& values = column(*clv, "clv");
  std::vector<std::pair<std::int64_t, Minor>> by_id(clv->rows());
  for (std::size_t i = 0; i < by_id.size(); ++i) by_id[i] = {clv_ids.int_at(i), values.int_at(i)};
  std::sort(by_id.begin(), by_id.end());
  std::size_t j = 0;
  for (std::size_t i = 0; i < ids.size(); ++i) {
    while (j < by_id.size() && by_id[j].first < ids.int_at(i)) ++j;
    if (j < by_id.size() && by_id[j].first == ids.int_at(i)) out[i] = by_id[j].second;
  }
  return out;
}

// One row of snapshot_customers after its snapshot_id: customer_id, recency_days, frequency,
// monetary, r, f, m, segment, activity, clv.
using CustomerValues = std::tuple<std::int64_t, std::int64_t, std::int64_t, Minor, std::int64_t,
                                  std::int64_t, std::int64_t, int, int, std::optional<Minor>>;

// Rows per INSERT: a statement step per 16 rows instead of per row (fewer binds' round trips
// through the driver and VDBE starts); 161 parameters stay far below SQLite's limit.
constexpr std::size_t kRowsPerInsert = 16;

std::string insert_customers_sql(std::size_t rows) {
  std::string sql =
      "INSERT INTO snapshot_customers (snapshot_id, customer_id, recency_days, frequency, "
      "monetary, r, f, m, segment, activity, clv) VALUES ";
  for (std::size_t i = 0; i < rows; ++i)
    sql += i ? ",(?,?,?,?,?,?,?,?,?,?,?)" : "(?,?,?,?,?,?,?,?,?,?,?)";
  return sql;
}

template <std::size_t... I>
void insert_customers(db::Connection& c, const std::string& sql, Id snapshot,
                      const CustomerValues* rows, std::index_sequence<I...>) {
  std::apply([&](const auto&... v) { c.exec(sql, v...); },
             std::tuple_cat(std::tuple_cat(std::make_tuple(snapshot), rows[I])...));
}

// Writes `rows` kRowsPerInsert at a time, the rest one by one; the order of the rows is kept.
void insert_customers(db::Connection& c, Id snapshot, const std::vector<CustomerValues>& rows) {
  const std::string many = insert_customers_sql(kRowsPerInsert), one = insert_customers_sql(1);
  std::size_t i = 0;
  for (; i + kRowsPerInsert <= rows.size(); i += kRowsPerInsert)
    insert_customers(c, many, snapshot, &rows[i], std::make_index_sequence<kRowsPerInsert>{});
  for (; i < rows.size(); ++i)
    insert_customers(c, one, snapshot, &rows[i], std::make_index_sequence<1>{});
}

}  // namespace

Result<Summary> Snapshots::take(std::optional<std::int32_t> as_of_day,
                                reports::DatasetCache* cache) {
  const auto day = as_of_day.value_or(today(clock_));
  using SteadyClock = std::chrono::steady_clock;
  const auto started = SteadyClock::now();
  // Without the server's cache, load only what the reports below read (DatasetColumns).
  reports::DatasetCache local(reports::DatasetColumns::kSnapshot);
  if (!cache) cache = &local;
  reports::ReportOptions options;
  options.as_of_day = day;
  options.currency = config_.currency;
  options.currency_decimals = config_.currency_decimals;
  // abandonment reads visits and orders on its own connection, not the customer facts: it runs
  // beside the others (a third of the work at 1M customers, docs/performance.md "Snapshots").
  // Waited for before the write below; on an early return the future's destructor waits.
  auto abandonment_run = std::async(std::launch::async, [&] {
    return reports::run_report("abandonment", reads_, options, clock_, cache);
  });
  // retention first: it loads the facts and single orders into the cache, which then serves
  // every other report.
  CW_ASSIGN_OR_RETURN(auto retention,
                      reports::run_report("retention", reads_, options, clock_, cache));
  // The CLV fit only reads the loaded data (the same load: clv's orders end at the as-of day) and
  // is the longest of the rest: on the second core beside them. Waited for below; on an early
  // return the future's destructor waits.
  auto clv_run = std::async(std::launch::async, [&] {
    return reports::run_report("clv", reads_, options, clock_, cache);
  });
  CW_ASSIGN_OR_RETURN(const reports::Table rfm,
                      reports::run_report("rfm", reads_, options, clock_, cache));
  reports::ReportOptions listed = options;
  listed.list = true;
  CW_ASSIGN_OR_RETURN(auto activity,
                      reports::run_report("activity", reads_, listed, clock_, cache));
  // share 0.5: the customers who bring half the revenue.
  CW_ASSIGN_OR_RETURN(const reports::Table top,
                      reports::run_report("top-customers", reads_, options, clock_, cache));
  CW_ASSIGN_OR_RETURN(auto abandonment, abandonment_run.get());
  const Result<reports::Table> clv = clv_run.get();
  // The stored CLV figures (a P(alive) sample, the clv-model fit and its holdout check: two more
  // fits, so that the dashboard never refits) are computed while the customers' rows are written:
  // those need only each customer's CLV. Waited for before the commit; on an early return (a
  // throw while writing) the future's destructor waits.
  auto clv_figures_run = std::async(
      std::launch::async, [&] { return fit_clv_figures(reads_, options, clock_, cache, clv); });

  const reports::Column& ids = column(rfm, "customer_id");
  const reports::Column& recency = column(rfm, "recency_days");
  const reports::Column& frequency = column(rfm, "frequency");
  const reports::Column& monetary = column(rfm, "monetary");
  const reports::Column& r = column(rfm, "r");
  const reports::Column& f = column(rfm, "f");
  const reports::Column& m = column(rfm, "m");
  const reports::Column& segment = column(rfm, "segment");
  const reports::Column& activity_ids = column(activity, "customer_id");
  const reports::Column& classes = column(activity, "class");
  const reports::Column& dormant = column(activity, "dormant");
  const std::size_t n = rfm.rows();
  if (activity.rows() != n)
    throw Failure(Error::internal("snapshot: rfm and activity disagree on the customers"));

  // Segment codes: the position in the map's order (SegmentMap::names()).
  const std::vector<std::string> names = options.segments.names();
  std::vector<std::uint8_t> code_of_rfm(segment.dictionary().size());
  for (std::size_t k = 0; k < code_of_rfm.size(); ++k)
    code_of_rfm[k] = static_cast<std::uint8_t>(
        std::find(names.begin(), names.end(), segment.dictionary()[k]) - names.begin());
  std::array<std::uint8_t, 3> class_code{};
  for (std::size_t k = 0; k < classes.dictionary().size(); ++k) {
    const std::string& name = classes.dictionary()[k];
    if (k < class_code.size()) class_code[k] = name == "active" ? 0 : name == "cooling" ? 1 : 2;
  }
  const auto clv_values = clv_by_row(ids, clv);

  Headline headline;
  std::array<std::int64_t, 4> classes_count{};  // active, cooling, inactive, dormant
  std::array<std::array<std::int64_t, 5>, 5> cell_customers{};
  std::array<std::array<Minor, 5>, 5> cell_revenue{};
  std::vector<std::uint8_t> activity_code(n);
  for (std::size_t i = 0; i < n; ++i) {
    if (activity_ids.int_at(i) != ids.int_at(i))
      throw Failure(Error::internal("snapshot: rfm and activity rows differ in order"));
    headline.revenue += monetary.int_at(i);
    headline.orders += frequency.int_at(i);
    ++cell_customers[r.int_at(i) - 1][f.int_at(i) - 1];
    cell_revenue[r.int_at(i) - 1][f.int_at(i) - 1] += monetary.int_at(i);
    std::uint8_t a = class_code[classes.code_at(i)];
    if (dormant.text_at(i) == "yes") a = static_cast<std::uint8_t>(Activity::kDormant);
    activity_code[i] = a;
    ++classes_count[std::min<std::uint8_t>(a, 2)];
    if (a == static_cast<std::uint8_t>(Activity::kDormant)) ++classes_count[3];
  }
  headline.customers = static_cast<std::int64_t>(n);
  if (headline.orders > 0) headline.aov = mul_div_round(headline.revenue, 1, headline.orders);
  headline.repeat_rate = fraction_in_row(retention, "cohort", "all", "repeat_rate");
  headline.abandonment_rate = fraction_in_row(abandonment, "source", "all", "abandonment_rate");
  const std::int64_t top_customers = static_cast<std::int64_t>(top.rows());
  std::optional<double> top_share;
  if (top.rows() > 0) top_share = column(top, "cumulative_share").real_at(top.rows() - 1);

  std::vector<CustomerValues> customer_rows(n);
  for (std::size_t i = 0; i < n; ++i)
    customer_rows[i] = {
        ids.int_at(i),    recency.int_at(i), frequency.int_at(i), monetary.int_at(i),
        r.int_at(i),      f.int_at(i),       m.int_at(i),         code_of_rfm[segment.code_at(i)],
        activity_code[i], clv_values[i]};

  const Timestamp taken_at = clock_.now();
  const auto computed = SteadyClock::now();
  auto c = db_.lease();
  db::Transaction tx(*c, db::TxMode::kWrite);
  const Id id = *c->scalar(
      "INSERT INTO snapshots (as_of_day, taken_at, currency, customers, revenue, orders, aov, "
      "repeat_rate, abandonment_rate, active, cooling, inactive, dormant, top_tier_customers, "
      "top_tier_revenue_share, clv_fitted) "
      "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
      day, to_unix(taken_at), config_.currency, headline.customers, headline.revenue,
      headline.orders, headline.aov, headline.repeat_rate, headline.abandonment_rate,
      classes_count[0], classes_count[1], classes_count[2], classes_count[3], top_customers,
      top_share, clv.has_value());
  for (std::size_t k = 0; k < names.size(); ++k)
    c->exec("INSERT INTO snapshot_segments (snapshot_id, code, name) VALUES (?, ?, ?)", id, k,
            names[k]);
  for (int ri = 1; ri <= 5; ++ri)
    for (int fi = 1; fi <= 5; ++fi)
      c->exec(
          "INSERT INTO snapshot_cells (snapshot_id, r, f, segment, customers, revenue) "
          "VALUES (?, ?, ?, ?, ?, ?)",
          id, ri, fi,
          std::find(names.begin(), names.end(), options.segments.at(ri, fi)) - names.begin(),
          cell_customers[ri - 1][fi - 1], cell_revenue[ri - 1][fi - 1]);
  insert_customers(*c, id, customer_rows);
  store_clv_figures(*c, id, clv_figures_run.get());
  tx.commit();
  const std::chrono::duration<double> report_time = computed - started;
  const std::chrono::duration<double> store_time = SteadyClock::now() - computed;
  return Summary{id, day, taken_at, headline.customers, report_time.count(), store_time.count()};
}

Result<std::optional<Summary>> Snapshots::take_if_due(int interval_days,
                                                      reports::DatasetCache* cache) {
  const std::int32_t day = today(clock_);
  if (!is_due(latest_as_of_day(), day, interval_days)) return std::optional<Summary>{};
  CW_ASSIGN_OR_RETURN(auto taken, take(day, cache));
  return std::optional<Summary>(taken);
}

bool is_due(std::optional<std::int32_t> latest_as_of_day, std::int32_t today, int interval_days) {
  return !latest_as_of_day || today - *latest_as_of_day >= interval_days;
}

}  // namespace cw::snapshots
