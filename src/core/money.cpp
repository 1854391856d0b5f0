#include "core/money.hpp"

#include <charconv>
#include <cstdlib>
#include <limits>

#include "core/money_format.hpp"

namespace cw {
namespace {

__extension__ typedef __int128 Int128;

constexpr std::int64_t kPow10[] = {1, 10, 100, 1000, 10000, 100000, 1000000};

bool all_digits(std::string_view s) {
  for (char c : s)
    if (c < '0' || c > '9') return false;
  return true;
}

Error bad_amount(std::string_view text, const char* why) {
  return Error::bad_request("invalid_amount",
                            "'" + std::string(text.substr(0, 40)) + "' is not an amount: " + why);
}

}  // namespace

std::string format_money(Minor amount, int decimals) {
  // Cheap on hot paths (every money field of every response): one allocation at most.
  char buf[64];
  return std::string(buf, format_money_to(buf, amount, decimals));
}

namespace {

// Splits "[-]int[.frac]" and validates the characters; shared by both parsers.
Result<bool> split_decimal(std::string_view text, std::string_view& int_part,
                           std::string_view& frac_part) {
  if (text.empty()) return fail(bad_amount(text, "empty"));
  bool negative = false;
  if (text.front() == '-' || text.front() == '+') {
    negative = text.front() == '-';
    text.remove_prefix(1);
  }
  const auto dot = text.find('.');
  int_part = text.substr(0, dot);
  frac_part = dot == std::string_view::npos ? std::string_view{} : text.substr(dot + 1);
  if (int_part.empty() && frac_part.empty()) return fail(bad_amount(text, "no digits"));
  if (dot != std::string_view::npos && frac_part.empty() && int_part.empty())
    return fail(bad_amount(text, "no digits"));
  if (!all_digits(int_part) || !all_digits(frac_part))
    return fail(bad_amount(text, "only digits and one decimal point are allowed"));
  if (int_part.size() > 15) return fail(bad_amount(text, "too large"));
  return negative;
}

}  // namespace

Result<Minor> parse_money(std::string_view text, int decimals) {
  std::string_view int_part, frac_part;
  CW_ASSIGN_OR_RETURN(auto negative, split_decimal(text, int_part, frac_part));
  if (frac_part.size() > static_cast<std::size_t>(decimals))
    return fail(bad_amount(text, "too many decimal places"));
  std::int64_t whole = 0, frac = 0;
  if (!int_part.empty()) std::from_chars(int_part.data(), int_part.data() + int_part.size(), whole);
  if (!frac_part.empty())
    std::from_chars(frac_part.data(), frac_part.data() + frac_part.size(), frac);
  frac *= kPow10[decimals - static_cast<int>(frac_part.size())];
  const Minor value = whole * kPow10[decimals] + frac;
  return negative ? -value : value;
}

Result<Minor> parse_money_rounded(std::string_view text, int decimals) {
  std::string_view int_part, frac_part;
  CW_ASSIGN_OR_RETURN(auto negative, split_decimal(text, int_part, frac_part));
  std::int64_t whole = 0, frac = 0;
  if (!int_part.empty()) std::from_chars(int_part.data(), int_part.data() + int_part.size(), whole);
  const auto kept = frac_part.substr(0, static_cast<std::size_t>(decimals));
  if (!kept.empty()) std::from_chars(kept.data(), kept.data() + kept.size(), frac);
  frac *= kPow10[decimals - static_cast<int>(kept.size())];
  Minor value = whole * kPow10[decimals] + frac;
  if (frac_part.size() > kept.size() && frac_part[kept.size()] >= '5') value += 1;
  return negative ? -value : value;
}

Minor mul_div_round(Minor amount, std::int64_t numerator, std::int64_t denominator) {
  const Int128 product = static_cast<Int128>(amount) * numerator;
  const bool negative = (product < 0) != (denominator < 0);
  const Int128 p = product < 0 ? -product : product;
  const Int128 d = denominator < 0 ? -static_cast<Int128>(denominator) : denominator;
  const Int128 q = (p + d / 2) / d;
  return static_cast<Minor>(negative ? -q : q);
}

}  // namespace cw
