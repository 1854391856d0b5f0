#pragma once
// The discounts of one checkout: the coupon (promotions) and the reward (loyalty), called side by
// side by Orders::place and Orders::cancel, all inside their write transaction. Internal to
// cw_orders.
//
//   promotions::PricedLines lines = ...;                    // from the bill, prices filled in
//   CW_ASSIGN_OR_RETURN(Discounts discounts,   // an error rolls the transaction back
//                       apply_discounts(c, {coupon_code, reward_token}, customer, now, lines));
//   ... copy lines[i].discount into the bill, settle, insert the order ...
//   record_discounts(c, discounts, order_id, customer, now);
//   ... stock and units_sold already updated ...
//   auto reward = loyalty::allocate_reward(c, customer, order_id, goods_after_discount, now,
//                                          rules);
//
//   on cancel: reverse_discounts(c, order_id, now);

#ifndef CW_INTERNAL_ORDERS
#error "orders/discounts.hpp is internal to cw_orders (src/README.md, Boundaries)"
#endif

#include <optional>
#include <string>

#include "loyalty/rewards.hpp"
#include "promotions/checkout.hpp"

namespace cw::orders {

struct DiscountRequest {
  std::optional<std::string> coupon_code;
  std::optional<std::string> reward_token;
};

struct Discounts {
  std::optional<promotions::AppliedCoupon> coupon;
  std::optional<loyalty::ClaimedReward> reward;
  Minor total() const { return (coupon ? coupon->discount : 0) + (reward ? reward->discount : 0); }
};

// The coupon first, then the reward on what is left of its product's lines (contracts: "Orders
// and bills"). Errors are those of apply_coupon and claim_reward; on an error the caller must
// roll back its transaction (the coupon's use may already be taken) and `lines` must be dropped.
Result<Discounts> apply_discounts(db::Connection& c, const DiscountRequest& request, Id customer_id,
                                  Timestamp now, promotions::PricedLines& lines);

// Once the order row exists: the coupon redemption and the claim's order.
void record_discounts(db::Connection& c, const Discounts& discounts, Id order_id, Id customer_id,
                      Timestamp now);

struct OrderReversal {
  std::optional<Id> coupon_released;
  loyalty::RewardReversal rewards;
};

// Everything an order did to promotions and rewards, undone (promotions::release_coupon and
// loyalty::reverse_rewards). Call in the cancel transaction.
OrderReversal reverse_discounts(db::Connection& c, Id order_id, Timestamp now);

}  // namespace cw::orders
