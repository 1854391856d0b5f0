#pragma once
// Bulk loading of several tables at once (`generate`, `import`): one write path for both dialects.
//
// A BulkWriter hands out one Table per loaded table; Table::add takes a row (values bound like
// Connection::exec: integers, double, strings, std::optional of those, nullptr). On SQLite a row
// is inserted at once with a cached prepared INSERT (no round trip to save). On PostgreSQL rows are
// kept in memory and sent by flush(), one `COPY ... FROM STDIN` per table, so a load costs a few
// round trips per megabyte instead of one per row.
//
// COPY format on PostgreSQL (CopyFormat): binary by default. Each Table reads its columns' types
// once from the catalogue (pg_attribute) and encodes every value in its column's binary form
// (smallint, integer, bigint, real, double precision, boolean, text/varchar/char), so the server
// parses nothing. A table with a column of any other type is sent in COPY's text format instead.
// Binary is not measurably faster than text (`generate` and `import` on PostgreSQL 15:
// docs/performance.md, "Binary COPY, and `import` through the writer"): the server's time goes
// to heap and index writes, not parsing. It is the default for its checks: a value that does not
// fit its column is refused by add() on the client, naming table and column.
//
// Contract:
//  - flush() sends the tables in the order they were created: create parents before children.
//    A Table whose buffer passes about a megabyte flushes the whole writer by itself.
//  - Rows added are not visible to other statements on the connection until flush() (on
//    PostgreSQL). A statement that needs them (an UPDATE of a buffered row, an INSERT whose
//    foreign key points at one) is queued with after_flush() and runs right after the next
//    flush, in the order queued, on both dialects alike.
//  - Ids are never read back: the caller chooses them, or leaves them to the column's default
//    (sequence on PostgreSQL, rowid on SQLite), which assigns them in the order rows were added.
//  - Call flush() before committing the transaction the rows belong to; rows still buffered when
//    the writer is destroyed are dropped (the transaction is then rolled back anyway).
//  - add() with another number of values than the table has columns throws cw::Failure. In binary
//    COPY a value that does not fit its column (an integer out of an integer column's range, text
//    into a number column, a double into an integer column, an integer other than 0/1 into a
//    boolean, a bool into text) throws cw::Failure from add() naming the table and column; the
//    row is not added. As text COPY would, an integer goes into a text column as its digits and
//    into a real/double column as that number.
//  - A violated constraint surfaces from flush() (PostgreSQL) or add() (SQLite) as
//    ConstraintError; other refusals as cw::Failure. The caller may say which line of its input
//    the next rows come from (set_source_line); after such a failure failed_source_line() answers
//    the line of the refused row when the database named it (SQLite always, PostgreSQL for a row
//    COPY refused itself: unique, not-null and check constraints), else nullopt.

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include "db/database.hpp"

namespace cw::db {

enum class CopyFormat { kText, kBinary };

class BulkWriter {
 public:
  class Table {
   public:
    template <typename... Args>
    void add(const Args&... args) {
      if (sizeof...(Args) != columns_.size()) wrong_width(sizeof...(Args));
      if (!copy_) {
        insert(args...);
        return;
      }
      if (binary_ && buffer_.empty()) begin_binary_copy();
      const std::size_t start = buffer_.size();
      try {
        begin_row();
        (append(args), ...);
      } catch (...) {
        buffer_.resize(start);  // the row is not added: the buffer holds whole rows only
        throw;
      }
      if (!binary_) buffer_ += '\n';
      lines_.push_back(owner_.source_line_);
      ++pending_;
      if (buffer_.size() >= kFlushBytes) owner_.flush();
    }

   private:
    friend class BulkWriter;
    static constexpr std::size_t kFlushBytes = 1 << 20;
    // A column's binary COPY encoding (kOther: the table goes in text format).
    enum class Kind { kInt2, kInt4, kInt8, kFloat4, kFloat8, kBool, kText, kOther };
    struct Column {
      Kind kind = Kind::kOther;
      std::string type;  // as the catalogue names it, for error messages
    };

    Table(BulkWriter& owner, Connection& c, std::string name, std::vector<std::string> columns,
          CopyFormat format);
    void send();
    void read_column_types();
    static Kind kind_of_type(std::int64_t oid);
    [[noreturn]] void wrong_width(std::size_t values) const;
    [[noreturn]] void does_not_fit(std::string_view what) const;

    template <typename... Args>
    void insert(const Args&... args) {
      try {
        connection_.exec(insert_, args...);
      } catch (...) {
        owner_.failed_line_ = owner_.source_line_;
        throw;
      }
    }

    // Text format: a tab before every column but the first.
    void separate() {
      if (column_++) buffer_ += '\t';
    }
    // Binary format: the signature and header that open the COPY data.
    void begin_binary_copy();
    // Every format: back to the first column; binary: the row's field count.
    void begin_row();
    // The column the next value goes to (binary format), advancing past it.
    const Column& next_column() { return types_[static_cast<std::size_t>(column_++)]; }

    void append(std::nullptr_t);
    void append(double v);
    void append(std::string_view v);
    void append(const std::string& v) { append(std::string_view(v)); }
    void append(const char* v) { append(std::string_view(v)); }
    void append(bool v);
    void append_integer(std::int64_t v);
    template <typename I>
    requires std::is_integral_v<I>
    void append(I v) { append_integer(static_cast<std::int64_t>(v)); }
    template <typename T>
    void append(const std::optional<T>& v) {
      if (v)
        append(*v);
      else
        append(nullptr);
    }

    BulkWriter& owner_;
    Connection& connection_;
    std::string name_;
    std::vector<std::string> columns_;
    bool copy_;                  // PostgreSQL: buffer for COPY; SQLite: insert at once
    bool binary_ = false;        // COPY in binary format (every column's type has an encoding here)
    std::vector<Column> types_;  // binary: one per column
    std::string insert_;         // SQLite's INSERT statement
    std::string buffer_;
    std::vector<std::int64_t> lines_;  // the source line of every buffered row
    std::int64_t pending_ = 0;
    int column_ = 0;
  };

  explicit BulkWriter(Connection& c, CopyFormat format = CopyFormat::kBinary)
      : connection_(c), format_(format) {}
  BulkWriter(const BulkWriter&) = delete;
  BulkWriter& operator=(const BulkWriter&) = delete;

  // A table to load `columns` of; the reference stays valid as long as the writer. On PostgreSQL
  // in binary format it reads the columns' types (cw::Failure when a column does not exist).
  Table& table(std::string name, std::vector<std::string> columns);
  void after_flush(std::function<void(Connection&)> statement);
  // Sends every buffered row (tables in creation order), then runs the queued statements.
  void flush();

  // The line of the caller's input the rows added from now on come from (0: none).
  void set_source_line(std::int64_t line) { source_line_ = line; }
  // After add() or flush() threw: the source line of the row the database refused, if it said.
  std::optional<std::int64_t> failed_source_line() const { return failed_line_; }

 private:
  Connection& connection_;
  CopyFormat format_;
  std::vector<std::unique_ptr<Table>> tables_;
  std::vector<std::function<void(Connection&)>> queued_;
  bool flushing_ = false;
  std::int64_t source_line_ = 0;
  std::optional<std::int64_t> failed_line_;
};

}  // namespace cw::db
