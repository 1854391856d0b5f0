#include "csv/table_reader.hpp"

#include <cstdio>

#include "core/time.hpp"
#include "csv/field_parsers.hpp"
#include "csv/input_error.hpp"

namespace cw::csv {

Result<TableReader> TableReader::open(std::string_view bytes, const std::string& format,
                                      std::vector<std::string> required,
                                      std::vector<std::string> optional, int currency_decimals,
                                      bool ignore_other_columns) {
  TableReader reader(bytes);
  reader.decimals_ = currency_decimals;
  CW_ASSIGN_OR_RETURN(const auto header, reader.csv_.read_header());
  for (const std::string& raw : header) reader.names_.emplace_back(trim(raw));
  std::string expected;
  for (const auto& n : required) expected += (expected.empty() ? "" : ",") + n;
  for (const auto& n : optional) expected += "[," + n + "]";
  const auto fail_header = [&](const std::string& why) {
    return fail(
        input_error("invalid_header", 1, why + " (the " + format + " header is " + expected + ")"));
  };
  for (const auto& name : required)
    if (reader.index_of(name) < 0) return fail_header("the column " + name + " is missing");
  for (std::size_t i = 0; i < reader.names_.size(); ++i) {
    const std::string& name = reader.names_[i];
    bool known = false;
    for (const auto* list : {&required, &optional})
      for (const auto& n : *list) known = known || iequals(n, name);
    if (!known && !ignore_other_columns)
      return fail_header("unknown column " + quoted_excerpt(name));
    for (std::size_t j = 0; j < i; ++j)
      if (iequals(reader.names_[j], name))
        return fail_header("the column " + name + " appears twice");
  }
  return reader;
}

int TableReader::index_of(std::string_view name) const {
  for (std::size_t i = 0; i < names_.size(); ++i)
    if (iequals(names_[i], name)) return static_cast<int>(i);
  return -1;
}

Result<bool> TableReader::next() {
  CW_ASSIGN_OR_RETURN(auto more, csv_.next_row(fields_, names_.size()));
  if (more) ++rows_;
  return more;
}

std::string_view TableReader::text(std::string_view name) const {
  const int i = index_of(name);
  return i < 0 ? std::string_view{} : trim(fields_[static_cast<std::size_t>(i)]);
}

std::optional<std::string> TableReader::optional_text(std::string_view name) const {
  const std::string_view t = text(name);
  if (t.empty()) return std::nullopt;
  return std::string(t);
}

Error TableReader::invalid(std::string_view name, const std::string& reason) const {
  return input_error("invalid_row", line(),
                     std::string(name) + " " + quoted_excerpt(text(name)) + " " + reason,
                     std::string(name));
}

Error TableReader::invalid_row(const std::string& reason, std::string field) const {
  return input_error("invalid_row", line(), reason, std::move(field));
}

Result<std::optional<std::int64_t>> TableReader::optional_id(std::string_view name) const {
  if (text(name).empty()) return std::nullopt;
  std::int64_t out = 0;
  const NumberError e = parse_id(text(name), out);
  if (e != NumberError::kNone)
    return fail(invalid(name, std::string(describe(e)) + " (expected a whole number)"));
  return out;
}

Result<std::int64_t> TableReader::id(std::string_view name) const {
  if (text(name).empty())
    return fail(invalid_row(std::string(name) + " is empty", std::string(name)));
  CW_ASSIGN_OR_RETURN(auto v, optional_id(name));
  return *v;
}

Result<std::optional<std::int64_t>> TableReader::optional_integer(std::string_view name,
                                                                  bool allow_negative) const {
  if (text(name).empty()) return std::nullopt;
  std::int64_t out = 0;
  NumberError e = parse_integer(text(name), out);
  if (e == NumberError::kNone && out < 0 && !allow_negative) e = NumberError::kNegative;
  if (e != NumberError::kNone)
    return fail(invalid(name, std::string(describe(e)) + " (expected a whole number)"));
  return out;
}

Result<std::optional<Minor>> TableReader::optional_money(std::string_view name) const {
  if (text(name).empty()) return std::nullopt;
  std::int64_t out = 0;
  const NumberError e = parse_amount(text(name), decimals_, out);
  if (e != NumberError::kNone)
    return fail(invalid(
        name, std::string(describe(e)) +
                  (e == NumberError::kNegative ? "" : " (expected a decimal such as 12.50)")));
  return out;
}

Result<Minor> TableReader::money(std::string_view name) const {
  if (text(name).empty())
    return fail(invalid_row(std::string(name) + " is empty", std::string(name)));
  CW_ASSIGN_OR_RETURN(auto v, optional_money(name));
  return *v;
}

Result<std::optional<std::int64_t>> TableReader::optional_moment(std::string_view name) const {
  if (text(name).empty()) return std::nullopt;
  const auto m = parse_iso_moment(text(name));
  if (!m) return fail(invalid(name, "is not a date (expected YYYY-MM-DD or YYYY-MM-DDTHH:MM:SS)"));
  return start_of_day(m->day) + (m->second < 0 ? 0 : m->second);
}

Result<std::int64_t> TableReader::moment(std::string_view name) const {
  if (text(name).empty())
    return fail(invalid_row(std::string(name) + " is empty", std::string(name)));
  CW_ASSIGN_OR_RETURN(auto v, optional_moment(name));
  return *v;
}

Result<std::optional<std::string>> TableReader::optional_date(std::string_view name) const {
  if (text(name).empty()) return std::nullopt;
  const auto m = parse_iso_moment(text(name));
  if (!m || m->second >= 0) return fail(invalid(name, "is not a date (expected YYYY-MM-DD)"));
  const Civil c = civil_of(m->day);
  char buffer[16];
  std::snprintf(buffer, sizeof buffer, "%04d-%02d-%02d", c.year, c.month, c.day);
  return std::string(buffer);
}

Result<bool> TableReader::flag(std::string_view name, bool otherwise) const {
  const std::string_view t = text(name);
  if (t.empty()) return otherwise;
  for (const char* yes : {"1", "true", "yes"})
    if (iequals(t, yes)) return true;
  for (const char* no : {"0", "false", "no"})
    if (iequals(t, no)) return false;
  return fail(invalid(name, "is not a flag (expected 0 or 1)"));
}

}  // namespace cw::csv
