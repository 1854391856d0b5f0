#pragma once
// JSON text written straight into a string, for replies on hot paths: a checkout's order took
// 8-10 µs as a Json tree (a hundred small allocations) and its dump, a tenth of the server's CPU
// per order. Each function writes exactly the bytes dump() gives for the Json that mapping.hpp
// builds from the same value (keys in the tree's sorted order), so clients cannot tell them apart.

#include <string>
#include <string_view>

#include "http/mapping.hpp"
#include "http/router.hpp"

namespace cw::http {

// `text` as a JSON string, escaped as dump() escapes it (invalid UTF-8 replaced by U+FFFD).
void append_json_string(std::string& out, std::string_view text);

// The same as dump(to_json(order, money)).
void append_order_json(std::string& out, const orders::Order& order, const Money& money);

// A 200 reply whose body is JSON text already written.
Reply json_text_reply(std::string body);

}  // namespace cw::http
