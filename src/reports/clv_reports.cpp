// The clv-model and clv reports: the engine's orders to the models of src/clv and back to a
// Table (docs/analytics.md "Lifetime value").
#include "reports/clv_reports.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>

#include "reports/report_helpers.hpp"
#include "reports/shop_helpers.hpp"

namespace cw::reports {
namespace {

double minor_per_major(int decimals) {
  return std::pow(10.0, decimals);
}

Minor to_minor(double major, int decimals) {
  return static_cast<Minor>(std::llround(major * minor_per_major(decimals)));
}

// What both reports start from: the checked model options and the Summary at the as-of date.
struct ModelInput {
  clv::ClvOptions options;
  clv::Summary summary;
};

Result<ModelInput> summary_of(const detail::Context& ctx) {
  CW_ASSIGN_OR_RETURN(auto options, clv_options(ctx.options));
  CW_ASSIGN_OR_RETURN(auto summary, clv_summary(ctx.data(), ctx.as_of_day, options.unit,
                                                ctx.options.currency_decimals));
  return ModelInput{options, std::move(summary)};
}

// Rows of the clv-model table: section, key, value, predicted, actual.
class ModelRows {
 public:
  explicit ModelRows(Table& t)
      : section_(t.add("section", ColumnType::kText)),
        key_(t.add("key", ColumnType::kText)),
        value_(t.add("value", ColumnType::kNumber)),
        predicted_(t.add("predicted", ColumnType::kNumber)),
        actual_(t.add("actual", ColumnType::kNumber)) {}

  void figure(std::string_view section, std::string_view key, double value) {
    row(section, key, value);
    predicted_.push_null();
    actual_.push_null();
  }
  void comparison(std::string_view section, std::string_view key, double value, double predicted,
                  double actual) {
    row(section, key, value);
    predicted_.push_real(predicted);
    actual_.push_real(actual);
  }
  void fit(std::string_view section, const clv::FitInfo& info) {
    figure(section, "log_likelihood", info.log_likelihood);
    figure(section, "iterations", info.iterations);
    figure(section, "converged", info.converged ? 1 : 0);
    figure(section, "customers", static_cast<double>(info.customers));
  }

