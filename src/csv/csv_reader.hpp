#pragma once
// An RFC 4180 reader over bytes in memory (usually a MappedFile): quoted fields, "" escapes,
// CR LF or LF line ends, a UTF-8 BOM, comma or semicolon detected from the header. Fields are
// views into the input, or into a small scratch buffer when a quoted field had to be unescaped,
// so memory stays bounded by the longest row (itself capped by kMaxRowBytes).

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"

namespace cw::csv {

inline constexpr std::size_t kMaxRowBytes = std::size_t{1} << 20;

class CsvReader {
 public:
  explicit CsvReader(std::string_view bytes);

  // Reads the header row and detects the delimiter from it. A zero-byte file is "empty_file";
  // a header longer than kMaxRowBytes is "row_too_long".
  Result<std::vector<std::string>> read_header();

  // Reads the next non-blank record into `fields` (valid until the next call). Answers false at
  // the end of the input. Errors: "unterminated_quote", "row_too_long", "invalid_row" (a
  // character after a closing quote).
  Result<bool> next(std::vector<std::string_view>& fields);
  // next(), and "invalid_row" ("expected N fields separated by ';', found M") when the record
  // does not have `width` fields.
  Result<bool> next_row(std::vector<std::string_view>& fields, std::size_t width);

  // The 1-based physical line where the record last returned (or the header) starts.
  std::int64_t line() const { return record_line_; }
  char delimiter() const { return delimiter_; }

  // The offset just after the header: where data rows begin.
  std::size_t data_offset() const { return data_offset_; }

  // Detects the delimiter of a header line: the more frequent of ',' and ';' outside quotes
  // (',' when neither occurs).
  static char detect_delimiter(std::string_view header_line);

 private:
  struct Span {
    std::size_t offset;
    std::size_t size;
    bool in_scratch;
  };
  Result<bool> read_record(std::vector<std::string_view>& fields);

  std::string_view bytes_;
  std::size_t pos_ = 0;
  std::size_t data_offset_ = 0;
  std::int64_t next_line_ = 1;
  std::int64_t record_line_ = 0;
  char delimiter_ = ',';
  std::string scratch_;
  std::vector<Span> spans_;
};

}  // namespace cw::csv
