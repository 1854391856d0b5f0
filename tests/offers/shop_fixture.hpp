#pragma once
// A shop with enough purchase histories for the lifetime-value models to fit, written through the
// shared ShopBuilder: 240 customers over 2025 drawn from the BG/NBD process, as of 2025-12-31
// (fixed seed: always the same shop).
// One product (Runner, 100.00, size M) is in stock for checkouts.

#include <cmath>
#include <cstdint>
#include <random>
#include <string>

#include "core/ids.hpp"
#include "core/money.hpp"
#include "core/time.hpp"
#include "db/database.hpp"
#include "facts/facts.hpp"
#include "support/shop_builder.hpp"

namespace cw::offers::test {

inline constexpr std::int32_t kAsOfDay = 20453;   // 2025-12-31
inline constexpr std::int32_t kFirstDay = 20089;  // 2025-01-01
inline constexpr int kCustomers = 240;

// Customers 1..kCustomers with their orders; returns the product id for checkouts.
inline Id build_shop(db::Database& db, bool repeat_buyers = true) {
  auto c = db.lease();
  cw::testing::ShopBuilder shop{*c};
  const Id runner = shop.product(
      {.id = 1, .category_id = shop.category("Shoes", 1), .name = "Runner", .price = 10000});
  shop.add_size(runner, "M", 1000);
  // The BG/NBD story (Fader, Hardie and Lee 2005), so that the models fit: purchase rate
  // lambda ~ Gamma(2, scale 1/40 per day) (one purchase every 20 days on average), dropout after
  // each purchase with p ~ Beta(1, 4); spend per customer around a level of 20 to 120.
  std::mt19937_64 rng(424242);
  std::gamma_distribution<double> rate(2.0, 1.0 / 40.0), beta_a(1.0, 1.0), beta_b(4.0, 1.0);
  std::uniform_real_distribution<double> unit(0.0, 1.0);
  for (int id = 1; id <= kCustomers; ++id) {
    shop.customer({.id = id,
                   .email = "c" + std::to_string(id) + "@example.com",
                   .first_name = "C",
                   .last_name = "Test"});
    shop.default_address(id);
    const double lambda = rate(rng);
    const double ga = beta_a(rng), gb = beta_b(rng);
    const double dropout = ga / (ga + gb);
    const Minor level = 2000 + static_cast<Minor>(rng() % 10000);
    double day = kFirstDay + static_cast<double>(rng() % 200);
    for (int k = 0; day <= kAsOfDay + 0.999; ++k) {
      const Minor amount = level + static_cast<Minor>(rng() % 2000);
      shop.amount_order(id, start_of_day(static_cast<std::int64_t>(day)) + 10 * kSecondsPerHour,
                        amount);
      if (!repeat_buyers || unit(rng) < dropout) break;
      day += -std::log(1.0 - unit(rng)) / lambda;
    }
  }
  facts::rebuild_all(db);
  return runner;
}

}  // namespace cw::offers::test
