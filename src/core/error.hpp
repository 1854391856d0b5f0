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

// [[nodiscard]]: an Error built and dropped is a failure nobody hears of.
struct [[nodiscard]] Error {
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

// A value or the Error that prevented it. [[nodiscard]] so that a dropped Result (an ignored
// failure) does not compile under -Werror: an attribute on an alias template is ignored by GCC
// and tl::expected cannot be annotated from outside, so Result is a thin class over it that adds
// nothing else. Everything of tl::expected works (has_value, *, ->, error, value_or, map,
// and_then, ...); the monadic members answer tl::expected, which converts back to Result. Drop a
// result on purpose with a cast to void and a comment saying why.
template <typename T>
class [[nodiscard]] Result : public tl::expected<T, Error> {
 public:
  using Base = tl::expected<T, Error>;
  using Base::Base;
  Result() = default;
  Result(const Base& other) : Base(other) {}        // NOLINT(google-explicit-constructor)
  Result(Base&& other) : Base(std::move(other)) {}  // NOLINT(google-explicit-constructor)
};

// Shorthand for returning an error from a function that returns Result<T>.
inline tl::unexpected<Error> fail(Error e) {
  return tl::unexpected<Error>(std::move(e));
}

// CW_TRY(expr): evaluates `expr` (a Result); on failure returns its Error from the enclosing
// function, which must return a Result.
#define CW_TRY(...)                                                            \
  do {                                                                         \
    auto&& cw_try_result_ = (__VA_ARGS__);                                     \
    if (!cw_try_result_) return ::cw::fail(std::move(cw_try_result_).error()); \
  } while (false)

// CW_ASSIGN_OR_RETURN(lhs, expr): evaluates `expr` (a Result); on failure returns its Error from
// the enclosing function, otherwise moves the value into `lhs`, which may be a declaration
// (`auto x`, `const Type& y`) or an existing variable. One statement; not for an if without
// braces.
#define CW_ASSIGN_OR_RETURN(lhs, ...) \
  CW_ASSIGN_OR_RETURN_IMPL(CW_ERROR_CONCAT(cw_result_, __LINE__), lhs, __VA_ARGS__)
#define CW_ASSIGN_OR_RETURN_IMPL(tmp, lhs, ...)        \
  auto tmp = (__VA_ARGS__);                            \
  if (!tmp) return ::cw::fail(std::move(tmp).error()); \
  lhs = std::move(*tmp)
#define CW_ERROR_CONCAT(a, b) CW_ERROR_CONCAT_INNER(a, b)
#define CW_ERROR_CONCAT_INNER(a, b) a##b

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
