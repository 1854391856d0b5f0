#pragma once
// Visits (sessions) of customers or anonymous visitors, with product views and cart additions,
// so that "visited but never ordered" and cart abandonment can be computed.
// Owns tables visits, visit_events.

#include <optional>
#include <string>
#include <string_view>

#include "core/clock.hpp"
#include "core/error.hpp"
#include "core/ids.hpp"
#include "db/database.hpp"

namespace cw::activity {

enum class EventKind { kView, kCartAdd, kCartRemove };

// "view", "cart_add", "cart_remove": the names stored and shown at the edges.
std::string_view to_string(EventKind kind);
std::optional<EventKind> parse_event_kind(std::string_view name);

struct NewVisit {
  std::optional<Id> customer_id;
  std::optional<std::string> visitor_key;  // anonymous visitors
  std::optional<std::string> source;
  std::optional<Id> campaign_id;
};

// Who writes into a visit. A customer's visit takes events only from that customer; an anonymous
// visit only from a caller that presents its visitor key (staff are neither, so they cannot).
struct VisitWriter {
  std::optional<Id> customer_id;
  std::optional<std::string> visitor_key;
};

struct Visit {
  Id id = 0;
  std::optional<Id> customer_id;
  std::optional<std::string> visitor_key;
  Timestamp started_at;
  std::optional<std::string> source;
  std::optional<Id> campaign_id;
  std::optional<Id> order_id;
};

class Activity {
 public:
  Activity(db::Database& db, const Clock& clock) : db_(db), clock_(clock) {}

  // 422 unknown_customer when customer_id is set and does not exist. An anonymous visit without a
  // visitor key gets a random one (32 hex digits): it is what lets its visitor write into it.
  Result<Visit> start_visit(const NewVisit& visit);
  // 404 when the visit is unknown or `writer` may not write into it (see VisitWriter: never
  // reveal that another's visit exists); 422 unknown_product; 422 invalid_quantity; 422
  // unknown_size (field "size") when a size is given that the product does not come in.
  // Checks in this order: quantity (field "quantity"), visit, product (field "product_id"), size.
  Result<bool> record(Id visit_id, EventKind kind, Id product_id,
                      const std::optional<std::string>& size, std::int64_t quantity,
                      const VisitWriter& writer);
  // Links the visit to the order it ended in (404 unknown visit or order). A visit of another
  // customer than the order's is 404 "visit"; an anonymous visit may be linked to any order.
  // Marking again replaces the link.
  Result<bool> mark_ordered(Id visit_id, Id order_id);
  // The same on `c`, inside its current transaction (for the checkout transaction). One
  // conditional UPDATE: no read-then-write race.
  static Result<bool> mark_ordered(db::Connection& c, Id visit_id, Id order_id);

  // 404 when unknown, or, with `only_customer`, when the visit is not that customer's
  // (anonymous visits included).
  Result<Visit> get_visit(Id visit_id, std::optional<Id> only_customer = std::nullopt) const;

 private:
  db::Database& db_;
  const Clock& clock_;
};

}  // namespace cw::activity
