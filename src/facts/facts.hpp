#pragma once
// Customer facts: one row per customer with at least one non-cancelled order (table
// customer_facts). Kept up to date inside the order and cancel transactions; rebuildable from
// the orders table. Revenue is goods after discounts without shipping.

#include <cstdint>

#include "core/ids.hpp"
#include "core/money.hpp"
#include "core/time.hpp"
#include "db/database.hpp"

namespace cw::facts {

// The calendar slots an order counts in (UTC).
struct OrderSlots {
  int day_of_week;  // 0 = Monday .. 6 = Sunday
  int month_part;   // 0: days 1-7, 1: 8-15, 2: 16-23, 3: 24-31
  int time_of_day;  // 0: [00,06), 1: [06,12), 2: [12,18), 3: [18,24)
};
OrderSlots slots_of(Timestamp placed_at);

struct OrderFact {
  Id customer_id = 0;
  Timestamp placed_at;
  Minor revenue = 0;  // subtotal - discount
  Minor shipping = 0;
  Minor discount = 0;
  std::int64_t items = 0;  // units
};

// Adds one new non-cancelled order to its customer's facts. Call inside the order's transaction.
void record_order(db::Connection& c, const OrderFact& order);

// Recomputes one customer's facts from their non-cancelled orders (used after a cancel or
// purge). Removes the row when none remain. Call inside the caller's transaction.
void recompute_customer(db::Connection& c, Id customer_id);

// Rebuilds the whole table from history in one transaction; answers the number of rows written.
std::int64_t rebuild_all(db::Database& db);

}  // namespace cw::facts
