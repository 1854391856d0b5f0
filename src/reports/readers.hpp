#pragma once
// Input files of the analyst's path (no database). Formats are those of docs/import-formats.md
// "Analyst formats". Every reader fails with a one-line kBadRequest error
// naming the 1-based line (see input_error.hpp); a file with only its header gives an empty
// Dataset.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/error.hpp"
#include "reports/facts.hpp"

namespace cw::reports {

enum class InputFormat { kOrders, kOnlineRetail, kCustomerSummary };

// "orders", "online-retail", "customer-summary"; kBadRequest "unknown_input_format" otherwise.
Result<InputFormat> parse_input_format(std::string_view name);

struct LoadOptions {
  std::int32_t as_of_day = 0;  // orders dated after this day are ignored (but still validated)
  bool keep_orders = false;    // also fill Dataset::orders (cohorts, trends, calendar slots)
  int threads = 2;             // the orders reader may split a large file across threads
  int currency_decimals = 2;
};

// order_id,customer_id,order_date,amount (any column order, names case-insensitive). Ids are
// non-negative integers ("17850.0" is 17850); a repeated order_id is "duplicate_order_id"; the date
// is YYYY-MM-DD or an ISO date-time; the amount is a non-negative decimal.
Result<Dataset> read_orders(std::string_view bytes, const LoadOptions& options);

// InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country.
Result<Dataset> read_online_retail(std::string_view bytes, const LoadOptions& options);

// The per-customer summary export; columns matched by name, case-insensitively, in any order.
// Customers whose first order is after the as-of date are left out; an as-of date before a
// customer's latest order cannot be honoured (the summary has no single orders): "as_of_too_early".
Result<Dataset> read_customer_summary(std::string_view bytes, const LoadOptions& options);

// Maps `path` and runs the reader of `format`.
Result<Dataset> load_file(const std::string& path, InputFormat format, const LoadOptions& options);

}  // namespace cw::reports
