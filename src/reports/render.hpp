#pragma once
// The one renderer of report tables: an aligned terminal table, CSV (RFC 4180) or JSON
// {report, as_of, currency, columns, rows: [{column: value}]} (docs/analytics.md "JSON and terminal
// table"). Money is a decimal string in major units in CSV and JSON; fractions are 0..1 numbers
// (the terminal table shows percentages); a null is empty in CSV, null in JSON and "-" in the
// terminal table.

#include <ostream>
#include <string>
#include <string_view>

#include "core/error.hpp"
#include "reports/table.hpp"

namespace cw::reports {

enum class Format { kTable, kCsv, kJson };

// "table", "csv", "json"; kBadRequest "unknown_format" otherwise.
Result<Format> parse_format(std::string_view name);

void render(const Table& table, Format format, std::ostream& out);
std::string render(const Table& table, Format format);

// One page of a table as JSON: the rows of page `page` (1-based) of `page_size` rows, none past
// the last page, with "page", "page_size" and "total" (every row of the table) after "rows".
struct JsonPage {
  std::int64_t page = 1;
  std::int64_t page_size = 50;
};
std::string render_json_page(const Table& table, const JsonPage& page);

}  // namespace cw::reports
