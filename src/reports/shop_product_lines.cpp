// Per-product sums over the order lines that the reports count (categories, loyalty by product).
#include <unordered_map>

#include "reports/shop_helpers.hpp"

namespace cw::reports::shop {

namespace {

ProductLineSums sum_product_lines(const Context& ctx, const OrderInputs& orders) {
  db::Connection& db = ctx.connection();
  std::unordered_map<std::int64_t, std::int64_t> reward_product;
  for (auto rows = db.query("SELECT id, product_id FROM rewards"); rows.next();)
    reward_product[rows.integer(0)] = rows.integer(1);
  // Summed here rather than by a GROUP BY, which sorted every line (a temporary B-tree) and took
  // longer than the scan itself; the lines come from the loaded orders (shop_inputs.hpp).
  const std::int64_t end = ctx.end();
  std::unordered_map<std::int64_t, ProductLineTotals> sums;
  // The lines follow the orders' ids while the order columns are by customer: each line reads
  // its order's columns at an unpredictable place, a cache miss per line unless asked for early.
  constexpr std::size_t kAhead = 16;
  const std::size_t line_count = orders.line_order.size();
  for (std::size_t i = 0; i < line_count; ++i) {
    if (i + kAhead < line_count) {
      const std::uint32_t ahead = orders.line_order[i + kAhead];
      __builtin_prefetch(&orders.placed_at[ahead]);
      __builtin_prefetch(&orders.claimed_reward[ahead]);
    }
    const std::uint32_t o = orders.line_order[i];
    if (orders.placed_at[o] >= end) continue;
    const std::int64_t product = orders.line_product[i], quantity = orders.line_quantity[i];
    ProductLineTotals& p = sums[product];
    p.units += quantity;
    p.revenue += orders.line_total[i];
    // Most orders claimed no reward: no look-up in the large map for them.
    if (orders.claimed_reward[o] == 0) continue;
    if (const auto r = reward_product.find(orders.claimed_reward[o]);
        r != reward_product.end() && r->second == product)
      p.units_with_reward += quantity;
  }
  return {sums.begin(), sums.end()};
}

}  // namespace

std::shared_ptr<const ProductLineSums> product_line_totals(const Context& ctx) {
  const auto orders = order_inputs(ctx);
  return product_line_totals(ctx, *orders);
}

std::shared_ptr<const ProductLineSums> product_line_totals(const Context& ctx,
                                                           const OrderInputs& orders) {
  return orders.memo->product_lines(ctx.end(), [&] { return sum_product_lines(ctx, orders); });
}

}  // namespace cw::reports::shop
