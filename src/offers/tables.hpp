#pragma once
// The plan and the coupon batch of `offers plan` as report tables, for the renderer (CSV for an
// e-mail tool). Money is rounded half-up to the minor unit.

#include "offers/coupon_batch.hpp"
#include "offers/plan.hpp"
#include "reports/reports.hpp"
#include "reports/table.hpp"

namespace cw::offers {

// Both tables are dated options.as_of_day, which must be set (the caller resolves "today" with
// its clock, as shop_candidates does).

// customer_id,email,segment,p_alive,clv,value_at_risk,percent_off,expected_cost in rank order.
reports::Table plan_table(const Plan& plan, const reports::ReportOptions& options);

// customer_id,email,code,percent_off,valid_until (RFC 3339) in the order of the offers.
reports::Table coupon_table(const IssuedBatch& batch, const reports::ReportOptions& options);

}  // namespace cw::offers
