// Replays a generated history (fixed seed) of checkouts with random coupons and reward tokens,
// cancels, shipments, restocks, purges and time moving forward, all through Orders, and checks
// after every step the invariants that must hold whatever happened: no negative stock (and stock
// conserved), no coupon over a limit, every claimed reward held once, by an order of its owner
// containing its product, claimed before its expiry, and allocated categories that follow from
// the bills they came from.

#include <gtest/gtest.h>

#include <iostream>
#include <map>
#include <random>
#include <set>

#include "facts/facts.hpp"
#include "orders/promo_fixture.hpp"

namespace cw::orders {
namespace {

using promotions::Scope;
using std::chrono::days;
using std::chrono::hours;
using testing::PromoShop;

class Replay : public ::testing::TestWithParam<cw::testing::Backend> {
 protected:
  PromoShop shop;
  std::mt19937_64 random{20260302};
  const Timestamp start = shop.clock.now();

  struct SizeRef {
    Id product = 0;
    std::string size;
  };
  std::vector<Id> products;
  std::vector<SizeRef> sizes;
  std::map<std::pair<Id, std::string>, std::int64_t> received;  // initial stock + restocks
  std::vector<Id> customers;
  std::vector<std::string> codes;
  std::vector<Id> orders_made;
  std::map<Id, std::string> token_of_order;  // orders that claimed a reward
  std::map<std::string, Id> holder;          // token -> non-cancelled order holding it
  std::map<std::string, int> outcomes;       // "place:<code>", "cancel:<code>", ...
  int steps_checked = 0;

  std::uint64_t pick(std::uint64_t n) { return random() % n; }
  bool chance(int percent) { return pick(100) < static_cast<std::uint64_t>(percent); }

  void SetUp() override {
    const char* categories[] = {"Heels", "Boots", "Flats"};
    for (int i = 0; i < 12; ++i) {
      const Id product = shop.add_product(
          "P" + std::to_string(i), static_cast<Minor>(2000 + pick(40000)), true, categories[i % 3]);
      products.push_back(product);
      for (const char* size : {"S", "L"}) {
        const auto stock = static_cast<std::int64_t>(15 + pick(30));
        shop.add_size(product, size, stock);
        sizes.push_back({product, size});
        received[{product, size}] = stock;
      }
    }
    for (int i = 0; i < 8; ++i)
      customers.push_back(shop.add_customer("c" + std::to_string(i) + "@x.io"));
    shop.add_coupon({.code = "ALL10", .percent_off = 10, .max_uses = 3});
    shop.add_coupon({.code = "ONEEACH", .percent_off = 5, .max_uses_per_customer = 1});
    shop.add_coupon({.code = "BOOTS25",
                     .scope = Scope::kCategory,
                     .scope_id = shop.category_id("Boots"),
                     .amount_off = 2500,
                     .max_uses_per_customer = 1});
    shop.add_coupon({.code = "P0HALF",
                     .scope = Scope::kProduct,
                     .scope_id = products[0],
                     .percent_off = 50,
                     .max_uses = 5,
                     .max_uses_per_customer = 1});
    shop.add_coupon({.code = "FIVER", .amount_off = 500, .expires_at = start + days(60)});
    shop.add_coupon({.code = "LATE",
                     .percent_off = 15,
                     .starts_at = start + days(30),
                     .expires_at = start + days(120)});
    shop.add_coupon({.code = "OFF", .percent_off = 20, .active = false});
    codes = {"ALL10", "oneeach", "boots25", "P0HALF", "fiver", "LATE", "OFF", "GHOST"};
  }

  std::int64_t scalar(const std::string& sql) { return shop.t->lease()->scalar(sql).value_or(0); }

