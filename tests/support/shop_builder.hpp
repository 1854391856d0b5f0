#pragma once
// Test-only: the shop's rows (categories, products with sizes, customers with addresses, orders,
// campaigns, coupons and their redemptions, rewards, visits with their events), written with plain
// SQL so that a test depends on no module's code but the one it tests. The one builder every
// seeding fixture shares.
//
// Ids: a row's `id` left at 0 takes the next one; fixtures that hard-code ids (reports computed by
// hand) give them.

#include <cstddef>
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

struct AddressRow {
  Id customer_id = 0;
  std::string line1 = "1 High Street";
  std::string city = "Leeds";
  std::string postcode = "LS1 1AA";
  std::string country = "GB";
  bool is_default = true;
};

// One line of an order written with its lines; line_total is quantity x unit_price - discount.
struct LineRow {
  Id product_id = 0;
  std::int64_t quantity = 1;
  Minor unit_price = 0;
  Minor discount = 0;
  std::string size = "M";
};

struct OrderRow {
  Id id = 0;
  Id customer_id = 0;
  std::string status = "placed";
  std::int64_t placed_at = 0;  // unix seconds
  std::vector<LineRow> lines;  // subtotal and discount are their sums unless given below
  std::optional<Id> coupon_id;
  // For an order whose amounts are not its lines' sums (an imported history, a mismatch a check
  // must find): they replace those sums. The total is always subtotal - discount + shipping.
  std::optional<Minor> subtotal;
  std::optional<Minor> discount;
  Minor shipping = 0;
  bool has_lines = true;  // false for an order that carries its amount only, as imports write
};

struct CampaignRow {
  Id id = 0;
  std::string name = "Campaign";
  std::string channel = "email";
  std::string starts_on = "2026-01-01";  // YYYY-MM-DD
  std::string ends_on = "2026-12-31";
  Minor cost = 0;
  std::int64_t clicks = 0;
  std::int64_t created_at = 0;  // unix seconds
};

// A coupon of scope "order": exactly one of percent_off and amount_off.
struct CouponRow {
  Id id = 0;
  std::string code;
  std::optional<int> percent_off;
  std::optional<Minor> amount_off;
  std::optional<Id> campaign_id;
  std::int64_t created_at = 0;  // unix seconds
};

struct RedemptionRow {
  Id coupon_id = 0;
  Id order_id = 0;
  Id customer_id = 0;
  Minor amount = 0;  // the discount it gave
  std::int64_t at = 0;
};

struct RewardRow {
  Id id = 0;
  std::string token;
  Id customer_id = 0;
  std::optional<Id> order_id;  // the order that earned it
  int category = 1;
  int percent_off = 10;
  Id product_id = 0;
  std::string status = "unclaimed";  // claimed needs claimed_at, revoked revoked_at
  std::int64_t allocated_at = 0;
  std::int64_t expires_at = 0;
  std::optional<std::int64_t> claimed_at;
  std::optional<std::int64_t> revoked_at;
};

struct VisitRow {
  Id id = 0;
  std::optional<Id> customer_id;  // none: anonymous
  std::int64_t started_at = 0;    // unix seconds
  std::optional<std::string> source;
  std::optional<Id> campaign_id;
  std::optional<Id> order_id;
};

struct VisitEventRow {
  Id visit_id = 0;
  std::string kind = "view";  // view, cart_add, cart_remove
  Id product_id = 0;
  std::optional<std::string> size;
  std::int64_t quantity = 1;
  std::int64_t at = 0;  // unix seconds
};

struct ShopBuilder {
  db::Connection& c;

  // INSERT INTO table (columns) ... RETURNING id, naming `id` only when given: without it the
  // database picks one (PostgreSQL's identity columns refuse an explicit NULL).
  template <typename... Values>
  Id insert(const std::string& table, const std::string& columns, Id id, const Values&... values) {
    std::string marks;
    for (std::size_t i = 0; i < sizeof...(Values); ++i) marks += i == 0 ? "?" : ", ?";
    const std::string returning = ") RETURNING id";
    if (id == 0)
      return *c.scalar("INSERT INTO " + table + " (" + columns + ") VALUES (" + marks + returning,
                       values...);
    return *c.scalar(
        "INSERT INTO " + table + " (id, " + columns + ") VALUES (?, " + marks + returning, id,
        values...);
  }

  // The category `name`, created (with `id` when given) when missing.
  Id category(const std::string& name, Id id = 0) {
    if (auto found = c.scalar("SELECT id FROM categories WHERE name = ?", name)) return *found;
    return insert("categories", "name", id, name);
  }

