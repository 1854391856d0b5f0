#pragma once
// Test-only: rows the promotions and loyalty tests need from other modules (categories,
// products with sizes, customers, orders), written with plain SQL so these tests depend on no
// other module's code.

#include <gtest/gtest.h>

#include <string>

#include "core/ids.hpp"
#include "core/money.hpp"
#include "core/time.hpp"
#include "db/database.hpp"
#include "support/temp_dir.hpp"

namespace cw::testing {

inline Timestamp epoch_2026() {
  return from_unix(1'767'225'600);
}  // 2026-01-01T00:00:00Z

struct ShopBuilder {
  db::Connection& c;

  Id category(const std::string& name) {
    return *c.scalar("INSERT INTO categories (name) VALUES (?) RETURNING id", name);
  }

  // A product with one size "M" holding `stock` units.
  Id product(Id category_id, Minor price, std::int64_t stock = 10, bool active = true,
             std::int64_t units_sold = 0) {
    const Id id = *c.scalar(
        "INSERT INTO products (category_id, name, price, active, units_sold, created_at) "
        "VALUES (?, 'Product', ?, ?, ?, 0) RETURNING id",
        category_id, price, active, units_sold);
    c.exec("INSERT INTO product_sizes (product_id, size, stock) VALUES (?, 'M', ?)", id, stock);
    return id;
  }

  void add_size(Id product_id, const std::string& size, std::int64_t stock) {
    c.exec("INSERT INTO product_sizes (product_id, size, stock) VALUES (?, ?, ?)", product_id, size,
           stock);
  }

  void set_stock(Id product_id, std::int64_t stock) {
    c.exec("UPDATE product_sizes SET stock = ? WHERE product_id = ?", stock, product_id);
  }

  void set_units_sold(Id product_id, std::int64_t units) {
    c.exec("UPDATE products SET units_sold = ? WHERE id = ?", units, product_id);
  }

  Id customer(const std::string& email) {
    return *c.scalar(
        "INSERT INTO customers (email, first_name, last_name, created_at) "
        "VALUES (?, 'Test', 'Customer', 0) RETURNING id",
        email);
  }

  // An order row without lines (the promotions tables only need it to exist).
  Id order(Id customer_id, Timestamp at, const std::string& status = "placed") {
    return *c.scalar(
        "INSERT INTO orders (customer_id, status, placed_at, subtotal, discount, shipping, total, "
        "currency) VALUES (?, ?, ?, 0, 0, 0, 0, 'GBP') RETURNING id",
        customer_id, status, to_unix(at));
  }

  void set_order_status(Id order_id, const std::string& status) {
    c.exec("UPDATE orders SET status = ? WHERE id = ?", status, order_id);
  }
};

}  // namespace cw::testing
