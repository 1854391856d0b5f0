#pragma once
// The loyalty service the edges use, like orders::Orders and promotions::Promotions: each call
// takes a connection of its own and reads the time from the injected clock, so handlers neither
// lease connections nor pass `now`. Rewards are allocated, claimed and reversed inside checkout
// and cancel (orders/discounts.hpp), not here.

#include <map>
#include <optional>
#include <vector>

#include "core/clock.hpp"
#include "core/ids.hpp"
#include "db/database.hpp"
#include "loyalty/rewards.hpp"

namespace cw::loyalty {

class Loyalty {
 public:
  Loyalty(db::Database& db, const Clock& clock) : db_(db), clock_(clock) {}

  // A customer's rewards, newest first, with their status as of now.
  std::vector<Reward> rewards_of(Id customer_id) const;
  // Product id -> the best percent off among the customer's unclaimed, unexpired rewards.
  std::map<Id, int> reward_percent_by_product(Id customer_id) const;
  std::optional<int> reward_percent_for(Id customer_id, Id product_id) const;

 private:
  db::Database& db_;
  const Clock& clock_;
};

}  // namespace cw::loyalty
