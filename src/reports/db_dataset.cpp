// The Dataset of the live shop: customer facts from the customer_facts table (or recomputed from
// orders for an as-of date before the newest order), demographics from customers and their
// default address, and single orders when a report needs them.
#include "reports/db_dataset.hpp"

#include <algorithm>
#include <charconv>
#include <future>
#include <limits>
#include <numeric>

namespace cw::reports {
namespace {

// Age in whole years at `as_of_day` of a "YYYY-MM-DD" birth date; -1 when unknown or malformed.
std::int32_t age_at(const std::string& birth, std::int32_t as_of_day) {
  if (birth.size() != 10 || birth[4] != '-' || birth[7] != '-') return -1;
  int y = 0, m = 0, d = 0;
  const char* s = birth.data();
  if (std::from_chars(s, s + 4, y).ec != std::errc{} ||
      std::from_chars(s + 5, s + 7, m).ec != std::errc{} ||
      std::from_chars(s + 8, s + 10, d).ec != std::errc{} || m < 1 || m > 12 || d < 1 || d > 31)
    return -1;
  const Civil now = civil_of(as_of_day);
  int age = now.year - y;
  if (now.month < m || (now.month == m && now.day < d)) --age;
  return age < 0 ? -1 : age;
}

void size_facts(CustomerFacts& f, std::size_t n) {
  f.first_order_day.reserve(n);
  f.last_order_day.reserve(n);
  f.orders.reserve(n);
  f.revenue.reserve(n);
  f.shipping.reserve(n);
  f.customer_id.reserve(n);
}

void mark_slots_present(CustomerFacts& f) {
  f.has_shipping = true;
  f.weekday.present = f.month_part.present = f.time_of_day.present = true;
}

// Reads the maintained facts table (rows ascend by customer id: it is the table's key); with
// kSnapshot only the first five columns, the ones the snapshot's reports read.
void read_facts_table(db::Connection& c, DatasetColumns columns, CustomerFacts& f) {
  const std::size_t n =
      static_cast<std::size_t>(c.scalar("SELECT count(*) FROM customer_facts").value_or(0));
  const bool all = columns == DatasetColumns::kAll;
  size_facts(f, n);
  if (all) {
    f.weekday.resize(0);
    f.month_part.resize(0);
    f.time_of_day.resize(0);
    for (auto& v : f.weekday.orders) v.reserve(n);
    for (auto& v : f.weekday.revenue) v.reserve(n);
    for (auto& v : f.month_part.orders) v.reserve(n);
    for (auto& v : f.month_part.revenue) v.reserve(n);
    for (auto& v : f.time_of_day.orders) v.reserve(n);
    for (auto& v : f.time_of_day.revenue) v.reserve(n);
  }
  auto rows = c.stream(
      all ? "SELECT customer_id, first_order_at, last_order_at, orders, revenue, shipping, "
            "orders_dow0, orders_dow1, orders_dow2, orders_dow3, orders_dow4, orders_dow5, "
            "orders_dow6, revenue_dow0, revenue_dow1, revenue_dow2, revenue_dow3, revenue_dow4, "
            "revenue_dow5, revenue_dow6, orders_mp0, orders_mp1, orders_mp2, orders_mp3, "
            "revenue_mp0, revenue_mp1, revenue_mp2, revenue_mp3, orders_tod0, orders_tod1, "
            "orders_tod2, orders_tod3, revenue_tod0, revenue_tod1, revenue_tod2, revenue_tod3 "
            "FROM customer_facts WHERE orders > 0 ORDER BY customer_id"
          : "SELECT customer_id, first_order_at, last_order_at, orders, revenue "
            "FROM customer_facts WHERE orders > 0 ORDER BY customer_id");
  while (rows.next()) {
    f.customer_id.push_back(rows.integer(0));
    f.first_order_day.push_back(day_of_unix(rows.integer(1)));
    f.last_order_day.push_back(day_of_unix(rows.integer(2)));
    f.orders.push_back(rows.integer(3));
    f.revenue.push_back(rows.integer(4));
    if (!all) continue;
    f.shipping.push_back(rows.integer(5));
    int col = 6;
    for (int s = 0; s < kWeekdays; ++s) f.weekday.orders[s].push_back(rows.integer(col++));
    for (int s = 0; s < kWeekdays; ++s) f.weekday.revenue[s].push_back(rows.integer(col++));
    for (int s = 0; s < kMonthParts; ++s) f.month_part.orders[s].push_back(rows.integer(col++));
    for (int s = 0; s < kMonthParts; ++s) f.month_part.revenue[s].push_back(rows.integer(col++));
    for (int s = 0; s < kTimesOfDay; ++s) f.time_of_day.orders[s].push_back(rows.integer(col++));
    for (int s = 0; s < kTimesOfDay; ++s) f.time_of_day.revenue[s].push_back(rows.integer(col++));
  }
  if (all) mark_slots_present(f);
}

struct ShopOrder {
  std::int64_t customer_id;
  std::int64_t placed_at;
  Minor revenue;
  Minor shipping;
};

// `orders` (in id order) grouped by customer, ascending, each customer's oldest first; equal
// times keep id order. Customer ids are row ids, dense as a rule: a counting sort groups them in
// two passes (a comparison sort of 3M orders costs half a second); sparse ids fall back to it.
std::vector<ShopOrder> group_by_customer(std::vector<ShopOrder> orders) {
  const auto by_time = [](const ShopOrder& a, const ShopOrder& b) {
    return a.placed_at < b.placed_at;
  };
  if (orders.empty()) return orders;
  const auto [low, high] = std::minmax_element(
      orders.begin(), orders.end(),
      [](const ShopOrder& a, const ShopOrder& b) { return a.customer_id < b.customer_id; });
  const auto first_id = low->customer_id;
  const auto span = static_cast<std::uint64_t>(high->customer_id - first_id) + 1;
  if (span > 4 * orders.size() + 1024) {
    std::stable_sort(orders.begin(), orders.end(), [&](const ShopOrder& a, const ShopOrder& b) {
      return a.customer_id != b.customer_id ? a.customer_id < b.customer_id : by_time(a, b);
    });
    return orders;
  }
  std::vector<std::uint32_t> next(span + 1, 0);
  for (const ShopOrder& o : orders) ++next[static_cast<std::size_t>(o.customer_id - first_id) + 1];
  for (std::size_t k = 1; k < next.size(); ++k) next[k] += next[k - 1];
  std::vector<ShopOrder> out(orders.size());
  for (const ShopOrder& o : orders)
    out[next[static_cast<std::size_t>(o.customer_id - first_id)]++] = o;
  // Ids grow with time, so a customer's orders are nearly always in time order already.
  for (auto run = out.begin(); run != out.end();) {
    const auto end = std::find_if(
        run, out.end(), [&](const ShopOrder& o) { return o.customer_id != run->customer_id; });
    if (!std::is_sorted(run, end, by_time)) std::stable_sort(run, end, by_time);
    run = end;
  }
  return out;
}

// Non-cancelled orders placed before `end` (exclusive) of the customers with ids in
// (after, upto], appended to `out` grouped by customer, oldest first (ties by id): one pass over
// that part of the covering index orders_customer (SQLite, migration 0109), which holds every
// column read here in that order.
void read_customer_orders(db::Connection& c, std::int64_t end, std::int64_t after,
                          std::int64_t upto, std::vector<ShopOrder>& out) {
  auto rows = c.stream(
      "SELECT customer_id, placed_at, subtotal - discount, shipping FROM orders "
      "INDEXED BY orders_customer WHERE customer_id > ? AND customer_id <= ? "
      "AND status <> 'cancelled' AND placed_at < ? ORDER BY customer_id, placed_at, id",
      after, upto, end);
  while (rows.next())
    out.push_back({rows.integer(0), rows.integer(1), rows.integer(2), rows.integer(3)});
}

// Non-cancelled orders placed before `end` (exclusive), grouped by customer, oldest first (ties
// by id).
//
// SQLite: through the covering index (read_customer_orders). With `db` given, the upper half of
// the customer ids is read on a second connection beside the lower half on `c` (the read is the
// longest step of a snapshot: 10M orders take ~1.6 s). Its transaction must see what `c`'s sees:
// every change to an order's columns read here moves the data version (migration 0070), so an
// equal `version` means the same rows; otherwise that half is read on `c` after the first.
//
// PostgreSQL: in id order, which is one sequential pass over the table, and sorted here (its
// index-only scans depend on the visibility map: not measured). Walking a customer index that
// does not cover the columns costs a random table read per order (30x slower at 1M orders,
// docs/performance.md "Snapshots").
std::vector<ShopOrder> read_orders(db::Connection& c, db::Database* db, std::int64_t version,
                                   std::int64_t end, std::size_t expected) {
  // Reserved from the facts' order count, when known: growing a vector of 10M orders by
  // doubling copies it and touches twice its memory (a tenth of the load's time).
  std::vector<ShopOrder> out;
  out.reserve(expected);
  if (c.dialect() == db::Dialect::kPostgres) {
    auto rows = c.stream(
        "SELECT customer_id, placed_at, subtotal - discount, shipping FROM orders "
        "WHERE status <> 'cancelled' AND placed_at < ? ORDER BY id",
        end);
    while (rows.next())
      out.push_back({rows.integer(0), rows.integer(1), rows.integer(2), rows.integer(3)});
    return group_by_customer(std::move(out));
  }
  const std::int64_t last = c.scalar("SELECT max(customer_id) FROM orders").value_or(0);
  const std::int64_t middle = db ? last / 2 : last;
  std::vector<ShopOrder> upper;
  upper.reserve(expected / 2);
  auto upper_read = std::async(std::launch::async, [&] {
    if (middle == last) return false;
    auto other = db->lease();
    db::Transaction same(*other, db::TxMode::kRead);
    if (data_version(*other) != version) return false;
    read_customer_orders(*other, end, middle, last, upper);
    same.commit();
    return true;
  });
  read_customer_orders(c, end, std::numeric_limits<std::int64_t>::min(), middle, out);
  if (!upper_read.get()) {
    upper.clear();
    read_customer_orders(c, end, middle, last, upper);
  }
  out.insert(out.end(), upper.begin(), upper.end());
  return out;
}

// Facts of every customer from their orders (the as-of date is before the newest order).
void facts_from_orders(const std::vector<ShopOrder>& orders, CustomerFacts& f) {
  std::size_t customers = 0;
  for (std::size_t i = 0; i < orders.size(); ++i)
    customers += i == 0 || orders[i].customer_id != orders[i - 1].customer_id;
  size_facts(f, customers);
  f.weekday.resize(customers);
  f.month_part.resize(customers);
  f.time_of_day.resize(customers);
  std::size_t row = 0;
  for (std::size_t i = 0; i < orders.size(); ++i) {
    const ShopOrder& o = orders[i];
    const std::int32_t day = day_of_unix(o.placed_at);
    if (i == 0 || o.customer_id != orders[i - 1].customer_id) {
      row = f.customer_id.size();
      f.customer_id.push_back(o.customer_id);
      f.first_order_day.push_back(day);
      f.last_order_day.push_back(day);
      f.orders.push_back(0);
      f.revenue.push_back(0);
      f.shipping.push_back(0);
    }
    f.last_order_day[row] = day;  // orders ascend by time within a customer
    ++f.orders[row];
    f.revenue[row] += o.revenue;
    f.shipping[row] += o.shipping;
    const int w = weekday_of(day), p = month_part_of(day),
              t = time_of_day_of(second_of_day(o.placed_at));
    ++f.weekday.orders[w][row];
    f.weekday.revenue[w][row] += o.revenue;
    ++f.month_part.orders[p][row];
    f.month_part.revenue[p][row] += o.revenue;
    ++f.time_of_day.orders[t][row];
    f.time_of_day.revenue[t][row] += o.revenue;
  }
  mark_slots_present(f);
}

void fill_order_list(const std::vector<ShopOrder>& orders, const CustomerFacts& f,
                     OrderList& list) {
  list.customer_row.reserve(orders.size());
  list.day.reserve(orders.size());
  list.second.reserve(orders.size());
  list.amount.reserve(orders.size());
  std::size_t row = 0;
  for (const ShopOrder& o : orders) {
    // Both ascend by customer id, so the row advances with the orders.
    while (row < f.size() && f.customer_id[row] < o.customer_id) ++row;
    if (row == f.size() || f.customer_id[row] != o.customer_id) continue;
    list.customer_row.push_back(static_cast<std::int32_t>(row));
    list.day.push_back(day_of_unix(o.placed_at));
    list.second.push_back(second_of_day(o.placed_at));
    list.amount.push_back(o.revenue);
  }
  list.has_time_of_day = true;
}

// Age at the as-of date, gender, occupation and the default address's city of every customer
// with facts; unknown values stay -1 / "".
void read_demographics(db::Connection& c, std::int32_t as_of_day, CustomerFacts& f) {
  const std::size_t n = f.size();
  f.age.assign(n, -1);
  f.gender.assign(n, {});
  f.occupation.assign(n, {});
  f.city.assign(n, {});
  f.has_age = f.has_gender = f.has_occupation = f.has_city = true;
  f.age_at_as_of = true;
  auto rows = c.stream(
      "SELECT c.id, c.date_of_birth, c.gender, c.occupation, a.city FROM customers c "
      "LEFT JOIN addresses a ON a.customer_id = c.id AND a.is_default = 1 ORDER BY c.id");
  std::size_t row = 0;
  while (rows.next() && row < n) {
    const std::int64_t id = rows.integer(0);
    while (row < n && f.customer_id[row] < id) ++row;
    if (row == n || f.customer_id[row] != id) continue;
    if (!rows.is_null(1)) f.age[row] = age_at(rows.text(1), as_of_day);
    if (!rows.is_null(2)) f.gender[row] = rows.text(2);
    if (!rows.is_null(3)) f.occupation[row] = rows.text(3);
    if (!rows.is_null(4)) f.city[row] = rows.text(4);
  }
}

}  // namespace

Dataset detail::load_in_transaction(db::Connection& c, db::Database* db, std::int64_t version,
                                    const LoadOptions& options, DatasetColumns columns) {
  Dataset data;
  const std::int64_t end = end_of_day(options.as_of_day);
  const auto newest = c.scalar("SELECT max(placed_at) FROM orders");
  const bool facts_current = !newest || *newest < end;
  std::vector<ShopOrder> orders;
  if (facts_current) {
    read_facts_table(c, columns, data.facts);
    if (options.keep_orders) {
      const std::int64_t known =
          std::accumulate(data.facts.orders.begin(), data.facts.orders.end(), std::int64_t{0});
      // A little over the facts' count: the halves' split is by customer, not by order.
      orders = read_orders(c, db, version, end, static_cast<std::size_t>(known + known / 16));
    }
  } else {
    orders = read_orders(c, db, version, end, 0);
    facts_from_orders(orders, data.facts);
    data.orders_after_as_of =
        c.scalar("SELECT count(*) FROM orders WHERE status <> 'cancelled' AND placed_at >= ?", end)
            .value_or(0);
  }
  if (options.keep_orders) {
    fill_order_list(orders, data.facts, data.orders);
    data.has_orders = true;
  }
  if (columns == DatasetColumns::kAll) read_demographics(c, options.as_of_day, data.facts);
  data.rows_read = static_cast<std::int64_t>(orders.size());
  return data;
}

std::int64_t data_version(db::Connection& connection) {
  return connection.scalar("SELECT version FROM reports_data_version WHERE id = 1").value_or(0);
}

Result<Dataset> load_dataset(db::Database& db, const LoadOptions& options) {
  auto c = db.lease();
  db::Transaction snapshot(*c, db::TxMode::kRead);
  Dataset data =
      detail::load_in_transaction(*c, &db, data_version(*c), options, DatasetColumns::kAll);
  snapshot.commit();
  return data;
}

Result<std::shared_ptr<const Dataset>> DatasetCache::get(db::Database& db,
                                                         const LoadOptions& options) {
  MutexLock lock(mutex_);
  auto c = db.lease();
  db::Transaction snapshot(*c, db::TxMode::kRead);
  const std::int64_t version = data_version(*c);
  if (data_ && version == version_ && options.as_of_day == as_of_day_ &&
      (has_orders_ || !options.keep_orders)) {
    snapshot.commit();
    return data_;
  }
  auto data = std::make_shared<const Dataset>(
      detail::load_in_transaction(*c, &db, version, options, columns_));
  snapshot.commit();
  data_ = data;
  version_ = version;
  as_of_day_ = options.as_of_day;
  has_orders_ = options.keep_orders;
  return data;
}

}  // namespace cw::reports
