#include "reports/render.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <condition_variable>
#include <cstdio>
#include <cstring>
#include <mutex>
#include <sstream>
#include <thread>

#include "core/money_format.hpp"
#include "reports/facts.hpp"

namespace cw::reports {
namespace {

// Output is assembled in a large buffer and written in big blocks: a million-row CSV must not
// pay per-value stream overhead.
class Sink {
 public:
  explicit Sink(std::ostream& out) : out_(&out) { buf_.reserve(kFlushAt + 4096); }
  // Collects everything in memory (for a part rendered on another thread).
  Sink() = default;
  ~Sink() { flush(); }
  void put(char c) { buf_.push_back(c); }
  void put(std::string_view s) {
    buf_.append(s);
    if (buf_.size() >= kFlushAt) flush();
  }
  void end_row() {
    buf_.push_back('\n');
    if (buf_.size() >= kFlushAt) flush();
  }
  void flush() {
    if (!out_) return;
    out_->write(buf_.data(), static_cast<std::streamsize>(buf_.size()));
    buf_.clear();
  }
  const std::string& collected() const { return buf_; }
  void integer(std::int64_t v) {
    char tmp[24];
    const auto r = std::to_chars(tmp, tmp + sizeof tmp, v);
    buf_.append(tmp, r.ptr);
  }
  void real(double v) {
    char tmp[32];
    const auto r = std::to_chars(tmp, tmp + sizeof tmp, v);
    buf_.append(tmp, r.ptr);
  }
  void money(Minor v, int decimals) {
    char tmp[64];
    buf_.append(tmp, format_money_to(tmp, v, decimals));
  }
  void date(std::int32_t day) {
    const Civil c = civil_of(day);
    char tmp[16];
    std::snprintf(tmp, sizeof tmp, "%04d-%02d-%02d", c.year, c.month, c.day);
    buf_.append(tmp);
  }

 private:
  static constexpr std::size_t kFlushAt = 1 << 20;
  std::ostream* out_ = nullptr;
  std::string buf_;
};

bool csv_needs_quotes(std::string_view s) {
  return s.find_first_of(",;\"\r\n") != std::string_view::npos ||
         (!s.empty() && (s.front() == ' ' || s.back() == ' '));
}

void csv_text(Sink& out, std::string_view s) {
  if (!csv_needs_quotes(s)) {
    out.put(s);
    return;
  }
  out.put('"');
  for (char c : s) {
    if (c == '"') out.put('"');
    out.put(c);
  }
  out.put('"');
}

// JSON string with escapes; bytes that are not UTF-8 become U+FFFD so the document stays valid.
void json_text(Sink& out, std::string_view s) {
  out.put('"');
  for (std::size_t i = 0; i < s.size();) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c == '"' || c == '\\') {
      out.put('\\');
      out.put(static_cast<char>(c));
      ++i;
    } else if (c < 0x20) {
      char tmp[8];
      std::snprintf(tmp, sizeof tmp, "\\u%04x", c);
      out.put(std::string_view(tmp));
      ++i;
    } else if (c < 0x80) {
      out.put(static_cast<char>(c));
      ++i;
    } else {
      const int len = c >= 0xF0 && c < 0xF5 ? 4 : c >= 0xE0 ? 3 : c >= 0xC2 && c < 0xE0 ? 2 : 0;
      bool valid = len > 0 && i + static_cast<std::size_t>(len) <= s.size();
      for (int k = 1; valid && k < len; ++k)
        valid = (static_cast<unsigned char>(s[i + k]) & 0xC0) == 0x80;
      if (valid) {
        out.put(s.substr(i, static_cast<std::size_t>(len)));
        i += static_cast<std::size_t>(len);
      } else {
        out.put(std::string_view("\xEF\xBF\xBD"));
        ++i;
      }
    }
  }
  out.put('"');
}

void value(Sink& out, const Table& t, const Column& c, std::size_t row, bool json) {
  if (c.is_null(row)) {
    if (json) out.put(std::string_view("null"));
    return;
  }
  switch (c.type()) {
    case ColumnType::kInteger:
      out.integer(c.int_at(row));
      break;
    case ColumnType::kMoney:
      if (json) out.put('"');
      out.money(c.int_at(row), t.currency_decimals);
      if (json) out.put('"');
      break;
    case ColumnType::kFraction:
    case ColumnType::kNumber:
      if (std::isfinite(c.real_at(row)))
        out.real(c.real_at(row));
      else if (json)
        out.put(std::string_view("null"));
      break;
    case ColumnType::kText:
      if (json)
        json_text(out, c.text_at(row));
      else
        csv_text(out, c.text_at(row));
      break;
    case ColumnType::kDate:
      if (json) out.put('"');
      out.date(static_cast<std::int32_t>(c.int_at(row)));
      if (json) out.put('"');
      break;
  }
}

