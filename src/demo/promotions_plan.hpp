#pragma once
// The demo shop's marketing: campaigns one after another over the history (each with one coupon
// valid exactly over its dates), a standing WELCOME10 coupon, and the bookkeeping the generator
// needs to use coupons the way live checkout does: they are created through promotions/coupons.hpp
// and checked by the rules of promotions/coupon_rules.hpp, with the uses counted here (over
// non-cancelled orders) instead of one conditional UPDATE per order.

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
#include "promotions/coupons.hpp"

namespace cw::demo {

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
  // Creates campaigns and coupons covering [start, now) for a shop of `customers` customers with
  // `categories` categories (ids 1..categories). Call inside a write transaction.
  PromotionsPlan(db::Connection& c, Random& random, std::int64_t start, std::int64_t now,
                 std::int64_t customers, std::int64_t categories);

  // The campaign running at `at`, if any (campaigns never overlap).
  CampaignPlan* campaign_at(std::int64_t at);
  promotions::Coupon& welcome() { return coupons_.front(); }
  promotions::Coupon& coupon(std::size_t index) { return coupons_[index]; }

  // Whether `customer` may use `coupon` at `at`: checkout's refusals and use limits
  // (promotions/coupon_rules.hpp) on the uses counted here.
  bool may_redeem(const promotions::Coupon& coupon, std::uint32_t customer, std::int64_t at) const;
  // Counts a redemption at checkout; release() gives it back when the order is cancelled.
  void redeem(promotions::Coupon& coupon, std::uint32_t customer);
  void release(promotions::Coupon& coupon, std::uint32_t customer);

  // Writes the final use counts and click figures. Call inside a write transaction.
  void finish(db::Connection& c);

  std::int64_t campaigns() const { return static_cast<std::int64_t>(campaigns_.size()); }
  std::int64_t coupons() const { return static_cast<std::int64_t>(coupons_.size()); }

 private:
  std::vector<promotions::Coupon> coupons_;
  std::vector<CampaignPlan> campaigns_;                               // by start
  std::unordered_map<std::uint64_t, std::int64_t> uses_by_customer_;  // coupon << 32 | customer
};

}  // namespace cw::demo
