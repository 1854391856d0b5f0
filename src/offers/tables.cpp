// The plan and the coupon batch as report tables (CSV for an e-mail tool, or any other format).
#include "offers/tables.hpp"

#include <cmath>

namespace cw::offers {
namespace {

reports::Table new_table(const char* name, const reports::ReportOptions& options) {
  return reports::new_table(name, options, options.as_of_day.value());
}

// A model's amount in major units as minor units, rounded half-up.
Minor to_minor(double major, int decimals) {
  return static_cast<Minor>(std::floor(major * std::pow(10.0, decimals) + 0.5));
}

}  // namespace

reports::Table plan_table(const Plan& plan, const reports::ReportOptions& options) {
  using reports::ColumnType;
  reports::Table t = new_table("offers-plan", options);
  auto& id = t.add("customer_id", ColumnType::kInteger);
  auto& email = t.add("email", ColumnType::kText);
  auto& segment = t.add("segment", ColumnType::kText);
  auto& p_alive = t.add("p_alive", ColumnType::kFraction);
  auto& clv = t.add("clv", ColumnType::kMoney);
  auto& at_risk = t.add("value_at_risk", ColumnType::kMoney);
  auto& percent = t.add("percent_off", ColumnType::kInteger);
  auto& cost = t.add("expected_cost", ColumnType::kMoney);
  for (const Offer& o : plan.offers) {
    id.push_int(o.customer.customer_id);
    email.push_text(o.customer.email);
    segment.push_text(o.customer.segment);
    p_alive.push_real(o.customer.p_alive);
    clv.push_int(to_minor(o.customer.clv, options.currency_decimals));
    at_risk.push_int(to_minor(o.value_at_risk, options.currency_decimals));
    percent.push_int(o.percent_off);
    cost.push_int(o.expected_cost);
  }
  return t;
}

reports::Table coupon_table(const IssuedBatch& batch, const reports::ReportOptions& options) {
  using reports::ColumnType;
  reports::Table t = new_table("offers-coupons", options);
  auto& id = t.add("customer_id", ColumnType::kInteger);
  auto& email = t.add("email", ColumnType::kText);
  auto& code = t.add("code", ColumnType::kText);
  auto& percent = t.add("percent_off", ColumnType::kInteger);
  auto& until = t.add("valid_until", ColumnType::kText);
  for (const IssuedCoupon& c : batch.coupons) {
    id.push_int(c.customer_id);
    email.push_text(c.email);
    code.push_text(c.code);
    percent.push_int(c.percent_off);
    until.push_text(format_timestamp(c.valid_until));
  }
  return t;
}

}  // namespace cw::offers
