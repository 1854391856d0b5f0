#pragma once
// Snapshots of the shop's analytics at one as-of date (docs/analytics.md "Snapshots"): every
// customer's recency, frequency, monetary, R/F/M scores, segment, activity class and CLV, and the
// dashboard figures (headline, segments, R-by-F grid, activity, top tier). Every figure comes from
// the report engine (src/reports: rfm, activity, clv, retention, abandonment, top-customers), so a
// snapshot shows what those reports showed on its as-of date.
//
// Tables (schema/0080_snapshots.sql): snapshots, snapshot_segments, snapshot_cells,
// snapshot_customers. A snapshot is written in one transaction, its customer rows 16 to a prepared
// INSERT.
//
// Typical use:
//   Snapshots snapshots(db, config, clock);
//   auto taken = snapshots.take(std::nullopt);   // as of today (the clock's UTC day)
//   auto detail = snapshots.detail(SnapshotRef{}); // the latest
//
// Errors: 404 "no_snapshot" for an unknown id or when there is none yet; 400 "unknown_segment"
// (field "segment"), 400 "invalid_parameter" (field "activity"); the report engine's errors pass
// through. Database failures throw cw::Failure.

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.hpp"
#include "core/config.hpp"
#include "core/error.hpp"
#include "core/ids.hpp"
#include "core/money.hpp"
#include "db/database.hpp"
#include "reports/shop.hpp"
#include "reports/table.hpp"

namespace cw::snapshots {

// Activity classes as stored; kDormant is an inactive customer asleep for dormant_days or more.
enum class Activity : std::uint8_t { kActive = 0, kCooling = 1, kInactive = 2, kDormant = 3 };
std::string_view activity_name(Activity activity);  // "active", "cooling", "inactive", "dormant"

struct Summary {
  Id id = 0;
  std::int32_t as_of_day = 0;
  Timestamp taken_at{};
  std::int64_t customers = 0;
  // Set by take() only: wall time spent running the reports and writing the rows.
  double report_seconds = 0, store_seconds = 0;
};

struct Headline {
  Minor revenue = 0;           // goods after discounts of non-cancelled orders by the as-of date
  std::int64_t orders = 0;     // those orders
  std::int64_t customers = 0;  // customers with at least one of them
  std::optional<Minor> aov;    // revenue / orders, rounded half up; null without orders
  std::optional<double> repeat_rate;       // retention's "all" row
  std::optional<double> abandonment_rate;  // abandonment's "all" row
};

struct SegmentFigure {
  std::string segment;
  std::int64_t customers = 0;
  Minor revenue = 0;
  std::optional<double> revenue_share;  // null when the snapshot has no revenue
};

struct GridCell {
  int r = 0, f = 0;  // 1..5
  std::int64_t customers = 0;
  Minor revenue = 0;
};

struct Detail {
  Summary summary;
  std::string currency;
  Headline headline;
  // The snapshot before this one (by as-of date, then id), when there is one.
  std::optional<Summary> previous;
  std::optional<Headline> previous_headline;
  std::vector<SegmentFigure> segments;  // in the segment map's order, empty segments included
  // Customers per class as the activity report counts them: active, cooling, inactive (dormant
  // included), dormant.
  std::array<std::int64_t, 4> activity{};
  std::vector<GridCell> grid;  // 25 cells, R 5..1 then F 5..1
  std::int64_t top_tier_customers = 0;
  std::optional<double> top_tier_revenue_share;
  bool clv_fitted = false;
};

// One customer's row of a snapshot, with the name and e-mail the shop has today.
struct CustomerRow {
  Id customer_id = 0;
  std::string first_name, last_name, email;
  std::int32_t recency_days = 0;
  std::int64_t frequency = 0;
  Minor monetary = 0;
  int r = 0, f = 0, m = 0;
  std::string segment;
  Activity activity = Activity::kActive;
  std::optional<Minor> clv;
};

struct Page {
  std::int64_t page = 1;  // 1-based
  std::int64_t page_size = 50;
};

struct CustomerPage {
  std::int64_t total = 0;
  std::vector<CustomerRow> items;
};

// A customer whose segment got worse between two snapshots (see segment_rank).
struct MovedCustomer {
  Id customer_id = 0;
  std::string first_name, last_name, email;
  std::string from_segment, to_segment;
  Minor monetary = 0;  // in the later snapshot
};

struct MovedPage {
  Id from = 0, to = 0;
  std::int64_t total = 0;
  std::vector<MovedCustomer> items;
};

// Which snapshot: an id, or the latest (greatest as-of date, then greatest id) when empty.
struct SnapshotRef {
  std::optional<Id> id;
};

// The rank of a segment of the default map, 1 = best (docs/analytics.md "Segment rank"):
// Champions, Loyal, Potential loyalist, New, Promising, Need attention, About to sleep,
// Cannot lose, At risk, Hibernating. nullopt for a name outside that list: moves from or to such a
// segment are never "worse".
std::optional<int> segment_rank(std::string_view segment);

// True when a snapshot is due: none yet, or the latest as-of date is `interval_days` or more
// before `today` (a day number).
bool is_due(std::optional<std::int32_t> latest_as_of_day, std::int32_t today, int interval_days);

class Snapshots {
 public:
  // `config` gives the currency; the clock decides "today" for take() without a date. take()
  // reads the shop from `analytics` when given (a read replica, config analytics_database) and
  // writes the snapshot to `db`, where every other method reads.
  Snapshots(db::Database& db, const Config& config, const Clock& clock,
            db::Database* analytics = nullptr);

