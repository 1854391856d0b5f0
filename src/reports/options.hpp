#pragma once
// Report options from text: the query parameters of GET /api/v1/analytics/{report} (the CLI flag
// --foo-bar is the parameter foo_bar, docs/analytics.md "Options"). Each value is checked the way
// the CLI checks its flag, so both edges accept and refuse the same things.

#include <string_view>

#include "core/error.hpp"
#include "reports/reports.hpp"

namespace cw::reports {

// Sets option `name` (snake_case, e.g. "as_of", "active_days", "low_max") of `options` from
// `value`. Amounts use options.currency_decimals (set it first); dates are YYYY-MM-DD; flags
// ("list") take true/false/1/0. Errors: 400 "invalid_option" naming the parameter for an unknown
// name or a bad value; `options` is unchanged then.
Result<void> set_report_option(ReportOptions& options, std::string_view name,
                               std::string_view value);

}  // namespace cw::reports
