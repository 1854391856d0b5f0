// cartwise snapshot take | list: analytics snapshots of the shop (docs/analytics.md "Snapshots").
#include <chrono>
#include <cstdio>
#include <iostream>
#include <memory>

#include "cli/context.hpp"
#include "core/time.hpp"
#include "reports/render.hpp"
#include "snapshots/snapshots.hpp"

namespace cw::cli {
namespace {

// The snapshot list as a report table, so that --format renders it like every report.
reports::Table list_table(const std::vector<snapshots::Summary>& list, const Config& config) {
  reports::Table t;
  t.report = "snapshots";
  t.currency = config.currency;
  t.currency_decimals = config.currency_decimals;
  auto& id = t.add("id", reports::ColumnType::kInteger);
  auto& as_of = t.add("as_of", reports::ColumnType::kDate);
  auto& taken_at = t.add("taken_at", reports::ColumnType::kText);
  auto& customers = t.add("customers", reports::ColumnType::kInteger);
  for (const auto& s : list) {
    id.push_int(s.id);
    as_of.push_int(s.as_of_day);
    taken_at.push_text(format_timestamp(s.taken_at));
    customers.push_int(s.customers);
  }
  if (!list.empty()) t.as_of_day = list.front().as_of_day;
  return t;
}

}  // namespace

std::string snapshot_line(const snapshots::Summary& s) {
  return "snapshot " + std::to_string(s.id) + " as of " + format_day(s.as_of_day) + ": " +
         std::to_string(s.customers) + " customers";
}

void add_snapshot_commands(CLI::App& app, Context& context) {
  CLI::App* snapshot = app.add_subcommand(
      "snapshot", "Analytics snapshots: every customer's scores, segment, activity and CLV");
  snapshot->require_subcommand(1);

  auto as_of = std::make_shared<std::string>();
  CLI::App* take = snapshot->add_subcommand("take", "Take a snapshot and print its id");
  add_config_flags(*take, context, false);
  add_analytics_flag(*take, context);
  take->add_option("--as-of", *as_of, "as of YYYY-MM-DD (default today, UTC)");
  take->callback([&context, as_of] {
    const Config config = context.load_config();
    std::optional<std::int32_t> day;
    if (!as_of->empty()) {
      auto parsed = parse_date(*as_of);
      if (!parsed) throw CommandError("--as-of must be a date YYYY-MM-DD, got '" + *as_of + "'");
      day = static_cast<std::int32_t>(day_number(*parsed));
    }
    auto db = open_database(config);
    auto analytics = open_analytics_database(config);
    snapshots::Snapshots snapshots(*db, config, context.clock, analytics.get());
    const auto started = std::chrono::steady_clock::now();
    const snapshots::Summary taken = value_or_fail(snapshots.take(day));
    const std::chrono::duration<double> seconds = std::chrono::steady_clock::now() - started;
    std::cout << snapshot_line(taken) << std::endl;
    std::fprintf(stderr, "taken in %.2f s (reports %.2f s, storing %.2f s)\n", seconds.count(),
                 taken.report_seconds, taken.store_seconds);
  });

  auto format = std::make_shared<std::string>("table");
  CLI::App* list = snapshot->add_subcommand("list", "List the snapshots, newest first");
  add_config_flags(*list, context, false);
  list->add_option("--format", *format, "table, csv or json (default table)");
  list->callback([&context, format] {
    const Config config = context.load_config();
    const auto parsed = value_or_fail(reports::parse_format(*format));
    auto db = open_database(config);
    snapshots::Snapshots snapshots(*db, config, context.clock);
    write_table(list_table(snapshots.list(), config), parsed);
  });
}

}  // namespace cw::cli
