#pragma once
// The demo shop generator: a UK women's shoe shop with its catalogue, customers, about three
// years of orders up to the clock's "now", status histories, restocks, visits and customer facts,
// campaigns with their coupons (used on about 15% of orders) and a loyalty reward history made by
// the rules of live checkout (promotions/coupon_rules.hpp, loyalty/reward_rules.hpp, run on the
// generator's own books): docs/cli.md "generate" states them.
// Deterministic: the same seed, options and "now" give identical tables. Writes rows with SQL
// directly, in large transactions without journal or fsync and with the secondary indexes rebuilt
// at the end (demo/bulk_mode.hpp), so a million customers take minutes.
// Owns table demo_restocks (every unit of stock the generator put on the shelves).

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

#include "core/clock.hpp"
#include "core/error.hpp"
#include "db/database.hpp"
#include "loyalty/rewards.hpp"

namespace cw::demo {

// Every generated customer logs in with this password (one shared, precomputed hash).
inline constexpr std::string_view kShopperPassword = "shopper-demo-pass";

// The fixed staff logins that `cartwise demo` creates (documented in docs/cli.md).
struct StaffLogin {
  std::string_view username;
  std::string_view password;
  std::string_view role;
};
inline constexpr StaffLogin kStaffLogins[] = {
    {"warehouse", "warehouse-demo-pass", "warehouse"},
    {"analyst", "analyst-demo-pass", "analyst"},
    {"admin", "admin-demo-pass", "admin"},
};

struct Progress {
  std::string_view phase;  // "customers", "sorting", "orders", "facts", "indexes"
  std::int64_t done = 0;
  std::int64_t total = 0;
};

struct Options {
  std::int64_t customers = 2000;  // 1 .. 100,000,000
  std::uint64_t seed = 1;
  // Mean orders per generated customer, counting those who never order (about 15%).
  double orders_per_customer = 10.0;
  // The encoded password hash every customer account gets (customers::PasswordHasher of
  // kShopperPassword); computed once by the caller. Must not be empty.
  std::string password_hash;
  std::string currency = "GBP";
  // The loyalty rules rewards are allocated by (Rules::from_config for the shop's settings).
  loyalty::Rules reward_rules;
  // Called now and then from the generating thread; may be empty.
  std::function<void(const Progress&)> on_progress;
  // Rows per transaction while generating.
  std::int64_t orders_per_commit = 50000;
};

struct Summary {
  std::int64_t products = 0;
  std::int64_t customers = 0;
  std::int64_t orders = 0;
  std::int64_t cancelled = 0;
  std::int64_t lines = 0;
  std::int64_t visits = 0;
  std::int64_t restocks = 0;
  std::int64_t campaigns = 0;
  std::int64_t coupons = 0;
  std::int64_t coupon_orders = 0;  // orders that used a coupon, cancelled ones included
  std::int64_t rewards = 0;
  std::int64_t rewards_claimed = 0;  // claims held by non-cancelled orders
  double seconds = 0;
};

// Generates the shop into an empty database (no products and no customers).
// Errors: 409 database_not_empty; 400 invalid_option (field named) for customers < 1,
// orders_per_customer outside 0.1 .. 200, an empty password_hash.
Result<Summary> generate(db::Database& db, const Clock& clock, const Options& options);

// The username pattern of docs/api.md ("Errors", invalid_username): ^[a-z0-9][a-z0-9._-]{2,31}$.
bool is_valid_username(std::string_view username);

}  // namespace cw::demo
