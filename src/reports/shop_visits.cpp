// Reports on visits: visitors-without-orders (registered customers who visited and never ordered)
// and abandonment (sessions with something put in the cart that did not end in an order).
#include <map>

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
// non-cancelled order, both up to that moment.
std::vector<Registered> load_registered(const Context& ctx) {
  std::vector<Registered> out;
  auto rows = ctx.connection().query(
      "SELECT c.id, c.first_name, c.last_name, c.email, count(v.id), min(v.started_at), "
      "max(v.started_at), EXISTS (SELECT 1 FROM orders o WHERE o.customer_id = c.id AND "
      "o.status <> 'cancelled' AND o.placed_at < ?1) "
      "FROM customers c LEFT JOIN visits v ON v.customer_id = c.id AND v.started_at < ?1 "
      "WHERE c.created_at < ?1 GROUP BY c.id ORDER BY c.id",
      ctx.end());
  while (rows.next()) {
    Registered r;
    r.id = rows.integer(0);
    r.visits = rows.integer(4);
    r.ordered = rows.integer(7) != 0;
    if (r.visits > 0 && !r.ordered) {
      r.first_name = rows.text(1);
      r.last_name = rows.text(2);
      r.email = rows.opt_text(3).value_or("");
      r.first_visit = rows.integer(5);
      r.last_visit = rows.integer(6);
    }
    out.push_back(std::move(r));
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

struct Session {
  std::string source;  // "" when the visit has none
  bool carted = false;
  bool ordered = false;
};

// An imported session may carry its cart and its order as flags (migration 0094): had_cart,
// ended_in_order.
std::vector<Session> load_sessions(const Context& ctx) {
  std::vector<Session> out;
  auto rows = ctx.connection().query(
      "SELECT coalesce(v.source, ''), v.had_cart = 1 OR EXISTS (SELECT 1 FROM visit_events e "
      "WHERE e.visit_id = v.id AND e.kind = 'cart_add' AND e.at < ?1), v.ended_in_order = 1 OR "
      "EXISTS (SELECT 1 FROM orders o WHERE o.id = v.order_id AND o.status <> 'cancelled' AND "
      "o.placed_at < ?1) "
      "FROM visits v WHERE v.started_at < ?1",
      ctx.end());
  while (rows.next()) out.push_back({rows.text(0), rows.integer(1) != 0, rows.integer(2) != 0});
  return out;
}

Table abandonment_table(const std::vector<Session>& sessions, const Context& ctx) {
  struct Counts {
    std::int64_t sessions = 0, carted = 0, ordered = 0, abandoned = 0;
    void add(const Session& s) {
      ++sessions;
      carted += s.carted;
      ordered += s.carted && s.ordered;
      abandoned += s.carted && !s.ordered;
    }
  };
  Counts all;
  std::map<std::string, Counts> by_source;
  for (const Session& s : sessions) {
    all.add(s);
    by_source[s.source].add(s);
  }
  Table t = new_table("abandonment", ctx);
  auto& source = t.add("source", ColumnType::kText);
  auto& count = t.add("sessions", ColumnType::kInteger);
  auto& carted = t.add("sessions_with_cart", ColumnType::kInteger);
  auto& ordered = t.add("ordered", ColumnType::kInteger);
  auto& abandoned = t.add("abandoned", ColumnType::kInteger);
  auto& rate = t.add("abandonment_rate", ColumnType::kFraction);
  const auto row = [&](const std::string& name, const Counts& c) {
    source.push_text(name);
    count.push_int(c.sessions);
    carted.push_int(c.carted);
    ordered.push_int(c.ordered);
    abandoned.push_int(c.abandoned);
    detail::push_share(rate, static_cast<double>(c.abandoned), static_cast<double>(c.carted));
  };
  row("all", all);
  for (const auto& [name, c] : by_source)
    if (!name.empty()) row(name, c);
  if (auto it = by_source.find(""); it != by_source.end()) row("(none)", it->second);
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
