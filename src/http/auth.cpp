#include "http/auth.hpp"

#include <algorithm>
#include <cctype>

namespace cw::http {
namespace {

constexpr std::string_view kBearer = "Bearer ";

// The token of the Authorization header; empty view when the header is absent.
Result<std::string_view> bearer_token(const Request& request) {
  const auto header = request.header("Authorization");
  if (!header) return std::string_view();
  const std::string_view value = *header;
  if (value.size() <= kBearer.size() ||
      !std::equal(kBearer.begin(), kBearer.end(), value.begin(),
                  [](char a, char b) { return std::tolower(a) == std::tolower(b); })) {
    return fail(Error{ErrorKind::kUnauthenticated,
                      "invalid_token",
                      "The Authorization header must be \"Bearer TOKEN\".",
                      {}});
  }
  return value.substr(kBearer.size());
}

}  // namespace

bool is_staff_for_orders(const customers::Principal& principal) {
  return principal.role == customers::Role::kWarehouse || principal.role == customers::Role::kAdmin;
}

bool is_staff_for_promotions(const customers::Principal& principal) {
  return principal.role == customers::Role::kAnalyst || principal.role == customers::Role::kAdmin;
}

Result<bool> authorize(customers::Accounts& accounts, Access access, Call& call,
                       db::Connection* on) {
  if (access == Access::kPublic) return true;
  auto token = bearer_token(call.request);
  if (access == Access::kViewer) {
    // Public pages only personalise: a stale or foreign token must not break browsing.
    if (!token || token->empty()) return true;
    if (auto principal = accounts.authenticate(*token, on)) {
      call.token = *token;
      call.principal = std::move(*principal);
    }
    return true;
  }
  CW_TRY(token);
  if (token->empty()) {
    if (access == Access::kOptional) return true;
    return fail(Error::unauthenticated("This request needs \"Authorization: Bearer TOKEN\"."));
  }
  CW_ASSIGN_OR_RETURN(auto principal, accounts.authenticate(*token, on));
  call.token = *token;
  call.principal = std::move(principal);
  if (access == Access::kCustomer && call.principal->role != customers::Role::kCustomer) {
    return fail(Error::forbidden("This request needs a customer account."));
  }
  if (access == Access::kWarehouse && !is_staff_for_orders(*call.principal)) {
    return fail(Error::forbidden("This request needs a warehouse or admin account."));
  }
  if (access == Access::kMarketing && !is_staff_for_promotions(*call.principal)) {
    return fail(Error::forbidden("This request needs an analyst or admin account."));
  }
  if (access == Access::kAdmin && call.principal->role != customers::Role::kAdmin) {
    return fail(Error::forbidden("This request needs an admin account."));
  }
  return true;
}

}  // namespace cw::http
