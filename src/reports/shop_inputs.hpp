#pragma once
// The large shop tables the promotion, product-line and visit reports read (orders with their
// lines and coupon redemptions, registered customers, their visits), as compact columns. A server
// keeps one copy per data version in its DatasetCache, so a warm report only aggregates; the CLI
// loads them per call. Small tables (products, coupons, campaigns, rewards) are read per call,
// since the data version does not cover them (internal to src/reports).
//
// Validity: orders, their lines and redemptions change only together with an order's insert or
// cancellation, which bump the data version (migration 0070); customers bump it too. Visits are
// only appended (the activity module also sets a visit's order_id, which no report here reads),
// so the highest visit id tells whether the visit columns are current.

#ifndef CW_INTERNAL_REPORTS
#error "reports/shop_inputs.hpp is internal to cw_reports (src/README.md, Boundaries)"
#endif

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <vector>

#include "core/money.hpp"
#include "core/mutex.hpp"
#include "db/database.hpp"

namespace cw::reports {

// Sums over the lines of the non-cancelled orders placed before the end of the as-of day.
struct ProductLineTotals {
  std::int64_t units = 0;
  Minor revenue = 0;                   // line totals (after line discounts)
  std::int64_t units_with_reward = 0;  // on orders that claimed a reward for this very product
};
using ProductLineSums = std::map<std::int64_t, ProductLineTotals>;  // by product id

// What is computed from one copy of the orders, kept with it and so dropped with it: the loyalty
// page asks for the same per-product sums twice at once (by product, least trending) and the
// sales page once more (categories), 0.8 s each on 15.6M lines. One computation per as-of
// moment; a caller that asks while it runs waits for it. At most kMoments moments are kept.
class OrderMemo {
 public:
  static constexpr std::size_t kMoments = 8;
  // The sums up to `end` (exclusive), from `compute` on the first call for that moment.
  std::shared_ptr<const ProductLineSums> product_lines(
      std::int64_t end, const std::function<ProductLineSums()>& compute);

 private:
  Mutex mutex_;  // held while computing: the concurrent askers wait instead of computing too
  std::map<std::int64_t, std::shared_ptr<const ProductLineSums>> product_lines_ GUARDED_BY(mutex_);
};

// Non-cancelled orders placed before `end` (every order in the cache), by (customer, placed_at,
// id); element i of each column is order i.
struct OrderInputs {
  std::vector<std::int64_t> id, customer_id, placed_at;
  std::vector<Minor> revenue;                // subtotal - discount
  std::vector<std::int64_t> coupon_id;       // 0: none
  std::vector<Minor> coupon_discount;        // its coupon redemption's amount, 0: none
  std::vector<std::int64_t> claimed_reward;  // 0: none
  std::vector<std::uint8_t> has_lines;
  // Their lines, in (order id, line_no) order; line_order is the index of the line's order.
  std::vector<std::uint32_t> line_order;
  std::vector<std::int64_t> line_product, line_quantity;
  std::vector<Minor> line_total;
  std::size_t size() const { return id.size(); }
  // Sums computed from these columns (shared: OrderInputs is moved around while loading).
  std::shared_ptr<OrderMemo> memo = std::make_shared<OrderMemo>();
};
OrderInputs load_order_inputs(db::Connection& db, std::int64_t end);

// Registered customers created before `end`, ascending id, and the visits (started before
// `end`) that carry a customer id.
struct VisitInputs {
  std::vector<std::int64_t> customer_id, customer_created_at;
  // Visits by (customer, started_at, id).
  std::vector<std::int64_t> visit_customer, visit_started_at, visit_campaign;  // campaign 0: none
  std::int64_t max_visit_id = 0;  // of the whole table when loaded
};
VisitInputs load_visit_inputs(db::Connection& db, std::int64_t end);
std::int64_t max_visit_id(db::Connection& db);

}  // namespace cw::reports
