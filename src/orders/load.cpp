// Reading orders back: one order, or a status's worth of them without a query per order, with the
// coupon and reward they used and the rewards they earned.

#include <array>
#include <unordered_map>

#include "orders/orders.hpp"

namespace cw::orders {
namespace {

constexpr std::array<std::string_view, 4> kStatusNames{"placed", "shipped", "delivered",
                                                       "cancelled"};

Status status_from_db(const std::string& name) {
  auto status = parse_status(name);
  if (!status) throw Failure(Error::internal("unknown order status in the database: " + name));
  return *status;
}

constexpr std::string_view kOrderColumns =
    "o.id, o.customer_id, o.status, o.placed_at, o.subtotal, o.discount, o.shipping, o.total, "
    "o.currency, o.ship_line1, o.ship_line2, o.ship_city, o.ship_postcode, o.ship_country, "
    "k.code, r.token, o.external_ref";

constexpr std::string_view kOrderTables =
    " FROM orders o LEFT JOIN coupons k ON k.id = o.coupon_id "
    "LEFT JOIN rewards r ON r.id = o.claimed_reward_id";

Order order_from(db::Rows& rows) {
  Order order{.id = rows.integer(0),
              .customer_id = rows.integer(1),
              .status = status_from_db(rows.text(2)),
              .placed_at = from_unix(rows.integer(3)),
              .subtotal = rows.integer(4),
              .discount = rows.integer(5),
              .shipping = rows.integer(6),
              .total = rows.integer(7),
              .currency = rows.text(8)};
  if (!rows.is_null(9)) {
    order.ship_to = customers::Address{rows.text(9), rows.opt_text(10), rows.text(11),
                                       rows.text(12), rows.text(13)};
  }
  order.coupon_code = rows.opt_text(14);
  order.reward_token = rows.opt_text(15);
  order.external_ref = rows.opt_text(16);
  return order;
}

constexpr std::string_view kRewardColumns =
    "w.order_id, w.id, w.token, w.product_id, w.category, w.percent_off, w.allocated_at, "
    "w.expires_at";

loyalty::AllocatedReward reward_from(db::Rows& rows) {
  return {.id = rows.integer(1),
          .token = rows.text(2),
          .product_id = rows.integer(3),
          .category = static_cast<int>(rows.integer(4)),
          .percent_off = static_cast<int>(rows.integer(5)),
          .allocated_at = from_unix(rows.integer(6)),
          .expires_at = from_unix(rows.integer(7))};
}

constexpr std::string_view kLineColumns =
    "l.order_id, l.product_id, p.name, l.size, l.quantity, l.unit_price, l.discount, l.line_total";

Line line_from(db::Rows& rows) {
  return {rows.integer(1), rows.text(2),    rows.text(3),   rows.integer(4),
          rows.integer(5), rows.integer(6), rows.integer(7)};
}

// Events of one order share a second often enough (tests, fast staff); status order breaks the
// tie because the statuses only ever move forward.
constexpr std::string_view kEventOrder =
    "e.at, CASE e.status WHEN 'placed' THEN 0 WHEN 'shipped' THEN 1 WHEN 'delivered' THEN 2 "
    "ELSE 3 END";

}  // namespace

std::string_view status_name(Status status) {
  return kStatusNames[static_cast<std::size_t>(status)];
}

std::optional<Status> parse_status(std::string_view name) {
  for (std::size_t i = 0; i < kStatusNames.size(); ++i) {
    if (kStatusNames[i] == name) return static_cast<Status>(i);
  }
  return std::nullopt;
}

std::optional<Order> load_order(db::Connection& c, Id order_id) {
  std::optional<Order> order;
  {
    auto rows = c.query(
        "SELECT " + std::string(kOrderColumns) + std::string(kOrderTables) + " WHERE o.id = ?",
        order_id);
    if (!rows.next()) return std::nullopt;
    order = order_from(rows);
  }
  auto lines = c.query("SELECT " + std::string(kLineColumns) +
                           " FROM order_lines l JOIN products p ON p.id = l.product_id "
                           "WHERE l.order_id = ? ORDER BY l.line_no",
                       order_id);
  while (lines.next()) order->lines.push_back(line_from(lines));
  auto events = c.query("SELECT e.status, e.at FROM order_events e WHERE e.order_id = ? ORDER BY " +
                            std::string(kEventOrder),
                        order_id);
  while (events.next()) {
    order->history.push_back({status_from_db(events.text(0)), from_unix(events.integer(1))});
  }
  order->rewards_allocated = loyalty::rewards_allocated_by(c, order_id);
  return order;
}

std::vector<Order> load_orders_in(db::Connection& c, Status status, int limit) {
  const std::string chosen =
      "SELECT o.id FROM orders o WHERE o.status = ? ORDER BY o.placed_at, o.id LIMIT ?";
  const std::string name(status_name(status));
  std::vector<Order> orders;
  std::unordered_map<Id, std::size_t> index_of;
  {
    auto rows = c.query("SELECT " + std::string(kOrderColumns) + std::string(kOrderTables) +
                            " WHERE o.status = ? ORDER BY o.placed_at, o.id LIMIT ?",
                        name, limit);
    while (rows.next()) {
      index_of.emplace(rows.integer(0), orders.size());
      orders.push_back(order_from(rows));
    }
  }
  if (orders.empty()) return orders;
  // Outside a read transaction the set can move between queries; rows of orders that were not
  // chosen by the first query are skipped.
  auto find = [&](Id id) -> Order* {
    auto it = index_of.find(id);
    return it == index_of.end() ? nullptr : &orders[it->second];
  };
  {
    auto rows = c.query("SELECT " + std::string(kLineColumns) +
                            " FROM order_lines l JOIN products p ON p.id = l.product_id "
                            "WHERE l.order_id IN (" +
                            chosen + ") ORDER BY l.order_id, l.line_no",
                        name, limit);
    while (rows.next()) {
      if (Order* order = find(rows.integer(0))) order->lines.push_back(line_from(rows));
    }
  }
  {
    auto rows =
        c.query("SELECT e.order_id, e.status, e.at FROM order_events e WHERE e.order_id IN (" +
                    chosen + ") ORDER BY e.order_id, " + std::string(kEventOrder),
                name, limit);
    while (rows.next()) {
      if (Order* order = find(rows.integer(0))) {
        order->history.push_back({status_from_db(rows.text(1)), from_unix(rows.integer(2))});
      }
    }
  }
  auto rows = c.query("SELECT " + std::string(kRewardColumns) +
                          " FROM rewards w WHERE w.order_id IN (" + chosen + ") ORDER BY w.id",
                      name, limit);
  while (rows.next()) {
    if (Order* order = find(rows.integer(0))) order->rewards_allocated.push_back(reward_from(rows));
  }
  return orders;
}

}  // namespace cw::orders
