#pragma once
// A shop with enough purchase histories for the lifetime-value models to fit, written with plain
// SQL: 240 customers over 2025 drawn from the BG/NBD process, as of 2025-12-31 (fixed seed:
// always the same shop).
// One product (Runner, 100.00, size M) is in stock for checkouts.

#include <cmath>
#include <cstdint>
#include <random>
#include <string>

#include "analytics/facts.hpp"
#include "core/ids.hpp"
#include "core/money.hpp"
#include "db/database.hpp"

namespace cw::offers::test {

inline constexpr std::int32_t kAsOfDay = 20453;   // 2025-12-31
inline constexpr std::int32_t kFirstDay = 20089;  // 2025-01-01
inline constexpr int kCustomers = 240;

// Customers 1..kCustomers with their orders; returns the product id for checkouts.
inline Id build_shop(db::Database& db, bool repeat_buyers = true) {
  auto c = db.lease();
  c->execute_script(
      "INSERT INTO categories (id, name) VALUES (1, 'Shoes');"
      "INSERT INTO products (id, category_id, name, price, created_at) "
      "VALUES (1, 1, 'Runner', 10000, 0);"
      "INSERT INTO product_sizes (product_id, size, stock) VALUES (1, 'M', 1000);");
  // The BG/NBD story (Fader, Hardie and Lee 2005), so that the models fit: purchase rate
  // lambda ~ Gamma(2, scale 1/40 per day) (one purchase every 20 days on average), dropout after
  // each purchase with p ~ Beta(1, 4); spend per customer around a level of 20 to 120.
  std::mt19937_64 rng(424242);
  std::gamma_distribution<double> rate(2.0, 1.0 / 40.0), beta_a(1.0, 1.0), beta_b(4.0, 1.0);
  std::uniform_real_distribution<double> unit(0.0, 1.0);
  for (int id = 1; id <= kCustomers; ++id) {
    c->exec(
        "INSERT INTO customers (id, first_name, last_name, email, created_at) "
        "VALUES (?, 'C', 'Test', ?, 0)",
        id, "c" + std::to_string(id) + "@example.com");
    c->exec(
        "INSERT INTO addresses (customer_id, line1, city, postcode, country, is_default) "
        "VALUES (?, '1 High St', 'Leeds', 'LS1 1AA', 'GB', 1)",
        id);
    const double lambda = rate(rng);
    const double ga = beta_a(rng), gb = beta_b(rng);
    const double dropout = ga / (ga + gb);
    const Minor level = 2000 + static_cast<Minor>(rng() % 10000);
    double day = kFirstDay + static_cast<double>(rng() % 200);
    for (int k = 0; day <= kAsOfDay + 0.999; ++k) {
      const Minor amount = level + static_cast<Minor>(rng() % 2000);
      c->exec(
          "INSERT INTO orders (customer_id, status, placed_at, subtotal, discount, total, "
          "currency, has_lines) VALUES (?, 'delivered', ?, ?, 0, ?, 'GBP', 0)",
          id, static_cast<std::int64_t>(day) * 86400 + 36000, amount, amount);
      if (!repeat_buyers || unit(rng) < dropout) break;
      day += -std::log(1.0 - unit(rng)) / lambda;
    }
  }
  analytics::rebuild_all(db);
  return 1;
}

}  // namespace cw::offers::test
