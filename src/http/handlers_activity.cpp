#include "http/handlers.hpp"
#include "http/mapping.hpp"

namespace cw::http::handlers {
namespace {

// The customer a visit belongs to: the caller's, when a customer token was sent.
std::optional<Id> calling_customer(const Call& call) {
  return call.principal ? call.principal->customer_id : std::nullopt;
}

}  // namespace

Result<Reply> start_visit(Services& services, const Call& call) {
  CW_ASSIGN_OR_RETURN(
      auto body, parse_object(call.request.body.empty() ? std::string("{}") : call.request.body));
  Fields fields(body);
  activity::NewVisit visit;
  visit.customer_id = calling_customer(call);
  visit.visitor_key = fields.optional_text("visitor_key");
  visit.source = fields.optional_text("source");
  visit.campaign_id = fields.optional_integer("campaign_id");
  if (fields.error()) return fail(*fields.error());
  CW_ASSIGN_OR_RETURN(auto started, services.activity.start_visit(visit));
  return Reply{201, to_json(started)};
}

Result<Reply> record_event(Services& services, const Call& call) {
  auto visit_id = parse_id(call.path_params[0]);
  if (!visit_id) return fail(Error::not_found("visit"));
  CW_ASSIGN_OR_RETURN(auto body, parse_object(call.request.body));
  Fields fields(body);
  const std::string kind_text = fields.text("kind");
  const Id product_id = fields.integer("product_id");
  const auto size = fields.optional_text("size");
  const std::int64_t quantity = fields.optional_integer("quantity").value_or(1);
  // An anonymous visit is written into by whoever holds its visitor key; a customer's only by
  // that customer (a staff token identifies no customer, so it writes into neither).
  activity::VisitWriter writer{calling_customer(call), fields.optional_text("visitor_key")};
  if (fields.error()) return fail(*fields.error());
  auto kind = activity::parse_event_kind(kind_text);
  if (!kind) {
    return fail(Error::bad_request("invalid_parameter",
                                   "kind must be one of view, cart_add, cart_remove.", "kind"));
  }
  CW_TRY(services.activity.record(*visit_id, *kind, product_id, size, quantity, writer));
  return Reply{201,
               {{"visit_id", *visit_id},
                {"kind", kind_text},
                {"product_id", product_id},
                {"size", size ? Json(*size) : Json(nullptr)},
                {"quantity", quantity}}};
}

}  // namespace cw::http::handlers