 private:
  void row(std::string_view section, std::string_view key, double value) {
    section_.push_text(section);
    key_.push_text(key);
    value_.push_real(value);
  }
  Column &section_, &key_, &value_, &predicted_, &actual_;
};

void add_holdout(ModelRows& rows, const detail::Context& ctx, const clv::BgNbdParams& params,
                 const ModelInput& fitted, std::int32_t holdout_end) {
  const Dataset& data = ctx.data();
  const clv::HoldoutActuals actuals =
      clv::holdout_actuals(fitted.summary, data.facts.customer_id, data.orders.customer_row,
                           data.orders.day, ctx.as_of_day, holdout_end);
  const clv::HoldoutCheck check = clv::check_holdout(params, fitted.summary, fitted.options.unit,
                                                     ctx.as_of_day, holdout_end, actuals);
  const auto bucket = [&](std::string_view section, std::string_view key,
                          const clv::HoldoutBucket& b) {
    rows.comparison(section, key, static_cast<double>(b.customers), b.predicted, b.actual);
  };
  bucket("holdout_total", "all", check.total);
  static constexpr const char* kFrequencies[] = {"0", "1", "2", "3", "4", "5", "6", "7+"};
  for (std::size_t k = 0; k < check.by_frequency.size(); ++k)
    bucket("holdout_by_frequency", kFrequencies[k], check.by_frequency[k]);
  for (std::size_t k = 0; k < check.weeks.size(); ++k)
    rows.comparison("holdout_weekly", format_day(check.weeks[k].end_day),
                    static_cast<double>(k + 1), check.weeks[k].predicted_cumulative,
                    check.weeks[k].actual_cumulative);
}

}  // namespace

Result<clv::Summary> clv_summary(const Dataset& data, std::int32_t end_day, clv::TimeUnit unit,
                                 int currency_decimals) {
  if (!data.has_orders)
    return fail(Error::unprocessable(
        "missing_data",
        "the lifetime-value models need single orders (an orders or online-retail file, or the "
        "shop database); a customer summary has none"));
  return clv::summarise_indexed(data.facts.customer_id, data.orders.customer_row, data.orders.day,
                                data.orders.amount, end_day, unit,
                                minor_per_major(currency_decimals));
}

Result<clv::ClvOptions> clv_options(const ReportOptions& o) {
  clv::ClvOptions out;
  if (o.time_unit == "week")
    out.unit = clv::TimeUnit::kWeek;
  else if (o.time_unit == "day")
    out.unit = clv::TimeUnit::kDay;
  else
    return fail(
        detail::invalid_option("time-unit", "must be week or day, got '" + o.time_unit + "'"));
  const double unit_days = clv::days_per_unit(out.unit);
  if (o.horizon && !(*o.horizon > 0 && *o.horizon * unit_days <= 100 * 366))
    return fail(detail::invalid_option("horizon", "must be above 0 and at most 100 years"));
  if (!(o.margin > 0 && o.margin <= 1))
    return fail(detail::invalid_option("margin", "must be above 0 and at most 1 (0.3 = 30%)"));
  if (o.discount_rate && !(*o.discount_rate >= 0 && *o.discount_rate < 10))
    return fail(detail::invalid_option(
        "discount-rate", "must be 0 or more and below 10 (an annual fraction, 0.1 = 10%)"));
  out.horizon = o.horizon;
  out.margin = o.margin;
  out.discount_rate = o.discount_rate;
  return out;
}

std::int32_t orders_through_day(const std::string& name, const ReportOptions& options,
                                std::int32_t as_of_day) {
  if (name == "clv-model" && options.holdout_end_day && *options.holdout_end_day > as_of_day)
    return *options.holdout_end_day;
  return as_of_day;
}

namespace detail {

Result<Table> clv_model(const Context& ctx) {
  const auto holdout_end = ctx.options.holdout_end_day;
  if (holdout_end && *holdout_end <= ctx.as_of_day)
    return fail(
        invalid_option("holdout-end", "must be after the as-of date (the calibration end)"));
  CW_ASSIGN_OR_RETURN(auto fitted, summary_of(ctx));
  CW_ASSIGN_OR_RETURN(auto bg, clv::fit_bg_nbd(fitted.summary));
  CW_ASSIGN_OR_RETURN(auto gg, clv::fit_gamma_gamma(fitted.summary));
  Table t = new_table("clv-model", ctx);
  ModelRows rows(t);
  const clv::Summary& s = fitted.summary;
  rows.figure("data", "customers", static_cast<double>(s.size()));
  rows.figure(
      "data", "repeat_customers",
      static_cast<double>(std::count_if(s.x.begin(), s.x.end(), [](double x) { return x > 0; })));
  rows.figure("data", "days_per_unit", clv::days_per_unit(fitted.options.unit));
  if (holdout_end) rows.figure("data", "holdout_days", *holdout_end - ctx.as_of_day);
  const clv::BgNbdParams& m = bg.params;
  rows.figure("bg_nbd", "r", m.r);
  rows.figure("bg_nbd", "alpha", m.alpha);
  rows.figure("bg_nbd", "a", m.a);
  rows.figure("bg_nbd", "b", m.b);
  rows.fit("bg_nbd", bg.info);
  rows.figure("gamma_gamma", "p", gg.params.p);
  rows.figure("gamma_gamma", "q", gg.params.q);
  rows.figure("gamma_gamma", "gamma", gg.params.gamma);
  rows.fit("gamma_gamma", gg.info);
  if (holdout_end) add_holdout(rows, ctx, m, fitted, *holdout_end);
  return t;
}

Result<Table> clv(const Context& ctx) {
  CW_ASSIGN_OR_RETURN(auto fitted, summary_of(ctx));
  CW_ASSIGN_OR_RETURN(auto result, clv::fit_and_predict(fitted.summary, fitted.options));
  const clv::Summary& s = fitted.summary;
  const clv::Predictions& p = result.predictions;
  const int decimals = ctx.options.currency_decimals;
  std::vector<Minor> value(s.size());
  for (std::size_t i = 0; i < s.size(); ++i) value[i] = to_minor(p.clv[i], decimals);
  // By the CLV as printed (minor units), then by id: equal printed values never look unsorted.
  std::vector<std::uint32_t> order(s.size());
  std::iota(order.begin(), order.end(), 0u);
  std::sort(order.begin(), order.end(), [&](std::uint32_t a, std::uint32_t b) {
    return value[a] != value[b] ? value[a] > value[b] : s.customer_id[a] < s.customer_id[b];
  });
  Table t = new_table("clv", ctx);
  auto& id = t.add("customer_id", ColumnType::kInteger);
  auto& x = t.add("x", ColumnType::kInteger);
  auto& t_x = t.add("t_x", ColumnType::kNumber);
  auto& age = t.add("T", ColumnType::kNumber);  // the model's T: first purchase day to as-of day
  auto& spend = t.add("spend", ColumnType::kMoney);
  auto& alive = t.add("p_alive", ColumnType::kFraction);
  auto& purchases = t.add("expected_purchases", ColumnType::kNumber);
  auto& expected = t.add("expected_value", ColumnType::kMoney);
  auto& clv = t.add("clv", ColumnType::kMoney);
  for (Column* c : {&id, &x, &t_x, &age, &spend, &alive, &purchases, &expected, &clv})
    c->reserve(s.size());
  for (const std::uint32_t i : order) {
    id.push_int(s.customer_id[i]);
    x.push_int(std::llround(s.x[i]));
    t_x.push_real(s.t_x[i]);
    age.push_real(s.T[i]);
    spend.push_int(to_minor(s.spend[i], decimals));
    alive.push_real(p.p_alive[i]);
    purchases.push_real(p.expected_purchases[i]);
    expected.push_int(to_minor(p.expected_value[i], decimals));
    clv.push_int(value[i]);
  }
  return t;
}

}  // namespace detail
}  // namespace cw::reports
