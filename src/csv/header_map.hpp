#pragma once
// Finds columns of a CSV header by name, ignoring case and surrounding spaces.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "csv/field_parsers.hpp"

namespace cw::csv {

class HeaderMap {
 public:
  explicit HeaderMap(std::vector<std::string> names) : names_(std::move(names)) {}

  std::optional<std::size_t> find(std::string_view name) const {
    for (std::size_t i = 0; i < names_.size(); ++i)
      if (iequals(trim(names_[i]), name)) return i;
    return std::nullopt;
  }
  const std::vector<std::string>& names() const { return names_; }

 private:
  std::vector<std::string> names_;
};

}  // namespace cw::csv
