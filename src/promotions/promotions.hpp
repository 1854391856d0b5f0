#pragma once
// The administration of coupons and campaigns for the edges (HTTP, CLI): each call runs in its
// own transaction over the functions of coupons.hpp, with the rules and errors stated there.
// Checkout uses checkout.hpp inside its own transaction instead.

#include <vector>

#include "core/clock.hpp"
#include "db/database.hpp"
#include "promotions/coupons.hpp"

namespace cw::promotions {

class Promotions {
 public:
  Promotions(db::Database& db, const Clock& clock) : db_(db), clock_(clock) {}

  Result<Coupon> create_coupon(const NewCoupon& coupon);
  Result<Coupon> update_coupon(Id coupon_id, const CouponPatch& patch);
  // PATCH {"active": false}: a disabled coupon is refused at checkout with coupon_disabled.
  Result<Coupon> disable_coupon(Id coupon_id);
  Result<Coupon> get_coupon(Id coupon_id) const;
  std::vector<Coupon> list_coupons() const;

  Result<Campaign> create_campaign(const NewCampaign& campaign);
  Result<Campaign> update_campaign(Id campaign_id, const CampaignPatch& patch);
  Result<Campaign> get_campaign(Id campaign_id) const;
  std::vector<Campaign> list_campaigns() const;

 private:
  db::Database& db_;
  const Clock& clock_;
};

}  // namespace cw::promotions
