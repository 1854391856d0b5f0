#include "http/auth.hpp"
#include "http/handlers.hpp"
#include "http/idempotent.hpp"
#include "http/json_text.hpp"
#include "http/mapping.hpp"

namespace cw::http::handlers {
namespace {

// Orders are visible to their customer and to warehouse or admin staff.
Result<bool> may_handle_orders(const customers::Principal& principal) {
  if (principal.role == customers::Role::kCustomer || is_staff_for_orders(principal)) return true;
  return fail(Error::forbidden("Orders are for their customer, warehouse or admin accounts."));
}

Result<Reply> order_reply(const Result<orders::Order>& order, const Services& services,
                          int status = 200) {
  CW_TRY(order);
  std::string body;
  append_order_json(body, *order, Money{services.config});
  Reply reply = json_text_reply(std::move(body));
  reply.status = status;
  return reply;
}

using Transition = Result<orders::Order> (orders::Orders::*)(Id, std::optional<Id>);

Result<Reply> advance(Services& services, const Call& call, Transition transition) {
  auto id = parse_id(call.path_params[0]);
  if (!id) return fail(Error::not_found("order"));
  return order_reply((services.orders.*transition)(*id, call.principal->account_id), services);
}

// A body member that may name at most one reward: `reward_token` once, as a string. A list,
// a repeated member or a `reward_tokens` member is refused rather than half-used.
std::optional<std::string> reward_token_of(const Json& body, int occurrences, Fields& fields) {
  constexpr const char* kField = "reward_token";
  auto too_many = [&](const char* field) {
    fields.fail(Error::unprocessable("one_reward_per_order",
                                     "An order takes at most one reward_token (a string).", field));
    return std::nullopt;
  };
  if (occurrences > 1) return too_many(kField);
  if (body.contains("reward_tokens")) return too_many("reward_tokens");
  auto member = body.find(kField);
  if (member != body.end() && member->is_array() && member->size() > 1) return too_many(kField);
  return fields.optional_text(kField);
}

// An empty or blank code or token is the same as none.
std::optional<std::string> unless_blank(std::optional<std::string> text) {
  if (text && text->find_first_not_of(" \t\r\n") == std::string::npos) return std::nullopt;
  return text;
}

// The order in a checkout's body; who places it is left to the caller.
Result<orders::OrderRequest> order_request(const Request& http_request) {
  int token_members = 0;
  CW_ASSIGN_OR_RETURN(auto body, parse_object(http_request.body, "reward_token", token_members));
  Fields fields(body);
  orders::OrderRequest request;
  if (const Json* lines = fields.array("lines")) {
    for (std::size_t i = 0; i < lines->size() && !fields.error(); ++i) {
      const std::string prefix = "lines[" + std::to_string(i) + "]";
      const Json& line = (*lines)[i];
      if (!line.is_object()) {
        fields.fail(Error::bad_request("invalid_type", prefix + " must be an object.", prefix));
        break;
      }
      Fields line_fields(line, prefix);
      orders::LineRequest parsed;
      parsed.product_id = line_fields.integer("product_id");
      parsed.size = line_fields.text("size");
      parsed.quantity = line_fields.integer("quantity");
      if (line_fields.error()) fields.fail(*line_fields.error());
      request.lines.push_back(std::move(parsed));
    }
  }
  if (const Json* ship_to = fields.optional_object("ship_to")) {
    request.ship_to = address_from(*ship_to, "ship_to", fields);
  }
  request.coupon_code = unless_blank(fields.optional_text("coupon_code"));
  request.reward_token = unless_blank(reward_token_of(body, token_members, fields));
  if (fields.error()) return fail(*fields.error());
  return request;
}

Result<Reply> place(Services& services, const Call& call) {
  CW_ASSIGN_OR_RETURN(auto request, order_request(call.request));
  request.customer_id = *call.principal->customer_id;
  request.account_id = call.principal->account_id;
  return order_reply(services.orders.place(request), services, 201);
}

}  // namespace

Result<Reply> place_order(Services& services, const Call& call) {
  const auto key = call.request.header(kIdempotencyHeader);
  if (!key) return place(services, call);
  return run_idempotent(services, call, std::string(*key), place);
}

bool place_order_later(Services& services, const Call& call, Answer answer) {
  // A keyed checkout stores its response with the order (idempotent.cpp): the worker path.
  if (call.request.header(kIdempotencyHeader)) return false;
  // Authentication happens in the order's unit, on the writer's connection, before the body's
  // errors are reported: the same order of errors as place_order (401/403, then 400/422).
  Request credentials;
  if (auto authorization = call.request.header("Authorization")) {
    credentials.headers.emplace_back("Authorization", std::string(*authorization));
  }
  Result<orders::OrderRequest> parsed = order_request(call.request);
  orders::OrderRequest request = parsed ? std::move(*parsed) : orders::OrderRequest{};
  auto identify = [&services, credentials = std::move(credentials),
                   refused = parsed ? std::nullopt : std::optional<Error>(parsed.error())](
                      db::Connection& c, orders::OrderRequest& order) -> Result<bool> {
    Call who{credentials};
    CW_TRY(authorize(services.accounts, Access::kCustomer, who, &c));
    if (refused) return fail(*refused);
    order.customer_id = *who.principal->customer_id;
    order.account_id = who.principal->account_id;
    return true;
  };
  auto placed = [&services, answer = std::move(answer)](orders::Orders::Outcome outcome) {
    answer([&services, outcome = std::move(outcome)] {
      return order_reply(outcome(), services, 201);
    });
  };
  return services.orders.place_later(std::move(request), std::move(identify), std::move(placed),
                                     static_cast<std::size_t>(services.config.http_queue));
}

Result<Reply> get_order(Services& services, const Call& call) {
  const auto& principal = *call.principal;
  CW_TRY(may_handle_orders(principal));
  auto id = parse_id(call.path_params[0]);
  if (!id) return fail(Error::not_found("order"));
  if (principal.customer_id) {
    return order_reply(services.orders.get_for_customer(*id, *principal.customer_id), services);
  }
  return order_reply(services.orders.get(*id), services);
}

Result<Reply> ship_order(Services& services, const Call& call) {
  return advance(services, call, &orders::Orders::ship);
}

Result<Reply> deliver_order(Services& services, const Call& call) {
  return advance(services, call, &orders::Orders::deliver);
}

Result<Reply> cancel_order(Services& services, const Call& call) {
  const auto& principal = *call.principal;
  CW_TRY(may_handle_orders(principal));
  auto id = parse_id(call.path_params[0]);
  if (!id) return fail(Error::not_found("order"));
  // A customer may cancel only their own order; someone else's is reported as not found.
  return order_reply(
      services.orders.cancel(
          *id, principal.account_id,
          principal.role == customers::Role::kCustomer ? principal.customer_id : std::nullopt),
      services);
}

}  // namespace cw::http::handlers
