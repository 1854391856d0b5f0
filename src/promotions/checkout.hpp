#pragma once
// The coupon step of checkout. Call inside the checkout's write transaction
// (db::Transaction(TxMode::kWrite)); on any error the caller rolls that transaction back.
//
// Concurrency: the use counter is raised by one conditional UPDATE
// (`uses = uses + 1 WHERE id = ? AND (max_uses IS NULL OR uses < max_uses)`), so a coupon can
// never pass its limit whatever the number of concurrent checkouts. The per-customer limit is
// counted AFTER that UPDATE: on SQLite the checkout holds the only write lock (BEGIN IMMEDIATE
// serialises writers), and on PostgreSQL the UPDATE has locked the coupon's row until commit, so
// in both the count cannot be raced.

#include <optional>
#include <string>
#include <string_view>

#include "core/error.hpp"
#include "core/ids.hpp"
#include "core/money.hpp"
#include "core/time.hpp"
#include "db/database.hpp"
#include "promotions/priced_line.hpp"

namespace cw::promotions {

struct AppliedCoupon {
  Id coupon_id = 0;
  std::string code;
  std::optional<Id> campaign_id;
  Minor discount = 0;  // the sum this coupon added over the lines
};

// Looks the code up (case-insensitively), checks it and adds its discount to `lines`:
//  - percent_off: per matching line, remaining * percent / 100 rounded half-up;
//  - amount_off, scope order or category: min(amount, remaining goods in scope), spread over the
//    matching lines by their share of those goods (rounded down), the remainder on the first line
//    (and, should it not fit there, on the next ones);
//  - amount_off, scope product: the amount off each line of that product, capped at the line.
// Uses one use of the coupon. Errors (all with field "coupon_code"; `lines` and the database are
// left untouched): 422 unknown_coupon, 422 coupon_not_yours (a personal coupon of another
// customer), 422 coupon_disabled, 422 coupon_not_started (now <
// starts_at), 422 coupon_expired (now >= expires_at), 422 coupon_out_of_scope (no line matches),
// 409 coupon_exhausted (uses == max_uses), 409 coupon_limit_reached (this customer's redemptions
// == max_uses_per_customer).
Result<AppliedCoupon> apply_coupon(db::Connection& c, std::string_view code, Id customer_id,
                                   Timestamp now, PricedLines& lines);

// Sets each line's category_id from the catalogue, for callers whose bill does not carry it
// (category coupons match on it). Lines of unknown products keep category_id 0.
void fill_categories(db::Connection& c, PricedLines& lines);

// Records the redemption once the order row exists (same transaction as apply_coupon).
void record_redemption(db::Connection& c, const AppliedCoupon& coupon, Id order_id, Id customer_id,
                       Timestamp now);

// On cancel: deletes the order's redemption and gives its use back. Answers the coupon released,
// nullopt when the order used none.
std::optional<Id> release_coupon(db::Connection& c, Id order_id);

// The coupon an order used, nullopt when none (for bills and reports).
std::optional<AppliedCoupon> coupon_of_order(db::Connection& c, Id order_id);

}  // namespace cw::promotions
