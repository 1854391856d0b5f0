#pragma once
// Test-only: the shop's rows (categories, products with sizes, customers with addresses, orders),
// written with plain SQL so that a test depends on no module's code but the one it tests. The one
// builder the seeding fixtures share (orders, promotions, loyalty, offers, reports, snapshots).
//
// Ids: a row's `id` left at 0 takes the next one; fixtures that hard-code ids (reports computed by
// hand) give them.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/ids.hpp"
#include "core/money.hpp"
#include "core/time.hpp"
#include "db/database.hpp"
#include "support/temp_dir.hpp"

namespace cw::testing {

// "c<id>@example.com". Appended piecewise: GCC 12 at -O3 takes `"c" + std::to_string(id)` inlined
// into a loop for an out-of-bounds memcpy (-Wstringop-overflow, an error under -Werror).
inline std::string customer_email(int id) {
  std::string email = "c";
  email += std::to_string(id);
  email += "@example.com";
  return email;
}

inline Timestamp epoch_2026() {
  return from_unix(1'767'225'600);
}  // 2026-01-01T00:00:00Z

struct ProductRow {
  Id id = 0;
  Id category_id = 0;
  std::string name = "Product";
  Minor price = 0;
  bool active = true;
  std::int64_t units_sold = 0;
  std::optional<Minor> cost;
  std::int64_t created_at = 0;  // unix seconds
};

struct CustomerRow {
  Id id = 0;
  std::string email;
  std::string first_name = "Test";
  std::string last_name = "Customer";
  std::optional<std::string> date_of_birth;  // YYYY-MM-DD
  std::int64_t created_at = 0;               // unix seconds
};

// One line of an order written with its lines (size "M").
struct LineRow {
  Id product_id = 0;
  std::int64_t quantity = 1;
  Minor unit_price = 0;
  Minor discount = 0;
};

struct OrderRow {
  Id id = 0;
  Id customer_id = 0;
  std::string status = "placed";
  std::int64_t placed_at = 0;  // unix seconds
  std::vector<LineRow> lines;  // subtotal, discount and total are their sums
  std::optional<Id> coupon_id;
};

struct ShopBuilder {
  db::Connection& c;

  // The category `name`, created (with `id` when given) when missing.
  Id category(const std::string& name, Id id = 0) {
    if (auto found = c.scalar("SELECT id FROM categories WHERE name = ?", name)) return *found;
    return *c.scalar("INSERT INTO categories (id, name) VALUES (NULLIF(?, 0), ?) RETURNING id", id,
                     name);
  }

  // A product without sizes.
  Id product(const ProductRow& p) {
    return *c.scalar(
        "INSERT INTO products (id, category_id, name, price, active, units_sold, cost, "
        "created_at) VALUES (NULLIF(?, 0), ?, ?, ?, ?, ?, ?, ?) RETURNING id",
        p.id, p.category_id, p.name, p.price, p.active, p.units_sold, p.cost, p.created_at);
  }

  // A product with one size "M" holding `stock` units.
  Id product(Id category_id, Minor price, std::int64_t stock = 10, bool active = true,
             std::int64_t units_sold = 0) {
    const Id id = product(
        {.category_id = category_id, .price = price, .active = active, .units_sold = units_sold});
    add_size(id, "M", stock);
    return id;
  }

  void add_size(Id product_id, const std::string& size, std::int64_t stock, int position = 0) {
    c.exec("INSERT INTO product_sizes (product_id, size, position, stock) VALUES (?, ?, ?, ?)",
           product_id, size, position, stock);
  }

  void set_stock(Id product_id, std::int64_t stock) {
    c.exec("UPDATE product_sizes SET stock = ? WHERE product_id = ?", stock, product_id);
  }

  void set_units_sold(Id product_id, std::int64_t units) {
    c.exec("UPDATE products SET units_sold = ? WHERE id = ?", units, product_id);
  }

  Id customer(const CustomerRow& row) {
    return *c.scalar(
        "INSERT INTO customers (id, email, first_name, last_name, date_of_birth, created_at) "
        "VALUES (NULLIF(?, 0), ?, ?, ?, ?, ?) RETURNING id",
        row.id, row.email, row.first_name, row.last_name, row.date_of_birth, row.created_at);
  }
  Id customer(const std::string& email) { return customer(CustomerRow{.email = email}); }

  // The customer's default address: 1 High Street, Leeds LS1 1AA, GB.
  void default_address(Id customer_id) {
    c.exec(
        "INSERT INTO addresses (customer_id, line1, city, postcode, country, is_default) "
        "VALUES (?, '1 High Street', 'Leeds', 'LS1 1AA', 'GB', 1)",
        customer_id);
  }

  // An order row without lines and with zero amounts (the promotions tables only need it to exist).
  Id order(Id customer_id, Timestamp at, const std::string& status = "placed") {
    return order(OrderRow{.customer_id = customer_id, .status = status, .placed_at = to_unix(at)});
  }

  // An order with its lines (none: zero amounts).
  Id order(const OrderRow& row) {
    Minor subtotal = 0, discount = 0;
    for (const LineRow& l : row.lines) {
      subtotal += l.quantity * l.unit_price;
      discount += l.discount;
    }
    const Id id = *c.scalar(
        "INSERT INTO orders (id, customer_id, status, placed_at, subtotal, discount, shipping, "
        "total, currency, coupon_id) VALUES (NULLIF(?, 0), ?, ?, ?, ?, ?, 0, ?, 'GBP', ?) "
        "RETURNING id",
        row.id, row.customer_id, row.status, row.placed_at, subtotal, discount, subtotal - discount,
        row.coupon_id);
    int line_no = 0;
    for (const LineRow& l : row.lines) {
      c.exec(
          "INSERT INTO order_lines (order_id, line_no, product_id, size, quantity, unit_price, "
          "discount, line_total) VALUES (?, ?, ?, 'M', ?, ?, ?, ?)",
          id, ++line_no, l.product_id, l.quantity, l.unit_price, l.discount,
          l.quantity * l.unit_price - l.discount);
    }
    return id;
  }

  // An order that carries its amount only (has_lines = 0), as an imported history does.
  Id amount_order(Id customer_id, std::int64_t placed_at, Minor amount,
                  const std::string& status = "delivered") {
    return *c.scalar(
        "INSERT INTO orders (customer_id, status, placed_at, subtotal, discount, total, currency, "
        "has_lines) VALUES (?, ?, ?, ?, 0, ?, 'GBP', 0) RETURNING id",
        customer_id, status, placed_at, amount, amount);
  }

  void set_order_status(Id order_id, const std::string& status) {
    c.exec("UPDATE orders SET status = ? WHERE id = ?", status, order_id);
  }
};

}  // namespace cw::testing
