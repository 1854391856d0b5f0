#pragma once
// What the transport hands to the route table and takes back: one HTTP request and its response,
// with no HTTP library in sight. The server (server.cpp, session.cpp) fills a Request from the
// wire and writes a Response to it; handlers, auth, problem+json and the tests' expectations only
// ever see these two.

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace cw::http {

struct Request {
  std::string method;  // "GET"
  std::string target;  // the request target as received: "/api/v1/products?q=boot%20x"
  std::string path;    // the target's path, percent-decoded: "/api/v1/products"
  // The query parameters, decoded ('+' is a space); a repeated name keeps every value in order.
  std::multimap<std::string, std::string> params;
  // Header fields in arrival order; names as sent (look them up with header()).
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;

  // The first value of a header field, by case-insensitive name; nullopt when absent.
  std::optional<std::string_view> header(std::string_view name) const;
  bool has_param(const std::string& name) const { return params.count(name) != 0; }
  // The first value of a query parameter; empty when absent.
  std::string param(const std::string& name) const;

  // Fills path and params from target.
  void split_target();
};

struct Response {
  int status = 200;
  std::string content_type;
  std::string body;
  // Extra header fields (Retry-After, Content-Disposition, ...).
  std::vector<std::pair<std::string, std::string>> headers;

  void set_header(std::string name, std::string value) {
    headers.emplace_back(std::move(name), std::move(value));
  }
  void set_content(std::string text, std::string type) {
    body = std::move(text);
    content_type = std::move(type);
  }
};

// "%41b" -> "Ab"; with `plus_is_space` (query strings) '+' is a space. A '%' not followed by two
// hex digits stays as it is.
std::string percent_decode(std::string_view text, bool plus_is_space);

}  // namespace cw::http
