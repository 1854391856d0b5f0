// The `orders` reader is the hot path of the analyst's reports: it parses straight from the
// mapping, splits a large file between two threads at a line boundary, and folds every order into
// per-customer totals without materialising rows. Anything unusual on a line (spaces, "17850.0",
// a date-time, a bad value) drops that line to a careful parser that also writes the error; a
// quote anywhere sends the whole file to the RFC 4180 reader, since a quoted field may hold a
// line break and thus break the split.
#include <algorithm>
#include <array>
#include <atomic>
#include <barrier>
#include <bit>
#include <cstring>
#include <memory>
#include <thread>
#include <utility>

#include "csv/csv_reader.hpp"
#include "csv/field_parsers.hpp"
#include "csv/input_error.hpp"
#include "reports/customer_accumulator.hpp"
#include "reports/readers.hpp"

namespace cw::reports {
namespace {

constexpr std::array<const char*, 4> kColumns = {"order_id", "customer_id", "order_date", "amount"};
constexpr std::size_t kMinBytesPerThread = std::size_t{4} << 20;

struct Layout {
  char delimiter = ',';
  std::array<int, 4> field_of{0, 1, 2, 3};  // file field index of each canonical column
  bool canonical = true;                    // the header is in canonical order
};

struct Row {
  std::int64_t order_id = 0;
  std::int64_t customer_id = 0;
  csv::Moment moment;
  Minor amount = 0;
};

struct Problem {
  std::int64_t line = 0;  // chunk-relative until the chunks are joined
  std::string code;
  std::string reason;
  std::string field;
};

struct ChunkResult {
  explicit ChunkResult(std::int64_t direct_limit) : batch(direct_limit) {}
  OrderBatch batch;  // orders parsed but not yet folded into the customers' totals
  std::vector<std::int64_t> order_customer;
  std::vector<std::int32_t> order_day;
  std::vector<std::int32_t> order_second;
  std::vector<Minor> order_amount;
  bool all_times = true;
  std::int64_t lines = 0;
  std::int64_t rows = 0;
  std::int64_t after_as_of = 0;
  bool saw_quote = false;
  std::optional<Problem> problem;
  bool ids_increasing = true;
  std::int64_t first_id = -1;
  std::int64_t last_id = -1;
  std::vector<std::pair<std::int64_t, std::int64_t>>* ids_with_lines = nullptr;  // dup search
};

// Orders are folded into the one shared CustomerAccumulator in rounds: the threads parse until a
// partition of one thread's batch is full (about a million orders per thread when customers are
// spread evenly), then all meet, each folds its share of the partitions from every batch
// (distinct partitions, so no locks), and they meet again before the batches are reused. So a
// batch never outgrows its 8 MiB, and while a partition is folded its slots stay in the cache.
class RoundFolder {
 public:
  RoundFolder(CustomerAccumulator& totals, std::vector<ChunkResult>& chunks)
      : totals_(totals),
        chunks_(chunks),
        meet_(static_cast<std::ptrdiff_t>(chunks.size())),
        done_(chunks.size()) {}

  // True when another thread wants a round: join it now rather than when the own batch is full.
  bool round_wanted() const { return wanted_.load(std::memory_order_relaxed); }

  // Thread `me`, whose batch is full (or which was asked to): one round.
  void fold_round(std::size_t me) {
    wanted_.store(true, std::memory_order_relaxed);
    meet(me);
  }

  // Thread `me`, whose chunk is parsed (or failed): rounds until every thread is done.
  void finish(std::size_t me) {
    done_[me].store(true, std::memory_order_relaxed);
    while (!meet(me)) {
    }
  }

 private:
  // One round; true when every thread had finished its chunk before it. All threads answer the
  // same: the flags are read between the two meetings, when no thread parses and so none can
  // set its flag (a thread sets it before its first meeting of a round).
  bool meet(std::size_t me) {
    meet_.arrive_and_wait();
    const bool all_done = std::all_of(done_.begin(), done_.end(), [](const auto& d) {
      return d.load(std::memory_order_relaxed);
    });
    // Nobody parses until the second meeting: a good moment to lower the flag.
    if (me == 0) wanted_.store(false, std::memory_order_relaxed);
    for (int p = static_cast<int>(me); p < OrderBatch::kPartitions;
         p += static_cast<int>(chunks_.size()))
      for (const ChunkResult& c : chunks_) totals_.add_partition(c.batch, p);
    meet_.arrive_and_wait();
    chunks_[me].batch.clear_packed();
    return all_done;
  }

