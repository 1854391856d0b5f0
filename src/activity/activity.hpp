#pragma once
// Visits (sessions) of customers or anonymous visitors, with product views and cart additions,
// so that "visited but never ordered" and cart abandonment can be computed.
// Owns tables visits, visit_events.

#include <optional>
#include <string>

#include "core/clock.hpp"
#include "core/error.hpp"
#include "core/ids.hpp"
#include "db/database.hpp"

namespace cw::activity {

enum class EventKind { kView, kCartAdd, kCartRemove };

struct NewVisit {
  std::optional<Id> customer_id;
  std::optional<std::string> visitor_key;  // anonymous visitors
  std::optional<std::string> source;
  std::optional<Id> campaign_id;
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

  // 422 unknown_customer when customer_id is set and does not exist.
  Result<Visit> start_visit(const NewVisit& visit);
  // 404 unknown visit; 422 unknown_product; 422 invalid_quantity. With `only_customer`, a visit
  // of another customer is 404.
  Result<bool> record(Id visit_id, EventKind kind, Id product_id,
                      const std::optional<std::string>& size, std::int64_t quantity,
                      std::optional<Id> only_customer = std::nullopt);
  // Links the visit to the order it ended in (404 unknown visit or order).
  Result<bool> mark_ordered(Id visit_id, Id order_id);

 private:
  db::Database& db_;
  const Clock& clock_;
};

}  // namespace cw::activity
