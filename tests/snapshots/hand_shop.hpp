#pragma once
// A shop small enough to score by hand (docs/analytics.md "Snapshots" has the arithmetic): six
// customers whose orders give, as of 2024-06-30, one customer per R/F quintile, and, as of
// 2024-07-31, two more orders that move them between segments. Written through the shared
// ShopBuilder (the orders carry amounts only) and the customer facts rebuilt from them.
//
// As of 2024-06-30 (customers 1-5; customer 6 has not ordered yet):
//   id  orders (amount)                        recency F  M        R F M  segment          activity
//   1   06-30 10.00                             0      1  10.00    5 1 1  New              active
//   2   06-01 20.00, 06-25 30.00                5      2  50.00    4 2 2  Potential loyal. active
//   3   03-01, 04-01, 06-10 50.00 each          20     3  150.00   3 3 3  Need attention   cooling
//   4   01-15, 02-15, 03-15, 05-01 75.00 each   60     4  300.00   2 4 4  At risk          inactive
//   5   2023-06-01 .. 2024-01-01, 5 orders      181    5  1000.50  1 5 5  Cannot lose      dormant
// As of 2024-07-31: customer 1 orders again on 07-30 (20.00), customer 6 first on 07-20 (40.00):
//   1 New (R5 F1), 2 About to sleep (R3 F1), 3 At risk (R2 F3), 4 At risk (R1 F4),
//   5 Cannot lose (R1 F5), 6 Promising (R4 F1).
// Two visits by 2024-06-30 put something in the cart; one ended in customer 1's order.

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "core/time.hpp"
#include "db/database.hpp"
#include "facts/facts.hpp"
#include "support/shop_builder.hpp"

namespace cw::snapshots::test {

inline constexpr std::int32_t kJune30 = 19904;  // 2024-06-30
inline constexpr std::int32_t kJuly31 = 19935;  // 2024-07-31

// segment-migration from the June to the July snapshot, as CSV: the from segments in the map's
// order, "(new)" last.
inline constexpr const char* kJuneToJulyCsv =
    "from_segment,to_segment,customers\n"
    "Potential loyalist,About to sleep,1\n"
    "New,New,1\n"
    "Need attention,At risk,1\n"
    "Cannot lose,Cannot lose,1\n"
    "At risk,At risk,1\n"
    "(new),Promising,1\n";

inline void build_hand_shop(db::Database& db) {
  auto c = db.lease();
  cw::testing::ShopBuilder shop{*c};
  shop.product(
      {.id = 1, .category_id = shop.category("Shoes", 1), .name = "Runner", .price = 10000});
  const char* names[] = {"Ann", "Bob", "Cat", "Dan", "Eve", "Fay"};
  for (int id = 1; id <= 6; ++id)
    shop.customer({.id = id,
                   .email = "c" + std::to_string(id) + "@example.com",
                   .first_name = names[id - 1],
                   .last_name = "Test"});
  const std::vector<std::pair<int, std::pair<const char*, std::int64_t>>> orders = {
      {1, {"2024-06-30", 1000}},  {2, {"2024-06-01", 2000}},  {2, {"2024-06-25", 3000}},
      {3, {"2024-03-01", 5000}},  {3, {"2024-04-01", 5000}},  {3, {"2024-06-10", 5000}},
      {4, {"2024-01-15", 7500}},  {4, {"2024-02-15", 7500}},  {4, {"2024-03-15", 7500}},
      {4, {"2024-05-01", 7500}},  {5, {"2023-06-01", 20000}}, {5, {"2023-08-01", 20000}},
      {5, {"2023-10-01", 20000}}, {5, {"2023-12-01", 20000}}, {5, {"2024-01-01", 20050}},
      {1, {"2024-07-30", 2000}},  {6, {"2024-07-20", 4000}},
  };
  for (const auto& [customer, order] : orders) {
    const auto day = parse_date(order.first).value();
    shop.amount_order(customer, to_unix(day) + 10 * kSecondsPerHour, order.second);
  }
  // Two sessions with a cart by 2024-06-30: one ended in customer 1's order (id 1), one did not.
  const std::int64_t june30 = to_unix(parse_date("2024-06-30").value()) + 30000;
  const std::int64_t june29 = to_unix(parse_date("2024-06-29").value());
  shop.visit({.id = 1, .customer_id = 1, .started_at = june30, .source = "email", .order_id = 1});
  shop.visit({.id = 2, .customer_id = 2, .started_at = june29, .source = "search"});
  shop.visit_event({.visit_id = 1, .kind = "cart_add", .product_id = 1, .size = "M", .at = june30});
  shop.visit_event({.visit_id = 2, .kind = "cart_add", .product_id = 1, .size = "M", .at = june29});
  facts::rebuild_all(db);
}

}  // namespace cw::snapshots::test