// CSV rows are formatted straight into a char buffer: each column knows its widest value, so a
// row needs one capacity check, not one per value.
class CsvFormatter {
 public:
  explicit CsvFormatter(const Table& t) : t_(t), quoted_(t.columns.size()) {
    max_row_ = 1;
    for (std::size_t i = 0; i < t.columns.size(); ++i) {
      const Column& c = t.columns[i];
      std::size_t widest = 0;
      if (c.type() == ColumnType::kText) {
        // Text values repeat (segments, classes): quote each dictionary entry once.
        for (const std::string& v : c.dictionary()) {
          Sink one;
          csv_text(one, v);
          quoted_[i].push_back(one.collected());
          widest = std::max(widest, quoted_[i].back().size());
        }
      } else {
        // An int64 (20), money (22 + decimals), a double (24) or a date (at most 32).
        widest = 32 + static_cast<std::size_t>(std::max(t.currency_decimals, 0));
      }
      max_row_ += widest + 1;
    }
  }

  std::size_t max_row_bytes() const { return max_row_; }

  // Appends rows [from, to) to `out`.
  void rows(std::size_t from, std::size_t to, std::vector<char>& out) const {
    std::size_t used = out.size();
    for (std::size_t r = from; r < to; ++r) {
      if (out.size() - used < max_row_) out.resize(std::max(out.size() * 2, used + max_row_));
      char* p = out.data() + used;
      for (std::size_t i = 0; i < t_.columns.size(); ++i) {
        if (i) *p++ = ',';
        p = cell(t_.columns[i], i, r, p);
      }
      *p++ = '\n';
      used = static_cast<std::size_t>(p - out.data());
    }
    out.resize(used);
  }

 private:
  char* cell(const Column& c, std::size_t i, std::size_t row, char* p) const {
    if (c.is_null(row)) return p;
    switch (c.type()) {
      case ColumnType::kInteger:
        return std::to_chars(p, p + 24, c.int_at(row)).ptr;
      case ColumnType::kMoney:
        return format_money_to(p, c.int_at(row), t_.currency_decimals);
      case ColumnType::kFraction:
      case ColumnType::kNumber: {
        const double v = c.real_at(row);
        return std::isfinite(v) ? std::to_chars(p, p + 32, v).ptr : p;
      }
      case ColumnType::kText: {
        const std::string& s = quoted_[i][c.code_at(row)];
        // Bytes into the row buffer, which is not a C string.
        std::memcpy(p, s.data(), s.size());  // NOLINT(bugprone-not-null-terminated-result)
        return p + s.size();
      }
      case ColumnType::kDate: {
        const Civil d = civil_of(static_cast<std::int32_t>(c.int_at(row)));
        return p + std::snprintf(p, 32, "%04d-%02d-%02d", d.year, d.month, d.day);
      }
    }
    return p;
  }

  const Table& t_;
  std::vector<std::vector<std::string>> quoted_;
  std::size_t max_row_;
};