  // Takes a snapshot as of `as_of_day` (default: the clock's UTC day). Report data come from
  // `cache` when given (the server's), else from a cache that lives for this call and loads only
  // the columns the snapshot needs (reports::DatasetColumns::kSnapshot); the rows are the same. The
  // lifetime-value model is fitted with the clv report's defaults; when it cannot be fitted
  // (too few customers, no repeat buyers) every CLV is null and Detail::clv_fitted is false.
  Result<Summary> take(std::optional<std::int32_t> as_of_day,
                       reports::DatasetCache* cache = nullptr);

  // Takes one as of today when is_due(); answers it, or nullopt when none was due.
  Result<std::optional<Summary>> take_if_due(int interval_days,
                                             reports::DatasetCache* cache = nullptr);

  // Every snapshot, newest first (as-of date descending, then id descending).
  std::vector<Summary> list();
  // The latest snapshot's as-of day, nullopt when there is none.
  std::optional<std::int32_t> latest_as_of_day();

  Result<Detail> detail(SnapshotRef ref);

  // The customers of a snapshot, by monetary descending then id (kClv: by CLV descending, nulls
  // last, then id); `segment` (matched like export segment) and `activity` ("inactive" includes
  // dormant customers) filter when not empty.
  enum class CustomerOrder { kMonetary, kClv };
  Result<CustomerPage> customers(SnapshotRef ref, const std::string& segment,
                                 const std::string& activity, Page page,
                                 CustomerOrder order = CustomerOrder::kMonetary);

  // The rows `cartwise export segment NAME --as-of <the snapshot's as-of>` writes: the same
  // columns, the same customers, ascending id (reports::export_segment's table), and the
  // segment's name as the snapshot spells it; `with_external_ref` as `--external-ref`.
  struct SegmentRows {
    std::string segment;
    reports::Table table;
  };
  Result<SegmentRows> segment_export(SnapshotRef ref, const std::string& segment,
                                     bool with_external_ref = false);

  // Customers in both snapshots whose segment rank got worse from `from` to `to` (defaults: the
  // second latest and the latest), by monetary in `to` descending, then id.
  Result<MovedPage> worse(SnapshotRef from, SnapshotRef to, Page page);

 private:
  db::Database& db_;
  db::Database& reads_;  // the shop's data for take(): `analytics`, else `db`
  const Config& config_;
  const Clock& clock_;
};

}  // namespace cw::snapshots
