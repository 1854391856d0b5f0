#pragma once
// The HTTP API server: routes under /api/v1, JSON bodies, application/problem+json errors,
// bearer-token authentication, one log line per request. Boost.Asio/Beast underneath (I/O threads
// that never block, a bounded worker pool for the handlers; docs/architecture.md "HTTP
// transport"). This header includes no HTTP or JSON library, so the CLI and tests can use it
// cheaply.

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

// Applies config.log_level and config.log_format ("text": spdlog's usual lines; "json": one JSON
// object per line with time, level and either msg or a request's method, path, status and ms)
// to spdlog's default logger. `cartwise serve` calls it; tests may, on a capturing logger.
void configure_logging(const Config& config);

class Server {
 public:
  // Uses config.bind, config.port (0 = an ephemeral port), the http_* keys, max_body_bytes and
  // log_format (docs/configuration.md). Starts the worker pool (http_threads threads, which
  // inherit the caller's signal mask). The database, config and clock must outlive the server.
  // `analytics` (config analytics_database; nullptr: `db`) serves the analytics reads.
  Server(db::Database& db, const Config& config, const Clock& clock,
         db::Database* analytics = nullptr);
  // Stops (see stop()), then finishes the jobs the pool has admitted.
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // Binds the listening socket (SO_REUSEADDR, backlog SOMAXCONN); answers the bound port, which
  // is an ephemeral one when config.port is 0. 500-kind error when it cannot bind.
  Result<int> bind();
  // Serves until stop() is called from another thread: runs the I/O threads (this one among
  // them). Call after bind(); once per server.
  void listen();
  // Graceful stop: no new connections, idle ones closed, requests in flight finish and their
  // connections close; after http_shutdown_grace_ms whatever is left is closed. Returns when
  // listen() has returned. Safe from any thread but an I/O thread, more than once, and before
  // listen() (which then returns at once).
  void stop();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace cw::http
