#pragma once
// The coupon rules of checkout that need no database: whether a coupon may be used, and what it
// takes off a bill. apply_coupon (promotions/checkout.hpp) runs them on the rows it reads; the demo
// generator runs them on its own books, so its history follows the same rules as live checkout.

#include <cstdint>
#include <optional>
#include <vector>

#include "core/error.hpp"
#include "core/ids.hpp"
#include "core/money.hpp"
#include "core/time.hpp"
#include "promotions/coupons.hpp"
#include "promotions/priced_line.hpp"

namespace cw::promotions {

// Why `customer_id` cannot use `coupon` at `now`, nullopt when it can (field "coupon_code"): 422
// coupon_not_yours (a personal coupon of another customer), coupon_disabled, coupon_not_started
// (now < starts_at), coupon_expired (now >= expires_at).
std::optional<Error> coupon_refusal(const Coupon& coupon, Id customer_id, Timestamp now);

// The use limits: all uses (coupon.uses against max_uses) and one customer's (`customer_uses`, that
// customer's redemptions, against max_uses_per_customer).
bool uses_exhausted(const Coupon& coupon);
bool customer_limit_reached(const Coupon& coupon, std::int64_t customer_uses);

// What the coupon takes off each line (same order as `lines`, 0 outside its scope), from what is
// left on the lines:
//  - percent_off: per matching line, remaining * percent / 100 rounded half-up;
//  - amount_off, scope order or category: min(amount, remaining goods in scope), spread over the
//    matching lines by their share of those goods (rounded down), the remainder on the first line
//    (and, should it not fit there, on the next ones);
//  - amount_off, scope product: the amount off each line of that product, capped at the line.
// 422 coupon_out_of_scope (field "coupon_code") when no line is in its scope.
Result<std::vector<Minor>> coupon_discounts(const Coupon& coupon, const PricedLines& lines);

// Adds `discounts` (from coupon_discounts) to the lines; answers their sum.
Minor add_discounts(PricedLines& lines, const std::vector<Minor>& discounts);

}  // namespace cw::promotions
