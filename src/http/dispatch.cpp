#include "http/dispatch.hpp"

#include <spdlog/spdlog.h>

#include "db/group_commit.hpp"
#include "http/access_log.hpp"
#include "http/auth.hpp"
#include "http/fields.hpp"
#include "http/problem.hpp"

namespace cw::http {
namespace {

constexpr const char* kJson = "application/json";

// A deadlock or serialization failure that persisted past the group commit's bounded retry
// (db/group_commit.hpp) is the database being busy, not a bug: 503 with Retry-After (its Error
// carries the seconds), so a client tries again instead of reporting a failure.
bool is_conflict_past_retries(const Error& error) {
  return error.code == db::kConflictRetryCode;
}

void write_conflict(Response& response, const Error& error) {
  write_problem(response, 503, db::kConflictRetryCode,
                "The database was busy with conflicting changes; nothing was kept. Try again.");
  response.set_header("Retry-After", std::to_string(error.retry_after.value_or(1)));
}

Response to_response(Result<Reply> reply) {
  Response response;
  if (!reply) {
    if (is_conflict_past_retries(reply.error())) {
      write_conflict(response, reply.error());
    } else {
      write_problem(response, reply.error());
    }
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
  return to_response([&]() -> Result<Reply> {
    CW_TRY(authorize(services.accounts, match.route->access, call));
    return match.route->handler(services, call);
  }());
}

// The 503 of a database conflict, logged as a warning: worth watching, not a failure.
Response conflict_answer(const Request& request, const Error& error) {
  spdlog::warn("{} {}: {}", escape_for_log(request.method), loggable_path(request.target),
               escape_for_log(error.message));
  Response response;
  write_conflict(response, error);
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

namespace {

// The one place where an unexpected exception becomes a 500: logged with its context, and the
// caller sees only a generic problem.
template <typename Answering>
Response guarded(const Request& request, Answering&& answering) {
  std::string what = "unknown exception";
  try {
    return answering();
  } catch (const db::RetryableError& e) {
    // A conflict on a path that does not retry (only group commit does): still the database
    // being busy, and its transaction was rolled back.
    return conflict_answer(request, e.error());
  } catch (const Failure& e) {
    if (is_conflict_past_retries(e.error())) return conflict_answer(request, e.error());
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

}  // namespace

Response Dispatcher::run(const Match& match, const Request& request) {
  return guarded(request, [&] { return answer(match, request, services_); });
}

bool Dispatcher::defer(const Match& match, const Request& request, Answer answer) {
  if (!match.route || !match.route->deferred) return false;
  const Call call{request, match.path_params, {}, {}};
  try {
    return match.route->deferred(services_, call, std::move(answer));
  } catch (...) {
    // Nothing was handed over (a deferred form hands over last): the worker path answers it.
    return false;
  }
}

Response Dispatcher::finish(const Finish& finish, const Request& request) {
  return guarded(request, [&] { return to_response(finish()); });
}

}  // namespace cw::http
