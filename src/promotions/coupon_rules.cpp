#include "promotions/coupon_rules.hpp"

#include <algorithm>

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

std::optional<Error> coupon_refusal(const Coupon& coupon, Id customer_id, Timestamp now) {
  if (coupon.customer_id && *coupon.customer_id != customer_id) {
    return Error::unprocessable("coupon_not_yours", "This coupon was issued to another customer.",
                                kField);
  }
  if (!coupon.active)
    return Error::unprocessable("coupon_disabled", "This coupon is disabled.", kField);
  if (coupon.starts_at && now < *coupon.starts_at) {
    return Error::unprocessable("coupon_not_started", "This coupon is not valid yet.", kField);
  }
  if (coupon.expires_at && now >= *coupon.expires_at) {
    return Error::unprocessable("coupon_expired", "This coupon has expired.", kField);
  }
  return std::nullopt;
}

bool uses_exhausted(const Coupon& coupon) {
  return coupon.max_uses && coupon.uses >= *coupon.max_uses;
}

bool customer_limit_reached(const Coupon& coupon, std::int64_t customer_uses) {
  return coupon.max_uses_per_customer && customer_uses >= *coupon.max_uses_per_customer;
}

Result<std::vector<Minor>> coupon_discounts(const Coupon& coupon, const PricedLines& lines) {
  std::vector<std::size_t> matching;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    if (in_scope(coupon, lines[i])) matching.push_back(i);
  }
  if (matching.empty()) {
    return fail(Error::unprocessable(
        "coupon_out_of_scope", "This coupon does not apply to anything in the order.", kField));
  }
  return discounts_for(coupon, lines, matching);
}

Minor add_discounts(PricedLines& lines, const std::vector<Minor>& discounts) {
  Minor total = 0;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    lines[i].discount += discounts[i];
    total += discounts[i];
  }
  return total;
}

}  // namespace cw::promotions
