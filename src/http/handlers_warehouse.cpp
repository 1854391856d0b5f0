#include "http/handlers.hpp"
#include "http/mapping.hpp"

namespace cw::http::handlers {
namespace {

// The `status` parameter; nullopt when absent, 400 invalid_parameter when not a status.
Result<std::optional<orders::Status>> status_parameter(const Call& call) {
  auto text = Query(call.request).text("status");
  if (!text) return std::nullopt;
  auto status = orders::parse_status(*text);
  if (!status) {
    return fail(Error::bad_request("invalid_parameter",
                                   "status must be one of placed, shipped, delivered, cancelled.",
                                   "status"));
  }
  return status;
}

}  // namespace

Result<Reply> warehouse_orders(Services& services, const Call& call) {
  Query query(call.request);
  const auto external_ref = query.text("external_ref");
  // A lookup by external reference finds the order whatever its status, unless one is asked for.
  CW_ASSIGN_OR_RETURN(const auto status, status_parameter(call));
  const auto limit = query.integer("limit", 1, 5000).value_or(500);
  if (query.error()) return fail(*query.error());
  const Money money{services.config};
  Json items = Json::array();
  if (external_ref) {
    auto order = services.orders.find_by_external_ref(*external_ref);
    if (order && (!status || order->status == *status)) items.push_back(to_json(*order, money));
    return Reply{200, {{"items", std::move(items)}}};
  }
  const auto listed = status.value_or(orders::Status::kPlaced);
  for (const auto& order : services.warehouse.orders_in(listed, static_cast<int>(limit))) {
    items.push_back(to_json(order, money));
  }
  return Reply{200, {{"items", std::move(items)}}};
}

Result<Reply> purge_orders(Services& services, const Call& call) {
  CW_ASSIGN_OR_RETURN(const auto status, status_parameter(call));
  if (!status) {
    return fail(Error::bad_request("missing_parameter", "status is required.", "status"));
  }
  // Only cancelled orders may be purged: anything else would erase sales history.
  if (*status != orders::Status::kCancelled) {
    return fail(
        Error::bad_request("invalid_parameter", "Only status=cancelled can be purged.", "status"));
  }
  return Reply{200, {{"purged", services.orders.purge_cancelled()}}};
}

Result<Reply> stock(Services& services, const Call& call) {
  Query query(call.request);
  auto product_id = query.integer("product_id", 1, std::numeric_limits<std::int64_t>::max());
  if (query.error()) return fail(*query.error());
  CW_ASSIGN_OR_RETURN(auto rows, services.warehouse.stock(product_id));
  Json items = Json::array();
  for (const auto& row : rows) items.push_back(to_json(row));
  return Reply{200, {{"items", std::move(items)}}};
}

Result<Reply> restock(Services& services, const Call& call) {
  CW_ASSIGN_OR_RETURN(auto body, parse_object(call.request.body));
  Fields fields(body);
  const Id product_id = fields.integer("product_id");
  const std::string size = fields.text("size");
  const std::int64_t quantity = fields.integer("quantity");
  if (fields.error()) return fail(*fields.error());
  CW_ASSIGN_OR_RETURN(auto row, services.warehouse.restock(product_id, size, quantity));
  return Reply{200, to_json(row)};
}

}  // namespace cw::http::handlers