  // A product without sizes.
  Id product(const ProductRow& p) {
    return insert("products", "category_id, name, price, active, units_sold, cost, created_at",
                  p.id, p.category_id, p.name, p.price, p.active, p.units_sold, p.cost,
                  p.created_at);
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
    return insert("customers", "email, first_name, last_name, date_of_birth, created_at", row.id,
                  row.email, row.first_name, row.last_name, row.date_of_birth, row.created_at);
  }
  Id customer(const std::string& email) { return customer(CustomerRow{.email = email}); }

  void address(const AddressRow& row) {
    c.exec(
        "INSERT INTO addresses (customer_id, line1, city, postcode, country, is_default) "
        "VALUES (?, ?, ?, ?, ?, ?)",
        row.customer_id, row.line1, row.city, row.postcode, row.country, row.is_default);
  }

  // The customer's default address: 1 High Street, Leeds LS1 1AA, GB.
  void default_address(Id customer_id) { address({.customer_id = customer_id}); }

  // An order row without lines and with zero amounts (the promotions tables only need it to exist).
  Id order(Id customer_id, Timestamp at, const std::string& status = "placed") {
    return order(OrderRow{.customer_id = customer_id, .status = status, .placed_at = to_unix(at)});
  }

  // An order with its lines (none: zero amounts unless given).
  Id order(const OrderRow& row) {
    Minor subtotal = 0, discount = 0;
    for (const LineRow& l : row.lines) {
      subtotal += l.quantity * l.unit_price;
      discount += l.discount;
    }
    subtotal = row.subtotal.value_or(subtotal);
    discount = row.discount.value_or(discount);
    const Id id = insert("orders",
                         "customer_id, status, placed_at, subtotal, discount, shipping, total, "
                         "currency, coupon_id, has_lines",
                         row.id, row.customer_id, row.status, row.placed_at, subtotal, discount,
                         row.shipping, subtotal - discount + row.shipping, std::string("GBP"),
                         row.coupon_id, row.has_lines);
    int line_no = 0;
    for (const LineRow& l : row.lines) {
      c.exec(
          "INSERT INTO order_lines (order_id, line_no, product_id, size, quantity, unit_price, "
          "discount, line_total) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
          id, ++line_no, l.product_id, l.size, l.quantity, l.unit_price, l.discount,
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

  Id campaign(const CampaignRow& row) {
    return insert("campaigns", "name, channel, starts_on, ends_on, cost, clicks, created_at",
                  row.id, row.name, row.channel, row.starts_on, row.ends_on, row.cost, row.clicks,
                  row.created_at);
  }

  Id coupon(const CouponRow& row) {
    return insert("coupons", "code, scope, percent_off, amount_off, campaign_id, created_at",
                  row.id, row.code, std::string("order"), row.percent_off, row.amount_off,
                  row.campaign_id, row.created_at);
  }

  void redemption(const RedemptionRow& row) {
    c.exec(
        "INSERT INTO coupon_redemptions (coupon_id, order_id, customer_id, amount, at) "
        "VALUES (?, ?, ?, ?, ?)",
        row.coupon_id, row.order_id, row.customer_id, row.amount, row.at);
  }

  Id reward(const RewardRow& row) {
    return insert("rewards",
                  "token, customer_id, order_id, category, percent_off, product_id, status, "
                  "allocated_at, expires_at, claimed_at, revoked_at",
                  row.id, row.token, row.customer_id, row.order_id, row.category, row.percent_off,
                  row.product_id, row.status, row.allocated_at, row.expires_at, row.claimed_at,
                  row.revoked_at);
  }

  // The order claimed the reward (written after both exist: each refers to the other).
  void set_claimed_reward(Id order_id, Id reward_id) {
    c.exec("UPDATE orders SET claimed_reward_id = ? WHERE id = ?", reward_id, order_id);
  }

  Id visit(const VisitRow& row) {
    return insert("visits", "customer_id, started_at, source, campaign_id, order_id", row.id,
                  row.customer_id, row.started_at, row.source, row.campaign_id, row.order_id);
  }

  void visit_event(const VisitEventRow& row) {
    c.exec(
        "INSERT INTO visit_events (visit_id, kind, product_id, size, quantity, at) "
        "VALUES (?, ?, ?, ?, ?, ?)",
        row.visit_id, row.kind, row.product_id, row.size, row.quantity, row.at);
  }
};

}  // namespace cw::testing
