// Reports on visits: visitors-without-orders (registered customers who visited and never ordered)
// and abandonment (sessions with something put in the cart that did not end in an order).
#include <algorithm>
#include <map>
#include <optional>
#include <vector>

#include "reports/shop_helpers.hpp"

namespace cw::reports::shop {
namespace {

struct Registered {
  std::int64_t id = 0;
  std::string first_name, last_name, email;
  std::int64_t visits = 0;
  std::int64_t first_visit = 0, last_visit = 0;  // unix seconds, valid when visits > 0
  bool ordered = false;
};

// Customers registered before the end of the as-of day, with their visits and whether they have a
// non-cancelled order, both up to that moment: the loaded orders and visits (shop_inputs.hpp)
// merged in customer order (a correlated EXISTS on orders per customer took 25 s on a
// 1M-customer shop). Names and emails, which only the list shows, are read for its rows alone.
std::vector<Registered> load_registered(const Context& ctx) {
  const std::int64_t end = ctx.end();
  const auto orders = order_inputs(ctx);  // by customer
  const auto in = visit_inputs(ctx);      // customers by id, visits by customer then time
  std::vector<Registered> out;
  std::size_t o = 0, v = 0;
  for (std::size_t i = 0; i < in->customer_id.size(); ++i) {
    if (in->customer_created_at[i] >= end) continue;
    Registered r;
    r.id = in->customer_id[i];
    while (o < orders->size() && orders->customer_id[o] < r.id) ++o;
    for (std::size_t k = o; k < orders->size() && orders->customer_id[k] == r.id && !r.ordered; ++k)
      r.ordered = orders->placed_at[k] < end;
    while (v < in->visit_customer.size() && in->visit_customer[v] < r.id) ++v;
    // Visits are by time within a customer: those before `end` come first.
    for (std::size_t k = v; k < in->visit_customer.size() && in->visit_customer[k] == r.id &&
                            in->visit_started_at[k] < end;
         ++k) {
      if (r.visits++ == 0) r.first_visit = in->visit_started_at[k];
      r.last_visit = in->visit_started_at[k];
    }
    out.push_back(std::move(r));
  }
  if (!ctx.options.list) return out;
  for (Registered& r : out) {
    if (r.visits == 0 || r.ordered) continue;
    auto rows = ctx.connection().query(
        "SELECT first_name, last_name, email FROM customers WHERE id = ?", r.id);
    if (!rows.next()) continue;
    r.first_name = rows.text(0);
    r.last_name = rows.text(1);
    r.email = rows.opt_text(2).value_or("");
  }
  return out;
}

Table visitors_table(const std::vector<Registered>& customers, const Context& ctx) {
  Table t = new_table("visitors-without-orders", ctx);
  if (ctx.options.list) {
    auto& id = t.add("customer_id", ColumnType::kInteger);
    auto& first = t.add("first_name", ColumnType::kText);
    auto& last = t.add("last_name", ColumnType::kText);
    auto& email = t.add("email", ColumnType::kText);
    auto& visits = t.add("visits", ColumnType::kInteger);
    auto& first_visit = t.add("first_visit", ColumnType::kDate);
    auto& last_visit = t.add("last_visit", ColumnType::kDate);
    for (const Registered& r : customers) {
      if (r.visits == 0 || r.ordered) continue;
      id.push_int(r.id);
      first.push_text(r.first_name);
      last.push_text(r.last_name);
      email.push_text(r.email);
      visits.push_int(r.visits);
      first_visit.push_int(day_of_unix(r.first_visit));
      last_visit.push_int(day_of_unix(r.last_visit));
    }
    return t;
  }
  std::int64_t ordered = 0, visited_only = 0, neither = 0;
  for (const Registered& r : customers) {
    if (r.ordered)
      ++ordered;
    else if (r.visits > 0)
      ++visited_only;
    else
      ++neither;
  }
  const double all = static_cast<double>(customers.size());
  auto& group = t.add("group", ColumnType::kText);
  auto& count = t.add("customers", ColumnType::kInteger);
  auto& share = t.add("share_of_registered", ColumnType::kFraction);
  const auto row = [&](const char* name, std::int64_t n) {
    group.push_text(name);
    count.push_int(n);
    detail::push_share(share, static_cast<double>(n), all);
  };
  row("registered", static_cast<std::int64_t>(customers.size()));
  row("with an order", ordered);
  row("visited, never ordered", visited_only);
  row("never visited, never ordered", neither);
  return t;
}

// Sessions of one source (or of all): how many, how many put something in the cart, and of those
// how many ended in a non-cancelled order and how many did not.
struct SessionCounts {
  std::int64_t sessions = 0, carted = 0, ordered = 0, abandoned = 0;
  void add(bool has_cart, bool has_order) {
    ++sessions;
    carted += has_cart;
    ordered += has_cart && has_order;
    abandoned += has_cart && !has_order;
  }
};

struct Sessions {
  SessionCounts all;
  std::map<std::string, SessionCounts> by_source;  // "" for visits without a source
};

// The ids a query answers, as one bit per id: row ids are dense, so the set stays small (1.7 MB
// for 14M visits) and membership costs no lookup.
std::vector<bool> id_set(db::Rows rows) {
  std::vector<bool> out;
  while (rows.next()) {
    const auto id = static_cast<std::size_t>(rows.integer(0));
    if (id >= out.size()) out.resize(std::max(id + 1, out.size() * 2));
    out[id] = true;
  }
  return out;
}

bool contains(const std::vector<bool>& set, std::optional<std::int64_t> id) {
  return id && *id >= 0 && static_cast<std::size_t>(*id) < set.size() &&
         set[static_cast<std::size_t>(*id)];
}

// Counts the visits started before `end` into `out`: one sequential pass over the table. Whether a
// visit put something in its cart is its had_cart flag (kept by a trigger on its cart events,
// migration 0108); an imported session may carry its order as a flag too (migration 0094,
// ended_in_order). Otherwise its order counts unless it is in `not_counted`. A missing order is 0,
// never an order's id: one column read fewer per visit.
void count_sessions(db::Connection& c, std::int64_t end, const std::vector<bool>& not_counted,
                    Sessions& out) {
  auto rows = c.stream(
      "SELECT coalesce(source, ''), coalesce(order_id, 0), had_cart, ended_in_order FROM visits "
      "WHERE started_at < ? ORDER BY id",  // the table's order: no random reads by started_at
      end);
  // Visits of one source tend to come together: look the map up only when the source changes.
  std::string source;
  SessionCounts* counts = &out.by_source[source];
  while (rows.next()) {
    if (std::string next = rows.text(0); next != source) {
      source = std::move(next);
      counts = &out.by_source[source];
    }
    const bool has_cart = rows.integer(2) == 1;
    const std::int64_t order = rows.integer(1);
    const bool has_order = rows.integer(3) == 1 || (order != 0 && !contains(not_counted, order));
    out.all.add(has_cart, has_order);
    counts->add(has_cart, has_order);
  }
}

// The sessions started before the as-of moment, by source. A visit's order counts unless it is
// cancelled or placed after that moment: those few orders come from two indexes (the orders that
// do count were a scan of the whole table, a fifth of a snapshot's work at 10M orders). A visit's
// order_id always names an existing order (ON DELETE SET NULL). Counting the two halves of the
// visits on two connections was tried and was not faster (docs/performance.md "Snapshots").
Sessions load_sessions(const Context& ctx) {
  db::Connection& c = ctx.connection();
  const std::vector<bool> not_counted =
      id_set(c.query("SELECT id FROM orders WHERE status = 'cancelled' UNION ALL "
                     "SELECT id FROM orders WHERE placed_at >= ? AND status <> 'cancelled'",
                     ctx.end()));
  Sessions out;
  count_sessions(c, ctx.end(), not_counted, out);
  std::erase_if(out.by_source, [](const auto& entry) { return entry.second.sessions == 0; });
  return out;
}

Table abandonment_table(const Sessions& sessions, const Context& ctx) {
  Table t = new_table("abandonment", ctx);
  auto& source = t.add("source", ColumnType::kText);
  auto& count = t.add("sessions", ColumnType::kInteger);
  auto& carted = t.add("sessions_with_cart", ColumnType::kInteger);
  auto& ordered = t.add("ordered", ColumnType::kInteger);
  auto& abandoned = t.add("abandoned", ColumnType::kInteger);
  auto& rate = t.add("abandonment_rate", ColumnType::kFraction);
  const auto row = [&](const std::string& name, const SessionCounts& c) {
    source.push_text(name);
    count.push_int(c.sessions);
    carted.push_int(c.carted);
    ordered.push_int(c.ordered);
    abandoned.push_int(c.abandoned);
    detail::push_share(rate, static_cast<double>(c.abandoned), static_cast<double>(c.carted));
  };
  row("all", sessions.all);
  for (const auto& [name, c] : sessions.by_source)
    if (!name.empty()) row(name, c);
  if (auto it = sessions.by_source.find(""); it != sessions.by_source.end())
    row("(none)", it->second);
  return t;
}

}  // namespace

Result<Table> visitors_without_orders(const Context& ctx) {
  return visitors_table(load_registered(ctx), ctx);
}

Result<Table> abandonment(const Context& ctx) {
  return abandonment_table(load_sessions(ctx), ctx);
}

}  // namespace cw::reports::shop
