#include "http/problem.hpp"

#include <nlohmann/json.hpp>
#include <string>

namespace cw::http {

int status_of(ErrorKind kind) {
  switch (kind) {
    case ErrorKind::kBadRequest:
      return 400;
    case ErrorKind::kUnauthenticated:
      return 401;
    case ErrorKind::kForbidden:
      return 403;
    case ErrorKind::kNotFound:
      return 404;
    case ErrorKind::kConflict:
      return 409;
    case ErrorKind::kPayloadTooLarge:
      return 413;
    case ErrorKind::kUnprocessable:
      return 422;
    case ErrorKind::kTooManyRequests:
      return 429;
    case ErrorKind::kInternal:
      return 500;
  }
  return 500;
}

std::string_view title_of(int status) {
  switch (status) {
    case 400:
      return "Bad Request";
    case 401:
      return "Unauthorized";
    case 403:
      return "Forbidden";
    case 404:
      return "Not Found";
    case 405:
      return "Method Not Allowed";
    case 408:
      return "Request Timeout";
    case 409:
      return "Conflict";
    case 413:
      return "Content Too Large";
    case 415:
      return "Unsupported Media Type";
    case 422:
      return "Unprocessable Content";
    case 429:
      return "Too Many Requests";
    case 431:
      return "Request Header Fields Too Large";
    case 500:
      return "Internal Server Error";
    case 503:
      return "Service Unavailable";
    default:
      return status < 500 ? "Client Error" : "Server Error";
  }
}

namespace {

std::string body_of(int status, std::string_view code, std::string_view detail,
                    std::string_view field) {
  nlohmann::json body = {
      {"type", "urn:cartwise:problem:" + std::string(code)},
      {"title", title_of(status)},
      {"status", status},
      {"detail", detail},
      {"code", code},
  };
  if (!field.empty()) body["field"] = field;
  return body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

void write(Response& res, int status, std::string_view code, std::string_view detail,
           std::string_view field) {
  res.status = status;
  res.set_content(body_of(status, code, detail, field), kProblemContentType);
}

}  // namespace

std::string problem_body(const Error& error) {
  return body_of(status_of(error.kind), error.code, error.message, error.field);
}

void write_problem(Response& res, const Error& error) {
  write(res, status_of(error.kind), error.code, error.message, error.field);
  if (error.retry_after) res.set_header("Retry-After", std::to_string(*error.retry_after));
}

void write_problem(Response& res, int status, std::string_view code, std::string_view detail) {
  write(res, status, code, detail, {});
}

}  // namespace cw::http
