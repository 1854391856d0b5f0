#pragma once
// Input rules of the customers module (docs/api.md "Errors"). Each check answers the cleaned
// value or a 422 naming the field at fault. Text is trimmed of surrounding ASCII whitespace.

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "core/error.hpp"
#include "core/time.hpp"
#include "customers/address.hpp"

namespace cw::customers::validation {

inline constexpr std::size_t kMinPasswordCodePoints = 10;

std::string trim(std::string_view text);

// Code points of UTF-8 text: every byte that does not continue a sequence starts one.
std::size_t code_points(std::string_view utf8);

// 422 weak_password (field "password") below kMinPasswordCodePoints.
Result<void> check_password(std::string_view password);

// A sane syntax check, not RFC 5322: one '@', a local part without spaces or quotes-and-brackets
// syntax, a dotted domain of letters, digits and hyphens. 422 invalid_email (field "email").
Result<std::string> clean_email(std::string_view email);

// A required text: 422 missing_field when empty after trimming, too_long over `max_code_points`.
Result<std::string> required_text(std::string_view value, const std::string& field,
                                  std::size_t max_code_points);

// An optional text: empty after trimming means "none"; 422 too_long over `max_code_points`.
Result<std::optional<std::string>> optional_text(const std::optional<std::string>& value,
                                                 const std::string& field,
                                                 std::size_t max_code_points);

// line1, city, postcode, country required (field "address.city" etc.); line2 optional.
Result<Address> clean_address(const Address& address);

// A YYYY-MM-DD calendar date not after `today`; empty means "none". 422 invalid_date.
Result<std::optional<std::string>> clean_date_of_birth(const std::optional<std::string>& value,
                                                       Date today);

}  // namespace cw::customers::validation
