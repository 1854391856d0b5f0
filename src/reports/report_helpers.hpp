#pragma once
// Shared pieces of the report functions (internal to src/reports).

#ifndef CW_INTERNAL_REPORTS
#error "reports/report_helpers.hpp is internal to cw_reports (src/README.md, Boundaries)"
#endif

#include <functional>
#include <memory>
#include <string>

#include "core/error.hpp"
#include "core/time.hpp"
#include "db/database.hpp"
#include "reports/facts.hpp"
#include "reports/reports.hpp"
#include "reports/table.hpp"

namespace cw::reports {
class DatasetCache;
}

namespace cw::reports::detail {

// What every report function gets; what is set depends on the report's entry in the report table
// (engine.cpp) and on the path (an input file or the shop database).
struct Context {
  const ReportOptions& options;
  std::int32_t as_of_day;
  // Customer facts, with single orders when the entry needs them; set before a facts or orders
  // report runs. Null for the reports that read the shop's tables (they call facts()).
  const Dataset* dataset = nullptr;
  // The shop database; null on an input file.
  db::Database* database = nullptr;
  // The shop's tables inside one read transaction (one snapshot for all queries); set for the
  // reports that read them.
  db::Connection* snapshot = nullptr;
  // The analyst's input file; null on the shop database.
  const ReportInput* input = nullptr;
  // The server's cache of facts and shop-table inputs; null: load for this call.
  DatasetCache* cache = nullptr;
  // The customer facts at the as-of date, loaded (or taken from the cache) on first use.
  std::function<Result<std::shared_ptr<const Dataset>>()> load_facts;

  const Dataset& data() const { return *dataset; }
  db::Connection& connection() const { return *snapshot; }
  Result<std::shared_ptr<const Dataset>> facts() const { return load_facts(); }
  // Orders and events count when they happened before this moment: the end of the as-of day.
  std::int64_t end() const { return end_of_day(as_of_day); }
};

inline Table new_table(const std::string& name, const Context& ctx) {
  return reports::new_table(name, ctx.options, ctx.as_of_day);
}

// part / whole as a fraction, or null when whole is zero.
inline void push_share(Column& c, double part, double whole) {
  if (whole == 0)
    c.push_null();
  else
    c.push_real(part / whole);
}

inline Error missing_data(const std::string& report, const std::string& what) {
  return Error::unprocessable("missing_data", "report " + report + " needs " + what);
}

inline Error invalid_option(const std::string& field, const std::string& why) {
  return Error::bad_request("invalid_option", "--" + field + ": " + why, field);
}

Result<Table> rfm(const Context& ctx);
Result<Table> segments(const Context& ctx);
Result<Table> top_customers(const Context& ctx);
Result<Table> activity(const Context& ctx);
Result<Table> dormant(const Context& ctx);
Result<Table> order_value(const Context& ctx);
Result<Table> frequency(const Context& ctx);
Result<Table> breakdown(const Context& ctx);
Result<Table> retention(const Context& ctx);
Result<Table> sales_trend(const Context& ctx);
// data-quality: on the shop's tables, or on the input file read leniently (data_quality.cpp).
Result<Table> data_quality(const Context& ctx);

}  // namespace cw::reports::detail
