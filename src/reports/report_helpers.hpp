#pragma once
// Shared pieces of the report functions (internal to src/reports).

#include <string>

#include "core/error.hpp"
#include "reports/facts.hpp"
#include "reports/reports.hpp"
#include "reports/table.hpp"

namespace cw::reports::detail {

struct Context {
  const Dataset& data;
  const ReportOptions& options;
  std::int32_t as_of_day;
};

inline Table new_table(const std::string& name, const Context& ctx) {
  Table t;
  t.report = name;
  t.as_of_day = ctx.as_of_day;
  t.currency = ctx.options.currency;
  t.currency_decimals = ctx.options.currency_decimals;
  return t;
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

}  // namespace cw::reports::detail
