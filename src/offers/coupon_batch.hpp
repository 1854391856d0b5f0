#pragma once
// Turning a plan into personal coupons (docs/promotions.md "Personal coupons"): in ONE write
// transaction, the campaign is found by name (the lowest id of that name) or created, and every
// offer gets a single-use coupon that only its customer can redeem: scope order, its percent off,
// starts now, expires_at = now + valid_days (exclusive), max_uses = max_uses_per_customer = 1.
// A customer who already holds an unused, active, unexpired personal coupon of the same campaign
// keeps it (it is listed again, marked reused) instead of getting a second one, so re-running a
// batch never doubles an offer.
//
// All or nothing: an error (a duplicate or invalid code, an unknown customer) or an exception
// (a database failure) rolls the whole batch back, campaign included.
// Errors: 400 "invalid_option" (field "valid_days" below 1 or above 3650); those of
// promotions::create_campaign and create_coupon (409 duplicate_coupon, 422 invalid_coupon,
// 422 unknown_customer, ...).

#include <functional>
#include <span>
#include <string>
#include <vector>

#include "core/error.hpp"
#include "core/ids.hpp"
#include "core/time.hpp"
#include "db/database.hpp"
#include "offers/plan.hpp"

namespace cw::offers {

// "CW-" and 16 symbols drawn uniformly by libsodium from Crockford's base32 alphabet (digits and
// letters without I, L, O, U, so a code read aloud or from paper is not mistaken): 80 random
// bits, so codes cannot be guessed.
std::string random_code();

using CodeSource = std::function<std::string()>;

struct CouponBatch {
  std::string campaign;  // name; a new campaign has channel "email" and runs now .. expiry
  int valid_days = 30;
  Timestamp now;
};

struct IssuedCoupon {
  Id coupon_id = 0;
  Id customer_id = 0;
  std::string email;
  std::string code;
  int percent_off = 0;
  Timestamp valid_until;  // the coupon's expires_at: valid while now < valid_until
  bool reused = false;    // an earlier batch's coupon, not created now
};

struct IssuedBatch {
  Id campaign_id = 0;
  bool campaign_created = false;
  std::vector<IssuedCoupon> coupons;  // in the order of the offers
};

Result<IssuedBatch> issue_coupons(db::Database& db, std::span<const Offer> offers,
                                  const CouponBatch& batch,
                                  const CodeSource& next_code = random_code);

}  // namespace cw::offers
