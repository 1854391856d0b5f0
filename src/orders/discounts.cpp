#include "orders/discounts.hpp"

namespace cw::orders {

Result<Discounts> apply_discounts(db::Connection& c, const DiscountRequest& request, Id customer_id,
                                  Timestamp now, promotions::PricedLines& lines) {
  Discounts discounts;
  if (request.coupon_code) {
    CW_ASSIGN_OR_RETURN(auto coupon,
                        promotions::apply_coupon(c, *request.coupon_code, customer_id, now, lines));
    discounts.coupon = std::move(coupon);
  }
  if (request.reward_token) {
    CW_ASSIGN_OR_RETURN(auto reward,
                        loyalty::claim_reward(c, *request.reward_token, customer_id, now, lines));
    discounts.reward = std::move(reward);
  }
  return discounts;
}

void record_discounts(db::Connection& c, const Discounts& discounts, Id order_id, Id customer_id,
                      Timestamp now) {
  if (discounts.coupon) {
    promotions::record_redemption(c, *discounts.coupon, order_id, customer_id, now);
  }
  if (discounts.reward) loyalty::mark_claimed(c, *discounts.reward, order_id);
}

OrderReversal reverse_discounts(db::Connection& c, Id order_id, Timestamp now) {
  OrderReversal reversal;
  reversal.coupon_released = promotions::release_coupon(c, order_id);
  reversal.rewards = loyalty::reverse_rewards(c, order_id, now);
  return reversal;
}

}  // namespace cw::orders
