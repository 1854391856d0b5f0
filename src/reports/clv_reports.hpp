#pragma once
// The bridge from the report engine's data to the lifetime-value models of src/clv: the clv-model
// and clv reports (docs/analytics.md "Lifetime value"), and what `offers plan` reuses.

#include <cstdint>
#include <string>

#include "clv/clv.hpp"
#include "core/error.hpp"
#include "reports/facts.hpp"
#include "reports/reports.hpp"

namespace cw::reports {

// The models' per-customer inputs from `data.orders` (which must be loaded: keep_orders) with
// calibration end `end_day`; orders after it are left out.
Result<clv::Summary> clv_summary(const Dataset& data, std::int32_t end_day, clv::TimeUnit unit,
                                 int currency_decimals);

// The model options of a report's options (time unit, horizon, margin, discount rate), checked:
// 400 "invalid_option" naming the field.
Result<clv::ClvOptions> clv_options(const ReportOptions& options);

// The last day whose orders report `name` needs in its Dataset: the holdout end for clv-model
// with a holdout (it calibrates on the orders up to the as-of day and counts those after it),
// otherwise the as-of day. Both the file and the database path load up to this day.
std::int32_t orders_through_day(const std::string& name, const ReportOptions& options,
                                std::int32_t as_of_day);

namespace detail {
struct Context;
// clv-model: one row per figure, columns section, key, value, predicted, actual
// (docs/analytics.md "Lifetime value"). With a holdout end, ctx.data must hold the orders up to
// it (orders_through_day).
Result<Table> clv_model(const Context& ctx);
// clv: one row per customer with a purchase up to the as-of date, by CLV descending.
Result<Table> clv(const Context& ctx);
}  // namespace detail

}  // namespace cw::reports