  void place_random() {
    const Id customer = customers[pick(customers.size())];
    OrderRequest request{.customer_id = customer};
    const auto line_count = 1 + pick(3);
    for (std::uint64_t i = 0; i < line_count; ++i) {
      const SizeRef& s = sizes[pick(sizes.size())];
      request.lines.push_back({s.product, s.size, static_cast<std::int64_t>(1 + pick(3))});
    }
    if (chance(40)) request.coupon_code = codes[pick(codes.size())];
    if (chance(40)) {
      auto mine = shop.rewards_of(customer);
      if (chance(10) || mine.empty()) {
        // Someone's token, usually another customer's.
        auto rows = shop.t->lease()->query("SELECT token, product_id FROM rewards ORDER BY id");
        std::vector<std::pair<std::string, Id>> all;
        while (rows.next()) all.emplace_back(rows.text(0), rows.integer(1));
        if (!all.empty()) request.reward_token = all[pick(all.size())].first;
      } else {
        const auto& reward = mine[pick(mine.size())];
        request.reward_token = reward.token;
        if (chance(75)) request.lines.push_back({reward.product_id, chance(50) ? "S" : "L", 1});
      }
    }
    auto placed = shop.orders.place(request);
    ++outcomes["place:" + (placed ? std::string("placed") : placed.error().code)];
    if (!placed) {
      static const std::set<std::string> expected = {
          "insufficient_stock",   "unknown_coupon",         "coupon_disabled",
          "coupon_not_started",   "coupon_expired",         "coupon_out_of_scope",
          "coupon_exhausted",     "coupon_limit_reached",   "invalid_reward",
          "reward_revoked",       "reward_already_claimed", "reward_expired",
          "reward_not_applicable"};
      EXPECT_TRUE(expected.count(placed.error().code)) << placed.error().code;
      return;
    }
    orders_made.push_back(placed->id);
    if (placed->reward_token) {
      const std::string& token = *placed->reward_token;
      EXPECT_FALSE(holder.count(token)) << "a reward claimed while another order holds it";
      holder[token] = placed->id;
      token_of_order[placed->id] = token;
    }
    check_allocation(*placed);
  }

  // The reward a fresh bill allocated follows from the bill and the catalogue right after it.
  void check_allocation(const Order& order) {
    const auto rules = loyalty::Rules::from_config(shop.config);
    const int category = loyalty::category_for(order.subtotal - order.discount, rules);
    auto c = shop.t->lease();
    const auto least = loyalty::least_selling_product(*c);
    if (category == 0 || !least) {
      EXPECT_TRUE(order.rewards_allocated.empty());
      return;
    }
    ASSERT_EQ(order.rewards_allocated.size(), 1u);
    EXPECT_EQ(order.rewards_allocated[0].category, category);
    EXPECT_EQ(order.rewards_allocated[0].product_id, *least);
  }

  void cancel_random() {
    if (orders_made.empty()) return;
    const Id order = orders_made[pick(orders_made.size())];
    auto cancelled = shop.orders.cancel(order);
    ++outcomes["cancel:" + (cancelled ? std::string("cancelled") : cancelled.error().code)];
    if (!cancelled) {
      EXPECT_TRUE(cancelled.error().code == "illegal_transition" ||
                  cancelled.error().code == "not_found")
          << cancelled.error().code;
      return;
    }
    if (auto it = token_of_order.find(order); it != token_of_order.end()) holder.erase(it->second);
  }

  void ship_random() {
    if (orders_made.empty()) return;
    auto shipped = shop.orders.ship(orders_made[pick(orders_made.size())]);
    ++outcomes["ship:" + (shipped ? std::string("shipped") : shipped.error().code)];
  }

  void restock_random() {
    const SizeRef& s = sizes[pick(sizes.size())];
    const auto units = static_cast<std::int64_t>(20 + pick(20));
    shop.t->lease()->exec(
        "UPDATE product_sizes SET stock = stock + ? WHERE product_id = ? AND size = ?", units,
        s.product, s.size);
    received[{s.product, s.size}] += units;
  }