  CustomerAccumulator& totals_;
  std::vector<ChunkResult>& chunks_;
  std::barrier<> meet_;
  std::vector<std::atomic<bool>> done_;
  std::atomic<bool> wanted_{false};
};

// Parses the four fields (canonical order) of one row; a reason on failure.
std::optional<Problem> parse_row(const std::array<std::string_view, 4>& f, int decimals, Row& row) {
  csv::NumberError e = csv::parse_id(f[0], row.order_id);
  if (e != csv::NumberError::kNone)
    return Problem{0, "invalid_row",
                   std::string("order_id ") + csv::quoted_excerpt(f[0]) + " " +
                       (e == csv::NumberError::kEmpty ? "is empty" : csv::describe(e)) +
                       " (expected a whole number)",
                   "order_id"};
  e = csv::parse_id(f[1], row.customer_id);
  if (e != csv::NumberError::kNone)
    return Problem{0, "invalid_row",
                   std::string("customer_id ") + csv::quoted_excerpt(f[1]) + " " +
                       csv::describe(e) + " (expected a whole number)",
                   "customer_id"};
  const auto moment = csv::parse_iso_moment(csv::trim(f[2]));
  if (!moment)
    return Problem{0, "invalid_row",
                   "order_date " + csv::quoted_excerpt(f[2]) +
                       " is not a date (expected YYYY-MM-DD or YYYY-MM-DDTHH:MM:SS)",
                   "order_date"};
  row.moment = *moment;
  e = csv::parse_amount(f[3], decimals, row.amount);
  if (e != csv::NumberError::kNone)
    return Problem{
        0, "invalid_row",
        std::string("amount ") + csv::quoted_excerpt(f[3]) + " " + csv::describe(e) +
            (e == csv::NumberError::kNegative ? "" : " (expected a decimal such as 12.50)"),
        "amount"};
  return std::nullopt;
}

class ChunkParser {
 public:
  // `folder` is null when the orders are not wanted (the duplicate search).
  ChunkParser(const Layout& layout, const LoadOptions& options, ChunkResult& out,
              RoundFolder* folder = nullptr, std::size_t me = 0)
      : layout_(layout), options_(options), out_(out), folder_(folder), me_(me) {}

  [[gnu::always_inline]] void accept(const Row& row, std::int64_t line) {
    if (out_.ids_with_lines) out_.ids_with_lines->emplace_back(row.order_id, line);
    if (out_.first_id < 0)
      out_.first_id = row.order_id;
    else if (row.order_id <= out_.last_id)
      out_.ids_increasing = false;
    out_.last_id = row.order_id;
    ++out_.rows;
    if (row.moment.day > options_.as_of_day) {
      ++out_.after_as_of;
      return;
    }
    if (!folder_) return;
    if (out_.batch.push(row.customer_id, row.moment.day, row.amount) || folder_->round_wanted())
      folder_->fold_round(me_);
    if (options_.keep_orders) {
      out_.order_customer.push_back(row.customer_id);
      out_.order_day.push_back(row.moment.day);
      out_.order_second.push_back(row.moment.second);
      out_.order_amount.push_back(row.amount);
      out_.all_times = out_.all_times && row.moment.second >= 0;
    }
  }

  // Parses the fields of one record as given (after CSV unquoting); false on error.
  bool accept_fields(const std::vector<std::string_view>& fields, std::int64_t line) {
    if (fields.size() != 4) {
      fail_with(line, "invalid_row",
                "expected 4 fields (order_id,customer_id,order_date,amount) separated by '" +
                    std::string(1, layout_.delimiter) + "', found " +
                    std::to_string(fields.size()));
      return false;
    }
    std::array<std::string_view, 4> canonical;
    for (int c = 0; c < 4; ++c) canonical[c] = fields[layout_.field_of[c]];
    Row row;
    if (auto problem = parse_row(canonical, options_.currency_decimals, row)) {
      problem->line = line;
      out_.problem = std::move(*problem);
      return false;
    }
    accept(row, line);
    return true;
  }

