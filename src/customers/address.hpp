#pragma once
// A postal address: a customer's default address and an order's ship-to. Checked by
// clean_address() (validation.hpp); stored in the addresses table and copied onto orders.

#include <optional>
#include <string>

namespace cw::customers {

struct Address {
  std::string line1;
  std::optional<std::string> line2;
  std::string city;
  std::string postcode;
  std::string country;
};

}  // namespace cw::customers
