#include "loyalty/reward_rules.hpp"

#include <algorithm>

namespace cw::loyalty {

std::optional<RewardTerms> reward_terms(Minor goods_after_discount, const Rules& rules) {
  const int category = category_for(goods_after_discount, rules);
  if (category == 0) return std::nullopt;
  return RewardTerms{category, std::min(100, category * rules.percent_per_category)};
}

Minor add_reward_discount(promotions::PricedLines& lines, Id product_id, int percent_off) {
  Minor total = 0;
  for (auto& line : lines) {
    if (line.product_id != product_id) continue;
    const Minor off = mul_div_round(line.remaining(), percent_off, 100);
    line.discount += off;
    total += off;
  }
  return total;
}

}  // namespace cw::loyalty
