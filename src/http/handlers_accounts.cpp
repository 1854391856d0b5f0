#include "core/time.hpp"
#include "http/handlers.hpp"
#include "http/mapping.hpp"

namespace cw::http::handlers {
namespace {

Id customer_of(const Call& call) {
  return *call.principal->customer_id;
}

}  // namespace

Result<Reply> register_customer(Services& services, const Call& call) {
  CW_ASSIGN_OR_RETURN(auto body, parse_object(call.request.body));
  Fields fields(body);
  customers::Registration registration;
  registration.username = fields.text("username");
  registration.password = fields.text("password");
  registration.email = fields.text("email");
  registration.first_name = fields.text("first_name");
  registration.last_name = fields.text("last_name");
  registration.phone = fields.optional_text("phone");
  registration.gender = fields.optional_text("gender");
  registration.date_of_birth = fields.optional_text("date_of_birth");
  registration.occupation = fields.optional_text("occupation");
  if (const Json* address = fields.optional_object("address")) {
    registration.address = address_from(*address, "address", fields);
  }
  if (fields.error()) return fail(*fields.error());

  CW_ASSIGN_OR_RETURN(auto profile, services.accounts.register_customer(registration));
  return Reply{201, {{"id", profile.customer_id}, {"username", profile.username}}};
}

Result<Reply> login(Services& services, const Call& call) {
  CW_ASSIGN_OR_RETURN(auto body, parse_object(call.request.body));
  Fields fields(body);
  const std::string username = fields.text("username");
  const std::string password = fields.text("password");
  if (fields.error()) return fail(*fields.error());

  CW_ASSIGN_OR_RETURN(auto session, services.accounts.login(username, password));
  return Reply{200,
               {{"token", session.token},
                {"role", customers::role_name(session.role)},
                {"expires_at", format_timestamp(session.expires_at)}}};
}

Result<Reply> logout(Services& services, const Call& call) {
  services.accounts.logout(call.token);
  return Reply{204, nullptr};
}

Result<Reply> get_me(Services& services, const Call& call) {
  CW_ASSIGN_OR_RETURN(auto profile, services.accounts.profile(customer_of(call)));
  return Reply{200, to_json(profile)};
}

Result<Reply> update_me(Services& services, const Call& call) {
  CW_ASSIGN_OR_RETURN(auto body, parse_object(call.request.body));
  Fields fields(body);
  customers::ProfileUpdate update;
  update.email = fields.optional_text("email");
  update.first_name = fields.optional_text("first_name");
  update.last_name = fields.optional_text("last_name");
  update.phone = fields.optional_text("phone");
  update.gender = fields.optional_text("gender");
  update.date_of_birth = fields.optional_text("date_of_birth");
  update.occupation = fields.optional_text("occupation");
  update.password = fields.optional_text("password");
  if (const Json* address = fields.optional_object("address")) {
    update.address = address_from(*address, "address", fields);
  }
  if (fields.error()) return fail(*fields.error());

  CW_ASSIGN_OR_RETURN(auto profile,
                      services.accounts.update_profile(customer_of(call), update, call.token));
  return Reply{200, to_json(profile)};
}

Result<Reply> my_orders(Services& services, const Call& call) {
  const Money money{services.config};
  Json items = Json::array();
  for (const auto& summary : services.orders.history(customer_of(call))) {
    items.push_back(to_json(summary, money));
  }
  return Reply{200, {{"items", std::move(items)}}};
}

Result<Reply> find_customers(Services& services, const Call& call) {
  const auto external_ref = Query(call.request).text("external_ref");
  // Only a lookup by key: staff find one customer, they do not page through everyone.
  if (!external_ref) {
    return fail(
        Error::bad_request("missing_parameter", "external_ref is required.", "external_ref"));
  }
  Json items = Json::array();
  if (auto profile = services.accounts.profile_by_external_ref(*external_ref)) {
    items.push_back(to_json(*profile));
  }
  return Reply{200, {{"items", std::move(items)}}};
}

}  // namespace cw::http::handlers
