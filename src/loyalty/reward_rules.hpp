#pragma once
// The reward rules of checkout that need no database: what an order earns and what a claim takes
// off. allocate_reward and claim_reward (loyalty/rewards.hpp) run them on the rows they read; the
// demo generator runs them on its own books, so its history follows the same rules as checkout.

#include <optional>

#include "core/ids.hpp"
#include "core/money.hpp"
#include "loyalty/rewards.hpp"
#include "promotions/priced_line.hpp"

namespace cw::loyalty {

// What an order whose goods after discounts are `goods_after_discount` earns: its category
// (category_for, 1..5) and category x percent_per_category percent off (at most 100). nullopt for
// category 0.
struct RewardTerms {
  int category = 0;
  int percent_off = 0;
};
std::optional<RewardTerms> reward_terms(Minor goods_after_discount, const Rules& rules);

// A claim of a reward for `product_id`: percent_off of what is left (after the coupon) on every
// line of that product, rounded half-up per line, added to the lines. Answers the sum.
Minor add_reward_discount(promotions::PricedLines& lines, Id product_id, int percent_off);

}  // namespace cw::loyalty