void write_all(std::ostream& out, const std::vector<char>& bytes) {
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

// Rows in blocks of kBlockRows; a large table is formatted by two threads taking alternate blocks
// and writing them in order, each into one reused buffer: the output is never held in memory.
void render_csv(const Table& t, Sink& header_sink, std::ostream& out) {
  for (std::size_t i = 0; i < t.columns.size(); ++i) {
    if (i) header_sink.put(',');
    csv_text(header_sink, t.columns[i].name());
  }
  header_sink.end_row();
  header_sink.flush();
  const CsvFormatter format(t);
  const std::size_t n = t.rows();
  constexpr std::size_t kBlockRows = 8192;
  constexpr std::size_t kParallelFrom = 4 * kBlockRows;
  const std::size_t blocks = (n + kBlockRows - 1) / kBlockRows;
  std::vector<char> buffers[2];
  if (n < kParallelFrom) {
    for (std::size_t b = 0; b < blocks; ++b) {
      buffers[0].clear();
      format.rows(b * kBlockRows, std::min(n, (b + 1) * kBlockRows), buffers[0]);
      write_all(out, buffers[0]);
    }
    return;
  }
  std::mutex mutex;
  std::condition_variable turn_changed;
  std::size_t turn = 0;  // the block to be written next
  const auto work = [&](int lane) {
    std::vector<char>& buffer = buffers[lane];
    buffer.reserve(kBlockRows * std::min<std::size_t>(format.max_row_bytes(), 256));
    for (std::size_t b = static_cast<std::size_t>(lane); b < blocks; b += 2) {
      buffer.clear();
      format.rows(b * kBlockRows, std::min(n, (b + 1) * kBlockRows), buffer);
      std::unique_lock lock(mutex);
      turn_changed.wait(lock, [&] { return turn == b; });
      write_all(out, buffer);
      ++turn;
      turn_changed.notify_all();
    }
  };
  std::thread second([&] { work(1); });
  work(0);
  second.join();
}

// Rows [first, last) only; with `page`, followed by its page, page_size and the table's total.
void render_json(const Table& t, Sink& out, std::size_t first, std::size_t last,
                 const JsonPage* page) {
  out.put(std::string_view("{\"report\":"));
  json_text(out, t.report);
  out.put(std::string_view(",\"as_of\":\""));
  out.date(t.as_of_day);
  out.put(std::string_view("\",\"currency\":"));
  json_text(out, t.currency);
  out.put(std::string_view(",\"columns\":["));
  for (std::size_t i = 0; i < t.columns.size(); ++i) {
    if (i) out.put(',');
    json_text(out, t.columns[i].name());
  }
  out.put(std::string_view("],\"rows\":["));
  for (std::size_t r = first; r < last; ++r) {
    out.put(std::string_view(r > first ? ",\n{" : "\n{"));
    for (std::size_t i = 0; i < t.columns.size(); ++i) {
      if (i) out.put(',');
      json_text(out, t.columns[i].name());
      out.put(':');
      value(out, t, t.columns[i], r, true);
    }
    out.put('}');
  }
  out.put(std::string_view("\n]"));
  if (page) {
    out.put(",\"page\":" + std::to_string(page->page) + ",\"page_size\":" +
            std::to_string(page->page_size) + ",\"total\":" + std::to_string(t.rows()));
  }
  out.put('}');
  out.end_row();
}

std::string cell_text(const Table& t, const Column& c, std::size_t row) {
  if (c.is_null(row)) return "-";
  char tmp[64];
  switch (c.type()) {
    case ColumnType::kInteger:
      return std::to_string(c.int_at(row));
    case ColumnType::kMoney:
      return format_money(c.int_at(row), t.currency_decimals);
    case ColumnType::kFraction:
      std::snprintf(tmp, sizeof tmp, "%.1f%%", c.real_at(row) * 100.0);
      return tmp;
    case ColumnType::kNumber:
      std::snprintf(tmp, sizeof tmp, "%.2f", c.real_at(row));
      return tmp;
    case ColumnType::kText:
      return c.text_at(row);
    case ColumnType::kDate: {
      const Civil d = civil_of(static_cast<std::int32_t>(c.int_at(row)));
      std::snprintf(tmp, sizeof tmp, "%04d-%02d-%02d", d.year, d.month, d.day);
      return tmp;
    }
  }
  return {};
}

void render_terminal(const Table& t, Sink& out) {
  const std::size_t n = t.rows();
  std::vector<std::vector<std::string>> cells(t.columns.size());
  std::vector<std::size_t> width(t.columns.size());
  for (std::size_t i = 0; i < t.columns.size(); ++i) {
    width[i] = t.columns[i].name().size();
    cells[i].reserve(n);
    for (std::size_t r = 0; r < n; ++r) {
      cells[i].push_back(cell_text(t, t.columns[i], r));
      width[i] = std::max(width[i], cells[i].back().size());
    }
  }
  const auto pad = [&](std::string_view s, std::size_t w, bool right) {
    if (right)
      for (std::size_t k = s.size(); k < w; ++k) out.put(' ');
    out.put(s);
    if (!right)
      for (std::size_t k = s.size(); k < w; ++k) out.put(' ');
  };
  const auto right = [&](std::size_t i) { return t.columns[i].type() != ColumnType::kText; };
  for (std::size_t i = 0; i < t.columns.size(); ++i) {
    if (i) out.put(std::string_view("  "));
    pad(t.columns[i].name(), width[i], right(i));
  }
  out.end_row();
  for (std::size_t i = 0; i < t.columns.size(); ++i) {
    if (i) out.put(std::string_view("  "));
    out.put(std::string(width[i], '-'));
  }
  out.end_row();
  for (std::size_t r = 0; r < n; ++r) {
    for (std::size_t i = 0; i < t.columns.size(); ++i) {
      if (i) out.put(std::string_view("  "));
      pad(cells[i][r], width[i], right(i));
    }
    out.end_row();
  }
  if (n == 0) {
    out.put(std::string_view("(no rows)"));
    out.end_row();
  }
}

}  // namespace

Result<Format> parse_format(std::string_view name) {
  if (name == "table") return Format::kTable;
  if (name == "csv") return Format::kCsv;
  if (name == "json") return Format::kJson;
  return fail(Error::bad_request(
      "unknown_format", "unknown format '" + std::string(name) + "' (expected table, csv or json)",
      "format"));
}

void render(const Table& table, Format format, std::ostream& out) {
  Sink sink(out);
  switch (format) {
    case Format::kTable:
      render_terminal(table, sink);
      break;
    case Format::kCsv:
      render_csv(table, sink, out);
      break;
    case Format::kJson:
      render_json(table, sink, 0, table.rows(), nullptr);
      break;
  }
}

std::string render(const Table& table, Format format) {
  std::ostringstream out;
  render(table, format, out);
  return out.str();
}

std::string render_json_page(const Table& table, const JsonPage& page) {
  std::ostringstream out;
  {
    Sink sink(out);
    const std::size_t rows = table.rows();
    const auto first = static_cast<std::size_t>(
        std::min<std::int64_t>((page.page - 1) * page.page_size, static_cast<std::int64_t>(rows)));
    render_json(table, sink, first,
                std::min(rows, first + static_cast<std::size_t>(page.page_size)), &page);
  }
  return out.str();
}

}  // namespace cw::reports
