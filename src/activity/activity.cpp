// Activity: visits and their events. Writes are single conditional statements, so a failed
// check never leaves a half-written event behind and no transaction is held open.
#include "activity/activity.hpp"

#include <cstdint>
#include <random>
#include <string>

namespace cw::activity {
namespace {

constexpr const char* kVisitColumns =
    "SELECT id, customer_id, visitor_key, started_at, source, campaign_id, order_id FROM visits"
    " WHERE id = ?";

Visit read_visit(db::Rows& rows) {
  Visit v;
  v.id = rows.integer(0);
  v.customer_id = rows.opt_integer(1);
  v.visitor_key = rows.opt_text(2);
  v.started_at = from_unix(rows.integer(3));
  v.source = rows.opt_text(4);
  v.campaign_id = rows.opt_integer(5);
  v.order_id = rows.opt_integer(6);
  return v;
}

Error unknown_customer() {
  return Error::unprocessable("unknown_customer", "No such customer.", "customer_id");
}

// The visit may take the writer's events: its own customer's visit, or an anonymous visit whose
// key the writer presents. NULL never equals anything, so an absent customer or key matches no
// visit.
constexpr const char* kWriterOwnsVisit =
    "(customer_id = ? OR (customer_id IS NULL AND visitor_key = ?))";

// 16 random bytes as hex: the key of an anonymous visit started without one.
std::string new_visitor_key() {
  static constexpr char kHex[] = "0123456789abcdef";
  std::random_device random;  // reads the kernel's random source
  std::string key;
  for (int i = 0; i < 4; ++i) {
    const std::uint32_t word = random();
    for (int shift = 0; shift < 32; shift += 4) key += kHex[(word >> shift) & 0xF];
  }
  return key;
}

// After a conditional insert changed nothing: names the first check that failed.
Error why_not_recorded(db::Connection& c, Id visit_id, Id product_id,
                       const std::optional<std::string>& size, const VisitWriter& writer) {
  const bool visit_visible =
      c.scalar(std::string("SELECT 1 FROM visits WHERE id = ? AND ") + kWriterOwnsVisit, visit_id,
               writer.customer_id, writer.visitor_key)
          .has_value();
  if (!visit_visible) return Error::not_found("visit");
  if (!c.scalar("SELECT 1 FROM products WHERE id = ?", product_id))
    return Error::unprocessable("unknown_product", "No such product.", "product_id");
  if (size)
    return Error::unprocessable("unknown_size", "The product does not come in that size.", "size");
  return Error::internal("visit event not recorded for no known reason");
}

}  // namespace

std::string_view to_string(EventKind kind) {
  switch (kind) {
    case EventKind::kCartAdd:
      return "cart_add";
    case EventKind::kCartRemove:
      return "cart_remove";
    case EventKind::kView:
      break;
  }
  return "view";
}

std::optional<EventKind> parse_event_kind(std::string_view name) {
  if (name == "view") return EventKind::kView;
  if (name == "cart_add") return EventKind::kCartAdd;
  if (name == "cart_remove") return EventKind::kCartRemove;
  return std::nullopt;
}

Result<Visit> Activity::start_visit(const NewVisit& visit) {
  std::optional<std::string> visitor_key = visit.visitor_key;
  if (!visit.customer_id && !visitor_key) visitor_key = new_visitor_key();
  auto c = db_.lease();
  try {
    // The foreign key decides whether the customer exists, so a customer deleted meanwhile
    // cannot slip through a separate check.
    auto rows = c->query(
        "INSERT INTO visits (customer_id, visitor_key, started_at, source, campaign_id)"
        " VALUES (?, ?, ?, ?, ?)"
        " RETURNING id, customer_id, visitor_key, started_at, source, campaign_id, order_id",
        visit.customer_id, visitor_key, to_unix(clock_.now()), visit.source, visit.campaign_id);
    if (!rows.next()) throw Failure(Error::internal("INSERT INTO visits returned no row"));
    return read_visit(rows);
  } catch (const db::ConstraintError& e) {
    if (e.kind() == db::ConstraintError::Kind::kForeignKey) return fail(unknown_customer());
    throw;
  }
}

Result<bool> Activity::record(Id visit_id, EventKind kind, Id product_id,
                              const std::optional<std::string>& size, std::int64_t quantity,
                              const VisitWriter& writer) {
  if (quantity <= 0)
    return fail(
        Error::unprocessable("invalid_quantity", "The quantity must be at least 1.", "quantity"));
  auto c = db_.lease();
  const std::int64_t inserted = c->exec(
      "INSERT INTO visit_events (visit_id, kind, product_id, size, quantity, at)"
      " SELECT ?, ?, ?, ?, ?, ?"
      " WHERE EXISTS (SELECT 1 FROM visits WHERE id = ? AND " +
          std::string(kWriterOwnsVisit) +
          ")"
          " AND EXISTS (SELECT 1 FROM products WHERE id = ?)"
          " AND (CAST(? AS TEXT) IS NULL OR EXISTS"
          " (SELECT 1 FROM product_sizes WHERE product_id = ? AND size = ?))",
      visit_id, to_string(kind), product_id, size, quantity, to_unix(clock_.now()), visit_id,
      writer.customer_id, writer.visitor_key, product_id, size, product_id, size);
  if (inserted == 1) return true;
  return fail(why_not_recorded(*c, visit_id, product_id, size, writer));
}

Result<bool> Activity::mark_ordered(Id visit_id, Id order_id) {
  auto c = db_.lease();
  return mark_ordered(*c, visit_id, order_id);
}

Result<bool> Activity::mark_ordered(db::Connection& c, Id visit_id, Id order_id) {
  const auto order_customer = c.scalar("SELECT customer_id FROM orders WHERE id = ?", order_id);
  if (!order_customer) return fail(Error::not_found("order"));
  try {
    const std::int64_t changed = c.exec(
        "UPDATE visits SET order_id = ? WHERE id = ? AND (customer_id IS NULL OR customer_id = ?)",
        order_id, visit_id, *order_customer);
    if (changed == 0) return fail(Error::not_found("visit"));
  } catch (const db::ConstraintError& e) {
    // The order was deleted between the check and the update (a purge of cancelled orders).
    if (e.kind() == db::ConstraintError::Kind::kForeignKey) return fail(Error::not_found("order"));
    throw;
  }
  return true;
}

Result<Visit> Activity::get_visit(Id visit_id, std::optional<Id> only_customer) const {
  auto c = db_.lease();
  auto rows = c->query(kVisitColumns, visit_id);
  if (!rows.next()) return fail(Error::not_found("visit"));
  Visit visit = read_visit(rows);
  if (only_customer && visit.customer_id != only_customer) return fail(Error::not_found("visit"));
  return visit;
}

}  // namespace cw::activity
