#pragma once
// A CSV input (RFC 4180, via CsvReader) whose columns are found by name, with typed
// field accessors that fail with the one-line "line N: ..." error of csv/input_error.hpp.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"
#include "core/money.hpp"
#include "csv/csv_reader.hpp"

namespace cw::csv {

class TableReader {
 public:
  // Reads the header of `bytes`. Every `required` column must be present; `optional` ones may
  // be; any other column is "invalid_header" (it is most likely a typo or the wrong format)
  // unless `ignore_other_columns` (for exports with many columns the import does not use).
  static Result<TableReader> open(std::string_view bytes, const std::string& format,
                                  std::vector<std::string> required,
                                  std::vector<std::string> optional, int currency_decimals,
                                  bool ignore_other_columns = false);

  // Advances to the next record; false at the end. Checks the number of fields.
  Result<bool> next();
  std::int64_t line() const { return csv_.line(); }
  std::int64_t rows() const { return rows_; }

  bool has_column(std::string_view name) const { return index_of(name) >= 0; }
  // The trimmed text of a column of the current record; "" when the file lacks the column.
  std::string_view text(std::string_view name) const;
  std::optional<std::string> optional_text(std::string_view name) const;

  // A non-empty non-negative whole number ("17850.0" is 17850).
  Result<std::int64_t> id(std::string_view name) const;
  Result<std::optional<std::int64_t>> optional_id(std::string_view name) const;
  // A whole number; a negative one only when `allow_negative`.
  Result<std::optional<std::int64_t>> optional_integer(std::string_view name,
                                                       bool allow_negative = false) const;
  // A non-negative decimal amount in minor units.
  Result<Minor> money(std::string_view name) const;
  Result<std::optional<Minor>> optional_money(std::string_view name) const;
  // YYYY-MM-DD or an ISO date-time (no offset = UTC), as unix seconds.
  Result<std::int64_t> moment(std::string_view name) const;
  Result<std::optional<std::int64_t>> optional_moment(std::string_view name) const;
  // A calendar date, normalised to YYYY-MM-DD.
  Result<std::optional<std::string>> optional_date(std::string_view name) const;
  // 0/1, true/false, yes/no; empty gives `otherwise`.
  Result<bool> flag(std::string_view name, bool otherwise) const;

  // "line N: <name> <reason>" for the current record.
  Error invalid(std::string_view name, const std::string& reason) const;
  Error invalid_row(const std::string& reason, std::string field = {}) const;

 private:
  explicit TableReader(std::string_view bytes) : csv_(bytes) {}
  int index_of(std::string_view name) const;

  CsvReader csv_;
  std::vector<std::string> names_;
  std::vector<std::string_view> fields_;
  std::int64_t rows_ = 0;
  int decimals_ = 2;
};

}  // namespace cw::csv
