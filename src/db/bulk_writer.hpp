#pragma once
// Bulk loading of several tables at once (`generate`): one write path for both dialects.
//
// A BulkWriter hands out one Table per loaded table; Table::add takes a row (values bound like
// Connection::exec: integers, double, strings, std::optional of those, nullptr). On SQLite a row
// is inserted at once with a cached prepared INSERT (no round trip to save). On PostgreSQL rows are
// kept in memory in COPY's text format and sent by flush(), one `COPY ... FROM STDIN` per table,
// so a load costs a few round trips per megabyte instead of one per row. Text rather than binary
// COPY: the binary format needs each column's exact type width (integer, bigint, boolean) on the
// client, and the cost it would save is the server's parsing, not the round trips that dominate.
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
//  - A violated constraint surfaces from flush() (PostgreSQL) or add() (SQLite) as
//    ConstraintError; other refusals as cw::Failure.

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

class BulkWriter {
 public:
  class Table {
   public:
    template <typename... Args>
    void add(const Args&... args) {
      if (!copy_) {
        connection_.exec(insert_, args...);
        return;
      }
      column_ = 0;
      (append(args), ...);
      buffer_ += '\n';
      ++pending_;
      if (buffer_.size() >= kFlushBytes) owner_.flush();
    }

   private:
    friend class BulkWriter;
    static constexpr std::size_t kFlushBytes = 1 << 20;
    Table(BulkWriter& owner, Connection& c, std::string name, std::vector<std::string> columns);
    void send();

    void separate() {
      if (column_++) buffer_ += '\t';
    }
    void append(std::nullptr_t) {
      separate();
      buffer_ += "\\N";
    }
    void append(double v);
    void append(std::string_view v);
    void append(const std::string& v) { append(std::string_view(v)); }
    void append(const char* v) { append(std::string_view(v)); }
    void append(bool v) {
      separate();
      buffer_ += v ? '1' : '0';
    }
    template <typename I>
    requires std::is_integral_v<I>
    void append(I v) {
      separate();
      buffer_ += std::to_string(static_cast<std::int64_t>(v));
    }
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
    bool copy_;           // PostgreSQL: buffer for COPY; SQLite: insert at once
    std::string insert_;  // SQLite's INSERT statement
    std::string buffer_;
    std::int64_t pending_ = 0;
    int column_ = 0;
  };

  explicit BulkWriter(Connection& c) : connection_(c) {}
  BulkWriter(const BulkWriter&) = delete;
  BulkWriter& operator=(const BulkWriter&) = delete;

  // A table to load `columns` of; the reference stays valid as long as the writer.
  Table& table(std::string name, std::vector<std::string> columns);
  void after_flush(std::function<void(Connection&)> statement);
  // Sends every buffered row (tables in creation order), then runs the queued statements.
  void flush();

 private:
  Connection& connection_;
  std::vector<std::unique_ptr<Table>> tables_;
  std::vector<std::function<void(Connection&)>> queued_;
  bool flushing_ = false;
};

}  // namespace cw::db
