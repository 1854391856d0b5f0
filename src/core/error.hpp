#pragma once
// The one error type of Cartwise. Domain code returns Result<T>; the edges (HTTP, CLI) map
// ErrorKind to a status code or exit code and show `code`, `message` and `field` to the user.

#include <optional>
#include <string>
#include <tl/expected.hpp>
#include <utility>

namespace cw {

// What kind of failure it is; decides the HTTP status (see docs/api.md). A 4xx kind always means
// nothing was changed.
enum class ErrorKind {
  kBadRequest,       // 400: malformed input, wrong type, missing field
  kUnauthenticated,  // 401: no or bad credentials
  kForbidden,        // 403: authenticated, wrong role
  kNotFound,         // 404: unknown id, or someone else's resource
  kConflict,         // 409: state conflict (duplicate, stock, illegal transition)
  kPayloadTooLarge,  // 413
  kUnprocessable,    // 422: well-formed but invalid
  kTooManyRequests,  // 429
  kInternal,         // 500: a bug or an environment failure (disk, database)
};

struct Error {
  ErrorKind kind = ErrorKind::kInternal;
  std::string code;     // stable snake_case identifier, e.g. "insufficient_stock"
  std::string message;  // one human sentence, safe to show to the caller
  std::string field;    // the offending input field, empty when none
  // For 429 and 503: how many seconds the caller should wait before trying again (the HTTP
  // edge sends it as Retry-After).
  std::optional<int> retry_after;

  static Error bad_request(std::string code, std::string message, std::string field = {}) {
    return {ErrorKind::kBadRequest, std::move(code), std::move(message), std::move(field)};
  }
  static Error unauthenticated(std::string message) {
    return {ErrorKind::kUnauthenticated, "unauthenticated", std::move(message), {}};
  }
  static Error forbidden(std::string message) {
    return {ErrorKind::kForbidden, "forbidden", std::move(message), {}};
  }
  static Error not_found(std::string what) {
    return {ErrorKind::kNotFound, "not_found", std::move(what) + " not found", {}};
  }
  static Error conflict(std::string code, std::string message, std::string field = {}) {
    return {ErrorKind::kConflict, std::move(code), std::move(message), std::move(field)};
  }
  static Error unprocessable(std::string code, std::string message, std::string field = {}) {
    return {ErrorKind::kUnprocessable, std::move(code), std::move(message), std::move(field)};
  }
  static Error internal(std::string message) {
    return {ErrorKind::kInternal, "internal", std::move(message), {}};
  }
};

template <typename T>
using Result = tl::expected<T, Error>;

// Shorthand for returning an error from a function that returns Result<T>.
inline tl::unexpected<Error> fail(Error e) {
  return tl::unexpected<Error>(std::move(e));
}

// Thrown only for what ends an operation unexpectedly (database I/O failure, broken invariant);
// expected failures travel as Result. The edges turn it into a 500 or exit code 1.
class Failure : public std::exception {
 public:
  explicit Failure(Error error) : error_(std::move(error)) {}
  const Error& error() const noexcept { return error_; }
  const char* what() const noexcept override { return error_.message.c_str(); }

 private:
  Error error_;
};

}  // namespace cw