  // Walks a chunk of whole lines (no header). Stops at the first problem or quote.
  void run(std::string_view chunk) {
    const char* p = chunk.data();
    const char* const end = p + chunk.size();
    const char delim = layout_.delimiter;
    std::int64_t line = 0;
    char cached_date[10] = {};
    std::int32_t cached_day = 0;
    std::vector<std::string_view> fields;
    while (p < end) {
      ++line;
      if (layout_.canonical && options_.currency_decimals == 2) {
        Row row;
        const char* next = end - p >= kUncheckedSlack
                               ? parse_unchecked(p, delim, row, cached_date, cached_day)
                               : parse_checked(p, end, delim, row, cached_date, cached_day);
        if (next) {
          accept(row, line);
          p = next;
          continue;
        }
      }
      // Careful path for this line.
      const std::size_t remaining = static_cast<std::size_t>(end - p);
      const void* nl = std::memchr(p, '\n', std::min(remaining, csv::kMaxRowBytes + 1));
      if (!nl && remaining > csv::kMaxRowBytes) {
        fail_with(line, "row_too_long",
                  "the row is longer than " + std::to_string(csv::kMaxRowBytes) + " bytes");
        return;
      }
      const char* line_end = nl ? static_cast<const char*>(nl) : end;
      const char* next = nl ? line_end + 1 : end;
      if (line_end > p && line_end[-1] == '\r') --line_end;
      const std::string_view text(p, static_cast<std::size_t>(line_end - p));
      p = next;
      if (text.empty()) continue;  // a blank line carries no record
      if (text.find('"') != std::string_view::npos) {
        out_.saw_quote = true;
        return;
      }
      fields.clear();
      std::size_t start = 0;
      for (;;) {
        const std::size_t d = text.find(delim, start);
        fields.push_back(text.substr(start, d == std::string_view::npos ? d : d - start));
        if (d == std::string_view::npos) break;
        start = d + 1;
      }
      if (!accept_fields(fields, line)) return;
    }
    out_.lines = line;
  }

 private:
  static bool is_digit(char c) { return static_cast<unsigned>(c - '0') < 10; }

  // The common row shapes, "id,id,YYYY-MM-DD,123.45" with at most 16-digit ids: nullptr when
  // the row has another shape (the careful path then decides), else the start of the next line.
  // The unchecked variant reads up to kUncheckedSlack bytes from p without looking at `end`.
  static constexpr std::ptrdiff_t kUncheckedSlack = 80;

  static const char* parse_unchecked(const char* q, char delim, Row& row, char* cached_date,
                                     std::int32_t& cached_day) {
    std::uint64_t v = 0;
    int n = leading_digits(q, v);  // reads q[0..16]
    if (n == 0 || q[n] != delim) return nullptr;
    row.order_id = static_cast<std::int64_t>(v);
    q += n + 1;  // <= 17
    n = leading_digits(q, v);
    if (n == 0 || q[n] != delim || q[n + 11] != delim) return nullptr;
    row.customer_id = static_cast<std::int64_t>(v);
    q += n + 1;  // <= 34
    if (!read_date(q, row, cached_date, cached_day)) return nullptr;
    q += 11;  // <= 45
    n = leading_digits(q, v);
    if (n == 0 || n > 15) return nullptr;
    q += n;  // <= 60
    std::int64_t cents = 0;
    if (*q == '.') {
      ++q;
      if (is_digit(*q)) {
        cents = std::int64_t{*q++ - '0'} * 10;
        if (is_digit(*q)) cents += *q++ - '0';
      }
      if (is_digit(*q)) return nullptr;
    }
    row.amount = static_cast<std::int64_t>(v) * 100 + cents;
    if (*q == '\n') return q + 1;  // q <= 63
    if (*q == '\r' && q[1] == '\n') return q + 2;
    return nullptr;
  }

  static const char* parse_checked(const char* q, const char* end, char delim, Row& row,
                                   char* cached_date, std::int32_t& cached_day) {
    if (!read_uint(q, end, row.order_id) || q == end || *q != delim ||
        !read_uint(++q, end, row.customer_id) || q == end || *q != delim || end - ++q < 11 ||
        q[10] != delim || !read_date(q, row, cached_date, cached_day))
      return nullptr;
    q += 11;
    if (!read_amount(q, end, row.amount)) return nullptr;
    if (q == end) return end;
    if (*q == '\n') return q + 1;
    if (*q == '\r' && q + 1 < end && q[1] == '\n') return q + 2;
    return nullptr;
  }

