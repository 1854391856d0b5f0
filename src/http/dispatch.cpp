#include "http/dispatch.hpp"

#include <spdlog/spdlog.h>

#include "http/access_log.hpp"
#include "http/auth.hpp"
#include "http/fields.hpp"
#include "http/problem.hpp"

namespace cw::http {
namespace {

constexpr const char* kJson = "application/json";

Response answer(const Match& match, const Request& request, Services& services) {
  Response response;
  if (!match.route) {
    if (match.path_known) {
      write_problem(response, 405, "method_not_allowed",
                    "This path does not answer " + request.method + ".");
    } else {
      write_problem(response, 404, "not_found", "No such path.");
    }
    return response;
  }
  Call call{request, match.path_params, {}, {}};
  Result<Reply> reply = [&]() -> Result<Reply> {
    CW_TRY(authorize(services.accounts, match.route->access, call));
    return match.route->handler(services, call);
  }();
  if (!reply) {
    write_problem(response, reply.error());
    return response;
  }
  response.status = reply->status;
  for (auto& [name, value] : reply->headers) response.set_header(name, value);
  if (reply->status == 204) return response;
  if (!reply->stored_body.empty()) {
    response.set_content(std::move(reply->stored_body), reply->content_type);
  } else if (!reply->raw_body.empty()) {
    response.set_content(std::string(reply->raw_body),
                         reply->content_type.empty() ? std::string(kJson) : reply->content_type);
  } else {
    response.set_content(dump(reply->body), kJson);
  }
  return response;
}

}  // namespace

Dispatcher::Dispatcher(db::Database& db, const Config& config, const Clock& clock,
                       db::Database* analytics)
    : services_(db, config, clock, analytics), router_(route_table()) {}

Match Dispatcher::match(const Request& request) const {
  Match found;
  found.route = router_.match(request.method, request.path, found.path_params, found.path_known);
  return found;
}

// The one place where an unexpected exception becomes a 500: logged with its context, and the
// caller sees only a generic problem.
Response Dispatcher::run(const Match& match, const Request& request) {
  std::string what = "unknown exception";
  try {
    return answer(match, request, services_);
  } catch (const Failure& e) {
    what = e.error().message;
  } catch (const std::exception& e) {
    what = e.what();
  } catch (...) {
  }
  spdlog::error("{} {} failed: {}", escape_for_log(request.method), loggable_path(request.target),
                escape_for_log(what));
  Response response;
  write_problem(response, 500, "internal", "The server failed to answer this request.");
  return response;
}

}  // namespace cw::http
