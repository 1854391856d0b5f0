#pragma once
// The demo shop's marketing: campaigns one after another over the history (each with one coupon
// valid exactly over its dates), a standing WELCOME10 coupon, and the bookkeeping the generator
// needs to use coupons and rewards the way live checkout does (promotions/checkout.hpp,
// loyalty/rewards.hpp): limits counted over non-cancelled orders, percent discounts per line
// rounded half-up, rewards claimable by their owner until they expire.

#ifndef CW_INTERNAL_DEMO
#error "demo/promotions_plan.hpp is internal to cw_demo (src/README.md, Boundaries)"
#endif

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/money.hpp"
#include "db/database.hpp"
#include "demo/random.hpp"

namespace cw::demo {

struct CouponPlan {
  std::int64_t id = 0;
  std::string code;
  int percent_off = 10;
  std::optional<std::int64_t> category_id;  // scope category; nullopt = whole order
  std::optional<std::int64_t> starts_at, expires_at;
  std::optional<std::int64_t> max_uses;
  std::optional<std::int64_t> max_uses_per_customer;
  std::optional<std::int64_t> campaign_id;
  std::int64_t uses = 0;  // redemptions by non-cancelled orders

  bool valid_at(std::int64_t at) const {
    return (!starts_at || *starts_at <= at) && (!expires_at || at < *expires_at);
  }
};

struct CampaignPlan {
  std::int64_t id = 0;
  std::int64_t starts_at = 0;  // midnight of the first day
  std::int64_t ends_at = 0;    // midnight after the last day
  std::string_view channel;    // also the source of the visits it brings
  std::size_t coupon = 0;      // index into Promotions::coupons
  std::int64_t impressions = 0;
  std::int64_t clicks = 0;  // as the channel reported them; at least the visits it brought
  std::int64_t visits = 0;  // visits generated with this campaign
};

class PromotionsPlan {
 public:
  // Writes campaigns and coupons covering [start, now) for a shop of `customers` customers with
  // `categories` categories (ids 1..categories). Call inside a write transaction.
  PromotionsPlan(db::Connection& c, Random& random, std::int64_t start, std::int64_t now,
                 std::int64_t customers, std::int64_t categories);

  // The campaign running at `at`, if any (campaigns never overlap).
  CampaignPlan* campaign_at(std::int64_t at);
  CouponPlan& welcome() { return coupons_.front(); }
  CouponPlan& coupon(std::size_t index) { return coupons_[index]; }

  // Whether `customer` may redeem `coupon` once more (total and per-customer limits).
  bool may_redeem(const CouponPlan& coupon, std::uint32_t customer) const;
  // Counts a redemption at checkout; release() gives it back when the order is cancelled.
  void redeem(CouponPlan& coupon, std::uint32_t customer);
  void release(CouponPlan& coupon, std::uint32_t customer);

  // Writes the final use counts and click figures. Call inside a write transaction.
  void finish(db::Connection& c);

  std::int64_t campaigns() const { return static_cast<std::int64_t>(campaigns_.size()); }
  std::int64_t coupons() const { return static_cast<std::int64_t>(coupons_.size()); }

 private:
  std::vector<CouponPlan> coupons_;
  std::vector<CampaignPlan> campaigns_;                               // by start
  std::unordered_map<std::uint64_t, std::int64_t> uses_by_customer_;  // coupon << 32 | customer
};

}  // namespace cw::demo
