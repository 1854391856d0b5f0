#include "offers/coupon_batch.hpp"

#include <sodium.h>

#include <optional>

#include "core/time.hpp"
#include "customers/crypto.hpp"
#include "promotions/coupons.hpp"
#include "promotions/text.hpp"

namespace cw::offers {
namespace {

constexpr std::string_view kAlphabet = "ABCDEFGHJKMNPQRSTVWXYZ0123456789";
static_assert(kAlphabet.size() == 32);
constexpr int kCodeSymbols = 16;
constexpr int kMaxValidDays = 3650;

Result<Id> campaign_named(db::Connection& c, const CouponBatch& batch, Timestamp until,
                          bool& created) {
  // Trimmed as create_campaign stores names, so a reuse finds what an earlier run created.
  const std::string name = promotions::detail::trimmed(batch.campaign);
  if (auto id = c.scalar("SELECT id FROM campaigns WHERE name = ? ORDER BY id LIMIT 1", name)) {
    created = false;
    return *id;
  }
  CW_ASSIGN_OR_RETURN(const promotions::Campaign campaign,
                      promotions::create_campaign(c,
                                                  {.name = name,
                                                   .channel = "email",
                                                   .starts_on = date_of(batch.now),
                                                   .ends_on = date_of(until)},
                                                  batch.now));
  created = true;
  return campaign.id;
}

// An earlier batch's coupon of this campaign that the customer can still use.
std::optional<IssuedCoupon> held_coupon(db::Connection& c, Id campaign_id, const Offer& offer,
                                        Timestamp now) {
  auto rows = c.query(
      "SELECT id, code, percent_off, expires_at FROM coupons WHERE campaign_id = ? AND "
      "customer_id = ? AND active = 1 AND uses = 0 AND percent_off IS NOT NULL AND "
      "expires_at > ? ORDER BY id LIMIT 1",
      campaign_id, offer.customer.customer_id, to_unix(now));
  if (!rows.next()) return std::nullopt;
  return IssuedCoupon{.coupon_id = rows.integer(0),
                      .customer_id = offer.customer.customer_id,
                      .email = offer.customer.email,
                      .code = rows.text(1),
                      .percent_off = static_cast<int>(rows.integer(2)),
                      .valid_until = from_unix(rows.integer(3)),
                      .reused = true};
}

}  // namespace

std::string random_code() {
  customers::crypto::ensure_sodium();
  std::string code = "CW-";
  for (int i = 0; i < kCodeSymbols; ++i)
    code += kAlphabet[randombytes_uniform(static_cast<std::uint32_t>(kAlphabet.size()))];
  return code;
}

Result<IssuedBatch> issue_coupons(db::Database& db, std::span<const Offer> offers,
                                  const CouponBatch& batch, const CodeSource& next_code) {
  if (batch.valid_days < 1 || batch.valid_days > kMaxValidDays)
    return fail(
        Error::bad_request("invalid_option", "--valid-days: must be from 1 to 3650", "valid_days"));
  const Timestamp until = batch.now + std::chrono::seconds(batch.valid_days * kSecondsPerDay);
  auto lease = db.lease();
  db::Connection& c = *lease;
  db::Transaction tx(c, db::TxMode::kWrite);
  IssuedBatch out;
  CW_ASSIGN_OR_RETURN(auto campaign, campaign_named(c, batch, until, out.campaign_created));
  out.campaign_id = campaign;
  for (const Offer& offer : offers) {
    if (auto held = held_coupon(c, out.campaign_id, offer, batch.now)) {
      out.coupons.push_back(std::move(*held));
      continue;
    }
    CW_ASSIGN_OR_RETURN(const promotions::Coupon coupon,
                        promotions::create_coupon(c,
                                                  {.code = next_code(),
                                                   .percent_off = offer.percent_off,
                                                   .starts_at = batch.now,
                                                   .expires_at = until,
                                                   .max_uses = 1,
                                                   .max_uses_per_customer = 1,
                                                   .campaign_id = out.campaign_id,
                                                   .customer_id = offer.customer.customer_id},
                                                  batch.now));
    out.coupons.push_back({.coupon_id = coupon.id,
                           .customer_id = offer.customer.customer_id,
                           .email = offer.customer.email,
                           .code = coupon.code,
                           .percent_off = offer.percent_off,
                           .valid_until = until});
  }
  tx.commit();
  return out;
}

}  // namespace cw::offers
