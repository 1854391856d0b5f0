#pragma once
// The request log: one line per request with the method, the path as received (never decoded,
// never the query), the status and the latency; never headers or bodies. Every byte a client
// chose is escaped, so that no request can forge a line, a terminal escape or a NUL. Internal to
// the http module.

#include <string>
#include <string_view>

namespace cw::http {

// Printable ASCII stays as it is, '\' becomes "\\", every other byte (control characters, DEL,
// bytes of non-ASCII characters) becomes \xNN with two lower-case hex digits.
std::string escape_for_log(std::string_view text);

// The path of a request target as received ("/a%0ab?q=1" -> "/a%0ab"), escaped.
std::string loggable_path(std::string_view target);

struct RequestLine {
  std::string_view method;  // as received; "-" when the request line was never read
  std::string_view target;  // as received; "-" likewise
  int status = 0;
  double ms = 0;
};

// Logs `line` at info: "GET /api/v1/me 200 0.42ms" as text, or, with `json`, the members
// method, path, status and ms of the JSON line (see configure_logging in server.hpp).
void log_request(const RequestLine& line, bool json);

}  // namespace cw::http
