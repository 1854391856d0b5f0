#pragma once
// Money is an integer count of minor units (pence, cents) everywhere inside Cartwise. It crosses
// interfaces as a decimal string in major units ("89.99"); these helpers are the only conversion.

#include <cstdint>
#include <string>
#include <string_view>

#include "core/error.hpp"

namespace cw {

using Minor = std::int64_t;

// Formats minor units as a plain decimal with `decimals` fraction digits: 8999 -> "89.99",
// -5 -> "-0.05". decimals is 0..4.
std::string format_money(Minor amount, int decimals = 2);

// Parses "89.99", "89.9", "89", "-3.50" into minor units. Rejects empty strings, more fraction
// digits than `decimals`, exponents, thousands separators and values that would overflow.
Result<Minor> parse_money(std::string_view text, int decimals = 2);

// Parses a decimal with any number of fraction digits and rounds half away from zero to
// `decimals` digits ("12.345" -> 1235). For imported data whose precision exceeds the currency's.
Result<Minor> parse_money_rounded(std::string_view text, int decimals = 2);

// amount * numerator / denominator rounded half-up (away from zero), without overflow for the
// magnitudes money takes. Used for percent discounts and proportional splits.
Minor mul_div_round(Minor amount, std::int64_t numerator, std::int64_t denominator);

}  // namespace cw
