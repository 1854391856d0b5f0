// The report table and the three ways in: already loaded data, the analyst's input file, and the
// live shop database. Every report is one entry of kReports; the paths load what the entry says
// it needs and run its function, so every list of names (the CLI, the HTTP route, the
// "unknown_report" message) comes from this one table.
#include <algorithm>

#include "reports/clv_reports.hpp"
#include "reports/report_helpers.hpp"
#include "reports/shop_helpers.hpp"

namespace cw::reports {
namespace {

using detail::Context;

// What a report reads before it runs.
enum class Needs {
  kFacts,           // customer facts
  kOrders,          // single orders too (cohorts, monthly trends), with their calendar slots
  kCalendarOrders,  // single orders when --by is a calendar view (weekday, month-part, time-of-day)
  kModelOrders,     // single orders up to orders_through_day(), no calendar slots (clv models)
  kShop,            // the shop's own tables (visits, carts, products, promotions, rewards);
                    // customer facts on demand through Context::facts()
  kSource,          // reads its source itself: the shop's tables or the input file, leniently
};

struct ReportEntry {
  const char* name;
  Needs needs;
  // The ReportOptions it reads besides as_of_day and the currency (docs/analytics.md "Options").
  const char* options;
  Result<Table> (*run)(const Context&);
};

// Documentation order (docs/analytics.md). Adding a report is one line here plus its function.
constexpr ReportEntry kReports[] = {
    {"rfm", Needs::kFacts, "segments", detail::rfm},
    {"segments", Needs::kFacts, "segments", detail::segments},
    {"top-customers", Needs::kFacts, "share", detail::top_customers},
    {"activity", Needs::kFacts, "active_days, cooling_days, dormant_days, list", detail::activity},
    {"dormant", Needs::kFacts, "dormant_days", detail::dormant},
    {"order-value", Needs::kFacts, "low_max, medium_max", detail::order_value},
    {"frequency", Needs::kFacts, "", detail::frequency},
    {"breakdown", Needs::kCalendarOrders, "by", detail::breakdown},
    {"retention", Needs::kOrders, "", detail::retention},
    {"sales-trend", Needs::kOrders, "", detail::sales_trend},
    {"clv-model", Needs::kModelOrders, "time_unit, holdout_end, horizon, margin, discount_rate",
     detail::clv_model},
    {"clv", Needs::kModelOrders, "time_unit, horizon, margin, discount_rate", detail::clv},
    {"visitors-without-orders", Needs::kShop, "list", shop::visitors_without_orders},
    {"abandonment", Needs::kShop, "", shop::abandonment},
    {"campaigns", Needs::kShop, "attribution_days, from, to", shop::campaigns},
    {"coupons", Needs::kShop, "by", shop::coupons},
    {"overstock", Needs::kShop, "overstock_threshold, recent_days", shop::overstock},
    {"loyalty", Needs::kShop, "by", shop::loyalty},
    {"categories", Needs::kShop, "", shop::categories},
    {"overview", Needs::kShop, "", shop::overview},
    {"places", Needs::kShop, "", shop::places},
    {"ratings", Needs::kShop, "by", shop::ratings},
    {"data-quality", Needs::kSource, "", detail::data_quality},
    {"recommendations", Needs::kShop, "by, segment", shop::recommendations},
    {"segment-migration", Needs::kShop, "from_snapshot, to_snapshot", shop::segment_migration},
};

Result<const ReportEntry*> lookup(const std::string& name) {
  for (const ReportEntry& e : kReports)
    if (name == e.name) return &e;
  std::string known;
  for (const ReportEntry& e : kReports) known += (known.empty() ? "" : ", ") + std::string(e.name);
  return fail(Error::bad_request(
      "unknown_report", "unknown report '" + name + "' (expected one of " + known + ")", "report"));
}

bool needs_orders(const ReportEntry& e, const ReportOptions& options) {
  switch (e.needs) {
    case Needs::kOrders:
    case Needs::kModelOrders:
      return true;
    case Needs::kCalendarOrders:
      return options.by == "weekday" || options.by == "month-part" || options.by == "time-of-day";
    case Needs::kFacts:
    case Needs::kShop:
    case Needs::kSource:
      return false;
  }
  return false;
}

// The shop's tables are not in an input file or a loaded Dataset.
Error shop_only(const std::string& name) {
  return detail::missing_data(name,
                              "the shop database (visits, carts, products, promotions); an input "
                              "file does not carry that data");
}

// The options with the as-of day resolved (default: today by `clock`).
ReportOptions resolved(const ReportOptions& options, const Clock& clock) {
  ReportOptions out = options;
  if (!out.as_of_day) out.as_of_day = today(clock);
  return out;
}

Result<Table> run_on(const ReportEntry& e, const Dataset& data, const ReportOptions& options,
                     db::Database* database) {
  Context ctx{.options = options, .as_of_day = *options.as_of_day};
  ctx.dataset = &data;
  ctx.database = database;
  return e.run(ctx);
}

}  // namespace

Table new_table(const std::string& name, const ReportOptions& options, std::int32_t as_of_day) {
  Table t;
  t.report = name;
  t.as_of_day = as_of_day;
  t.currency = options.currency;
  t.currency_decimals = options.currency_decimals;
  return t;
}

const std::vector<std::string>& report_names() {
  static const std::vector<std::string> names = [] {
    std::vector<std::string> v;
    for (const ReportEntry& e : kReports) v.emplace_back(e.name);
    return v;
  }();
  return names;
}

Result<bool> needs_orders(const std::string& name, const ReportOptions& options) {
  CW_ASSIGN_OR_RETURN(auto e, lookup(name));
  return needs_orders(*e, options);
}

Result<Table> run_report(const std::string& name, const Dataset& data, const ReportOptions& options,
                         const Clock& clock) {
  CW_ASSIGN_OR_RETURN(auto e, lookup(name));
  if (e->needs == Needs::kShop || e->needs == Needs::kSource) return fail(shop_only(name));
  return run_on(*e, data, resolved(options, clock), nullptr);
}

Result<Table> run_report(const std::string& name, const ReportInput& input,
                         const ReportOptions& options, const Clock& clock) {
  CW_ASSIGN_OR_RETURN(auto found, lookup(name));
  const ReportEntry& e = *found;
  const ReportOptions o = resolved(options, clock);
  if (e.needs == Needs::kShop) return fail(shop_only(name));
  if (e.needs == Needs::kSource) {
    Context ctx{.options = o, .as_of_day = *o.as_of_day};
    ctx.input = &input;
    return e.run(ctx);
  }
  const bool orders = needs_orders(e, o);
  LoadOptions load;
  load.as_of_day = orders_through_day(name, o, *o.as_of_day);
  load.keep_orders = orders;
  load.threads = o.threads;
  load.currency_decimals = o.currency_decimals;
  CW_ASSIGN_OR_RETURN(auto data, load_file(input.path, input.format, load));
  if (data.has_orders && orders && e.needs != Needs::kModelOrders) fill_slots_from_orders(data);
  return run_on(e, data, o, nullptr);
}

Result<Table> run_report(const std::string& name, db::Database& db, const ReportOptions& options,
                         const Clock& clock, DatasetCache* cache) {
  CW_ASSIGN_OR_RETURN(auto found, lookup(name));
  const ReportEntry& e = *found;
  const ReportOptions o = resolved(options, clock);
  const std::int32_t as_of_day = *o.as_of_day;
  if (e.needs == Needs::kShop || e.needs == Needs::kSource) {
    auto lease = db.lease();
    db::Transaction snapshot(*lease, db::TxMode::kRead);
    Context ctx{.options = o, .as_of_day = as_of_day};
    ctx.database = &db;
    ctx.snapshot = &*lease;
    ctx.cache = cache;
    ctx.load_facts = [&] { return shop::facts_for(db, LoadOptions{as_of_day, false}, cache); };
    auto table = e.run(ctx);
    snapshot.commit();
    return table;
  }
  const LoadOptions load{orders_through_day(name, o, as_of_day), needs_orders(e, o)};
  CW_ASSIGN_OR_RETURN(auto data, shop::facts_for(db, load, cache));
  return run_on(e, *data, o, &db);
}

namespace shop {

Result<std::shared_ptr<const Dataset>> facts_for(db::Database& db, const LoadOptions& load,
                                                 DatasetCache* cache) {
  if (cache) return cache->get(db, load);
  CW_ASSIGN_OR_RETURN(auto data, load_dataset(db, load));
  return std::make_shared<const Dataset>(std::move(data));
}

}  // namespace shop

}  // namespace cw::reports
