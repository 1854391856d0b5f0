#pragma once
// `cartwise offers plan` on the shop database (docs/analytics.md "Offers"): the candidates with
// their lifetime-value predictions. The rules of the plan are in plan.hpp, the coupons in
// coupon_batch.hpp, the output tables in tables.hpp.
//
// Typical use (the CLI):
//   auto candidates = shop_candidates(db, options, clock);   // fits the models once
//   auto plan = plan_offers(*candidates, plan_options);
//   render(plan_table(*plan, options), Format::kCsv, out);

#include <vector>

#include "core/error.hpp"
#include "db/database.hpp"
#include "offers/coupon_batch.hpp"
#include "offers/plan.hpp"
#include "offers/tables.hpp"
#include "reports/reports.hpp"

namespace cw::offers {

// Every customer with a purchase on or before options.as_of_day (default today by `clock`),
// restricted to
// the RFM segment options.segment when it is set (matched as `export segment` matches; 400
// "unknown_segment"), ascending id, with e-mail, segment and the models' P(alive), CLV and
// expected value. The models are fitted on all customers (the segment only chooses who is
// offered), with the model options of the clv report (reports::clv_options). Errors: those of
// reports::clv_options, reports::clv_summary and clv::fit_and_predict (422
// "model_not_identified").
Result<std::vector<Candidate>> shop_candidates(db::Database& db,
                                               const reports::ReportOptions& options,
                                               const Clock& clock);

}  // namespace cw::offers
