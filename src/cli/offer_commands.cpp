// cartwise offers plan: who gets a discount and how deep, from the lifetime-value models, within a
// budget (docs/analytics.md "Offers"); with --create-coupons the plan is issued at once as
// personal single-use coupons, and the CSV is the one an e-mail tool needs.
#include <iostream>
#include <memory>
#include <optional>

#include "cli/context.hpp"
#include "core/clock.hpp"
#include "core/money.hpp"
#include "core/time.hpp"
#include "offers/offers.hpp"
#include "reports/render.hpp"

namespace cw::cli {
namespace {

struct OfferFlags {
  std::string budget, ladder = "0,5,10,15,20", as_of, segment, campaign, output;
  std::optional<double> alive_threshold;
  // The lifetime-value model's options, as for `report clv`.
  std::string time_unit = "week";
  std::optional<double> horizon, discount_rate;
  double margin = 1.0;
  bool create_coupons = false;
  int valid_days = 30;
};

// Offers' errors read "code: message".
constexpr ErrorForm kForm = ErrorForm::kCodeAndMessage;

reports::ReportOptions report_options(const OfferFlags& f, const Config& config,
                                      const Clock& clock) {
  reports::ReportOptions options;
  options.currency = config.currency;
  options.currency_decimals = config.currency_decimals;
  options.segment = f.segment;
  options.time_unit = f.time_unit;
  options.horizon = f.horizon;
  options.margin = f.margin;
  options.discount_rate = f.discount_rate;
  if (!f.as_of.empty()) {
    auto day = parse_date(f.as_of);
    if (!day) throw CommandError("--as-of must be a date YYYY-MM-DD, got '" + f.as_of + "'");
    options.as_of_day = static_cast<std::int32_t>(day_number(*day));
  } else {
    options.as_of_day = today(clock);
  }
  return options;
}

offers::PlanOptions plan_options(const OfferFlags& f, const Config& config) {
  auto budget = parse_money(f.budget, config.currency_decimals);
  if (!budget || *budget < 0)
    throw CommandError("--budget must be a non-negative amount, e.g. 500.00");
  return {.budget = *budget,
          .ladder = value_or_fail(offers::parse_ladder(f.ladder), kForm),
          .alive_threshold = f.alive_threshold.value_or(config.offers_alive_threshold),
          .currency_decimals = config.currency_decimals};
}

void run_plan(const OfferFlags& f, const Context& context) {
  const Config config = context.load_config();
  const reports::ReportOptions options = report_options(f, config, context.clock);
  const offers::PlanOptions plan_opts = plan_options(f, config);
  // Candidates are read from the analytics database when one is set; coupons go to the primary.
  auto db = open_database(config);
  auto analytics = open_analytics_database(config);
  const auto candidates = value_or_fail(
      offers::shop_candidates(analytics ? *analytics : *db, options, context.clock), kForm);
  const offers::Plan plan = value_or_fail(offers::plan_offers(candidates, plan_opts), kForm);
  // The summary goes to stderr so that stdout stays pure CSV.
  std::cerr << "offers plan: " << plan.offers.size() << " offers to " << plan.eligible
            << " customers at risk of " << plan.customers << "; expected cost "
            << format_money(plan.expected_cost, config.currency_decimals) << " of budget "
            << format_money(plan_opts.budget, config.currency_decimals) << " " << config.currency
            << "\n";
  if (!f.create_coupons) {
    write_table(offers::plan_table(plan, options), reports::Format::kCsv, f.output);
    return;
  }
  const offers::IssuedBatch batch = value_or_fail(
      offers::issue_coupons(
          *db, plan.offers,
          {.campaign = f.campaign, .valid_days = f.valid_days, .now = context.clock.now()}),
      kForm);
  std::size_t reused = 0;
  for (const auto& c : batch.coupons) reused += c.reused;
  std::cerr << "offers plan: " << batch.coupons.size() - reused << " coupons created, " << reused
            << " kept from an earlier run, campaign " << batch.campaign_id
            << (batch.campaign_created ? " (new)" : "") << "\n";
  write_table(offers::coupon_table(batch, options), reports::Format::kCsv, f.output);
}

}  // namespace

void add_offer_commands(CLI::App& app, Context& context) {
  CLI::App* offers = app.add_subcommand("offers", "Targeted offers from lifetime value");
  offers->require_subcommand(1);
  auto f = std::make_shared<OfferFlags>();
  CLI::App* plan = offers->add_subcommand(
      "plan", "Plan one discount per customer at risk within a budget; CSV to stdout or --output");
  add_config_flags(*plan, context, false);
  add_analytics_flag(*plan, context);
  plan->add_option("--budget", f->budget, "most the offers may cost in expectation, e.g. 500.00")
      ->required();
  plan->add_option("--segment", f->segment, "only customers of this RFM segment");
  plan->add_option("--ladder", f->ladder, "percent-off steps, ascending (default 0,5,10,15,20)");
  plan->add_option("--alive-threshold", f->alive_threshold,
                   "no offer when P(alive) is at least this (config offers_alive_threshold; "
                   "default 0.9)");
  plan->add_option("--as-of", f->as_of, "calibration end YYYY-MM-DD (default today, UTC)");
  plan->add_option("--time-unit", f->time_unit, "model time unit: week (default) or day");
  plan->add_option("--horizon", f->horizon, "CLV horizon in time units (default 52 weeks)");
  plan->add_option("--margin", f->margin, "CLV: share of revenue that is profit, (0, 1]");
  plan->add_option("--discount-rate", f->discount_rate, "CLV: annual discount rate, monthly");
  CLI::Option* create = plan->add_flag(
      "--create-coupons", f->create_coupons,
      "issue the plan as personal single-use coupons; writes customer_id,email,code,...");
  plan->add_option("--campaign", f->campaign, "campaign of the coupons (created when new)")
      ->needs(create);
  plan->add_option("--valid-days", f->valid_days, "days the coupons are valid (default 30)")
      ->needs(create);
  create->needs(plan->get_option("--campaign"));
  plan->add_option("--output", f->output, "write the CSV here instead of stdout");
  plan->callback([&context, f] { run_plan(*f, context); });
}

}  // namespace cw::cli
