#pragma once
// Times are UTC. A Timestamp is whole seconds since the Unix epoch; a Date is a UTC calendar day.
// They cross interfaces as RFC 3339 with 'Z' ("2026-11-23T17:48:06Z") and "YYYY-MM-DD".

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/error.hpp"

namespace cw {

using Timestamp = std::chrono::sys_seconds;
using Date = std::chrono::sys_days;

inline std::int64_t to_unix(Timestamp t) {
  return t.time_since_epoch().count();
}
inline Timestamp from_unix(std::int64_t s) {
  return Timestamp{std::chrono::seconds{s}};
}
inline Date date_of(Timestamp t) {
  return std::chrono::floor<std::chrono::days>(t);
}
inline std::int64_t day_number(Date d) {
  return d.time_since_epoch().count();
}

// "2026-11-23T17:48:06Z"
std::string format_timestamp(Timestamp t);
// "2026-11-23"
std::string format_date(Date d);

// Accepts "YYYY-MM-DDTHH:MM:SS[.fff](Z|±HH:MM)", a space instead of 'T', and no offset (taken as
// UTC). Fractions of a second are dropped. Validates ranges (month 1-12, day within the month).
Result<Timestamp> parse_timestamp(std::string_view text);
// Accepts "YYYY-MM-DD" only, validated against the calendar.
Result<Date> parse_date(std::string_view text);
// Accepts a date or a date-time; a date means its midnight UTC.
Result<Timestamp> parse_date_or_timestamp(std::string_view text);

// Whole calendar years between birth and on (age at a date).
int years_between(Date birth, Date on);

// Day arithmetic on plain integers, for code that keeps unix seconds and day numbers (days since
// 1970-01-01, UTC) in columns and SQL rows rather than as chrono types.
inline constexpr std::int64_t kSecondsPerHour = 3600;
inline constexpr std::int64_t kSecondsPerDay = 24 * kSecondsPerHour;

// The UTC day number of a unix time, rounded down (also before 1970).
constexpr std::int32_t day_of_unix(std::int64_t unix_seconds) {
  return static_cast<std::int32_t>(unix_seconds >= 0
                                       ? unix_seconds / kSecondsPerDay
                                       : (unix_seconds - kSecondsPerDay + 1) / kSecondsPerDay);
}
// The second of its UTC day of a unix time, 0..86399.
constexpr std::int32_t second_of_day(std::int64_t unix_seconds) {
  return static_cast<std::int32_t>(unix_seconds -
                                   std::int64_t{day_of_unix(unix_seconds)} * kSecondsPerDay);
}
// The unix time of 00:00:00 UTC of a day number.
constexpr std::int64_t start_of_day(std::int64_t day) {
  return day * kSecondsPerDay;
}
// The unix time just after the last second of a day number (the start of the next day).
constexpr std::int64_t end_of_day(std::int64_t day) {
  return (day + 1) * kSecondsPerDay;
}

// "YYYY-MM-DD" of a day number.
std::string format_day(std::int64_t day);

// The calendar date of a day number (proleptic Gregorian).
struct Civil {
  int year;
  int month;  // 1..12
  int day;    // 1..31
};
Civil civil_of(std::int32_t day);
// The day number of a calendar date; nullopt when the date does not exist or the year is outside
// 1..9999.
std::optional<std::int32_t> civil_day(int year, int month, int day);

}  // namespace cw
