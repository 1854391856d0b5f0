#pragma once
// Shared pieces of the reports that read the shop's own tables (internal to src/reports). Each
// report is a loader (SQL into plain structs, non-cancelled orders placed up to the end of the
// as-of day) and a pure function of those structs and the options that builds the Table.

#include <functional>
#include <memory>
#include <string>

#include "core/error.hpp"
#include "db/database.hpp"
#include "reports/report_helpers.hpp"
#include "reports/shop.hpp"

namespace cw::reports::shop {

inline constexpr std::int64_t kDaySeconds = 86400;

struct ShopContext {
  db::Connection& connection;  // inside a read transaction: one snapshot for all queries
  const ReportOptions& options;
  std::int32_t as_of_day;
  // The customer facts at the as-of date, loaded (or taken from the cache) on first use.
  std::function<Result<std::shared_ptr<const Dataset>>()> facts;

  // Orders and events count when they happened before this moment: the end of the as-of day.
  std::int64_t end() const { return (std::int64_t{as_of_day} + 1) * kDaySeconds; }
};

inline Table new_table(const std::string& name, const ShopContext& ctx) {
  Table t;
  t.report = name;
  t.as_of_day = ctx.as_of_day;
  t.currency = ctx.options.currency;
  t.currency_decimals = ctx.options.currency_decimals;
  return t;
}

// The UTC day of a unix time.
inline std::int32_t day_of(std::int64_t unix_seconds) {
  return static_cast<std::int32_t>(unix_seconds >= 0
                                       ? unix_seconds / kDaySeconds
                                       : (unix_seconds - kDaySeconds + 1) / kDaySeconds);
}

// "YYYY-MM-DD" of a day number.
std::string date_text(std::int32_t day);

Result<Table> visitors_without_orders(const ShopContext& ctx);
Result<Table> abandonment(const ShopContext& ctx);
Result<Table> overstock(const ShopContext& ctx);
Result<Table> categories(const ShopContext& ctx);
Result<Table> campaigns(const ShopContext& ctx);
Result<Table> coupons(const ShopContext& ctx);
Result<Table> loyalty(const ShopContext& ctx);
Result<Table> data_quality(const ShopContext& ctx);
Result<Table> recommendations(const ShopContext& ctx);
// segment-migration: customers per (from segment, to segment) between two snapshots.
Result<Table> segment_migration(const ShopContext& ctx);

// The segment of `map` whose name matches `name` by segment_key(); otherwise 400
// "unknown_segment" (field "segment") listing the known names.
Result<std::string> find_segment(const SegmentMap& map, const std::string& name);

}  // namespace cw::reports::shop

namespace cw::reports {
// data-quality on an input file (the analyst's path), read leniently: every problem row with its
// line number, nothing fixed. Defined in data_quality.cpp.
Result<Table> data_quality_of_file(const ReportInput& input, const ReportOptions& options,
                                   std::int32_t as_of_day);
}  // namespace cw::reports
