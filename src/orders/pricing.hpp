#pragma once
// The bill of an order being placed. Checkout drafts it from the request (merging duplicate
// lines), fills unit prices and categories from the catalogue while it takes the stock, lets the
// discount steps (coupon, then reward: loyalty::apply_discounts) set each line's `discount`, and
// then settles it: line totals and order totals follow from unit prices and discounts alone.

#ifndef CW_INTERNAL_ORDERS
#error "orders/pricing.hpp is internal to cw_orders (src/README.md, Boundaries)"
#endif

#include <cstddef>
#include <string>
#include <vector>

#include "core/error.hpp"
#include "core/ids.hpp"
#include "core/money.hpp"
#include "orders/orders.hpp"

namespace cw::orders {

inline constexpr std::size_t kMaxLines = 1000;
inline constexpr std::int64_t kMaxQuantity = 10000;

struct BillLine {
  std::size_t request_index = 0;  // the first request line merged into it, for error fields
  Id product_id = 0;
  std::string size;
  std::int64_t quantity = 0;
  std::string product_name;
  Id category_id = 0;
  Minor unit_price = 0;
  Minor discount = 0;
  Minor line_total = 0;
};

struct Bill {
  std::vector<BillLine> lines;
  Minor subtotal = 0;
  Minor discount = 0;
  Minor shipping = 0;
  Minor total = 0;
  std::int64_t units = 0;
};

// Checks the request's lines (1..1000 lines, quantity 1..10000, a product id and a size) and
// merges lines for the same product and size, in order of first appearance. 422 invalid_order
// (field "lines" or "lines[i].quantity" / ".size") or unknown_product ("lines[i].product_id").
Result<Bill> draft_bill(const std::vector<LineRequest>& lines);

// Computes line totals (quantity * unit_price - discount) and the order's subtotal, discount,
// shipping and total. A line's discount is clamped to its goods so no total goes negative.
void settle(Bill& bill, Minor shipping);

// "lines[3].quantity"
std::string line_field(std::size_t index, const char* name);

}  // namespace cw::orders
