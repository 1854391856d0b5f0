#include "promotions/checkout.hpp"

#include <algorithm>
#include <vector>

#include "promotions/coupon_rules.hpp"
#include "promotions/coupons.hpp"

namespace cw::promotions {
namespace {

constexpr const char* kField = "coupon_code";

}  // namespace

Result<AppliedCoupon> apply_coupon(db::Connection& c, std::string_view code, Id customer_id,
                                   Timestamp now, PricedLines& lines) {
  const auto coupon = find_coupon_by_code(c, code);
  if (!coupon) return fail(Error::unprocessable("unknown_coupon", "No such coupon.", kField));
  if (auto refused = coupon_refusal(*coupon, customer_id, now)) return fail(std::move(*refused));
  CW_ASSIGN_OR_RETURN(const std::vector<Minor> added, coupon_discounts(*coupon, lines));

  // Taking the use is the one write, and a conditional one: it fails rather than pass max_uses.
  if (c.exec("UPDATE coupons SET uses = uses + 1 "
             "WHERE id = ? AND active = 1 AND (max_uses IS NULL OR uses < max_uses)",
             coupon->id) == 0) {
    return fail(Error::conflict("coupon_exhausted", "This coupon has been used up.", kField));
  }
  if (coupon->max_uses_per_customer) {
    const auto used =
        c.scalar("SELECT COUNT(*) FROM coupon_redemptions WHERE coupon_id = ? AND customer_id = ?",
                 coupon->id, customer_id);
    if (customer_limit_reached(*coupon, used.value_or(0))) {
      // Give the use back so that this refusal changes nothing even before the rollback.
      c.exec("UPDATE coupons SET uses = uses - 1 WHERE id = ?", coupon->id);
      return fail(Error::conflict("coupon_limit_reached",
                                  "You have used this coupon as often as it allows.", kField));
    }
  }

  AppliedCoupon applied{
      .coupon_id = coupon->id, .code = coupon->code, .campaign_id = coupon->campaign_id};
  applied.discount = add_discounts(lines, added);
  return applied;
}

void fill_categories(db::Connection& c, PricedLines& lines) {
  for (PricedLine& line : lines) {
    line.category_id =
        c.scalar("SELECT category_id FROM products WHERE id = ?", line.product_id).value_or(0);
  }
}

void record_redemption(db::Connection& c, const AppliedCoupon& coupon, Id order_id, Id customer_id,
                       Timestamp now) {
  c.exec(
      "INSERT INTO coupon_redemptions (coupon_id, order_id, customer_id, amount, at) "
      "VALUES (?, ?, ?, ?, ?)",
      coupon.coupon_id, order_id, customer_id, coupon.discount, to_unix(now));
}

std::optional<Id> release_coupon(db::Connection& c, Id order_id) {
  const auto coupon_id =
      c.scalar("DELETE FROM coupon_redemptions WHERE order_id = ? RETURNING coupon_id", order_id);
  if (!coupon_id) return std::nullopt;
  c.exec("UPDATE coupons SET uses = uses - 1 WHERE id = ? AND uses > 0", *coupon_id);
  return coupon_id;
}

std::optional<AppliedCoupon> coupon_of_order(db::Connection& c, Id order_id) {
  auto rows = c.query(
      "SELECT r.coupon_id, k.code, k.campaign_id, r.amount FROM coupon_redemptions r "
      "JOIN coupons k ON k.id = r.coupon_id WHERE r.order_id = ?",
      order_id);
  if (!rows.next()) return std::nullopt;
  return AppliedCoupon{.coupon_id = rows.integer(0),
                       .code = rows.text(1),
                       .campaign_id = rows.opt_integer(2),
                       .discount = rows.integer(3)};
}

}  // namespace cw::promotions