  // Consecutive orders usually share their date: the last one parsed is remembered.
  static bool read_date(const char* q, Row& row, char* cached_date, std::int32_t& cached_day) {
    if (same_date(q, cached_date)) {
      row.moment.day = cached_day;
      return true;
    }
    const auto day = fast_date(q);
    if (!day) return false;
    std::memcpy(cached_date, q, 10);
    cached_day = *day;
    row.moment.day = *day;
    return true;
  }

  // The value of the 1 to 16 ASCII digits at q, eight at a time (SWAR); 0 when q starts with a
  // non-digit or with more than 16 digits. Reads q[0..15] and nothing else.
  static int leading_digits(const char* q, std::uint64_t& value) {
    if constexpr (std::endian::native != std::endian::little) {
      const char* s = q;
      value = 0;
      while (q - s < 16 && is_digit(*q))
        value = value * 10 + static_cast<std::uint64_t>(*q++ - '0');
      return q - s < 16 || !is_digit(*q) ? static_cast<int>(q - s) : 0;
    }
    constexpr std::uint64_t kZeros = 0x3030303030303030;
    std::uint64_t first, second;
    std::memcpy(&first, q, 8);
    const std::uint64_t first_stop = non_digits(first);
    if (first_stop) {
      const int n = std::countr_zero(first_stop) >> 3;
      if (n == 0) return 0;
      value = eight_digits((first ^ kZeros) << (64 - 8 * n));
      return n;
    }
    std::memcpy(&second, q + 8, 8);
    const std::uint64_t second_stop = non_digits(second);
    if (!second_stop) return 0;
    const int n = std::countr_zero(second_stop) >> 3;
    value = eight_digits(first ^ kZeros);
    if (n > 0) value = value * kPow10[n] + eight_digits((second ^ kZeros) << (64 - 8 * n));
    return 8 + n;
  }

  // A high bit in each byte of w that is not an ASCII digit; exact up to the first such byte
  // (a carry may mark later bytes too), which is all leading_digits() needs.
  static std::uint64_t non_digits(std::uint64_t w) {
    const std::uint64_t x = w ^ 0x3030303030303030;
    return (x | (x + 0x0606060606060606)) & 0xF0F0F0F0F0F0F0F0;
  }

  // Eight digit values (0-9), the first (most significant) in the lowest byte.
  static std::uint64_t eight_digits(std::uint64_t x) {
    x = (x * 10 + (x >> 8)) & 0x00FF00FF00FF00FF;
    x = (x * 100 + (x >> 16)) & 0x0000FFFF0000FFFF;
    return (x * 10000 + (x >> 32)) & 0xFFFFFFFF;
  }

  static constexpr std::uint64_t kPow10[] = {1,      10,      100,      1000,     10000,
                                             100000, 1000000, 10000000, 100000000};

  // At most 18 digits, so that the value cannot overflow; longer runs go to the careful path.
  static bool read_uint(const char*& q, const char* end, std::int64_t& v) {
    const char* s = q;
    v = 0;
    while (q < end && is_digit(*q) && q - s < 18) v = v * 10 + (*q++ - '0');
    return q > s && (q == end || !is_digit(*q));
  }

  static bool same_date(const char* a, const char* b) {
    std::uint64_t x, y;
    std::uint16_t u, v;
    std::memcpy(&x, a, 8);
    std::memcpy(&y, b, 8);
    std::memcpy(&u, a + 8, 2);
    std::memcpy(&v, b + 8, 2);
    return x == y && u == v;
  }

  static std::optional<std::int32_t> fast_date(const char* q) {
    for (int i : {0, 1, 2, 3, 5, 6, 8, 9})
      if (!is_digit(q[i])) return std::nullopt;
    if (q[4] != '-' || q[7] != '-') return std::nullopt;
    const int y = (q[0] - '0') * 1000 + (q[1] - '0') * 100 + (q[2] - '0') * 10 + (q[3] - '0');
    const int m = (q[5] - '0') * 10 + (q[6] - '0');
    const int d = (q[8] - '0') * 10 + (q[9] - '0');
    return civil_day(y, m, d);
  }

