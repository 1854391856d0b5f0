// Per-product sums over the order lines that the reports count (categories, loyalty by product).
#include <unordered_map>

#include "reports/shop_helpers.hpp"

namespace cw::reports::shop {

std::map<std::int64_t, ProductLineTotals> product_line_totals(const Context& ctx) {
  db::Connection& db = ctx.connection();
  std::unordered_map<std::int64_t, std::int64_t> reward_product;
  for (auto rows = db.query("SELECT id, product_id FROM rewards"); rows.next();)
    reward_product[rows.integer(0)] = rows.integer(1);
  // One pass: orders in id order (the "+" keeps SQLite off the placed_at index), each probing
  // its lines by primary key; summed here rather than by a GROUP BY, which sorted every line (a
  // temporary B-tree) and took longer than the scan itself.
  std::map<std::int64_t, ProductLineTotals> out;
  auto rows = db.stream(
      "SELECT l.product_id, l.quantity, l.line_total, coalesce(o.claimed_reward_id, 0) "
      "FROM orders o CROSS JOIN order_lines l WHERE l.order_id = o.id "
      "AND o.status <> 'cancelled' AND +o.placed_at < ?",
      ctx.end());
  while (rows.next()) {
    const std::int64_t product = rows.integer(0), quantity = rows.integer(1);
    ProductLineTotals& p = out[product];
    p.units += quantity;
    p.revenue += rows.integer(2);
    if (const auto r = reward_product.find(rows.integer(3));
        r != reward_product.end() && r->second == product)
      p.units_with_reward += quantity;
  }
  return out;
}

}  // namespace cw::reports::shop
