#pragma once
// Bearer-token authentication and the role rules of the route table.

#include "http/router.hpp"

namespace cw::http {

// Applies `access` to the call: reads "Authorization: Bearer TOKEN" (only when the route needs
// or accepts it), authenticates it and checks the role. Fills call.principal and call.token.
// kViewer never fails: an invalid token leaves the call anonymous.
// 401 unauthenticated (no token) / invalid_token; 403 forbidden (wrong role). Reads the token's
// session on `on` when given (see Accounts::authenticate).
Result<bool> authorize(customers::Accounts& accounts, Access access, Call& call,
                       db::Connection* on = nullptr);

bool is_staff_for_orders(const customers::Principal& principal);      // warehouse or admin
bool is_staff_for_promotions(const customers::Principal& principal);  // analyst or admin

}  // namespace cw::http
