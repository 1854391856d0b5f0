#include "promotions/coupons.hpp"

#include <algorithm>
#include <cctype>

#include "promotions/text.hpp"

namespace cw::promotions {
namespace {

using detail::trimmed;

constexpr std::string_view kCouponColumns =
    "id, code, scope, scope_id, percent_off, amount_off, starts_at, expires_at, max_uses, "
    "max_uses_per_customer, uses, active, campaign_id, created_at, customer_id, terms_unknown, "
    "external_ref";

std::optional<Timestamp> opt_time(db::Rows& r, int column) {
  if (r.is_null(column)) return std::nullopt;
  return from_unix(r.integer(column));
}

std::optional<std::int64_t> opt_unix(const std::optional<Timestamp>& t) {
  if (!t) return std::nullopt;
  return to_unix(*t);
}

Coupon read_coupon(db::Rows& r) {
  Coupon coupon;
  coupon.id = r.integer(0);
  coupon.code = r.text(1);
  coupon.scope = parse_scope(r.text(2)).value_or(Scope::kOrder);
  coupon.scope_id = r.opt_integer(3);
  if (!r.is_null(4)) coupon.percent_off = static_cast<int>(r.integer(4));
  coupon.amount_off = r.opt_integer(5);
  coupon.starts_at = opt_time(r, 6);
  coupon.expires_at = opt_time(r, 7);
  coupon.max_uses = r.opt_integer(8);
  coupon.max_uses_per_customer = r.opt_integer(9);
  coupon.uses = r.integer(10);
  coupon.active = r.integer(11) != 0;
  coupon.campaign_id = r.opt_integer(12);
  coupon.created_at = from_unix(r.integer(13));
  coupon.customer_id = r.opt_integer(14);
  coupon.terms_unknown = r.integer(15) != 0;
  coupon.external_ref = r.opt_text(16);
  return coupon;
}

Error invalid_coupon(std::string message, std::string field) {
  return Error::unprocessable("invalid_coupon", std::move(message), std::move(field));
}

bool valid_code(std::string_view code) {
  if (code.size() < 3 || code.size() > 32) return false;
  return std::all_of(code.begin(), code.end(), [](char ch) {
    return (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') || ch == '-' || ch == '_';
  });
}

bool exists(db::Connection& c, std::string_view sql, Id id) {
  return c.scalar(sql, id).has_value();
}

// Checks a whole coupon (new or merged with a patch) against the rules and the referenced rows.
Result<bool> validate(db::Connection& c, const Coupon& coupon) {
  if (!valid_code(coupon.code)) {
    return fail(invalid_coupon("A coupon code is 3 to 32 letters, digits, '-' or '_'.", "code"));
  }
  if (coupon.percent_off.has_value() == coupon.amount_off.has_value()) {
    return fail(invalid_coupon("Give exactly one of percent_off and amount_off.", "percent_off"));
  }
  if (coupon.percent_off && (*coupon.percent_off < 1 || *coupon.percent_off > 100)) {
    return fail(invalid_coupon("percent_off is a whole number from 1 to 100.", "percent_off"));
  }
  if (coupon.amount_off && *coupon.amount_off <= 0) {
    return fail(invalid_coupon("amount_off must be more than zero.", "amount_off"));
  }
  switch (coupon.scope) {
    case Scope::kOrder:
      if (coupon.scope_id) {
        return fail(invalid_coupon("An order-wide coupon takes no scope_id.", "scope_id"));
      }
      break;
    case Scope::kCategory:
      if (!coupon.scope_id) {
        return fail(invalid_coupon("A category coupon needs a scope_id.", "scope_id"));
      }
      if (!exists(c, "SELECT 1 FROM categories WHERE id = ?", *coupon.scope_id)) {
        return fail(Error::unprocessable("unknown_category", "No such category.", "scope_id"));
      }
      break;
    case Scope::kProduct:
      if (!coupon.scope_id) {
        return fail(invalid_coupon("A product coupon needs a scope_id.", "scope_id"));
      }
      if (!exists(c, "SELECT 1 FROM products WHERE id = ?", *coupon.scope_id)) {
        return fail(Error::unprocessable("unknown_product", "No such product.", "scope_id"));
      }
      break;
  }
  if (coupon.starts_at && coupon.expires_at && *coupon.expires_at <= *coupon.starts_at) {
    return fail(invalid_coupon("expires_at must be after starts_at.", "expires_at"));
  }
  if (coupon.max_uses && *coupon.max_uses < 1) {
    return fail(invalid_coupon("max_uses is at least 1.", "max_uses"));
  }
  if (coupon.max_uses && *coupon.max_uses < coupon.uses) {
    return fail(invalid_coupon(
        "max_uses cannot be below the " + std::to_string(coupon.uses) + " uses already made.",
        "max_uses"));
  }
  if (coupon.max_uses_per_customer && *coupon.max_uses_per_customer < 1) {
    return fail(invalid_coupon("max_uses_per_customer is at least 1.", "max_uses_per_customer"));
  }
  if (coupon.campaign_id &&
      !exists(c, "SELECT 1 FROM campaigns WHERE id = ?", *coupon.campaign_id)) {
    return fail(Error::unprocessable("unknown_campaign", "No such campaign.", "campaign_id"));
  }
  if (coupon.customer_id &&
      !exists(c, "SELECT 1 FROM customers WHERE id = ?", *coupon.customer_id)) {
    return fail(Error::unprocessable("unknown_customer", "No such customer.", "customer_id"));
  }
  return true;
}

Error duplicate_code(const std::string& code) {
  return Error::conflict("duplicate_coupon", "A coupon with code " + code + " already exists.",
                         "code");
}

template <typename T>
void patch_field(std::optional<T>& target, const std::optional<std::optional<T>>& change) {
  if (change) target = *change;
}

}  // namespace

std::string_view scope_name(Scope scope) {
  switch (scope) {
    case Scope::kOrder:
      return "order";
    case Scope::kCategory:
      return "category";
    case Scope::kProduct:
      return "product";
  }
  return "order";
}

std::optional<Scope> parse_scope(std::string_view name) {
  if (name == "order") return Scope::kOrder;
  if (name == "category") return Scope::kCategory;
  if (name == "product") return Scope::kProduct;
  return std::nullopt;
}

std::string normalize_code(std::string_view code) {
  std::string out = trimmed(code);
  for (char& ch : out) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
  return out;
}

Result<Coupon> create_coupon(db::Connection& c, const NewCoupon& input, Timestamp now) {
  Coupon coupon{.code = normalize_code(input.code),
                .scope = input.scope,
                .scope_id = input.scope_id,
                .percent_off = input.percent_off,
                .amount_off = input.amount_off,
                .starts_at = input.starts_at,
                .expires_at = input.expires_at,
                .max_uses = input.max_uses,
                .max_uses_per_customer = input.max_uses_per_customer,
                .active = input.active,
                .campaign_id = input.campaign_id,
                .customer_id = input.customer_id,
                .created_at = now};
  CW_TRY(validate(c, coupon));
  if (find_coupon_by_code(c, coupon.code)) return fail(duplicate_code(coupon.code));
  try {
    coupon.id = *c.scalar(
        "INSERT INTO coupons (code, scope, scope_id, percent_off, amount_off, starts_at, "
        "expires_at, max_uses, max_uses_per_customer, active, campaign_id, created_at, "
        "customer_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
        coupon.code, scope_name(coupon.scope), coupon.scope_id, coupon.percent_off,
        coupon.amount_off, opt_unix(coupon.starts_at), opt_unix(coupon.expires_at), coupon.max_uses,
        coupon.max_uses_per_customer, coupon.active, coupon.campaign_id, to_unix(now),
        coupon.customer_id);
  } catch (const db::ConstraintError& e) {
    if (e.kind() == db::ConstraintError::Kind::kUnique) return fail(duplicate_code(coupon.code));
    throw;
  }
  return coupon;
}

Result<Coupon> update_coupon(db::Connection& c, Id coupon_id, const CouponPatch& patch) {
  CW_ASSIGN_OR_RETURN(Coupon coupon, get_coupon(c, coupon_id));
  if (patch.code) coupon.code = normalize_code(*patch.code);
  if (patch.scope) coupon.scope = *patch.scope;
  patch_field(coupon.scope_id, patch.scope_id);
  patch_field(coupon.percent_off, patch.percent_off);
  patch_field(coupon.amount_off, patch.amount_off);
  patch_field(coupon.starts_at, patch.starts_at);
  patch_field(coupon.expires_at, patch.expires_at);
  patch_field(coupon.max_uses, patch.max_uses);
  patch_field(coupon.max_uses_per_customer, patch.max_uses_per_customer);
  patch_field(coupon.campaign_id, patch.campaign_id);
  if (patch.active) coupon.active = *patch.active;
  // An imported coupon's terms are unknown (migration 0093): a marketer who switches it on
  // without saying what it gives would hand out the placeholder, so activation needs the terms
  // in the same change; any change that states the terms makes them known and drops the
  // placeholder percent_off when the terms are an amount.
  const bool states_terms =
      (patch.percent_off && *patch.percent_off) || (patch.amount_off && *patch.amount_off);
  const bool was_unknown = coupon.terms_unknown;
  if (was_unknown && states_terms && !patch.percent_off) coupon.percent_off.reset();
  const bool terms_unknown = was_unknown && !states_terms;
  if (terms_unknown && coupon.active) {
    return fail(Error::conflict("coupon_terms_unknown",
                                "the coupon's discount terms are unknown (imported): set "
                                "percent_off or amount_off when activating it",
                                "active"));
  }
  CW_TRY(validate(c, coupon));
  if (auto other = find_coupon_by_code(c, coupon.code); other && other->id != coupon_id) {
    return fail(duplicate_code(coupon.code));
  }
  try {
    c.exec(
        "UPDATE coupons SET code = ?, scope = ?, scope_id = ?, percent_off = ?, amount_off = ?, "
        "starts_at = ?, expires_at = ?, max_uses = ?, max_uses_per_customer = ?, active = ?, "
        "campaign_id = ?, terms_unknown = ? WHERE id = ?",
        coupon.code, scope_name(coupon.scope), coupon.scope_id, coupon.percent_off,
        coupon.amount_off, opt_unix(coupon.starts_at), opt_unix(coupon.expires_at), coupon.max_uses,
        coupon.max_uses_per_customer, coupon.active, coupon.campaign_id, terms_unknown ? 1 : 0,
        coupon_id);
  } catch (const db::ConstraintError& e) {
    if (e.kind() == db::ConstraintError::Kind::kUnique) return fail(duplicate_code(coupon.code));
    throw;
  }
  return get_coupon(c, coupon_id);
}

Result<Coupon> get_coupon(db::Connection& c, Id coupon_id) {
  auto rows =
      c.query("SELECT " + std::string(kCouponColumns) + " FROM coupons WHERE id = ?", coupon_id);
  if (!rows.next()) return fail(Error::not_found("coupon"));
  return read_coupon(rows);
}

std::optional<Coupon> find_coupon_by_code(db::Connection& c, std::string_view code) {
  auto rows = c.query("SELECT " + std::string(kCouponColumns) + " FROM coupons WHERE code = ?",
                      normalize_code(code));
  if (!rows.next()) return std::nullopt;
  return read_coupon(rows);
}

std::vector<Coupon> list_coupons(db::Connection& c) {
  std::vector<Coupon> out;
  auto rows = c.query("SELECT " + std::string(kCouponColumns) + " FROM coupons ORDER BY id");
  while (rows.next()) out.push_back(read_coupon(rows));
  return out;
}

}  // namespace cw::promotions
