// Online Retail transaction log: one row per invoice line, folded into one order per invoice.
#include <array>
#include <unordered_map>
#include <unordered_set>

#include "csv/csv_reader.hpp"
#include "csv/field_parsers.hpp"
#include "csv/header_map.hpp"
#include "csv/input_error.hpp"
#include "reports/customer_accumulator.hpp"
#include "reports/readers.hpp"

namespace cw::reports {
namespace {

// Unit prices are kept exactly at this many decimals; totals are rounded once at the end.
constexpr int kPriceScale = 6;
constexpr std::int64_t kPow10[] = {1, 10, 100, 1000, 10000, 100000, 1000000};

enum Column { kInvoice, kStockCode, kDescription, kQuantity, kDate, kPrice, kCustomer, kCountry };
constexpr std::array<const char*, 8> kNames = {"InvoiceNo",  "StockCode",   "Description",
                                               "Quantity",   "InvoiceDate", "UnitPrice",
                                               "CustomerID", "Country"};

struct Invoice {
  std::int64_t customer_id = 0;
  csv::Moment earliest;
  std::int64_t total_scaled = 0;  // sum of quantity x price, in 10^-kPriceScale major units
  std::int64_t first_line = 0;
  std::string number;
};

bool earlier(const csv::Moment& a, const csv::Moment& b) {
  return a.day < b.day || (a.day == b.day && a.second < b.second);
}

// Half away from zero from 10^-kPriceScale units to minor units.
Minor round_to_minor(std::int64_t scaled, int decimals) {
  const std::int64_t unit = kPow10[kPriceScale - decimals];
  const std::int64_t magnitude = scaled < 0 ? -scaled : scaled;
  const std::int64_t rounded = (magnitude + unit / 2) / unit;
  return scaled < 0 ? -rounded : rounded;
}

}  // namespace

Result<Dataset> read_online_retail(std::string_view bytes, const LoadOptions& options) {
  csv::CsvReader csv(bytes);
  CW_ASSIGN_OR_RETURN(auto header, csv.read_header());
  const csv::HeaderMap columns(std::move(header));
  std::array<std::size_t, 8> at{};
  for (std::size_t c = 0; c < kNames.size(); ++c) {
    const auto i = columns.find(kNames[c]);
    if (!i)
      return fail(csv::input_error("invalid_header", 1,
                                   std::string("the Online Retail header needs the column ") +
                                       kNames[c] +
                                       " (InvoiceNo,StockCode,Description,Quantity,InvoiceDate,"
                                       "UnitPrice,CustomerID,Country)"));
    at[c] = *i;
  }
  const std::size_t width = columns.names().size();

  Dataset out;
  std::vector<Invoice> invoices;
  std::unordered_map<std::string, std::size_t> invoice_index;
  std::unordered_set<std::string> cancelled;
  std::vector<std::string_view> f;
  for (;;) {
    CW_ASSIGN_OR_RETURN(auto more, csv.next_row(f, width));
    if (!more) break;
    const std::int64_t line = csv.line();
    ++out.rows_read;
    const std::string_view number = csv::trim(f[at[kInvoice]]);
    if (number.empty())
      return fail(csv::input_error("invalid_row", line, "InvoiceNo is empty", "InvoiceNo"));
    if (number.front() == 'C' || number.front() == 'c') {
      cancelled.emplace(number);
      continue;
    }
    if (csv::trim(f[at[kCustomer]]).empty()) {
      ++out.rows_without_customer;
      continue;
    }
    std::int64_t customer = 0, quantity = 0, price = 0;
    csv::NumberError e = csv::parse_id(f[at[kCustomer]], customer);
    if (e != csv::NumberError::kNone)
      return fail(csv::input_error("invalid_row", line,
                                   "CustomerID " + csv::quoted_excerpt(f[at[kCustomer]]) + " " +
                                       csv::describe(e) + " (expected a whole number)",
                                   "CustomerID"));
    e = csv::parse_integer(f[at[kQuantity]], quantity);
    if (e != csv::NumberError::kNone)
      return fail(csv::input_error(
          "invalid_row", line,
          "Quantity " + csv::quoted_excerpt(f[at[kQuantity]]) + " " + csv::describe(e),
          "Quantity"));
    e = csv::parse_scaled(f[at[kPrice]], kPriceScale, price);
    if (e == csv::NumberError::kNone && price < 0) e = csv::NumberError::kNegative;
    if (e != csv::NumberError::kNone)
      return fail(csv::input_error(
          "invalid_row", line,
          "UnitPrice " + csv::quoted_excerpt(f[at[kPrice]]) + " " + csv::describe(e), "UnitPrice"));
    const auto moment = csv::parse_retail_moment(csv::trim(f[at[kDate]]));
    if (!moment)
      return fail(csv::input_error("invalid_row", line,
                                   "InvoiceDate " + csv::quoted_excerpt(f[at[kDate]]) +
                                       " is not a date-time (expected YYYY-MM-DD HH:MM:SS or "
                                       "M/D/YYYY H:MM)",
                                   "InvoiceDate"));
    auto [it, inserted] = invoice_index.try_emplace(std::string(number), invoices.size());
    if (inserted) {
      invoices.push_back({customer, *moment, 0, line, std::string(number)});
    }
    Invoice& inv = invoices[it->second];
    if (inv.customer_id != customer)
      return fail(csv::input_error("invalid_row", line,
                                   "invoice " + std::string(number) + " belongs to customer " +
                                       std::to_string(inv.customer_id) + " on line " +
                                       std::to_string(inv.first_line) + " but to customer " +
                                       std::to_string(customer) + " here",
                                   "CustomerID"));
    if (earlier(*moment, inv.earliest)) inv.earliest = *moment;
    std::int64_t line_total = 0;
    if (__builtin_mul_overflow(quantity, price, &line_total) ||
        __builtin_add_overflow(inv.total_scaled, line_total, &inv.total_scaled))
      return fail(
          csv::input_error("invalid_row", line, "the invoice total is too large", "Quantity"));
  }
  out.cancellations = static_cast<std::int64_t>(cancelled.size());

  CustomerAccumulator totals(std::int64_t{1} << 20);
  for (const Invoice& inv : invoices) {
    const Minor amount = round_to_minor(inv.total_scaled, options.currency_decimals);
    if (amount < 0)
      return fail(csv::input_error("invalid_row", inv.first_line,
                                   "invoice " + inv.number + " has a negative total " +
                                       format_money(amount, options.currency_decimals),
                                   "Quantity"));
    if (inv.earliest.day > options.as_of_day) {
      ++out.orders_after_as_of;
      continue;
    }
    totals.add(inv.customer_id, inv.earliest.day, amount);
  }
  out.facts = totals.build();
  out.has_orders = true;
  if (options.keep_orders) {
    const auto rows = totals.row_index();
    OrderList& o = out.orders;
    for (const Invoice& inv : invoices) {
      if (inv.earliest.day > options.as_of_day) continue;
      o.customer_row.push_back(rows(inv.customer_id));
      o.day.push_back(inv.earliest.day);
      o.second.push_back(inv.earliest.second);
      o.amount.push_back(round_to_minor(inv.total_scaled, options.currency_decimals));
    }
    o.has_time_of_day = o.size() > 0;
  }
  return out;
}

}  // namespace cw::reports
