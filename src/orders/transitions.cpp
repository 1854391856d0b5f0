// Reading orders and moving them through their statuses. Every change is one write transaction
// around a conditional UPDATE (`... AND status = 'placed'`), so two staff members racing on the
// same order cannot both succeed.

#include "facts/facts.hpp"
#include "orders/discounts.hpp"
#include "orders/orders.hpp"

namespace cw::orders {
namespace {

// After a conditional update changed nothing: the order is unknown (404) or in another status.
Error refusal(db::Connection& c, Id order_id, Status to, std::optional<Id> only_customer) {
  auto rows = c.query("SELECT status, customer_id FROM orders WHERE id = ?", order_id);
  if (!rows.next() || (only_customer && rows.integer(1) != *only_customer)) {
    return Error::not_found("order");
  }
  return Error::conflict(
      "illegal_transition",
      "An order that is " + rows.text(0) + " cannot become " + std::string(status_name(to)) + ".",
      "status");
}

void add_event(db::Connection& c, Id order_id, Status status, Timestamp at,
               std::optional<Id> account_id) {
  c.exec("INSERT INTO order_events (order_id, status, at, account_id) VALUES (?, ?, ?, ?)",
         order_id, status_name(status), to_unix(at), account_id);
}

Order loaded(db::Connection& c, Id order_id) {
  auto order = load_order(c, order_id);
  if (!order) throw Failure(Error::internal("an order vanished inside its transaction"));
  return std::move(*order);
}

}  // namespace

Result<Order> Orders::get(Id order_id) const {
  auto c = db_.lease();
  auto order = load_order(*c, order_id);
  if (!order) return fail(Error::not_found("order"));
  return std::move(*order);
}

std::optional<Order> Orders::find_by_external_ref(std::string_view external_ref) const {
  auto c = db_.lease();
  // One snapshot: the order found is the one read, lines and history included.
  db::Transaction read(*c, db::TxMode::kRead);
  const auto order_id = c->scalar("SELECT id FROM orders WHERE external_ref = ?", external_ref);
  if (!order_id) return std::nullopt;
  auto order = load_order(*c, *order_id);
  read.commit();
  return order;
}

Result<Order> Orders::get_for_customer(Id order_id, Id customer_id) const {
  auto order = get(order_id);
  if (order && order->customer_id != customer_id) return fail(Error::not_found("order"));
  return order;
}

std::vector<OrderSummary> Orders::history(Id customer_id) const {
  auto c = db_.lease();
  auto rows = c->query(
      "SELECT id, status, placed_at, total, currency, external_ref FROM orders "
      "WHERE customer_id = ? "
      "ORDER BY placed_at DESC, id DESC",
      customer_id);
  std::vector<OrderSummary> summaries;
  while (rows.next()) {
    auto status = parse_status(rows.text(1));
    if (!status) throw Failure(Error::internal("unknown order status in the database"));
    summaries.push_back({rows.integer(0), *status, from_unix(rows.integer(2)), rows.integer(3),
                         rows.text(4), rows.opt_text(5)});
  }
  return summaries;
}

Result<Order> Orders::ship(Id order_id, std::optional<Id> account_id) {
  return advance(order_id, Status::kPlaced, Status::kShipped, account_id);
}

Result<Order> Orders::deliver(Id order_id, std::optional<Id> account_id) {
  return advance(order_id, Status::kShipped, Status::kDelivered, account_id);
}

// Status changes run their transaction again after a deadlock or serialization failure
// (db::with_retry): a cancel returns stock to the rows a concurrent checkout takes, in whatever
// order each statement meets them. Each attempt is the whole transaction; nothing is kept in
// memory between attempts.
Result<Order> Orders::advance(Id order_id, Status from, Status to, std::optional<Id> account_id) {
  const Timestamp now = clock_.now();
  return db::with_retry([&]() -> Result<Order> {
    auto c = db_.lease();
    db::Transaction tx(*c, db::TxMode::kWrite);
    if (c->exec("UPDATE orders SET status = ? WHERE id = ? AND status = ?", status_name(to),
                order_id, status_name(from)) == 0) {
      return fail(refusal(*c, order_id, to, std::nullopt));
    }
    add_event(*c, order_id, to, now, account_id);
    Order order = loaded(*c, order_id);
    tx.commit();
    return order;
  });
}

Result<Order> Orders::cancel(Id order_id, std::optional<Id> account_id,
                             std::optional<Id> only_customer) {
  const Timestamp now = clock_.now();
  return db::with_retry([&]() -> Result<Order> {
    auto c = db_.lease();
    db::Transaction tx(*c, db::TxMode::kWrite);
    if (c->exec("UPDATE orders SET status = 'cancelled' WHERE id = ? AND status = 'placed' AND "
                "(CAST(? AS BIGINT) IS NULL OR customer_id = ?)",
                order_id, only_customer, only_customer) == 0) {
      return fail(refusal(*c, order_id, Status::kCancelled, only_customer));
    }
    // Sums per product and size, so that orders with repeated lines (imports) return all units.
    c->exec(
        "UPDATE product_sizes SET stock = stock + (SELECT SUM(l.quantity) FROM order_lines l "
        "WHERE l.order_id = ? AND l.product_id = product_sizes.product_id AND "
        "l.size = product_sizes.size) "
        "WHERE (product_id, size) IN (SELECT product_id, size FROM order_lines WHERE order_id = ?)",
        order_id, order_id);
    c->exec(
        "UPDATE products SET units_sold = units_sold - (SELECT SUM(l.quantity) FROM order_lines l "
        "WHERE l.order_id = ? AND l.product_id = products.id) "
        "WHERE id IN (SELECT product_id FROM order_lines WHERE order_id = ?)",
        order_id, order_id);
    reverse_discounts(*c, order_id, now);
    add_event(*c, order_id, Status::kCancelled, now, account_id);
    Order order = loaded(*c, order_id);
    facts::recompute_customer(*c, order.customer_id);
    tx.commit();
    return order;
  });
}

std::int64_t Orders::purge_cancelled() {
  auto c = db_.lease();
  db::Transaction tx(*c, db::TxMode::kWrite);
  // Lines and events go with their orders (ON DELETE CASCADE); facts never count cancelled ones.
  // A cancelled order holds no coupon redemption and no claim (cancel released them); rewards it
  // earned keep their row with order_id set NULL by the foreign key, so the customer's history
  // stays and loyalty::reverse_rewards still treats them as earned by a cancelled order.
  const std::int64_t purged = c->exec("DELETE FROM orders WHERE status = 'cancelled'");
  tx.commit();
  return purged;
}

}  // namespace cw::orders
