#include "loyalty/loyalty.hpp"

namespace cw::loyalty {

std::vector<Reward> Loyalty::rewards_of(Id customer_id) const {
  auto c = db_.lease();
  return loyalty::rewards_of(*c, customer_id, clock_.now());
}

std::map<Id, int> Loyalty::reward_percent_by_product(Id customer_id) const {
  auto c = db_.lease();
  return loyalty::reward_percent_by_product(*c, customer_id, clock_.now());
}

std::optional<int> Loyalty::reward_percent_for(Id customer_id, Id product_id) const {
  auto c = db_.lease();
  return loyalty::reward_percent_for(*c, customer_id, product_id, clock_.now());
}

}  // namespace cw::loyalty
