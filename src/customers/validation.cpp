#include "customers/validation.hpp"

#include <algorithm>
#include <array>

#include "customers/accounts.hpp"

namespace cw::customers {
namespace {

constexpr std::array<std::string_view, 4> kRoleNames = {"customer", "warehouse", "analyst",
                                                        "admin"};

bool is_ascii_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}
bool is_lower_alnum(char c) {
  return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
}
bool is_ascii_alnum(char c) {
  return is_lower_alnum(c) || (c >= 'A' && c <= 'Z');
}
bool is_non_ascii(char c) {
  return static_cast<unsigned char>(c) >= 0x80;
}
char ascii_lower(char c) {
  return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
}

Error too_long(const std::string& field, std::size_t max) {
  return Error::unprocessable(
      "too_long", field + " is longer than " + std::to_string(max) + " characters.", field);
}

// Characters RFC 5322 allows unquoted in a local part ("atext"), plus '.'. Bytes above ASCII are
// allowed for internationalised addresses (RFC 6531).
bool is_local_part_char(char c) {
  static constexpr std::string_view kSpecials = "!#$%&'*+/=?^_`{|}~-.";
  return is_ascii_alnum(c) || is_non_ascii(c) || kSpecials.find(c) != std::string_view::npos;
}

bool is_valid_domain(std::string_view domain) {
  if (domain.empty() || domain.size() > 253) return false;
  std::size_t labels = 0;
  std::size_t start = 0;
  while (start <= domain.size()) {
    const std::size_t dot = std::min(domain.find('.', start), domain.size());
    const std::string_view label = domain.substr(start, dot - start);
    if (label.empty() || label.size() > 63 || label.front() == '-' || label.back() == '-')
      return false;
    if (!std::all_of(label.begin(), label.end(),
                     [](char c) { return is_ascii_alnum(c) || is_non_ascii(c) || c == '-'; }))
      return false;
    ++labels;
    start = dot + 1;
  }
  return labels >= 2;
}

}  // namespace

std::string_view role_name(Role role) {
  return kRoleNames[static_cast<std::size_t>(role)];
}

std::optional<Role> parse_role(std::string_view name) {
  for (std::size_t i = 0; i < kRoleNames.size(); ++i) {
    if (std::equal(name.begin(), name.end(), kRoleNames[i].begin(), kRoleNames[i].end(),
                   [](char a, char b) { return ascii_lower(a) == b; }))
      return static_cast<Role>(i);
  }
  return std::nullopt;
}

Result<std::string> normalize_username(std::string_view username) {
  if (username.empty())
    return fail(Error::unprocessable("invalid_username", "The username is empty.", "username"));
  std::string lower(username.size(), '\0');
  std::transform(username.begin(), username.end(), lower.begin(), ascii_lower);
  const bool valid = lower.size() >= 3 && lower.size() <= 32 && is_lower_alnum(lower.front()) &&
                     std::all_of(lower.begin(), lower.end(), [](char c) {
                       return is_lower_alnum(c) || c == '.' || c == '_' || c == '-';
                     });
  if (!valid)
    return fail(Error::unprocessable(
        "invalid_username",
        "A username has 3 to 32 characters: letters a-z, digits, '.', '_' or '-', and starts "
        "with a letter or digit.",
        "username"));
  return lower;
}

namespace validation {

std::string trim(std::string_view text) {
  while (!text.empty() && is_ascii_space(text.front())) text.remove_prefix(1);
  while (!text.empty() && is_ascii_space(text.back())) text.remove_suffix(1);
  return std::string(text);
}

std::size_t code_points(std::string_view utf8) {
  return static_cast<std::size_t>(std::count_if(utf8.begin(), utf8.end(), [](char c) {
    return (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  }));
}

Result<void> check_password(std::string_view password) {
  if (code_points(password) < kMinPasswordCodePoints)
    return fail(Error::unprocessable(
        "weak_password",
        "A password needs at least " + std::to_string(kMinPasswordCodePoints) + " characters.",
        "password"));
  return {};
}

Result<std::string> clean_email(std::string_view email) {
  std::string cleaned = trim(email);
  const auto invalid = [] {
    return fail(Error::unprocessable("invalid_email", "The e-mail address is not valid.", "email"));
  };
  if (cleaned.empty())
    return fail(Error::unprocessable("invalid_email", "The e-mail address is empty.", "email"));
  if (cleaned.size() > 254) return invalid();
  const std::size_t at = cleaned.find('@');
  if (at == std::string::npos || cleaned.find('@', at + 1) != std::string::npos) return invalid();
  const std::string_view local = std::string_view(cleaned).substr(0, at);
  const std::string_view domain = std::string_view(cleaned).substr(at + 1);
  if (local.empty() || local.size() > 64 || local.front() == '.' || local.back() == '.' ||
      local.find("..") != std::string_view::npos ||
      !std::all_of(local.begin(), local.end(), is_local_part_char) || !is_valid_domain(domain))
    return invalid();
  return cleaned;
}

Result<std::string> required_text(std::string_view value, const std::string& field,
                                  std::size_t max_code_points) {
  std::string cleaned = trim(value);
  if (cleaned.empty())
    return fail(Error::unprocessable("missing_field", field + " is required.", field));
  if (code_points(cleaned) > max_code_points) return fail(too_long(field, max_code_points));
  return cleaned;
}

Result<std::optional<std::string>> optional_text(const std::optional<std::string>& value,
                                                 const std::string& field,
                                                 std::size_t max_code_points) {
  if (!value) return std::optional<std::string>();
  std::string cleaned = trim(*value);
  if (cleaned.empty()) return std::optional<std::string>();
  if (code_points(cleaned) > max_code_points) return fail(too_long(field, max_code_points));
  return std::optional<std::string>(std::move(cleaned));
}

Result<Address> clean_address(const Address& address) {
  constexpr std::size_t kMax = 200;
  CW_ASSIGN_OR_RETURN(auto line1, required_text(address.line1, "address.line1", kMax));
  CW_ASSIGN_OR_RETURN(auto line2, optional_text(address.line2, "address.line2", kMax));
  CW_ASSIGN_OR_RETURN(auto city, required_text(address.city, "address.city", kMax));
  CW_ASSIGN_OR_RETURN(auto postcode, required_text(address.postcode, "address.postcode", 20));
  CW_ASSIGN_OR_RETURN(auto country, required_text(address.country, "address.country", 100));
  return Address{std::move(line1), std::move(line2), std::move(city), std::move(postcode),
                 std::move(country)};
}

Result<std::optional<std::string>> clean_date_of_birth(const std::optional<std::string>& value,
                                                       Date today) {
  if (!value) return std::optional<std::string>();
  std::string cleaned = trim(*value);
  if (cleaned.empty()) return std::optional<std::string>();
  auto date = parse_date(cleaned);
  if (!date)
    return fail(Error::unprocessable("invalid_date",
                                     "date_of_birth must be a calendar date written YYYY-MM-DD.",
                                     "date_of_birth"));
  if (*date > today)
    return fail(
        Error::unprocessable("invalid_date", "date_of_birth is in the future.", "date_of_birth"));
  return std::optional<std::string>(format_date(*date));
}

}  // namespace validation
}  // namespace cw::customers
