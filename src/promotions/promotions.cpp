#include "promotions/promotions.hpp"

namespace cw::promotions {
namespace {

// Runs `work` in one write transaction, committed only when it succeeds.
template <typename Work>
auto write(db::Database& db, Work&& work) {
  auto lease = db.lease();
  db::Transaction tx(*lease, db::TxMode::kWrite);
  auto result = work(*lease);
  if (result) tx.commit();
  return result;
}

}  // namespace

Result<Coupon> Promotions::create_coupon(const NewCoupon& coupon) {
  return write(
      db_, [&](db::Connection& c) { return promotions::create_coupon(c, coupon, clock_.now()); });
}

Result<Coupon> Promotions::update_coupon(Id coupon_id, const CouponPatch& patch) {
  return write(db_,
               [&](db::Connection& c) { return promotions::update_coupon(c, coupon_id, patch); });
}

Result<Coupon> Promotions::disable_coupon(Id coupon_id) {
  return update_coupon(coupon_id, CouponPatch{.active = false});
}

Result<Coupon> Promotions::get_coupon(Id coupon_id) const {
  auto lease = db_.lease();
  return promotions::get_coupon(*lease, coupon_id);
}

std::vector<Coupon> Promotions::list_coupons() const {
  auto lease = db_.lease();
  return promotions::list_coupons(*lease);
}

Result<Campaign> Promotions::create_campaign(const NewCampaign& campaign) {
  return write(db_, [&](db::Connection& c) {
    return promotions::create_campaign(c, campaign, clock_.now());
  });
}

Result<Campaign> Promotions::update_campaign(Id campaign_id, const CampaignPatch& patch) {
  return write(
      db_, [&](db::Connection& c) { return promotions::update_campaign(c, campaign_id, patch); });
}

Result<Campaign> Promotions::get_campaign(Id campaign_id) const {
  auto lease = db_.lease();
  return promotions::get_campaign(*lease, campaign_id);
}

std::vector<Campaign> Promotions::list_campaigns() const {
  auto lease = db_.lease();
  return promotions::list_campaigns(*lease);
}

}  // namespace cw::promotions
