#pragma once
// Internal text helper shared by the promotions sources.

#include <string>
#include <string_view>

namespace cw::promotions::detail {

inline std::string trimmed(std::string_view text) {
  const auto first = text.find_first_not_of(" \t\r\n");
  if (first == std::string_view::npos) return {};
  const auto last = text.find_last_not_of(" \t\r\n");
  return std::string(text.substr(first, last - first + 1));
}

}  // namespace cw::promotions::detail
