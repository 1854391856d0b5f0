#pragma once
// The analytics engine's in-memory data: a columnar table of customer facts (one row per customer
// with at least one order, rows sorted by customer id) and, when a report needs single orders, a
// columnar order list. Built from an input file (see readers.hpp) or, by the database path, from
// the shop's customer_facts table. Days are days since 1970-01-01 (UTC); money is minor units.

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "core/money.hpp"
#include "core/time.hpp"

namespace cw::reports {

inline constexpr int kWeekdays = 7;    // 0 = Monday .. 6 = Sunday
inline constexpr int kMonthParts = 4;  // days 1-7, 8-15, 16-23, 24-31
inline constexpr int kTimesOfDay = 4;  // [00,06), [06,12), [12,18), [18,24)

// 0 = Monday for a day number (1970-01-01 was a Thursday).
inline int weekday_of(std::int32_t day) {
  return static_cast<int>(((day % 7) + 7 + 3) % 7);
}
int month_part_of(std::int32_t day);
inline int time_of_day_of(std::int32_t second) {
  return second / (6 * 3600);
}

// Orders and revenue of every customer in each calendar slot of one kind.
template <int N>
struct SlotColumns {
  std::array<std::vector<std::int64_t>, N> orders;
  std::array<std::vector<Minor>, N> revenue;
  bool present = false;  // false: the input lacks this information
  void resize(std::size_t n) {
    for (auto& v : orders) v.assign(n, 0);
    for (auto& v : revenue) v.assign(n, 0);
  }
};

struct CustomerFacts {
  // One entry per customer, all vectors the same length, ascending customer_id.
  std::vector<std::int64_t> customer_id;
  std::vector<std::int32_t> first_order_day;
  std::vector<std::int32_t> last_order_day;
  std::vector<std::int64_t> orders;
  std::vector<Minor> revenue;
  std::vector<Minor> shipping;  // empty unless has_shipping

  SlotColumns<kWeekdays> weekday;
  SlotColumns<kMonthParts> month_part;
  SlotColumns<kTimesOfDay> time_of_day;

  // Demographics; each vector is empty unless its flag is set. Age -1 = unknown, text "" = unknown.
  std::vector<std::int32_t> age;
  std::vector<std::string> occupation;
  std::vector<std::string> gender;
  std::vector<std::string> city;
  bool has_shipping = false;
  bool has_age = false;
  bool has_occupation = false;
  bool has_gender = false;
  bool has_city = false;
  // True when `age` is each customer's age at the as-of date (derived from a birth date); false
  // when it is the age an export recorded.
  bool age_at_as_of = false;

  std::size_t size() const { return customer_id.size(); }
};

// Single orders, columnar, in input order; only orders on or before the as-of date.
struct OrderList {
  std::vector<std::int32_t> customer_row;  // index into CustomerFacts
  std::vector<std::int32_t> day;
  std::vector<std::int32_t> second;  // second of the UTC day, -1 when the input had dates only
  std::vector<Minor> amount;
  bool has_time_of_day = false;  // every order had a time
  std::size_t size() const { return day.size(); }
};

// What a loaded input holds, plus what the reader counted but did not turn into orders.
struct Dataset {
  CustomerFacts facts;
  OrderList orders;
  bool has_orders = false;                 // false for a per-customer summary
  std::int64_t rows_read = 0;              // data rows of the file
  std::int64_t orders_after_as_of = 0;     // ignored because dated after the as-of date
  std::int64_t cancellations = 0;          // online-retail: cancelled invoices (not orders)
  std::int64_t rows_without_customer = 0;  // online-retail: rows skipped for a missing customer
};

// Fills the per-customer calendar slots (weekday, month part and, when every order has a time,
// time of day) of `data.facts` from `data.orders`.
void fill_slots_from_orders(Dataset& data);

}  // namespace cw::reports
