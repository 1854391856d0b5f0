// The per-customer summary (a MySQL Customer_t x Sales_t export): one row per customer with
// totals already computed. Columns are found by name; optional ones enable more reports.
#include <algorithm>
#include <array>
#include <numeric>
#include <unordered_set>

#include "core/time.hpp"
#include "csv/csv_reader.hpp"
#include "csv/field_parsers.hpp"
#include "csv/header_map.hpp"
#include "csv/input_error.hpp"
#include "reports/readers.hpp"

namespace cw::reports {
namespace {

constexpr std::array<const char*, 7> kWeekdayNames = {"MONDAY", "TUESDAY",  "WEDNESDAY", "THURSDAY",
                                                      "FRIDAY", "SATURDAY", "SUNDAY"};

// Order and revenue columns of one kind of calendar slot, or none when any is missing.
template <int N>
struct SlotSource {
  std::array<std::size_t, N> orders{};
  std::array<std::size_t, N> revenue{};
  bool present = false;
};

bool starts_with_ci(std::string_view s, std::string_view prefix) {
  return s.size() >= prefix.size() && csv::iequals(s.substr(0, prefix.size()), prefix);
}
bool ends_with_ci(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && csv::iequals(s.substr(s.size() - suffix.size()), suffix);
}

// The columns whose names start with `prefix` and end with `suffix`, in name order.
std::vector<std::size_t> columns_like(const csv::HeaderMap& h, std::string_view prefix,
                                      std::string_view suffix) {
  std::vector<std::size_t> found;
  for (std::size_t i = 0; i < h.names().size(); ++i) {
    const std::string_view name = csv::trim(h.names()[i]);
    if (starts_with_ci(name, prefix) && ends_with_ci(name, suffix)) found.push_back(i);
  }
  std::sort(found.begin(), found.end(),
            [&](std::size_t a, std::size_t b) { return h.names()[a] < h.names()[b]; });
  return found;
}

template <int N>
SlotSource<N> slot_source(const csv::HeaderMap& h, const std::array<std::string, N>& prefixes) {
  SlotSource<N> s;
  s.present = true;
  for (int i = 0; i < N; ++i) {
    const auto o = columns_like(h, prefixes[i], "_ORDERS");
    const auto r = columns_like(h, prefixes[i], "_REVENUE");
    if (o.size() != 1 || r.size() != 1) return SlotSource<N>{};
    s.orders[i] = o[0];
    s.revenue[i] = r[0];
  }
  return s;
}

SlotSource<kTimesOfDay> time_source(const csv::HeaderMap& h) {
  const auto o = columns_like(h, "TIME_", "_ORDERS");
  const auto r = columns_like(h, "TIME_", "_REVENUE");
  SlotSource<kTimesOfDay> s;
  if (o.size() != kTimesOfDay || r.size() != kTimesOfDay) return s;
  std::copy(o.begin(), o.end(), s.orders.begin());
  std::copy(r.begin(), r.end(), s.revenue.begin());
  s.present = true;
  return s;
}

struct Parsed {
  std::int64_t id = 0;
  std::int32_t first = 0, last = 0;
  std::int64_t orders = 0;
  Minor revenue = 0, shipping = 0;
  std::int32_t age = -1;
  std::string occupation, gender, city;
  std::array<std::int64_t, std::size_t{2} * (kWeekdays + kMonthParts + kTimesOfDay)> slots{};
};

}  // namespace

Result<Dataset> read_customer_summary(std::string_view bytes, const LoadOptions& options) {
  csv::CsvReader csv(bytes);
  CW_ASSIGN_OR_RETURN(auto header, csv.read_header());
  const csv::HeaderMap h(std::move(header));
  const auto need = [&](const char* name) -> Result<std::size_t> {
    if (auto i = h.find(name)) return *i;
    return fail(csv::input_error(
        "invalid_header", 1,
        std::string("the customer summary header needs the column ") + name +
            " (at least CUSTOMER_ID, TOTAL_ORDERS, REVENUE, FIRST_ORDER_DATE, LATEST_ORDER_DATE)"));
  };
  std::array<std::size_t, 5> req{};
  constexpr std::array<const char*, 5> kRequired = {"CUSTOMER_ID", "TOTAL_ORDERS", "REVENUE",
                                                    "FIRST_ORDER_DATE", "LATEST_ORDER_DATE"};
  for (std::size_t i = 0; i < kRequired.size(); ++i) {
    CW_ASSIGN_OR_RETURN(auto c, need(kRequired[i]));
    req[i] = c;
  }
  const auto age_col = h.find("AGE");
  const auto occupation_col = h.find("OCCUPATION");
  const auto gender_col = h.find("GENDER");
  const auto city_col = h.find("CITY");
  const auto shipping_col = h.find("CARRIAGE_REVENUE");
  std::array<std::string, kWeekdays> weekday_prefixes;
  for (int i = 0; i < kWeekdays; ++i) weekday_prefixes[i] = std::string(kWeekdayNames[i]) + "_";
  const auto weekday = slot_source<kWeekdays>(h, weekday_prefixes);
  const auto month_part = slot_source<kMonthParts>(h, {"WEEK1_", "WEEK2_", "WEEK3_", "WEEK4_"});
  const auto time_of_day = time_source(h);
  const std::size_t width = h.names().size();

  Dataset out;
  out.has_orders = false;
  std::vector<Parsed> rows;
  std::unordered_set<std::int64_t> seen;
  std::vector<std::string_view> f;
  const auto number_error = [](std::int64_t line, const std::string& column, std::string_view v,
                               csv::NumberError e) {
    return fail(csv::input_error("invalid_row", line,
                                 column + " " + csv::quoted_excerpt(v) + " " + csv::describe(e),
                                 column));
  };
  for (;;) {
    CW_ASSIGN_OR_RETURN(auto more, csv.next_row(f, width));
    if (!more) break;
    const std::int64_t line = csv.line();
    ++out.rows_read;
    Parsed p;
    csv::NumberError e = csv::parse_id(f[req[0]], p.id);
    if (e != csv::NumberError::kNone) return number_error(line, "CUSTOMER_ID", f[req[0]], e);
    if (!seen.insert(p.id).second)
      return fail(csv::input_error("duplicate_customer_id", line,
                                   "CUSTOMER_ID " + std::to_string(p.id) + " appears twice",
                                   "CUSTOMER_ID"));
    e = csv::parse_integer(f[req[1]], p.orders);
    if (e == csv::NumberError::kNone && p.orders < 0) e = csv::NumberError::kNegative;
    if (e != csv::NumberError::kNone) return number_error(line, "TOTAL_ORDERS", f[req[1]], e);
    e = csv::parse_amount(f[req[2]], options.currency_decimals, p.revenue);
    if (e != csv::NumberError::kNone) return number_error(line, "REVENUE", f[req[2]], e);
    if (p.orders == 0) continue;  // no order: not part of any order-based report
    const auto first = csv::parse_dmy_day(csv::trim(f[req[3]]));
    const auto last = csv::parse_dmy_day(csv::trim(f[req[4]]));
    if (!first || !last || *first > *last)
      return fail(csv::input_error(
          "invalid_row", line,
          (!first
               ? "FIRST_ORDER_DATE " + csv::quoted_excerpt(f[req[3]]) + " is not a dd-mm-yyyy date"
           : !last
               ? "LATEST_ORDER_DATE " + csv::quoted_excerpt(f[req[4]]) + " is not a dd-mm-yyyy date"
               : std::string("FIRST_ORDER_DATE is after LATEST_ORDER_DATE")),
          !first ? "FIRST_ORDER_DATE" : "LATEST_ORDER_DATE"));
    p.first = *first;
    p.last = *last;
    if (shipping_col) {
      const auto v = csv::trim(f[*shipping_col]);
      e = v.empty() ? csv::NumberError::kNone
                    : csv::parse_amount(v, options.currency_decimals, p.shipping);
      if (e != csv::NumberError::kNone) return number_error(line, "CARRIAGE_REVENUE", v, e);
    }
    if (age_col && !csv::trim(f[*age_col]).empty()) {
      std::int64_t age = 0;
      e = csv::parse_integer(f[*age_col], age);
      if (e == csv::NumberError::kNone && (age < 0 || age > 150)) e = csv::NumberError::kTooLarge;
      if (e != csv::NumberError::kNone) return number_error(line, "AGE", f[*age_col], e);
      p.age = static_cast<std::int32_t>(age);
    }
    if (occupation_col) p.occupation = csv::trim(f[*occupation_col]);
    if (gender_col) p.gender = csv::trim(f[*gender_col]);
    if (city_col) p.city = csv::trim(f[*city_col]);
    // Calendar slots: counts and revenue, an empty cell meaning zero.
    std::size_t k = 0;
    const auto slot = [&](std::size_t col, bool money) -> bool {
      const auto v = csv::trim(f[col]);
      std::int64_t value = 0;
      if (!v.empty()) {
        e = money ? csv::parse_amount(v, options.currency_decimals, value)
                  : csv::parse_integer(v, value);
        if (e == csv::NumberError::kNone && value < 0) e = csv::NumberError::kNegative;
        if (e != csv::NumberError::kNone) return false;
      }
      p.slots[k++] = value;
      return true;
    };
    const auto read_slots = [&](const auto& source, int n) -> std::optional<std::size_t> {
      if (!source.present) {
        k += 2 * static_cast<std::size_t>(n);
        return std::nullopt;
      }
      for (int i = 0; i < n; ++i) {
        if (!slot(source.orders[i], false)) return source.orders[i];
        if (!slot(source.revenue[i], true)) return source.revenue[i];
      }
      return std::nullopt;
    };
    for (const auto bad : {read_slots(weekday, kWeekdays), read_slots(month_part, kMonthParts),
                           read_slots(time_of_day, kTimesOfDay)}) {
      if (bad) return number_error(line, std::string(csv::trim(h.names()[*bad])), f[*bad], e);
    }
    if (p.first > options.as_of_day) {
      out.orders_after_as_of += p.orders;
      continue;
    }
    if (p.last > options.as_of_day)
      return fail(Error::unprocessable("as_of_too_early",
                                       "line " + std::to_string(line) + ": customer " +
                                           std::to_string(p.id) + " has orders up to " +
                                           format_day(p.last) + ", after the as-of date " +
                                           format_day(options.as_of_day) +
                                           "; a customer summary cannot be cut at an earlier date",
                                       "as_of"));
    rows.push_back(std::move(p));
  }

  std::sort(rows.begin(), rows.end(), [](const Parsed& a, const Parsed& b) { return a.id < b.id; });
  CustomerFacts& c = out.facts;
  const std::size_t n = rows.size();
  c.has_shipping = shipping_col.has_value();
  c.has_age = age_col.has_value();
  c.has_occupation = occupation_col.has_value();
  c.has_gender = gender_col.has_value();
  c.has_city = city_col.has_value();
  c.weekday.present = weekday.present;
  c.month_part.present = month_part.present;
  c.time_of_day.present = time_of_day.present;
  if (c.weekday.present) c.weekday.resize(n);
  if (c.month_part.present) c.month_part.resize(n);
  if (c.time_of_day.present) c.time_of_day.resize(n);
  for (std::size_t i = 0; i < n; ++i) {
    Parsed& p = rows[i];
    c.customer_id.push_back(p.id);
    c.first_order_day.push_back(p.first);
    c.last_order_day.push_back(p.last);
    c.orders.push_back(p.orders);
    c.revenue.push_back(p.revenue);
    if (c.has_shipping) c.shipping.push_back(p.shipping);
    if (c.has_age) c.age.push_back(p.age);
    if (c.has_occupation) c.occupation.push_back(std::move(p.occupation));
    if (c.has_gender) c.gender.push_back(std::move(p.gender));
    if (c.has_city) c.city.push_back(std::move(p.city));
    std::size_t k = 0;
    const auto copy = [&](auto& slots, int count) {
      for (int s = 0; s < count; ++s) {
        if (slots.present) {
          slots.orders[s][i] = p.slots[k];
          slots.revenue[s][i] = p.slots[k + 1];
        }
        k += 2;
      }
    };
    copy(c.weekday, kWeekdays);
    copy(c.month_part, kMonthParts);
    copy(c.time_of_day, kTimesOfDay);
  }
  return out;
}

}  // namespace cw::reports
