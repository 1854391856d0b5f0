#pragma once
// The HTTP API server (cpp-httplib hidden inside): routes under /api/v1, JSON bodies,
// application/problem+json errors, bearer-token authentication, one log line per request.
// This header includes no HTTP or JSON library, so the CLI and tests can use it cheaply.

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.hpp"
#include "core/config.hpp"
#include "core/error.hpp"
#include "db/database.hpp"

namespace cw::http {

// One entry of the route table: "GET", "/api/v1/products/{id}". Lets tests and docs check that
// every route is documented in the OpenAPI document.
struct RouteInfo {
  std::string method;
  std::string path;
};

// Every route the server answers, in table order.
std::vector<RouteInfo> route_list();

// The OpenAPI 3 document served at GET /api/v1/openapi.json (embedded at build time).
std::string_view openapi_document();

class Server {
 public:
  // Uses config.bind, config.port (0 = an ephemeral port), config.http_threads and
  // config.max_body_bytes. The database, config and clock must outlive the server.
  Server(db::Database& db, const Config& config, const Clock& clock);
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // Binds the listening socket; answers the bound port. 500-kind error when it cannot bind.
  Result<int> bind();
  // Serves until stop() is called from another thread. Call after bind().
  void listen();
  // Stops listen(); safe to call from any thread, more than once, and before listen() (which
  // then returns at once).
  void stop();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace cw::http
