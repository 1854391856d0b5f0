#pragma once
// The one shape of every input-file error: kBadRequest, a stable code, and a one-line message
// that starts with the 1-based physical line number ("line 7: amount '-3' is negative").

#include <cstdint>
#include <string>

#include "core/error.hpp"

namespace cw::csv {

inline Error input_error(std::string code, std::int64_t line, const std::string& reason,
                         std::string field = {}) {
  return Error::bad_request(std::move(code), "line " + std::to_string(line) + ": " + reason,
                            std::move(field));
}

// At most this many bytes of a value are quoted back in a message: the line stays one line.
std::string quoted_excerpt(std::string_view value);

}  // namespace cw::csv
