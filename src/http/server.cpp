#include "http/server.hpp"

#include <spdlog/spdlog.h>
#include <sys/socket.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <thread>

#include "http/auth.hpp"
#include "http/fields.hpp"
#include "http/problem.hpp"
#include "http/router.hpp"

namespace cw::http {
namespace {

using SteadyClock = std::chrono::steady_clock;

// When the request being served on this thread started; set before routing, read by the logger.
// httplib serves a connection's requests one after another on one thread.
thread_local SteadyClock::time_point request_started{};

constexpr const char* kJson = "application/json";

}  // namespace

struct Server::Impl {
  Impl(db::Database& db, const Config& config, const Clock& clock)
      : config(config), services(db, config, clock), router(route_table()) {
    configure();
  }

  void configure();
  void dispatch(const httplib::Request& request, httplib::Response& response);

  const Config& config;
  Services services;
  Router router;
  httplib::Server server;
  // Lets stop() work even when it races with the start of listen().
  std::atomic<bool> stop_requested{false};
  std::atomic<bool> in_listen{false};
  int listen_socket = -1;  // captured when httplib creates it; see Server::bind()
};

void Server::Impl::configure() {
  const auto threads = static_cast<std::size_t>(std::max(1, config.http_threads));
  server.new_task_queue = [threads] { return new httplib::ThreadPool(threads); };
  // wrk and browsers keep connections open; httplib's default closes after 5 requests.
  server.set_keep_alive_max_count(10000);
  // httplib writes headers and body separately; with Nagle on, each response then waits ~40 ms
  // for the client's delayed ACK (measured: 180 requests/s instead of thousands).
  server.set_tcp_nodelay(true);
  server.set_payload_max_length(static_cast<std::size_t>(config.max_body_bytes));
  // Replaces httplib's default socket options (SO_REUSEADDR) and remembers the listening socket.
  server.set_socket_options([this](socket_t sock) {
    int yes = 1;
    ::setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
    listen_socket = sock;
  });

  server.set_pre_routing_handler([](const httplib::Request&, httplib::Response&) {
    request_started = SteadyClock::now();
    return httplib::Server::HandlerResponse::Unhandled;
  });

  // Every method goes through our own route table; httplib only parses and reads the body.
  auto dispatch_all = [this](const httplib::Request& req, httplib::Response& res) {
    dispatch(req, res);
  };
  server.Get(".*", dispatch_all);
  server.Post(".*", dispatch_all);
  server.Patch(".*", dispatch_all);
  server.Delete(".*", dispatch_all);
  server.Put(".*", dispatch_all);

  // Errors httplib produces itself (unreadable request 400, body over the limit 413, ...) get a
  // problem+json body; responses that already carry one are left alone.
  server.set_error_handler(
      httplib::Server::HandlerWithResponse([](const httplib::Request&, httplib::Response& res) {
        if (!res.body.empty()) return httplib::Server::HandlerResponse::Unhandled;
        if (res.status == 413) {
          write_problem(res, 413, "payload_too_large", "The request body is over the size limit.");
        } else {
          write_problem(res, res.status, res.status == 404 ? "not_found" : "bad_request",
                        "The request could not be processed.");
        }
        return httplib::Server::HandlerResponse::Handled;
      }));

  // The one place where an unexpected exception becomes a 500: logged with its context, and the
  // caller sees only a generic problem.
  server.set_exception_handler(
      [](const httplib::Request& req, httplib::Response& res, std::exception_ptr failure) {
        std::string what = "unknown exception";
        try {
          std::rethrow_exception(failure);
        } catch (const Failure& e) {
          what = e.error().message;
        } catch (const std::exception& e) {
          what = e.what();
        } catch (...) {
        }
        spdlog::error("{} {} failed: {}", req.method, req.path, what);
        write_problem(res, 500, "internal", "The server failed to answer this request.");
      });

  // One line per request. Only method, path (without the query), status and latency: never
  // headers (Authorization) or bodies (passwords).
  server.set_logger([](const httplib::Request& req, const httplib::Response& res) {
    if (!spdlog::should_log(spdlog::level::info)) return;
    double ms = 0;
    if (request_started != SteadyClock::time_point{}) {
      ms = std::chrono::duration<double, std::milli>(SteadyClock::now() - request_started).count();
    }
    request_started = {};
    spdlog::info("{} {} {} {:.2f}ms", req.method, req.path, res.status, ms);
  });
}

void Server::Impl::dispatch(const httplib::Request& request, httplib::Response& response) {
  Call call{request};
  bool path_known = false;
  const Route* route = router.match(request.method, request.path, call.path_params, path_known);
  if (!route) {
    if (path_known) {
      write_problem(response, 405, "method_not_allowed",
                    "This path does not answer " + request.method + ".");
    } else {
      write_problem(response, 404, "not_found", "No such path.");
    }
    return;
  }
  Result<Reply> reply = [&]() -> Result<Reply> {
    if (auto allowed = authorize(services.accounts, route->access, call); !allowed) {
      return fail(allowed.error());
    }
    return route->handler(services, call);
  }();
  if (!reply) {
    write_problem(response, reply.error());
    return;
  }
  response.status = reply->status;
  for (const auto& [name, value] : reply->headers) response.set_header(name, value);
  if (reply->status == 204) return;
  if (!reply->stored_body.empty()) {
    response.set_content(reply->stored_body, reply->content_type);
  } else if (!reply->raw_body.empty()) {
    const std::string type = reply->content_type.empty() ? kJson : reply->content_type;
    if (!response.has_header("Content-Encoding")) {
      response.set_content(reply->raw_body.data(), reply->raw_body.size(), type);
    } else {
      // Already encoded (the embedded web files): a sized provider, which httplib never
      // compresses again (it would gzip a text body a second time).
      response.set_content_provider(
          reply->raw_body.size(), type,
          [body = reply->raw_body](std::size_t offset, std::size_t size, httplib::DataSink& sink) {
            return sink.write(body.data() + offset, size);
          });
    }
  } else {
    response.set_content(dump(reply->body), kJson);
  }
}

Server::Server(db::Database& db, const Config& config, const Clock& clock)
    : impl_(std::make_unique<Impl>(db, config, clock)) {}

Server::~Server() {
  stop();
}

Result<int> Server::bind() {
  const Config& config = impl_->config;
  int port = config.port;
  if (port == 0) {
    port = impl_->server.bind_to_any_port(config.bind);
    if (port < 0) port = 0;
  } else if (!impl_->server.bind_to_port(config.bind, port)) {
    port = 0;
  }
  if (port <= 0) {
    return fail(
        Error::internal("cannot listen on " + config.bind + ":" + std::to_string(config.port)));
  }
  // Debian's compiled httplib 0.11 listens with a backlog of 5: a burst of clients (20 checkouts
  // at once, wrk -c32) overflows it and connections are dropped. Listening again on Linux raises
  // the backlog of the bound socket.
  if (impl_->listen_socket >= 0) ::listen(impl_->listen_socket, SOMAXCONN);
  return port;
}

void Server::listen() {
  impl_->in_listen = true;
  if (!impl_->stop_requested) impl_->server.listen_after_bind();
  impl_->in_listen = false;
}

void Server::stop() {
  if (!impl_) return;
  impl_->stop_requested = true;
  // listen() may have begun without httplib's loop running yet; wait for it so stop() is not lost.
  while (impl_->in_listen && !impl_->server.is_running()) std::this_thread::yield();
  impl_->server.stop();
}

}  // namespace cw::http