  // "123", "123.4", "123.45" (two decimals): the common amount shapes.
  static bool read_amount(const char*& q, const char* end, Minor& amount) {
    const char* s = q;
    std::int64_t whole = 0;
    while (q < end && is_digit(*q) && q - s < 15) whole = whole * 10 + (*q++ - '0');
    if (q == s || (q < end && is_digit(*q))) return false;
    std::int64_t cents = 0;
    if (q < end && *q == '.') {
      ++q;
      if (q < end && is_digit(*q)) {
        cents = std::int64_t{*q++ - '0'} * 10;
        if (q < end && is_digit(*q)) cents += *q++ - '0';
      }
      if (q < end && is_digit(*q)) return false;
    }
    amount = whole * 100 + cents;
    return true;
  }

  void fail_with(std::int64_t line, std::string code, std::string reason) {
    out_.problem = Problem{line, std::move(code), std::move(reason), {}};
  }

  const Layout& layout_;
  const LoadOptions& options_;
  ChunkResult& out_;
  RoundFolder* folder_;
  std::size_t me_;
};

Result<Layout> read_layout(csv::CsvReader& csv) {
  CW_ASSIGN_OR_RETURN(const auto header, csv.read_header());
  Layout layout;
  layout.delimiter = csv.delimiter();
  std::array<bool, 4> seen{};
  bool ok = header.size() == 4;
  for (std::size_t i = 0; ok && i < header.size(); ++i) {
    ok = false;
    for (int c = 0; c < 4; ++c) {
      if (!seen[c] && csv::iequals(csv::trim(header[i]), kColumns[c])) {
        seen[c] = true;
        layout.field_of[c] = static_cast<int>(i);
        layout.canonical = layout.canonical && static_cast<int>(i) == c;
        ok = true;
        break;
      }
    }
  }
  if (!ok) {
    std::string found;
    for (const auto& h : header) found += (found.empty() ? "" : ",") + h;
    return fail(
        csv::input_error("invalid_header", 1,
                         "expected the header order_id,customer_id,order_date,amount, found " +
                             csv::quoted_excerpt(found)));
  }
  return layout;
}

// The RFC 4180 path over the whole file, single-threaded: for quotes, and to find duplicates.
// `folder`: as for ChunkParser, with `out` its only chunk.
void parse_with_csv(std::string_view bytes, const Layout& layout, const LoadOptions& options,
                    ChunkResult& out, RoundFolder* folder) {
  csv::CsvReader csv(bytes);
  (void)csv.read_header();
  ChunkParser parser(layout, options, out, folder);
  std::vector<std::string_view> fields;
  for (;;) {
    auto more = csv.next(fields);
    if (!more) {
      out.problem = Problem{0, more.error().code, more.error().message, {}};
      break;
    }
    if (!*more || !parser.accept_fields(fields, csv.line())) break;
  }
  if (folder) folder->finish(0);
}

Error to_error(const Problem& p) {
  // Errors from the CSV reader already carry their "line N: " prefix.
  if (p.line == 0) return Error::bad_request(p.code, p.reason, p.field);
  return csv::input_error(p.code, p.line, p.reason, p.field);
}

std::optional<Error> find_duplicate(std::string_view bytes, const Layout& layout,
                                    const LoadOptions& options, std::int64_t direct_limit) {
  std::vector<std::pair<std::int64_t, std::int64_t>> ids;  // (order_id, line)
  LoadOptions quiet = options;
  quiet.keep_orders = false;
  ChunkResult scan(direct_limit);
  scan.ids_with_lines = &ids;
  parse_with_csv(bytes, layout, quiet, scan, nullptr);
  std::sort(ids.begin(), ids.end());
  // The earliest line that repeats an order_id seen on an earlier line.
  struct Repeat {
    std::int64_t line, first_line, order_id;
  };
  std::optional<Repeat> earliest;
  std::size_t group = 0;
  for (std::size_t i = 1; i < ids.size(); ++i) {
    if (ids[i].first != ids[group].first) {
      group = i;
      continue;
    }
    if (i == group + 1 && (!earliest || ids[i].second < earliest->line))
      earliest = Repeat{ids[i].second, ids[group].second, ids[i].first};
  }
  if (!earliest) return std::nullopt;
  return csv::input_error("duplicate_order_id", earliest->line,
                          "order_id " + std::to_string(earliest->order_id) +
                              " already appears on line " + std::to_string(earliest->first_line),
                          "order_id");
}

}  // namespace

Result<Dataset> read_orders(std::string_view bytes, const LoadOptions& options) {
  csv::CsvReader csv(bytes);
  CW_ASSIGN_OR_RETURN(auto layout, read_layout(csv));
  const std::string_view data = bytes.substr(csv.data_offset());
  const std::int64_t first_data_line =
      1 + std::count(bytes.begin(), bytes.begin() + static_cast<std::ptrdiff_t>(csv.data_offset()),
                     '\n');
  const std::int64_t direct_limit =
      std::clamp<std::int64_t>(static_cast<std::int64_t>(bytes.size() / 16), 1 << 20, 1 << 26);

  // Split into at most two chunks of whole lines.
  std::vector<std::string_view> chunks;
  std::size_t split = data.size();
  if (options.threads > 1 && data.size() >= 2 * kMinBytesPerThread) {
    const void* nl = std::memchr(data.data() + data.size() / 2, '\n', data.size() / 2);
    if (nl) split = static_cast<std::size_t>(static_cast<const char*>(nl) - data.data()) + 1;
  }
  chunks.push_back(data.substr(0, split));
  if (split < data.size()) chunks.push_back(data.substr(split));

  auto totals = std::make_unique<CustomerAccumulator>(direct_limit);
  std::vector<ChunkResult> results;
  for (std::size_t i = 0; i < chunks.size(); ++i) results.emplace_back(totals->direct_limit());
  {
    RoundFolder folder(*totals, results);
    const auto parse = [&](std::size_t i) {
      ChunkParser(layout, options, results[i], &folder, i).run(chunks[i]);
      folder.finish(i);
    };
    std::vector<std::thread> workers;
    for (std::size_t i = 1; i < chunks.size(); ++i) workers.emplace_back(parse, i);
    parse(0);
    for (auto& w : workers) w.join();
  }

  const bool any_quote =
      std::any_of(results.begin(), results.end(), [](const auto& r) { return r.saw_quote; });
  if (any_quote) {
    totals = std::make_unique<CustomerAccumulator>(direct_limit);
    results.clear();
    results.emplace_back(totals->direct_limit());
    RoundFolder folder(*totals, results);
    parse_with_csv(bytes, layout, options, results[0], &folder);
    if (results[0].problem) return fail(to_error(*results[0].problem));
  } else {
    std::int64_t line_base = first_data_line - 1;
    for (auto& r : results) {
      if (r.problem) {
        r.problem->line += line_base;
        return fail(to_error(*r.problem));
      }
      line_base += r.lines;
    }
  }

  bool unique = true;
  for (std::size_t i = 0; i < results.size(); ++i) {
    unique = unique && results[i].ids_increasing;
    if (i > 0 && results[i].first_id >= 0 && results[i - 1].last_id >= results[i].first_id)
      unique = false;
  }
  if (!unique)
    if (auto dup = find_duplicate(bytes, layout, options, direct_limit)) return fail(*dup);

  Dataset out;
  for (auto& r : results) totals->add_side(r.batch);
  out.facts = totals->build();
  out.has_orders = true;
  for (const auto& r : results) {
    out.rows_read += r.rows;
    out.orders_after_as_of += r.after_as_of;
  }
  if (options.keep_orders) {
    const auto rows = totals->row_index();
    OrderList& o = out.orders;
    o.has_time_of_day = true;
    for (const auto& r : results) {
      for (std::int64_t c : r.order_customer) o.customer_row.push_back(rows(c));
      o.day.insert(o.day.end(), r.order_day.begin(), r.order_day.end());
      o.second.insert(o.second.end(), r.order_second.begin(), r.order_second.end());
      o.amount.insert(o.amount.end(), r.order_amount.begin(), r.order_amount.end());
      o.has_time_of_day = o.has_time_of_day && r.all_times;
    }
    o.has_time_of_day = o.has_time_of_day && o.size() > 0;
  }
  return out;
}

}  // namespace cw::reports
