#include "http/handlers.hpp"
#include "http/server.hpp"

namespace cw::http::handlers {

Result<Reply> health(Services&, const Call&) {
  return Reply{200, {{"status", "ok"}}};
}

Result<Reply> openapi(Services&, const Call&) {
  return Reply{200, nullptr, openapi_document()};
}

}  // namespace cw::http::handlers
