#pragma once
// The analytics engine on the live shop database. Every report of reports.hpp runs here too, plus
// the reports that need the shop's own tables (visits, carts, products, promotions, rewards).
// Definitions: docs/analytics.md "On the shop database" has each one as implemented.
//
// Customer facts come from the customer_facts table (maintained at checkout) joined with
// customers (age at the as-of date from date_of_birth, gender, occupation) and the default
// address (city) when the as-of date is on or after the newest order; for an earlier as-of date
// they are recomputed from the non-cancelled orders placed up to the end of that day. Single
// orders are read only when the report needs them.
//
// Typical use (CLI and HTTP):
//   static DatasetCache cache;   // one per process: keeps the facts between requests
//   auto table = run_report("rfm", db, options, clock, &cache);
//   if (!table) ... table.error() ...; render(*table, Format::kJson, out);
//
// Errors: 400 "unknown_report" / "invalid_option" / "unknown_segment"; 422 "missing_data" when
// the shop lacks what a report needs; 404 "no_snapshot" (segment-migration). Database failures
// throw cw::Failure.

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/error.hpp"
#include "core/mutex.hpp"
#include "db/database.hpp"
#include "reports/facts.hpp"
#include "reports/readers.hpp"
#include "reports/reports.hpp"
#include "reports/table.hpp"

namespace cw::reports {

// The Dataset of the shop at `options.as_of_day` (see above). `options.keep_orders` also fills
// Dataset::orders (non-cancelled orders up to the as-of date, with their UTC second of day).
// `threads` and `currency_decimals` are not used (amounts are already minor units).
Result<Dataset> load_dataset(db::Database& db, const LoadOptions& options);

// The shop's data version: bumped in the same transaction as every change to customer facts,
// customers, addresses and orders (migration 0070), so equal versions mean equal data.
std::int64_t data_version(db::Connection& connection);

// Keeps the last loaded Dataset in memory and hands it out again while the data version, the
// as-of day and the need for single orders allow (a dataset with orders also serves reports that
// need none). Thread-safe; a load runs under the lock, so concurrent misses load once.
//
// A cache made with DatasetColumns::kSnapshot loads only what a snapshot's reports read (rfm,
// activity, clv, retention, top-customers): ids, first and last order day, orders, revenue and
// single orders; no shipping, calendar slots or demographics, which are a third of the load time
// at 1M customers (docs/performance.md "Snapshots"). Other reports must not use such a cache.
enum class DatasetColumns { kAll, kSnapshot };

struct OrderInputs;  // reports/shop_inputs.hpp, internal
struct VisitInputs;

class DatasetCache {
 public:
  explicit DatasetCache(DatasetColumns columns = DatasetColumns::kAll) : columns_(columns) {}
  Result<std::shared_ptr<const Dataset>> get(db::Database& db, const LoadOptions& options);

  // The orders and visits the shop-table reports read (coupons, campaigns, categories, loyalty,
  // visitors-without-orders), every date, loaded on first use inside the caller's read
  // transaction `c` and kept while the data version (and, for visits, the newest visit) stays.
  // Concurrent misses load once; the others wait (shop_inputs.cpp).
  std::shared_ptr<const OrderInputs> orders(db::Connection& c);
  std::shared_ptr<const VisitInputs> visits(db::Connection& c);

  // Loads what the dashboards read at `as_of_day` (the facts with single orders, the orders and
  // the visits) unless already current: the server's warm-up after start and data changes.
  void warm(db::Database& db, std::int32_t as_of_day);

 private:
  const DatasetColumns columns_;
  Mutex mutex_;
  std::shared_ptr<const Dataset> data_ GUARDED_BY(mutex_);
  std::int64_t version_ GUARDED_BY(mutex_) = -1;
  std::int32_t as_of_day_ GUARDED_BY(mutex_) = 0;
  bool has_orders_ GUARDED_BY(mutex_) = false;

  Mutex orders_mutex_;  // separate: a facts load and an orders load may run side by side
  std::shared_ptr<const OrderInputs> orders_ GUARDED_BY(orders_mutex_);
  std::int64_t orders_version_ GUARDED_BY(orders_mutex_) = -1;
  Mutex visits_mutex_;
  std::shared_ptr<const VisitInputs> visits_ GUARDED_BY(visits_mutex_);
  std::int64_t visits_version_ GUARDED_BY(visits_mutex_) = -1;
};

// Runs report `name` (any of report_names()) on the shop database. Facts come from `cache` when
// given (kept for the next call), else are loaded for this call. The as-of date defaults to today
// (UTC) by `clock`.
Result<Table> run_report(const std::string& name, db::Database& db, const ReportOptions& options,
                         const Clock& clock, DatasetCache* cache = nullptr);

// `export segment NAME`: the customers of one RFM segment, ascending id, with the columns
// customer_id,first_name,last_name,email,recency_days,frequency,monetary,r,f,m,segment — and,
// when options.external_ref, external_ref after customer_id (an imported customer's key in the
// other system, empty when none). NAME
// matches a segment of options.segments ignoring case, spaces, hyphens and underscores
// ("cannot-lose" = "Cannot lose"); otherwise 400 "unknown_segment" (field "segment").
Result<Table> export_segment(db::Database& db, const std::string& segment,
                             const ReportOptions& options, const Clock& clock,
                             DatasetCache* cache = nullptr);

// The key a segment name is matched by: lower case without spaces, hyphens and underscores.
std::string segment_key(std::string_view name);

// The position in `names` of the segment `name` matches by segment_key(); otherwise 400
// "unknown_segment" (field "segment") listing `names`.
Result<std::size_t> match_segment(const std::vector<std::string>& names, const std::string& name);

// Builds the table of `export segment` (columns above) one customer at a time, so that a
// snapshot's rows (src/snapshots) come out exactly as export_segment writes them.
class SegmentExport {
 public:
  // Who a row is about. A text is "" when unknown: NULL in the database, or the customer gone.
  struct Customer {
    std::int64_t id = 0;
    std::string_view external_ref;
    std::string_view first_name;
    std::string_view last_name;
    std::string_view email;
  };
  SegmentExport(std::string segment, std::int32_t as_of_day, const ReportOptions& options);
  void add(const Customer& customer, std::int64_t recency_days, std::int64_t frequency,
           Minor monetary, int r, int f, int m);
  Table take() { return std::move(table_); }

 private:
  std::string segment_;
  Table table_;
  bool with_external_ref_;
};

}  // namespace cw::reports
