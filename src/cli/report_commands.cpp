// cartwise report NAME | export segment NAME: the analytics engine on the shop database or, with
// --input, on an analyst's file without any database. Flags mirror ReportOptions: --foo-bar is
// the option (and query parameter) foo_bar.
#include <iostream>
#include <memory>

#include "cli/context.hpp"
#include "core/money.hpp"
#include "core/time.hpp"
#include "reports/render.hpp"
#include "reports/reports.hpp"
#include "reports/shop.hpp"

namespace cw::cli {
namespace {

// The flags as given; money and dates stay text until the configuration (currency) is known.
struct ReportFlags {
  std::string name, input, input_format = "orders", as_of, format = "table", output, holdout_end,
                           from, to;
  std::optional<std::string> low_max, medium_max;
  reports::ReportOptions options;
};

Minor money_option(const std::string& text, int decimals, const char* flag) {
  auto amount = parse_money(text, decimals);
  if (!amount || *amount < 0)
    throw CommandError(std::string(flag) + " must be a non-negative amount, e.g. 100.00");
  return *amount;
}

std::int32_t date_option(const std::string& text, const char* flag) {
  auto day = parse_date(text);
  if (!day)
    throw CommandError(std::string(flag) + " must be a date YYYY-MM-DD, got '" + text + "'");
  return static_cast<std::int32_t>(day_number(*day));
}

// Completes the options from the configuration and the text flags.
reports::ReportOptions resolve_options(const ReportFlags& flags, const Config& config) {
  reports::ReportOptions options = flags.options;
  options.currency = config.currency;
  options.currency_decimals = config.currency_decimals;
  if (!flags.as_of.empty()) options.as_of_day = date_option(flags.as_of, "--as-of");
  if (!flags.holdout_end.empty())
    options.holdout_end_day = date_option(flags.holdout_end, "--holdout-end");
  if (!flags.from.empty()) options.from_day = date_option(flags.from, "--from");
  if (!flags.to.empty()) options.to_day = date_option(flags.to, "--to");
  if (flags.low_max)
    options.low_max = money_option(*flags.low_max, config.currency_decimals, "--low-max");
  if (flags.medium_max)
    options.medium_max = money_option(*flags.medium_max, config.currency_decimals, "--medium-max");
  return options;
}

void add_option_flags(CLI::App& command, ReportFlags& flags) {
  reports::ReportOptions& o = flags.options;
  command.add_option("--as-of", flags.as_of, "report date YYYY-MM-DD (default today, UTC)");
  command.add_option("--share", o.share, "top-customers: fraction of revenue, (0, 1]");
  command.add_option("--active-days", o.active_days, "activity: active up to this recency");
  command.add_option("--cooling-days", o.cooling_days, "activity: cooling up to this recency");
  command.add_option("--dormant-days", o.dormant_days, "dormant: from this recency");
  command.add_option("--low-max", flags.low_max, "order-value: highest low AOV (amount)");
  command.add_option("--medium-max", flags.medium_max, "order-value: highest medium AOV (amount)");
  command.add_option("--by", o.by, "breakdown dimension; coupons and loyalty view");
  command.add_flag("--list", o.list, "activity, visitors-without-orders: one row per customer");
  command.add_option("--overstock-threshold", o.overstock_threshold,
                     "overstock: total stock above this");
  command.add_option("--recent-days", o.recent_days, "overstock: recent sales window in days");
  command.add_option("--attribution-days", o.attribution_days,
                     "campaigns: days a visit attributes orders");
  command.add_option("--from", flags.from, "campaigns: the ROI period from YYYY-MM-DD");
  command.add_option("--to", flags.to, "campaigns: the ROI period up to YYYY-MM-DD (inclusive)");
  command.add_option("--time-unit", o.time_unit, "clv, clv-model: week (default) or day");
  command.add_option("--holdout-end", flags.holdout_end,
                     "clv-model: validate on the orders after --as-of up to YYYY-MM-DD");
  command.add_option("--horizon", o.horizon, "clv: horizon in time units (default 52 weeks)");
  command.add_option("--margin", o.margin, "clv: share of revenue that is profit, (0, 1]");
  command.add_option("--segment", o.segment, "recommendations: only this RFM segment");
  command.add_option("--discount-rate", o.discount_rate,
                     "clv: annual discount rate (0.1 = 10%), applied monthly");
  command.add_option(
      "--from-snapshot", o.from_snapshot,
      "segment-migration: the earlier snapshot's id (default: before --to-snapshot)");
  command.add_option("--to-snapshot", o.to_snapshot,
                     "segment-migration: the later snapshot's id (default: the latest)");
  command.add_option("--threads", o.threads, "threads reading an input file")
      ->check(CLI::Range(1, 64));
}

}  // namespace

void add_report_commands(CLI::App& app, Context& context) {
  auto flags = std::make_shared<ReportFlags>();
  CLI::App* report = app.add_subcommand("report", "Run an analytics report (docs/analytics.md)");
  report->add_option("name", flags->name, "report name, e.g. rfm, segments, order-value")
      ->required();
  add_config_flags(*report, context, false);
  add_analytics_flag(*report, context);
  CLI::Option* input =
      report->add_option("--input", flags->input, "read this file instead of a database")
          ->check(CLI::ExistingFile);
  report->add_option("--input-format", flags->input_format,
                     "orders, online-retail or customer-summary (default orders)");
  input->excludes(report->get_option("--db"));
  input->excludes(report->get_option("--analytics-db"));
  report->add_option("--format", flags->format, "table, csv or json (default table)");
  add_option_flags(*report, *flags);
  report->callback([&context, flags] {
    const Config config = context.load_config();
    const auto format = value_or_fail(reports::parse_format(flags->format));
    const reports::ReportOptions options = resolve_options(*flags, config);
    if (!flags->input.empty()) {
      const auto input_format = value_or_fail(reports::parse_input_format(flags->input_format));
      const reports::ReportInput source{flags->input, input_format};
      write_table(value_or_fail(reports::run_report(flags->name, source, options, context.clock)),
                  format);
      return;
    }
    auto db = open_reading_database(config);
    write_table(value_or_fail(reports::run_report(flags->name, *db, options, context.clock)),
                format);
  });

  auto export_flags = std::make_shared<ReportFlags>();
  CLI::App* export_cmd = app.add_subcommand("export", "Export data for other tools");
  export_cmd->require_subcommand(1);
  CLI::App* segment = export_cmd->add_subcommand(
      "segment", "Write the customers of an RFM segment as CSV (e.g. for an e-mail tool)");
  segment->add_option("name", export_flags->name, "segment, e.g. champions or cannot-lose")
      ->required();
  add_config_flags(*segment, context, false);
  add_analytics_flag(*segment, context);
  segment->add_option("--as-of", export_flags->as_of, "scores as of YYYY-MM-DD (default today)");
  segment->add_option("--output", export_flags->output, "write here instead of stdout");
  segment->add_flag("--external-ref", export_flags->options.external_ref,
                    "add external_ref (an imported customer's key) after customer_id");
  segment->callback([&context, export_flags] {
    const Config config = context.load_config();
    const reports::ReportOptions options = resolve_options(*export_flags, config);
    auto db = open_reading_database(config);
    const auto table =
        value_or_fail(reports::export_segment(*db, export_flags->name, options, context.clock));
    write_table(table, reports::Format::kCsv, export_flags->output);
    if (!export_flags->output.empty())
      std::cout << "wrote " << table.rows() << " customers to " << export_flags->output << "\n";
  });
}

}  // namespace cw::cli
