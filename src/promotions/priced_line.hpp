#pragma once
// The bill lines that discount steps work on. Checkout builds one PricedLine per bill line (with
// unit prices taken from the catalogue), runs the coupon step and then the reward step, each of
// which ADDS to `discount`, and copies the discounts back into its bill.

#include <cstdint>
#include <string>
#include <vector>

#include "core/ids.hpp"
#include "core/money.hpp"

namespace cw::promotions {

struct PricedLine {
  Id product_id = 0;
  Id category_id = 0;
  std::string size;
  std::int64_t quantity = 0;
  Minor unit_price = 0;
  Minor discount = 0;  // in/out: discounts so far; each step adds its own

  Minor goods() const { return quantity * unit_price; }
  // What is left to discount on this line; never negative.
  Minor remaining() const { return goods() > discount ? goods() - discount : 0; }
};

using PricedLines = std::vector<PricedLine>;

}  // namespace cw::promotions
