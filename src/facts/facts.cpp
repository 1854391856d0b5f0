// Customer facts. Checkout adds one order with an upsert; recompute and rebuild aggregate orders
// in C++ from one sequential pass, using slots_of() as the single definition of the calendar
// slots (SQL GROUP BY with 38 aggregates and a sort measured about 3x slower per order, and its
// day-of-month arithmetic would need per-dialect SQL).

#include "facts/facts.hpp"

#include <algorithm>
#include <array>
#include <string>
#include <tuple>
#include <unordered_map>
#include <vector>

namespace cw::facts {
namespace {

// One customer_facts row. The slot arrays follow the column order of the table.
struct FactRow {
  Id customer_id = 0;
  std::int64_t first_order_at = 0;
  std::int64_t last_order_at = 0;
  std::int64_t orders = 0;
  Minor revenue = 0;
  Minor shipping = 0;
  Minor discount = 0;
  std::int64_t items = 0;
  std::array<std::int64_t, 7> orders_dow{};
  std::array<Minor, 7> revenue_dow{};
  std::array<std::int64_t, 4> orders_mp{};
  std::array<Minor, 4> revenue_mp{};
  std::array<std::int64_t, 4> orders_tod{};
  std::array<Minor, 4> revenue_tod{};
};

constexpr std::size_t kColumns = 8 + 2 * (7 + 4 + 4);

void add(FactRow& row, const OrderFact& order) {
  const std::int64_t at = to_unix(order.placed_at);
  if (row.orders == 0 || at < row.first_order_at) row.first_order_at = at;
  if (row.orders == 0 || at > row.last_order_at) row.last_order_at = at;
  row.orders += 1;
  row.revenue += order.revenue;
  row.shipping += order.shipping;
  row.discount += order.discount;
  row.items += order.items;
  const OrderSlots slots = slots_of(order.placed_at);
  row.orders_dow[slots.day_of_week] += 1;
  row.revenue_dow[slots.day_of_week] += order.revenue;
  row.orders_mp[slots.month_part] += 1;
  row.revenue_mp[slots.month_part] += order.revenue;
  row.orders_tod[slots.time_of_day] += 1;
  row.revenue_tod[slots.time_of_day] += order.revenue;
}

std::array<std::int64_t, kColumns> values_of(const FactRow& row) {
  std::array<std::int64_t, kColumns> values{row.customer_id, row.first_order_at, row.last_order_at,
                                            row.orders,      row.revenue,        row.shipping,
                                            row.discount,    row.items};
  std::size_t i = 8;
  auto append = [&](const auto& slots) {
    for (const auto value : slots) values[i++] = value;
  };
  append(row.orders_dow);
  append(row.revenue_dow);
  append(row.orders_mp);
  append(row.revenue_mp);
  append(row.orders_tod);
  append(row.revenue_tod);
  return values;
}

std::vector<std::string> column_names() {
  std::vector<std::string> names{"customer_id", "first_order_at", "last_order_at", "orders",
                                 "revenue",     "shipping",       "discount",      "items"};
  const std::pair<const char*, int> families[] = {{"dow", 7}, {"mp", 4}, {"tod", 4}};
  for (const auto& [family, count] : families) {
    for (const char* measure : {"orders", "revenue"}) {
      for (int i = 0; i < count; ++i) {
        names.push_back(std::string(measure) + "_" + family + std::to_string(i));
      }
    }
  }
  return names;
}

std::string insert_sql(bool add_on_conflict) {
  const auto names = column_names();
  std::string columns, placeholders, updates;
  for (std::size_t i = 0; i < names.size(); ++i) {
    columns += (i ? ", " : "") + names[i];
    placeholders += i ? ", ?" : "?";
  }
  std::string sql = "INSERT INTO customer_facts (" + columns + ") VALUES (" + placeholders + ")";
  if (!add_on_conflict) return sql;
  // Earliest and latest with CASE rather than MIN/MAX of two values, which differ by dialect.
  updates =
      "first_order_at = CASE WHEN excluded.first_order_at < customer_facts.first_order_at "
      "THEN excluded.first_order_at ELSE customer_facts.first_order_at END, "
      "last_order_at = CASE WHEN excluded.last_order_at > customer_facts.last_order_at "
      "THEN excluded.last_order_at ELSE customer_facts.last_order_at END";
  for (std::size_t i = 3; i < names.size(); ++i) {
    updates += ", " + names[i] + " = customer_facts." + names[i] + " + excluded." + names[i];
  }
  return sql + " ON CONFLICT(customer_id) DO UPDATE SET " + updates;
}

void write(db::Connection& c, const std::string& sql, const FactRow& row) {
  std::apply([&](auto... value) { c.exec(sql, value...); }, values_of(row));
}

// Every non-cancelled order (or one customer's) as an OrderFact, in one pass.
constexpr std::string_view kOrderFacts =
    "SELECT o.customer_id, o.placed_at, o.subtotal - o.discount, o.shipping, o.discount, "
    "COALESCE((SELECT SUM(l.quantity) FROM order_lines l WHERE l.order_id = o.id), 0) "
    "FROM orders o WHERE o.status <> 'cancelled'";

OrderFact order_fact(db::Rows& rows) {
  return {rows.integer(0), from_unix(rows.integer(1)),
          rows.integer(2), rows.integer(3),
          rows.integer(4), rows.integer(5)};
}

}  // namespace

OrderSlots slots_of(Timestamp placed_at) {
  const std::int64_t seconds = to_unix(placed_at);
  const std::int64_t second = second_of_day(seconds);
  const Date date = date_of(placed_at);
  // 1970-01-01, day 0, was a Thursday (3 when Monday is 0).
  const int day_of_week = static_cast<int>(((day_number(date) % 7) + 10) % 7);
  const auto day_of_month = static_cast<unsigned>(std::chrono::year_month_day{date}.day());
  const int month_part = day_of_month <= 7    ? 0
                         : day_of_month <= 15 ? 1
                         : day_of_month <= 23 ? 2
                                              : 3;
  return {day_of_week, month_part, static_cast<int>(second / 21600)};
}

void record_order(db::Connection& c, const OrderFact& order) {
  static const std::string sql = insert_sql(/*add_on_conflict=*/true);
  FactRow row{.customer_id = order.customer_id};
  add(row, order);
  write(c, sql, row);
}

void recompute_customer(db::Connection& c, Id customer_id) {
  static const std::string insert = insert_sql(false);
  FactRow row{.customer_id = customer_id};
  {
    auto rows = c.query(std::string(kOrderFacts) + " AND o.customer_id = ?", customer_id);
    while (rows.next()) add(row, order_fact(rows));
  }
  c.exec("DELETE FROM customer_facts WHERE customer_id = ?", customer_id);
  if (row.orders > 0) write(c, insert, row);
}

std::int64_t rebuild_all(db::Database& db) {
  static const std::string insert = insert_sql(false);
  auto c = db.lease();
  db::Transaction tx(*c, db::TxMode::kWrite);
  // Orders are read in storage order (a sequential scan, no sort); the rows per customer are
  // held in memory, as the analytics engine holds facts anyway.
  std::unordered_map<Id, FactRow> by_customer;
  {
    auto rows = c->stream(kOrderFacts);
    while (rows.next()) {
      const OrderFact order = order_fact(rows);
      auto [it, inserted] = by_customer.try_emplace(order.customer_id);
      if (inserted) it->second.customer_id = order.customer_id;
      add(it->second, order);
    }
  }
  std::vector<const FactRow*> ordered;
  ordered.reserve(by_customer.size());
  for (const auto& entry : by_customer) ordered.push_back(&entry.second);
  // Inserting in key order appends to the table's b-tree instead of splitting pages at random.
  std::sort(ordered.begin(), ordered.end(),
            [](const FactRow* a, const FactRow* b) { return a->customer_id < b->customer_id; });
  c->exec("DELETE FROM customer_facts");
  for (const FactRow* row : ordered) write(*c, insert, *row);
  tx.commit();
  return static_cast<std::int64_t>(ordered.size());
}

}  // namespace cw::facts
