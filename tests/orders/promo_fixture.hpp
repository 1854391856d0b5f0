#pragma once
// The shop of the order tests plus what checkout with promotions needs: coupons created through
// the promotions module, reward rows read back, and a snapshot that also covers coupons,
// redemptions and rewards (a refused checkout must leave all of them untouched).

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "loyalty/rewards.hpp"
#include "orders/shop_fixture.hpp"
#include "promotions/coupons.hpp"

namespace cw::testing {

class PromoShop : public Shop {
 public:
  Id add_coupon(const promotions::NewCoupon& coupon) {
    auto c = t->lease();
    db::Transaction tx(*c, db::TxMode::kWrite);
    auto created = promotions::create_coupon(*c, coupon, clock.now());
    if (!created) throw std::runtime_error("create_coupon failed: " + created.error().code);
    tx.commit();
    return created->id;
  }
  std::int64_t coupon_uses(Id coupon_id) {
    return t->lease()->scalar("SELECT uses FROM coupons WHERE id = ?", coupon_id).value();
  }
  std::int64_t redemptions(Id coupon_id) {
    return t->lease()
        ->scalar("SELECT COUNT(*) FROM coupon_redemptions WHERE coupon_id = ?", coupon_id)
        .value();
  }

  std::vector<loyalty::Reward> rewards_of(Id customer_id) {
    return loyalty::rewards_of(*t->lease(), customer_id, clock.now());
  }
  // The reward with this token as the customer sees it now.
  loyalty::Reward reward(const std::string& token) {
    const Id owner =
        t->lease()->scalar("SELECT customer_id FROM rewards WHERE token = ?", token).value();
    for (auto& reward : rewards_of(owner)) {
      if (reward.token == token) return reward;
    }
    throw std::runtime_error("no reward with token " + token);
  }
  std::string reward_status(const std::string& token) {
    return std::string(loyalty::status_name(reward(token).status));
  }

  // A reward the customer holds for `product_id`, earned by a real order (of the "Earner", a
  // 300.00 product in its own category) and then pointed at the product the test chooses.
  struct Given {
    std::string token;
    Id earning_order = 0;
  };
  Given give_reward(Id customer_id, Id product_id, int percent_off) {
    if (earner == 0) {
      earner = add_product("Earner", 30000, true, "Gifts");
      add_size(earner, "ONE", 1'000'000);
    }
    const orders::Order order = place(customer_id, {{earner, "ONE", 1}});
    if (order.rewards_allocated.size() != 1) throw std::runtime_error("no reward allocated");
    const std::string token = order.rewards_allocated[0].token;
    t->lease()->exec("UPDATE rewards SET product_id = ?, percent_off = ? WHERE token = ?",
                     product_id, percent_off, token);
    return {token, order.id};
  }
  Id earner = 0;

  struct FullSnapshot {
    Snapshot shop;
    Table coupons, redemptions, rewards;
    bool operator==(const FullSnapshot&) const = default;
  };
  FullSnapshot full_snapshot() {
    return {snapshot(), table("SELECT id, uses, active FROM coupons ORDER BY id", 3),
            table("SELECT coupon_id, order_id, customer_id, amount FROM coupon_redemptions "
                  "ORDER BY id",
                  4),
            table("SELECT id, status, claimed_at, claimed_order_id, revoked_at, order_id "
                  "FROM rewards ORDER BY id",
                  6)};
  }
};

}  // namespace cw::testing
