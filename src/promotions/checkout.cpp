#include "promotions/checkout.hpp"

#include <algorithm>
#include <vector>

#include "promotions/coupons.hpp"

namespace cw::promotions {
namespace {

__extension__ typedef __int128 Int128;

constexpr const char* kField = "coupon_code";

bool in_scope(const Coupon& coupon, const PricedLine& line) {
  switch (coupon.scope) {
    case Scope::kOrder:
      return true;
    case Scope::kCategory:
      return line.category_id == coupon.scope_id;
    case Scope::kProduct:
      return line.product_id == coupon.scope_id;
  }
  return false;
}

// `amount` (at most the lines' remaining goods) split by each line's share of those goods,
// rounded down; what rounding leaves goes to the first line, then the next ones, as room allows.
void spread(Minor amount, const PricedLines& lines, const std::vector<std::size_t>& matching,
            std::vector<Minor>& added) {
  Minor base = 0;
  for (std::size_t i : matching) base += lines[i].remaining();
  if (base == 0) return;
  amount = std::min(amount, base);
  Minor given = 0;
  for (std::size_t i : matching) {
    added[i] = static_cast<Minor>(static_cast<Int128>(amount) * lines[i].remaining() / base);
    given += added[i];
  }
  Minor remainder = amount - given;
  for (std::size_t i : matching) {
    if (remainder == 0) break;
    const Minor take = std::min(remainder, lines[i].remaining() - added[i]);
    added[i] += take;
    remainder -= take;
  }
}

std::vector<Minor> discounts_for(const Coupon& coupon, const PricedLines& lines,
                                 const std::vector<std::size_t>& matching) {
  std::vector<Minor> added(lines.size(), 0);
  if (coupon.percent_off) {
    for (std::size_t i : matching) {
      added[i] = mul_div_round(lines[i].remaining(), *coupon.percent_off, 100);
    }
  } else if (coupon.scope == Scope::kProduct) {
    for (std::size_t i : matching) added[i] = std::min(*coupon.amount_off, lines[i].remaining());
  } else {
    spread(*coupon.amount_off, lines, matching, added);
  }
  return added;
}

}  // namespace

Result<AppliedCoupon> apply_coupon(db::Connection& c, std::string_view code, Id customer_id,
                                   Timestamp now, PricedLines& lines) {
  const auto coupon = find_coupon_by_code(c, code);
  if (!coupon) return fail(Error::unprocessable("unknown_coupon", "No such coupon.", kField));
  if (coupon->customer_id && *coupon->customer_id != customer_id) {
    return fail(Error::unprocessable("coupon_not_yours",
                                     "This coupon was issued to another customer.", kField));
  }
  if (!coupon->active) {
    return fail(Error::unprocessable("coupon_disabled", "This coupon is disabled.", kField));
  }
  if (coupon->starts_at && now < *coupon->starts_at) {
    return fail(
        Error::unprocessable("coupon_not_started", "This coupon is not valid yet.", kField));
  }
  if (coupon->expires_at && now >= *coupon->expires_at) {
    return fail(Error::unprocessable("coupon_expired", "This coupon has expired.", kField));
  }
  std::vector<std::size_t> matching;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    if (in_scope(*coupon, lines[i])) matching.push_back(i);
  }
  if (matching.empty()) {
    return fail(Error::unprocessable(
        "coupon_out_of_scope", "This coupon does not apply to anything in the order.", kField));
  }
  const std::vector<Minor> added = discounts_for(*coupon, lines, matching);

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
    if (used.value_or(0) >= *coupon->max_uses_per_customer) {
      // Give the use back so that this refusal changes nothing even before the rollback.
      c.exec("UPDATE coupons SET uses = uses - 1 WHERE id = ?", coupon->id);
      return fail(Error::conflict("coupon_limit_reached",
                                  "You have used this coupon as often as it allows.", kField));
    }
  }

  AppliedCoupon applied{
      .coupon_id = coupon->id, .code = coupon->code, .campaign_id = coupon->campaign_id};
  for (std::size_t i = 0; i < lines.size(); ++i) {
    lines[i].discount += added[i];
    applied.discount += added[i];
  }
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
