// Report options from text (query parameters); see options.hpp.
#include "reports/options.hpp"

#include <charconv>
#include <cmath>
#include <string>

#include "core/money.hpp"
#include "core/time.hpp"

namespace cw::reports {
namespace {

Error invalid(std::string_view name, const std::string& why) {
  return Error::bad_request("invalid_option", std::string(name) + ": " + why, std::string(name));
}

Result<std::int64_t> whole(std::string_view name, std::string_view value, std::int64_t min,
                           std::int64_t max) {
  std::int64_t n = 0;
  const auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), n);
  if (ec != std::errc{} || end != value.data() + value.size() || value.empty())
    return fail(invalid(name, "expected a whole number, got '" + std::string(value) + "'"));
  if (n < min || n > max)
    return fail(
        invalid(name, "must be between " + std::to_string(min) + " and " + std::to_string(max)));
  return n;
}

Result<double> real(std::string_view name, std::string_view value) {
  double x = 0;
  const auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), x);
  if (ec != std::errc{} || end != value.data() + value.size() || value.empty() || !std::isfinite(x))
    return fail(invalid(name, "expected a number, got '" + std::string(value) + "'"));
  return x;
}

Result<std::int32_t> day(std::string_view name, std::string_view value) {
  auto date = parse_date(value);
  if (!date)
    return fail(invalid(name, "expected a date YYYY-MM-DD, got '" + std::string(value) + "'"));
  return static_cast<std::int32_t>(day_number(*date));
}

Result<Minor> amount(std::string_view name, std::string_view value, int decimals) {
  auto minor = parse_money(value, decimals);
  if (!minor || *minor < 0)
    return fail(invalid(name, "expected a non-negative amount, e.g. 100.00"));
  return *minor;
}

Result<bool> flag(std::string_view name, std::string_view value) {
  if (value == "true" || value == "1" || value.empty()) return true;
  if (value == "false" || value == "0") return false;
  return fail(invalid(name, "expected true or false"));
}

// Assigns a checked value, or passes the error on.
template <typename T, typename U>
Result<void> assign(Result<T> parsed, U& target) {
  CW_TRY(parsed);
  target = static_cast<U>(*parsed);
  return {};
}

constexpr std::int64_t kMaxDays = std::int64_t{100} * 366;

}  // namespace

Result<void> set_report_option(ReportOptions& o, std::string_view name, std::string_view value) {
  if (name == "as_of") return assign(day(name, value), o.as_of_day);
  if (name == "holdout_end") return assign(day(name, value), o.holdout_end_day);
  if (name == "from") return assign(day(name, value), o.from_day);
  if (name == "to") return assign(day(name, value), o.to_day);
  if (name == "share") {
    auto share = real(name, value);
    if (share && !(*share > 0 && *share <= 1)) return fail(invalid(name, "must be in (0, 1]"));
    return assign(share, o.share);
  }
  if (name == "active_days") return assign(whole(name, value, 0, kMaxDays), o.active_days);
  if (name == "cooling_days") return assign(whole(name, value, 0, kMaxDays), o.cooling_days);
  if (name == "dormant_days") return assign(whole(name, value, 0, kMaxDays), o.dormant_days);
  if (name == "recent_days") return assign(whole(name, value, 1, kMaxDays), o.recent_days);
  if (name == "attribution_days")
    return assign(whole(name, value, 0, kMaxDays), o.attribution_days);
  if (name == "overstock_threshold")
    return assign(whole(name, value, 0, INT64_MAX), o.overstock_threshold);
  if (name == "low_max") return assign(amount(name, value, o.currency_decimals), o.low_max);
  if (name == "medium_max") return assign(amount(name, value, o.currency_decimals), o.medium_max);
  if (name == "list") return assign(flag(name, value), o.list);
  if (name == "by") {
    o.by = std::string(value);
    return {};
  }
  if (name == "segment") {
    o.segment = std::string(value);
    return {};
  }
  if (name == "from_snapshot") return assign(whole(name, value, 1, INT64_MAX), o.from_snapshot);
  if (name == "to_snapshot") return assign(whole(name, value, 1, INT64_MAX), o.to_snapshot);
  if (name == "time_unit") {
    if (value != "week" && value != "day") return fail(invalid(name, "must be week or day"));
    o.time_unit = std::string(value);
    return {};
  }
  if (name == "horizon") {
    auto horizon = real(name, value);
    if (horizon && !(*horizon > 0)) return fail(invalid(name, "must be positive"));
    return assign(horizon, o.horizon);
  }
  if (name == "margin") {
    auto margin = real(name, value);
    if (margin && !(*margin > 0 && *margin <= 1)) return fail(invalid(name, "must be in (0, 1]"));
    return assign(margin, o.margin);
  }
  if (name == "discount_rate") {
    auto rate = real(name, value);
    if (rate && !(*rate >= 0 && *rate < 10)) return fail(invalid(name, "must be in [0, 10)"));
    return assign(rate, o.discount_rate);
  }
  return fail(invalid(name, "unknown option"));
}

}  // namespace cw::reports
