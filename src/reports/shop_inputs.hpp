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
#include <vector>

#include "core/money.hpp"
#include "db/database.hpp"

namespace cw::reports {

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
