#include "csv/csv_reader.hpp"

#include <cstring>

#include "csv/input_error.hpp"

namespace cw::csv {

std::string quoted_excerpt(std::string_view value) {
  constexpr std::size_t kMax = 40;
  std::string out = "'";
  for (char c : value.substr(0, kMax)) out += (c == '\n' || c == '\r') ? ' ' : c;
  if (value.size() > kMax) out += "...";
  out += "'";
  return out;
}

CsvReader::CsvReader(std::string_view bytes) : bytes_(bytes) {
  if (bytes_.substr(0, 3) == "\xEF\xBB\xBF") pos_ = 3;
}

char CsvReader::detect_delimiter(std::string_view line) {
  std::size_t commas = 0, semicolons = 0;
  bool quoted = false;
  for (char c : line) {
    if (c == '"') quoted = !quoted;
    if (quoted) continue;
    commas += c == ',';
    semicolons += c == ';';
  }
  return semicolons > commas ? ';' : ',';
}

Result<std::vector<std::string>> CsvReader::read_header() {
  if (bytes_.empty()) return fail(Error::bad_request("empty_file", "the file is empty (0 bytes)"));
  const std::size_t limit = std::min(bytes_.size() - pos_, kMaxRowBytes + 1);
  const void* nl = std::memchr(bytes_.data() + pos_, '\n', limit);
  const std::size_t end = nl ? static_cast<const char*>(nl) - bytes_.data() : pos_ + limit;
  if (end - pos_ > kMaxRowBytes)
    return fail(input_error(
        "row_too_long", 1, "the header is longer than " + std::to_string(kMaxRowBytes) + " bytes"));
  delimiter_ = detect_delimiter(bytes_.substr(pos_, end - pos_));
  std::vector<std::string_view> fields;
  CW_ASSIGN_OR_RETURN(auto got, read_record(fields));
  if (!got) return fail(input_error("invalid_header", 1, "the header row is missing"));
  data_offset_ = pos_;
  return std::vector<std::string>(fields.begin(), fields.end());
}

Result<bool> CsvReader::next(std::vector<std::string_view>& fields) {
  return read_record(fields);
}

Result<bool> CsvReader::next_row(std::vector<std::string_view>& fields, std::size_t width) {
  CW_ASSIGN_OR_RETURN(auto more, read_record(fields));
  if (more && fields.size() != width)
    return fail(input_error("invalid_row", record_line_,
                            "expected " + std::to_string(width) + " fields separated by '" +
                                std::string(1, delimiter_) + "', found " +
                                std::to_string(fields.size())));
  return more;
}

Result<bool> CsvReader::read_record(std::vector<std::string_view>& fields) {
  fields.clear();
  for (;;) {
    if (pos_ >= bytes_.size()) return false;
    // Blank lines carry no record; skip them but keep counting lines.
    if (bytes_[pos_] == '\n') {
      ++pos_;
      ++next_line_;
      continue;
    }
    if (bytes_[pos_] == '\r' && pos_ + 1 < bytes_.size() && bytes_[pos_ + 1] == '\n') {
      pos_ += 2;
      ++next_line_;
      continue;
    }
    break;
  }
  record_line_ = next_line_;
  const std::size_t start = pos_;
  scratch_.clear();
  spans_.clear();
  const char* data = bytes_.data();
  const std::size_t size = bytes_.size();
  std::size_t p = pos_;
  for (;;) {
    if (p - start > kMaxRowBytes)
      return fail(input_error("row_too_long", record_line_,
                              "the row is longer than " + std::to_string(kMaxRowBytes) + " bytes"));
    if (p < size && data[p] == '"') {
      // Quoted field: unescape into scratch (bounded by the row cap checked below).
      const std::size_t field_start = scratch_.size();
      ++p;
      for (;;) {
        const std::size_t scan_end = std::min(size, start + kMaxRowBytes + 1);
        const void* q = p < scan_end ? std::memchr(data + p, '"', scan_end - p) : nullptr;
        if (!q) {
          if (scan_end < size)
            return fail(
                input_error("row_too_long", record_line_,
                            "the row is longer than " + std::to_string(kMaxRowBytes) + " bytes"));
          return fail(input_error("unterminated_quote", record_line_,
                                  "a quoted field is not closed before the end of the file"));
        }
        const std::size_t qpos = static_cast<const char*>(q) - data;
        for (std::size_t i = p; i < qpos; ++i) next_line_ += data[i] == '\n';
        scratch_.append(data + p, qpos - p);
        p = qpos + 1;
        if (p < size && data[p] == '"') {
          scratch_.push_back('"');
          ++p;
          continue;
        }
        break;
      }
      spans_.push_back({field_start, scratch_.size() - field_start, true});
      if (p < size && data[p] == '\r' && p + 1 < size && data[p + 1] == '\n') ++p;
      if (p < size && data[p] != delimiter_ && data[p] != '\n')
        return fail(
            input_error("invalid_row", record_line_, "unexpected character after a closing quote"));
    } else {
      std::size_t q = p;
      while (q < size && data[q] != delimiter_ && data[q] != '\n') {
        ++q;
        if (q - start > kMaxRowBytes)
          return fail(
              input_error("row_too_long", record_line_,
                          "the row is longer than " + std::to_string(kMaxRowBytes) + " bytes"));
      }
      std::size_t field_end = q;
      if (q < size && data[q] == '\n' && field_end > p && data[field_end - 1] == '\r') --field_end;
      if (q >= size && field_end > p && data[field_end - 1] == '\r') --field_end;
      spans_.push_back({p, field_end - p, false});
      p = q;
    }
    if (p >= size) break;
    if (data[p] == '\n') {
      ++p;
      ++next_line_;
      break;
    }
    ++p;  // the delimiter
    if (p >= size) {
      spans_.push_back({p, 0, false});  // a trailing delimiter ends with an empty field
      break;
    }
  }
  pos_ = p;
  for (const Span& s : spans_)
    fields.emplace_back(s.in_scratch ? std::string_view(scratch_).substr(s.offset, s.size)
                                     : bytes_.substr(s.offset, s.size));
  return true;
}

}  // namespace cw::csv
