#include "csv/field_parsers.hpp"

#include <algorithm>

#include "core/time.hpp"

namespace cw::csv {
namespace {

constexpr std::int64_t kPow10[] = {1,       10,       100,       1000,       10000,      100000,
                                   1000000, 10000000, 100000000, 1000000000, 10000000000};

bool is_digit(char c) {
  return c >= '0' && c <= '9';
}

// Reads 1..max_n digits at pos; answers the count read (0 when none).
int read_number(std::string_view s, std::size_t& pos, int max_n, int& out) {
  int n = 0, v = 0;
  while (pos < s.size() && n < max_n && is_digit(s[pos])) {
    v = v * 10 + (s[pos] - '0');
    ++pos;
    ++n;
  }
  out = v;
  return n;
}

bool read_exact(std::string_view s, std::size_t& pos, int n, int& out) {
  return read_number(s, pos, n, out) == n;
}

bool expect(std::string_view s, std::size_t& pos, char c) {
  if (pos >= s.size() || s[pos] != c) return false;
  ++pos;
  return true;
}

std::optional<std::int32_t> time_of_day(int h, int m, int sec) {
  if (h > 23 || m > 59 || sec > 60) return std::nullopt;
  return h * 3600 + m * 60 + (sec == 60 ? 59 : sec);
}

// Normalises day + second + offset to a UTC moment.
Moment shifted(std::int32_t day, std::int32_t second, std::int32_t offset_seconds) {
  std::int32_t s = second - offset_seconds;
  while (s < 0) {
    s += kSecondsPerDay;
    --day;
  }
  while (s >= kSecondsPerDay) {
    s -= kSecondsPerDay;
    ++day;
  }
  return {day, s};
}

// A number's text, trimmed and split: "[-+]whole[.frac]", digits only.
struct Decimal {
  bool negative = false;
  std::string_view whole, frac;
};

// kEmpty for blank text; kNotANumber for any other character, for no whole digits when
// `need_whole`, and for no digit at all.
NumberError split_number(std::string_view text, bool need_whole, Decimal& d) {
  text = trim(text);
  if (text.empty()) return NumberError::kEmpty;
  if (text.front() == '-' || text.front() == '+') {
    d.negative = text.front() == '-';
    text.remove_prefix(1);
  }
  const auto dot = text.find('.');
  d.whole = text.substr(0, dot);
  d.frac = dot == std::string_view::npos ? std::string_view{} : text.substr(dot + 1);
  for (char c : d.whole)
    if (!is_digit(c)) return NumberError::kNotANumber;
  for (char c : d.frac)
    if (!is_digit(c)) return NumberError::kNotANumber;
  if (d.whole.empty() && (need_whole || d.frac.empty())) return NumberError::kNotANumber;
  return NumberError::kNone;
}

std::int64_t digits_value(std::string_view digits) {
  std::int64_t v = 0;
  for (char c : digits) v = v * 10 + (c - '0');
  return v;
}

// The whole number of `d` without its sign: kNotIntegral for a non-zero fraction.
NumberError whole_value(const Decimal& d, std::int64_t& v) {
  for (char c : d.frac)
    if (c != '0') return NumberError::kNotIntegral;
  if (d.whole.size() > 18) return NumberError::kTooLarge;
  v = digits_value(d.whole);
  return NumberError::kNone;
}

}  // namespace

std::optional<Moment> parse_iso_moment(std::string_view s) {
  std::size_t pos = 0;
  int y, mo, d;
  if (!read_exact(s, pos, 4, y) || !expect(s, pos, '-') || !read_exact(s, pos, 2, mo) ||
      !expect(s, pos, '-') || !read_exact(s, pos, 2, d))
    return std::nullopt;
  const auto day = civil_day(y, mo, d);
  if (!day) return std::nullopt;
  if (pos == s.size()) return Moment{*day, -1};
  if (s[pos] != 'T' && s[pos] != ' ' && s[pos] != 't') return std::nullopt;
  ++pos;
  int h, mi, sec = 0;
  if (!read_exact(s, pos, 2, h) || !expect(s, pos, ':') || !read_exact(s, pos, 2, mi))
    return std::nullopt;
  if (pos < s.size() && s[pos] == ':') {
    ++pos;
    if (!read_exact(s, pos, 2, sec)) return std::nullopt;
    if (pos < s.size() && s[pos] == '.') {
      ++pos;
      const std::size_t start = pos;
      while (pos < s.size() && is_digit(s[pos])) ++pos;
      if (pos == start) return std::nullopt;
    }
  }
  const auto second = time_of_day(h, mi, sec);
  if (!second) return std::nullopt;
  std::int32_t offset = 0;
  if (pos < s.size()) {
    const char c = s[pos++];
    if (c == 'Z' || c == 'z') {
      if (pos != s.size()) return std::nullopt;
    } else if (c == '+' || c == '-') {
      int oh, om;
      if (!read_exact(s, pos, 2, oh)) return std::nullopt;
      if (pos < s.size() && s[pos] == ':') ++pos;
      if (!read_exact(s, pos, 2, om) || pos != s.size() || oh > 23 || om > 59) return std::nullopt;
      offset = (oh * 3600 + om * 60) * (c == '-' ? -1 : 1);
    } else {
      return std::nullopt;
    }
  }
  return shifted(*day, *second, offset);
}

std::optional<Moment> parse_retail_moment(std::string_view s) {
  if (s.size() >= 5 && s[4] == '-') {
    auto m = parse_iso_moment(s);
    if (m && m->second < 0) return std::nullopt;  // the invoice format always has a time
    return m;
  }
  std::size_t pos = 0;
  int mo, d, y, h, mi, sec = 0;
  if (!read_number(s, pos, 2, mo) || !expect(s, pos, '/') || !read_number(s, pos, 2, d) ||
      !expect(s, pos, '/') || !read_exact(s, pos, 4, y) || !expect(s, pos, ' ') ||
      !read_number(s, pos, 2, h) || !expect(s, pos, ':') || !read_exact(s, pos, 2, mi))
    return std::nullopt;
  if (pos < s.size() && s[pos] == ':') {
    ++pos;
    if (!read_exact(s, pos, 2, sec)) return std::nullopt;
  }
  if (pos != s.size()) return std::nullopt;
  const auto day = civil_day(y, mo, d);
  const auto second = time_of_day(h, mi, sec);
  if (!day || !second) return std::nullopt;
  return Moment{*day, *second};
}

std::optional<std::int32_t> parse_dmy_day(std::string_view s) {
  std::size_t pos = 0;
  int d, mo, y;
  if (!read_number(s, pos, 2, d) || pos >= s.size() || (s[pos] != '-' && s[pos] != '/'))
    return std::nullopt;
  const char sep = s[pos++];
  if (!read_number(s, pos, 2, mo) || !expect(s, pos, sep) || !read_exact(s, pos, 4, y) ||
      pos != s.size())
    return std::nullopt;
  return civil_day(y, mo, d);
}

const char* describe(NumberError e) {
  switch (e) {
    case NumberError::kNone:
      return "ok";
    case NumberError::kEmpty:
      return "is empty";
    case NumberError::kNotANumber:
      return "is not a number";
    case NumberError::kNegative:
      return "is negative";
    case NumberError::kTooLarge:
      return "is too large or too precise";
    case NumberError::kNotIntegral:
      return "is not a whole number";
  }
  return "is invalid";
}

NumberError parse_id(std::string_view text, std::int64_t& out) {
  Decimal d;
  if (const NumberError e = split_number(text, true, d); e != NumberError::kNone) return e;
  if (d.negative) return NumberError::kNegative;
  return whole_value(d, out);
}

NumberError parse_integer(std::string_view text, std::int64_t& out) {
  Decimal d;
  if (const NumberError e = split_number(text, true, d); e != NumberError::kNone) return e;
  std::int64_t v = 0;
  if (const NumberError e = whole_value(d, v); e != NumberError::kNone) return e;
  out = d.negative ? -v : v;
  return NumberError::kNone;
}

NumberError parse_scaled(std::string_view text, int scale_digits, std::int64_t& out) {
  Decimal d;
  if (const NumberError e = split_number(text, false, d); e != NumberError::kNone) return e;
  std::string_view frac = d.frac;
  while (!frac.empty() && frac.back() == '0') frac.remove_suffix(1);
  if (frac.size() > static_cast<std::size_t>(scale_digits) ||
      d.whole.size() + static_cast<std::size_t>(scale_digits) > 17)
    return NumberError::kTooLarge;
  const std::int64_t v = digits_value(d.whole) * kPow10[scale_digits] +
                         digits_value(frac) * kPow10[scale_digits - static_cast<int>(frac.size())];
  out = d.negative ? -v : v;
  return NumberError::kNone;
}

NumberError parse_amount(std::string_view text, int decimals, std::int64_t& out) {
  Decimal d;
  if (const NumberError e = split_number(text, false, d); e != NumberError::kNone) return e;
  if (d.whole.size() > 15) return NumberError::kTooLarge;
  const std::size_t kept = std::min(d.frac.size(), static_cast<std::size_t>(decimals));
  std::int64_t f = digits_value(d.frac.substr(0, kept)) * kPow10[decimals - static_cast<int>(kept)];
  // Half away from zero on the first dropped digit (later digits cannot change a tie upward).
  if (d.frac.size() > kept && d.frac[kept] >= '5') ++f;
  const std::int64_t v = digits_value(d.whole) * kPow10[decimals] + f;
  if (d.negative && v != 0) return NumberError::kNegative;
  out = v;
  return NumberError::kNone;
}

std::string_view trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    char x = a[i], y = b[i];
    if (x >= 'A' && x <= 'Z') x = static_cast<char>(x - 'A' + 'a');
    if (y >= 'A' && y <= 'Z') y = static_cast<char>(y - 'A' + 'a');
    if (x != y) return false;
  }
  return true;
}

}  // namespace cw::csv