  void check_invariants() {
    ++steps_checked;
    // Stock: never negative, and what came in minus what non-cancelled orders took.
    EXPECT_EQ(scalar("SELECT COUNT(*) FROM product_sizes WHERE stock < 0"), 0);
    {
      auto rows = shop.t->lease()->query(
          "SELECT s.product_id, s.size, s.stock + COALESCE((SELECT SUM(l.quantity) FROM "
          "order_lines l JOIN orders o ON o.id = l.order_id WHERE o.status <> 'cancelled' AND "
          "l.product_id = s.product_id AND l.size = s.size), 0) FROM product_sizes s");
      while (rows.next()) {
        EXPECT_EQ(rows.integer(2), (received[{rows.integer(0), rows.text(1)}]))
            << "stock not conserved for product " << rows.integer(0) << " " << rows.text(1);
      }
    }
    EXPECT_EQ(scalar("SELECT COUNT(*) FROM products p WHERE p.units_sold <> COALESCE((SELECT "
                     "SUM(l.quantity) FROM order_lines l JOIN orders o ON o.id = l.order_id "
                     "WHERE o.status <> 'cancelled' AND l.product_id = p.id), 0)"),
              0);
    // Bills add up.
    EXPECT_EQ(scalar("SELECT COUNT(*) FROM order_lines WHERE discount < 0 OR "
                     "discount > quantity * unit_price OR "
                     "line_total <> quantity * unit_price - discount"),
              0);
    EXPECT_EQ(scalar("SELECT COUNT(*) FROM orders o WHERE o.discount <> (SELECT SUM(discount) "
                     "FROM order_lines WHERE order_id = o.id) OR o.subtotal <> (SELECT "
                     "SUM(quantity * unit_price) FROM order_lines WHERE order_id = o.id)"),
              0);

    // Coupons: no limit passed; uses = redemptions = non-cancelled orders that used it, each
    // made while the coupon was valid.
    EXPECT_EQ(scalar("SELECT COUNT(*) FROM coupons WHERE max_uses IS NOT NULL AND uses > max_uses"),
              0);
    EXPECT_EQ(scalar("SELECT COUNT(*) FROM coupons k WHERE k.uses <> (SELECT COUNT(*) FROM "
                     "coupon_redemptions r WHERE r.coupon_id = k.id)"),
              0);
    EXPECT_EQ(scalar("SELECT COUNT(*) FROM (SELECT coupon_id, customer_id, COUNT(*) AS n FROM "
                     "coupon_redemptions GROUP BY coupon_id, customer_id) g JOIN coupons k ON "
                     "k.id = g.coupon_id WHERE g.n > k.max_uses_per_customer"),
              0);
    EXPECT_EQ(
        scalar("SELECT COUNT(*) FROM coupon_redemptions r JOIN coupons k ON k.id = "
               "r.coupon_id LEFT JOIN orders o ON o.id = r.order_id WHERE o.id IS NULL OR "
               "o.status = 'cancelled' OR o.customer_id <> r.customer_id OR o.coupon_id IS "
               "DISTINCT FROM r.coupon_id OR r.amount > o.discount OR k.active = 0 OR "
               "r.at < COALESCE(k.starts_at, r.at) OR r.at >= COALESCE(k.expires_at, r.at + 1)"),
        0);
    EXPECT_EQ(scalar("SELECT COUNT(*) FROM orders o WHERE o.status <> 'cancelled' AND "
                     "o.coupon_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM coupon_redemptions r "
                     "WHERE r.order_id = o.id)"),
              0);

    // Claimed rewards: held by exactly one non-cancelled order of their owner that contains
    // their product, claimed at that order's time and before expiry.
    EXPECT_EQ(
        scalar(
            "SELECT COUNT(*) FROM rewards w LEFT JOIN orders o ON o.id = "
            "w.claimed_order_id WHERE w.status = 'claimed' AND (o.id IS NULL OR "
            "o.status = 'cancelled' OR o.customer_id <> w.customer_id OR "
            "w.claimed_at >= w.expires_at OR w.claimed_at <> o.placed_at OR "
            "o.claimed_reward_id IS DISTINCT FROM w.id OR NOT EXISTS (SELECT 1 FROM order_lines l "
            "WHERE l.order_id = o.id AND l.product_id = w.product_id))"),
        0);
    EXPECT_EQ(scalar("SELECT COUNT(*) FROM (SELECT claimed_reward_id FROM orders WHERE status <> "
                     "'cancelled' AND claimed_reward_id IS NOT NULL GROUP BY claimed_reward_id "
                     "HAVING COUNT(*) > 1) AS shared"),
              0);
    EXPECT_EQ(scalar("SELECT COUNT(*) FROM orders o JOIN rewards w ON w.id = o.claimed_reward_id "
                     "WHERE o.status <> 'cancelled' AND (w.status <> 'claimed' OR "
                     "w.claimed_order_id IS DISTINCT FROM o.id)"),
              0);
    EXPECT_EQ(scalar("SELECT COUNT(*) FROM rewards WHERE status <> 'claimed' AND "
                     "claimed_order_id IS NOT NULL"),
              0);
    EXPECT_EQ(scalar("SELECT COUNT(*) FROM rewards w WHERE w.status = 'claimed'"),
              static_cast<std::int64_t>(holder.size()));
    // Unclaimed rewards come from live orders; revoked ones from cancelled (or purged) orders.
    EXPECT_EQ(scalar("SELECT COUNT(*) FROM rewards w LEFT JOIN orders o ON o.id = w.order_id "
                     "WHERE (w.status = 'unclaimed' AND (o.id IS NULL OR o.status = 'cancelled')) "
                     "OR (w.status = 'revoked' AND o.status <> 'cancelled')"),
              0);

    // Allocation: at most one reward per order, its category from that order's goods after
    // discounts, percent and expiry from the rules, allocated when the order was placed.
    EXPECT_EQ(scalar("SELECT COUNT(*) FROM (SELECT order_id FROM rewards WHERE order_id IS NOT "
                     "NULL GROUP BY order_id HAVING COUNT(*) > 1) AS shared"),
              0);
    const auto rules = loyalty::Rules::from_config(shop.config);
    auto rows = shop.t->lease()->query(
        "SELECT o.subtotal - o.discount, w.category, w.percent_off, w.allocated_at, "
        "w.expires_at, o.placed_at FROM rewards w JOIN orders o ON o.id = w.order_id");
    while (rows.next()) {
      const int category = static_cast<int>(rows.integer(1));
      EXPECT_EQ(loyalty::category_for(rows.integer(0), rules), category);
      EXPECT_EQ(rows.integer(2), category * 10);
      EXPECT_EQ(rows.integer(3), rows.integer(5));
      EXPECT_EQ(rows.integer(4) - rows.integer(3), 90 * 86400);
    }
  }
};

TEST_P(Replay, GeneratedHistoryKeepsEveryInvariant) {
  constexpr int kSteps = 600;
  for (int step = 0; step < kSteps; ++step) {
    const auto roll = pick(100);
    if (roll < 55) {
      place_random();
    } else if (roll < 68) {
      cancel_random();
    } else if (roll < 76) {
      ship_random();
    } else if (roll < 88) {
      shop.clock.advance(hours(1 + pick(15 * 24)));
    } else if (roll < 97) {
      restock_random();
    } else {
      ++outcomes["purged"];
      shop.orders.purge_cancelled();
    }
    check_invariants();
    if (::testing::Test::HasFailure()) {
      ADD_FAILURE() << "first failure at step " << step;
      break;
    }
  }
  // Facts kept step by step equal a rebuild from the orders.
  const auto kept = shop.facts();
  facts::rebuild_all(*shop.t);
  EXPECT_EQ(shop.facts(), kept);

  // The history exercised what it is meant to.
  std::string summary;
  for (const auto& [outcome, count] : outcomes)
    summary += outcome + "=" + std::to_string(count) + " ";
  SCOPED_TRACE(summary);
  EXPECT_EQ(steps_checked, kSteps);
  EXPECT_GT(outcomes["place:placed"], 100);
  EXPECT_GT(outcomes["cancel:cancelled"], 10);
  EXPECT_GT(outcomes["place:coupon_exhausted"], 0);
  EXPECT_GT(outcomes["place:coupon_limit_reached"], 0);
  EXPECT_GT(outcomes["place:reward_already_claimed"] + outcomes["place:reward_expired"], 0);
  EXPECT_GT(outcomes["place:reward_not_applicable"], 0);
  EXPECT_GT(scalar("SELECT COUNT(*) FROM orders WHERE claimed_reward_id IS NOT NULL"), 5);
  EXPECT_GT(scalar("SELECT COUNT(*) FROM rewards WHERE status = 'revoked'"), 0);
  EXPECT_GT(scalar("SELECT COUNT(*) FROM coupon_redemptions"), 10);
  std::cout << "replay outcomes: " << summary << "\n";
}

INSTANTIATE_TEST_SUITE_P(Db, Replay, cw::testing::kBothBackends, cw::testing::backend_name);

}  // namespace
}  // namespace cw::orders
