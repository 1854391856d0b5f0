// Dispatch by report name, and the analyst's path: load only what the report needs, then run it.
#include <algorithm>
#include <chrono>

#include "reports/clv_reports.hpp"
#include "reports/report_helpers.hpp"
#include "reports/shop_helpers.hpp"

namespace cw::reports {
namespace {

using ReportFn = Result<Table> (*)(const detail::Context&);

struct Entry {
  const char* name;
  ReportFn fn;
};

constexpr Entry kReports[] = {
    {"rfm", detail::rfm},
    {"segments", detail::segments},
    {"top-customers", detail::top_customers},
    {"activity", detail::activity},
    {"dormant", detail::dormant},
    {"order-value", detail::order_value},
    {"frequency", detail::frequency},
    {"breakdown", detail::breakdown},
    {"retention", detail::retention},
    {"sales-trend", detail::sales_trend},
    {"clv-model", detail::clv_model},
    {"clv", detail::clv},
};

// Reports that read the shop's own tables (visits, carts, campaigns, coupons, products, rewards):
// an input file cannot feed them (shop.hpp runs them; data-quality also reads an orders file).
constexpr const char* kDatabaseOnly[] = {"visitors-without-orders",
                                         "abandonment",
                                         "campaigns",
                                         "coupons",
                                         "overstock",
                                         "loyalty",
                                         "categories",
                                         "data-quality",
                                         "recommendations",
                                         "segment-migration"};

const Entry* find(const std::string& name) {
  for (const Entry& e : kReports)
    if (name == e.name) return &e;
  return nullptr;
}

Result<ReportFn> lookup(const std::string& name) {
  if (const Entry* e = find(name)) return e->fn;
  for (const char* db_only : kDatabaseOnly)
    if (name == db_only)
      return fail(detail::missing_data(
          name,
          "the shop database (visits, carts, products, promotions); an input file does "
          "not carry that data"));
  std::string known;
  for (const Entry& e : kReports) known += (known.empty() ? "" : ", ") + std::string(e.name);
  return fail(Error::bad_request(
      "unknown_report", "unknown report '" + name + "' (expected one of " + known + ")", "report"));
}

}  // namespace

std::int32_t today_utc() {
  return static_cast<std::int32_t>(
      std::chrono::floor<std::chrono::days>(std::chrono::system_clock::now())
          .time_since_epoch()
          .count());
}

const std::vector<std::string>& report_names() {
  static const std::vector<std::string> names = [] {
    std::vector<std::string> v;
    for (const Entry& e : kReports) v.emplace_back(e.name);
    return v;
  }();
  return names;
}

Result<bool> needs_orders(const std::string& name, const ReportOptions& options) {
  auto fn = lookup(name);
  if (!fn) return fail(fn.error());
  if (name == "retention" || name == "sales-trend" || name == "clv-model" || name == "clv")
    return true;
  return name == "breakdown" &&
         (options.by == "weekday" || options.by == "month-part" || options.by == "time-of-day");
}

Result<Table> run_report(const std::string& name, const Dataset& data,
                         const ReportOptions& options) {
  auto fn = lookup(name);
  if (!fn) return fail(fn.error());
  const detail::Context ctx{data, options, options.as_of_day.value_or(today_utc())};
  return (*fn)(ctx);
}

Result<Table> run_report(const std::string& name, const ReportInput& input,
                         const ReportOptions& options) {
  if (name == "data-quality")
    return data_quality_of_file(input, options, options.as_of_day.value_or(today_utc()));
  auto orders = needs_orders(name, options);
  if (!orders) return fail(orders.error());
  const std::int32_t as_of_day = options.as_of_day.value_or(today_utc());
  LoadOptions load;
  load.as_of_day = orders_through_day(name, options, as_of_day);
  load.keep_orders = *orders;
  load.threads = options.threads;
  load.currency_decimals = options.currency_decimals;
  auto data = load_file(input.path, input.format, load);
  if (!data) return fail(data.error());
  const bool models = name == "clv-model" || name == "clv";  // no calendar slots needed
  if (data->has_orders && *orders && !models) fill_slots_from_orders(*data);
  ReportOptions resolved = options;
  resolved.as_of_day = as_of_day;
  return run_report(name, *data, resolved);
}

}  // namespace cw::reports
