#pragma once
// The PostgreSQL driver's entry points, for Database (database.cpp) and its tests.

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "db/database.hpp"

namespace cw::db {

// True for a libpq URL (postgresql://... or postgres://...): Database::open picks PostgreSQL.
bool is_postgres_location(std::string_view location);

// Rewrites the portable dialect's `?` placeholders into PostgreSQL's $1, $2, ... in order (and
// SQLite's numbered `?NNN` into $NNN, a later bare `?` taking the largest number so far plus one),
// leaving string literals, quoted identifiers and -- comments alone; `count` gets the largest.
std::string to_postgres_placeholders(std::string_view sql, int* count = nullptr);

// Rows one FETCH of Connection::stream reads: the most it holds at a time.
inline constexpr int kStreamBatchRows = 1000;

// A new connection to options.path (a libpq URL). Throws cw::Failure when it cannot connect.
std::unique_ptr<Connection> connect_postgres(const Options& options);

// A bulk load of one table through `COPY table (columns) FROM STDIN` on a PostgreSQL connection,
// inside whatever transaction the connection is in. In text format rows go as columns separated
// by a tab, rows ended by a newline, NULL written \N, and a backslash, tab, newline or carriage
// return inside a value escaped (append_copy_value does it); in binary format (FORMAT binary) as
// PostgreSQL documents it (signature and header, rows of length-prefixed fields, the trailer; the
// caller writes all of it, BulkWriter does). While a CopyIn
// is open the connection takes no other statement. A CopyIn dropped without finish() cancels the
// COPY, so the statement fails and the transaction must be rolled back.
class CopyIn {
 public:
  virtual ~CopyIn() = default;
  // Sends rows (any number of whole or partial rows). Throws cw::Failure when the connection
  // fails; a bad row is reported by finish().
  virtual void write(std::string_view data) = 0;
  // Ends the COPY; answers how many rows it loaded. A violated constraint throws
  // ConstraintError, any other refused row cw::Failure.
  virtual std::int64_t finish() = 0;
  // After finish() threw: the 1-based row of the data the server refused, as its error context
  // names it ("COPY t, line N"); 0 when it named none (a foreign key checked at the end).
  virtual std::int64_t failed_row() const = 0;
};

// Starts the COPY of `columns` of `table` (identifiers, quoted here). Throws cw::Failure when
// `connection` is not a PostgreSQL connection or the server refuses the statement.
std::unique_ptr<CopyIn> copy_in(Connection& connection, std::string_view table,
                                const std::vector<std::string>& columns, bool binary = false);

// Appends `value` to `out` escaped for COPY's text format (not the column separator).
void append_copy_value(std::string& out, std::string_view value);

// `name` as a quoted SQL identifier ("name", inner quotes doubled).
std::string quote_identifier(std::string_view name);

}  // namespace cw::db
