#include "core/time.hpp"

#include <charconv>
#include <cstdio>

namespace cw {
namespace {

using namespace std::chrono;

Error bad_time(std::string_view text, const char* expected) {
  return Error::bad_request("invalid_date",
                            "'" + std::string(text.substr(0, 40)) + "' is not a valid " + expected);
}

// Reads exactly `n` digits at `pos`; false when any is not a digit.
bool read_digits(std::string_view s, std::size_t pos, std::size_t n, int& out) {
  if (pos + n > s.size()) return false;
  int v = 0;
  for (std::size_t i = pos; i < pos + n; ++i) {
    if (s[i] < '0' || s[i] > '9') return false;
    v = v * 10 + (s[i] - '0');
  }
  out = v;
  return true;
}

std::optional<Date> read_ymd(std::string_view s) {
  int y, m, d;
  if (s.size() < 10 || s[4] != '-' || s[7] != '-') return std::nullopt;
  if (!read_digits(s, 0, 4, y) || !read_digits(s, 5, 2, m) || !read_digits(s, 8, 2, d))
    return std::nullopt;
  const year_month_day ymd{year{y}, month{static_cast<unsigned>(m)}, day{static_cast<unsigned>(d)}};
  if (!ymd.ok()) return std::nullopt;
  return sys_days{ymd};
}

}  // namespace

std::string format_timestamp(Timestamp t) {
  const auto day = floor<days>(t);
  const year_month_day ymd{day};
  const hh_mm_ss hms{t - day};
  char buf[32];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02uT%02d:%02d:%02dZ", static_cast<int>(ymd.year()),
                static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()),
                static_cast<int>(hms.hours().count()), static_cast<int>(hms.minutes().count()),
                static_cast<int>(hms.seconds().count()));
  return buf;
}

std::string format_date(Date d) {
  const year_month_day ymd{d};
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", static_cast<int>(ymd.year()),
                static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()));
  return buf;
}

Result<Date> parse_date(std::string_view text) {
  if (text.size() != 10) return fail(bad_time(text, "date (YYYY-MM-DD)"));
  auto d = read_ymd(text);
  if (!d) return fail(bad_time(text, "date (YYYY-MM-DD)"));
  return *d;
}

Result<Timestamp> parse_timestamp(std::string_view text) {
  constexpr const char* kExpected = "timestamp (YYYY-MM-DDTHH:MM:SSZ)";
  auto day = read_ymd(text);
  if (!day || text.size() < 19 || (text[10] != 'T' && text[10] != ' ' && text[10] != 't'))
    return fail(bad_time(text, kExpected));
  int hh, mm, ss;
  if (!read_digits(text, 11, 2, hh) || text[13] != ':' || !read_digits(text, 14, 2, mm) ||
      text[16] != ':' || !read_digits(text, 17, 2, ss) || hh > 23 || mm > 59 || ss > 60)
    return fail(bad_time(text, kExpected));
  std::size_t pos = 19;
  if (pos < text.size() && text[pos] == '.') {
    ++pos;
    const std::size_t start = pos;
    while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9') ++pos;
    if (pos == start) return fail(bad_time(text, kExpected));
  }
  seconds offset{0};
  if (pos < text.size()) {
    const char c = text[pos];
    if ((c == 'Z' || c == 'z') && pos + 1 == text.size()) {
      // UTC
    } else if ((c == '+' || c == '-') && pos + 6 == text.size() && text[pos + 3] == ':') {
      int oh, om;
      if (!read_digits(text, pos + 1, 2, oh) || !read_digits(text, pos + 4, 2, om) || oh > 23 ||
          om > 59)
        return fail(bad_time(text, kExpected));
      offset = hours{oh} + minutes{om};
      if (c == '-') offset = -offset;
    } else {
      return fail(bad_time(text, kExpected));
    }
  }
  return Timestamp{*day} + hours{hh} + minutes{mm} + seconds{ss} - offset;
}

Result<Timestamp> parse_date_or_timestamp(std::string_view text) {
  if (text.size() == 10) {
    CW_ASSIGN_OR_RETURN(auto d, parse_date(text));
    return Timestamp{d};
  }
  return parse_timestamp(text);
}

int years_between(Date birth, Date on) {
  const year_month_day b{birth}, o{on};
  int years = static_cast<int>(o.year()) - static_cast<int>(b.year());
  if (o.month() < b.month() || (o.month() == b.month() && o.day() < b.day())) --years;
  return years;
}

Civil civil_of(std::int32_t day) {
  // Howard Hinnant's civil_from_days.
  const int z = day + 719468;
  const int era = (z >= 0 ? z : z - 146096) / 146097;
  const unsigned doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int y = static_cast<int>(yoe) + era * 400;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  const unsigned d = doy - (153 * mp + 2) / 5 + 1;
  const unsigned m = mp < 10 ? mp + 3 : mp - 9;
  return {y + (m <= 2), static_cast<int>(m), static_cast<int>(d)};
}

std::optional<std::int32_t> civil_day(int y, int m, int d) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (y < 1 || y > 9999 || m < 1 || m > 12 || d < 1) return std::nullopt;
  const bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  if (d > kDays[m - 1] + (m == 2 && leap ? 1 : 0)) return std::nullopt;
  // Howard Hinnant's days_from_civil.
  y -= m <= 2;
  const int era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<int>(doe) - 719468;
}

std::string format_day(std::int64_t day) {
  return format_date(Date{std::chrono::days{day}});
}

}  // namespace cw
