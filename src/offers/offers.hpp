#pragma once
// `cartwise offers plan` on the shop database (docs/analytics.md "Offers"): the candidates with
// their lifetime-value predictions. The rules of the plan are in plan.hpp, the coupons in
// coupon_batch.hpp, the output tables in tables.hpp.
//
// Typical use (the CLI):
//   auto candidates = shop_candidates(db, options, clock);   // fits the models once
//   auto plan = plan_offers(*candidates, plan_options);
//   render(plan_table(*plan, options), Format::kCsv, out);
// A server keeps one CandidateCache so that the dashboard's plan fits the models once per data
// version, as-of date and model options, not once per request (16-20 s at 1M customers).

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "core/error.hpp"
#include "core/mutex.hpp"
#include "db/database.hpp"
#include "offers/coupon_batch.hpp"
#include "offers/plan.hpp"
#include "offers/tables.hpp"
#include "reports/reports.hpp"
#include "reports/shop.hpp"

namespace cw::offers {

// Every customer with a purchase on or before options.as_of_day (default today by `clock`),
// restricted to
// the RFM segment options.segment when it is set (matched as `export segment` matches; 400
// "unknown_segment"), ascending id, with e-mail, segment and the models' P(alive), CLV and
// expected value. The models are fitted on all customers (the segment only chooses who is
// offered), with the model options of the clv report (reports::clv_options). Errors: those of
// reports::clv_options, reports::clv_summary and clv::fit_and_predict (422
// "model_not_identified"). The shop's facts and orders come from `data` when given (a server's
// cache, shared with the analytics reports), else are loaded for this call; the result is the
// same either way.
Result<std::vector<Candidate>> shop_candidates(db::Database& db,
                                               const reports::ReportOptions& options,
                                               const Clock& clock,
                                               reports::DatasetCache* data = nullptr);

// The last shop_candidates() answer, handed out again while the shop's data version
// (reports::data_version), the as-of date, the segment and the model options are unchanged: any
// change to customers, addresses, facts or orders bumps the version, so a new order gives a new
// plan. Errors are not kept. Thread-safe; a miss computes under the lock, so concurrent misses fit
// once.
class CandidateCache {
 public:
  Result<std::shared_ptr<const std::vector<Candidate>>> get(db::Database& db,
                                                            const reports::ReportOptions& options,
                                                            const Clock& clock,
                                                            reports::DatasetCache* data = nullptr);

 private:
  Mutex mutex_;
  std::shared_ptr<const std::vector<Candidate>> candidates_ GUARDED_BY(mutex_);
  std::int64_t version_ GUARDED_BY(mutex_) = -1;
  std::string key_ GUARDED_BY(mutex_);
};

}  // namespace cw::offers
