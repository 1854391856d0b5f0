#pragma once
// Allocation-free parsers for the fields of input files. Each answers std::nullopt or a reason on
// failure so that the caller can build its one-line "line N: ..." error; none throws.

#include <cstdint>
#include <optional>
#include <string_view>

namespace cw::csv {

// A moment of an order: its UTC day and, when the text had one, the second of that day.
struct Moment {
  std::int32_t day = 0;
  std::int32_t second = -1;  // -1: the text was a date without a time
};

// "YYYY-MM-DD", or an ISO date-time "YYYY-MM-DD[T ]HH:MM[:SS[.fff]][Z|±HH:MM|±HHMM]" (no offset =
// UTC; an offset moves the moment to UTC, possibly to another day).
std::optional<Moment> parse_iso_moment(std::string_view text);
// "YYYY-MM-DD HH:MM:SS" or "M/D/YYYY H:MM[:SS]" (month first), as written by Online Retail files.
std::optional<Moment> parse_retail_moment(std::string_view text);
// "dd-mm-yyyy" (also "d-m-yyyy" and '/' separators), as exported by the customer summary.
std::optional<std::int32_t> parse_dmy_day(std::string_view text);

// Why a number did not parse.
enum class NumberError { kNone, kEmpty, kNotANumber, kNegative, kTooLarge, kNotIntegral };
const char* describe(NumberError e);

// A non-negative integral id: "17850" or "17850.0" (a decimal with only zeros after the point).
NumberError parse_id(std::string_view text, std::int64_t& out);
// A signed integer such as a quantity or a count: "-3", "12".
NumberError parse_integer(std::string_view text, std::int64_t& out);
// A non-negative decimal amount in minor units with `decimals` fraction digits; extra fraction
// digits are rounded half away from zero ("12.345" -> 1235). "-1" is kNegative.
NumberError parse_amount(std::string_view text, int decimals, std::int64_t& out);
// A signed decimal scaled exactly by 10^scale_digits ("2.55" at 6 -> 2550000); more fraction
// digits than scale_digits is kTooLarge (precision that cannot be kept exactly).
NumberError parse_scaled(std::string_view text, int scale_digits, std::int64_t& out);

// ASCII spaces and tabs removed at both ends.
std::string_view trim(std::string_view text);
// ASCII case-insensitive equality.
bool iequals(std::string_view a, std::string_view b);

}  // namespace cw::csv
