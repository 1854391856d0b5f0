#pragma once
// A migrated shop database with an Orders service on a manual clock, and helpers to create
// catalogue rows and customers through the shared ShopBuilder (their own modules are not needed
// for order tests).
// Shared by the orders, warehouse and analytics tests.

#include <string>
#include <vector>

#include "core/clock.hpp"
#include "core/config.hpp"
#include "orders/orders.hpp"
#include "support/batch_gate.hpp"
#include "support/shop_builder.hpp"
#include "support/temp_dir.hpp"

namespace cw::testing {

inline Timestamp at(const char* text) {
  return parse_timestamp(text).value();
}

// Every column of every row of a query, for whole-table comparisons.
using Table = std::vector<std::vector<std::optional<std::string>>>;

class Shop {
 public:
  TestDatabase t;
  Config config;
  ManualClock clock{at("2026-03-02T10:00:00Z")};  // a Monday
  orders::Orders orders{*t, config, clock};

  Id add_product(const std::string& name, Minor price, bool active = true,
                 const std::string& category = "Heels") {
    auto c = t->lease();
    ShopBuilder shop{*c};
    return shop.product(
        {.category_id = shop.category(category), .name = name, .price = price, .active = active});
  }
  Id category_id(const std::string& name) {
    return t->lease()->scalar("SELECT id FROM categories WHERE name = ?", name).value();
  }
  void add_size(Id product_id, const std::string& size, std::int64_t stock, int position = 0) {
    auto c = t->lease();
    ShopBuilder{*c}.add_size(product_id, size, stock, position);
  }
  Id add_customer(const std::string& email, bool with_default_address = true) {
    auto c = t->lease();
    ShopBuilder shop{*c};
    const Id id = shop.customer({.email = email, .first_name = "Ada", .last_name = "Lovelace"});
    if (with_default_address) shop.default_address(id);
    return id;
  }

  std::int64_t stock(Id product_id, const std::string& size) {
    return t->lease()
        ->scalar("SELECT stock FROM product_sizes WHERE product_id = ? AND size = ?", product_id,
                 size)
        .value();
  }
  std::int64_t count(const std::string& table) {
    return t->lease()->scalar("SELECT COUNT(*) FROM " + table).value();
  }
  std::int64_t units_sold(Id product_id) {
    return t->lease()->scalar("SELECT units_sold FROM products WHERE id = ?", product_id).value();
  }

  Table table(const std::string& sql, int columns) {
    auto c = t->lease();
    auto rows = c->query(sql);
    Table result;
    while (rows.next()) {
      std::vector<std::optional<std::string>> row;
      for (int column = 0; column < columns; ++column) row.push_back(rows.opt_text(column));
      result.push_back(std::move(row));
    }
    return result;
  }
  // The whole customer_facts table, every column.
  Table facts() {
    const auto columns =
        t->lease()
            ->scalar(t->dialect() == db::Dialect::kSqlite
                         ? "SELECT COUNT(*) FROM pragma_table_info('customer_facts')"
                         : "SELECT COUNT(*) FROM information_schema.columns "
                           "WHERE table_name = 'customer_facts'")
            .value();
    return table("SELECT * FROM customer_facts ORDER BY customer_id", static_cast<int>(columns));
  }

  // What a failed request must leave untouched.
  struct Snapshot {
    Table stock, orders, lines, events, facts, products;
    bool operator==(const Snapshot&) const = default;
  };
  Snapshot snapshot() {
    return {
        table("SELECT product_id, size, stock FROM product_sizes ORDER BY product_id, size", 3),
        table("SELECT id, status FROM orders ORDER BY id", 2),
        table("SELECT order_id, line_no, quantity FROM order_lines ORDER BY order_id, line_no", 3),
        table("SELECT order_id, status, at FROM order_events ORDER BY order_id, at, status", 3),
        facts(),
        table("SELECT id, units_sold, price FROM products ORDER BY id", 3)};
  }

  // Places every request from its own thread, all in one group commit batch; answers each one's
  // result, a cw::Failure it threw as that error.
  std::vector<Result<orders::Order>> place_in_one_batch(
      const std::vector<orders::OrderRequest>& requests) {
    std::vector<Result<orders::Order>> results(requests.size(), fail(Error::internal("not run")));
    std::vector<std::function<void()>> calls;
    for (std::size_t i = 0; i < requests.size(); ++i) {
      calls.push_back([&, i] {
        try {
          results[i] = orders.place(requests[i]);
        } catch (const Failure& e) {
          results[i] = fail(e.error());
        }
      });
    }
    in_one_batch(*t, calls);
    return results;
  }

  orders::Order place(Id customer_id, std::vector<orders::LineRequest> lines) {
    auto placed = orders.place({.customer_id = customer_id, .lines = std::move(lines)});
    if (!placed) throw std::runtime_error("place failed: " + placed.error().code);
    return *placed;
  }
};

}  // namespace cw::testing
