#pragma once
// Errors as application/problem+json (RFC 9457): {type, title, status, detail, code, field?}.
// The one place where an ErrorKind becomes an HTTP status.

#include <string>
#include <string_view>

#include "core/error.hpp"
#include "http/request.hpp"

namespace cw::http {

inline constexpr const char* kProblemContentType = "application/problem+json";

int status_of(ErrorKind kind);
// The reason phrase used as the problem's title ("Conflict").
std::string_view title_of(int status);

// The problem+json text of an error (status from its kind), for responses stored and replayed.
std::string problem_body(const Error& error);

// Sets res.status, the problem+json body and its content type, and Retry-After when the error
// says when to try again (429, 503).
void write_problem(Response& res, const Error& error);
// For statuses that do not come from an Error (the transport's own 400/408/413/431/503, unknown
// routes, 405).
void write_problem(Response& res, int status, std::string_view code, std::string_view detail);

}  // namespace cw::http
