// BulkWriter: prepared INSERTs on SQLite, buffered COPY (binary or text) on PostgreSQL
// (bulk_writer.hpp).
#include "db/bulk_writer.hpp"

#include <bit>
#include <charconv>
#include <cmath>
#include <limits>

#include "db/postgres_driver.hpp"

namespace cw::db {
namespace {

// Big-endian integers, as binary COPY frames and encodes everything.
void put_unsigned(std::string& out, std::uint64_t v, int bytes) {
  for (int shift = (bytes - 1) * 8; shift >= 0; shift -= 8)
    out += static_cast<char>((v >> shift) & 0xff);
}
void put16(std::string& out, std::int64_t v) {
  put_unsigned(out, static_cast<std::uint64_t>(v), 2);
}
void put32(std::string& out, std::int64_t v) {
  put_unsigned(out, static_cast<std::uint64_t>(v), 4);
}

}  // namespace

BulkWriter::Table::Table(BulkWriter& owner, Connection& c, std::string name,
                         std::vector<std::string> columns, CopyFormat format)
    : owner_(owner),
      connection_(c),
      name_(std::move(name)),
      columns_(std::move(columns)),
      copy_(c.dialect() == Dialect::kPostgres) {
  if (copy_) {
    if (format == CopyFormat::kBinary) read_column_types();
    buffer_.reserve(kFlushBytes + 4096);
    return;
  }
  insert_ = "INSERT INTO " + quote_identifier(name_) + " (";
  std::string marks;
  for (std::size_t i = 0; i < columns_.size(); ++i) {
    insert_ += (i ? ", " : "") + quote_identifier(columns_[i]);
    marks += i ? ", ?" : "?";
  }
  insert_ += ") VALUES (" + marks + ")";
}

// PostgreSQL's type oids (pg_type.dat) of the types binary COPY is encoded for here.
BulkWriter::Table::Kind BulkWriter::Table::kind_of_type(std::int64_t oid) {
  switch (oid) {
    case 21:
      return Kind::kInt2;
    case 23:
      return Kind::kInt4;
    case 20:
      return Kind::kInt8;
    case 700:
      return Kind::kFloat4;
    case 701:
      return Kind::kFloat8;
    case 16:
      return Kind::kBool;
    case 25:    // text
    case 1043:  // varchar
    case 1042:  // char(n)
      return Kind::kText;
    default:
      return Kind::kOther;
  }
}

// One catalogue query per table: binary COPY must send each value in its column's exact width.
void BulkWriter::Table::read_column_types() {
  binary_ = true;
  for (const std::string& column : columns_) {
    auto rows = connection_.query(
        "SELECT a.atttypid, format_type(a.atttypid, a.atttypmod) FROM pg_attribute a "
        "WHERE a.attrelid = ?::regclass AND a.attname = ? AND a.attnum > 0 AND NOT a.attisdropped",
        quote_identifier(name_), column);
    if (!rows.next())
      throw Failure(Error::internal("database error: bulk load of " + name_ + ": table " + name_ +
                                    " has no column " + column));
    const Kind kind = kind_of_type(rows.integer(0));
    types_.push_back({kind, rows.text(1)});
    if (kind == Kind::kOther) binary_ = false;  // a type not encoded here: text COPY for all
  }
}

void BulkWriter::Table::wrong_width(std::size_t values) const {
  throw Failure(Error::internal("database error: bulk load of " + name_ + ": a row of " +
                                std::to_string(values) + " values for " +
                                std::to_string(columns_.size()) + " columns"));
}

// `column_` has already moved past the column the value was meant for.
void BulkWriter::Table::does_not_fit(std::string_view what) const {
  const auto index = static_cast<std::size_t>(column_ - 1);
  throw Failure(Error::internal("database error: bulk load of " + name_ + ": " + std::string(what) +
                                " does not fit column " + columns_[index] + " (" +
                                types_[index].type + ")"));
}

void BulkWriter::Table::begin_binary_copy() {
  static constexpr char kSignature[] = "PGCOPY\n\377\r\n";  // and its terminating NUL
  buffer_.append(kSignature, sizeof kSignature);
  put32(buffer_, 0);  // flags: no OIDs
  put32(buffer_, 0);  // no header extension
}

void BulkWriter::Table::begin_row() {
  column_ = 0;
  if (binary_) put16(buffer_, static_cast<std::int64_t>(columns_.size()));
}

void BulkWriter::Table::append(std::nullptr_t) {
  if (!binary_) {
    separate();
    buffer_ += "\\N";
    return;
  }
  next_column();
  put32(buffer_, -1);
}

void BulkWriter::Table::append_integer(std::int64_t v) {
  if (!binary_) {
    separate();
    char text[24];
    buffer_.append(text, std::to_chars(text, text + sizeof text, v).ptr);
    return;
  }
  const Column& column = next_column();
  auto in_range = [&](std::int64_t low, std::int64_t high) {
    if (v < low || v > high) does_not_fit("the integer " + std::to_string(v));
  };
  switch (column.kind) {
    case Kind::kInt2:
      in_range(std::numeric_limits<std::int16_t>::min(), std::numeric_limits<std::int16_t>::max());
      put32(buffer_, 2);
      put16(buffer_, v);
      return;
    case Kind::kInt4:
      in_range(std::numeric_limits<std::int32_t>::min(), std::numeric_limits<std::int32_t>::max());
      put32(buffer_, 4);
      put32(buffer_, v);
      return;
    case Kind::kInt8:
      put32(buffer_, 8);
      put_unsigned(buffer_, static_cast<std::uint64_t>(v), 8);
      return;
    case Kind::kBool:
      in_range(0, 1);
      put32(buffer_, 1);
      buffer_ += static_cast<char>(v);
      return;
    case Kind::kText: {  // what text COPY would have stored: the decimal digits
      const std::string digits = std::to_string(v);
      put32(buffer_, static_cast<std::int64_t>(digits.size()));
      buffer_ += digits;
      return;
    }
    case Kind::kFloat4:
    case Kind::kFloat8:
      --column_;  // a number column takes any integer as a double, like text COPY
      append(static_cast<double>(v));
      return;
    case Kind::kOther:
      break;
  }
  does_not_fit("the integer " + std::to_string(v));
}

void BulkWriter::Table::append(bool v) {
  if (!binary_) {
    separate();
    buffer_ += v ? '1' : '0';
    return;
  }
  if (types_[static_cast<std::size_t>(column_)].kind == Kind::kText) {
    next_column();
    does_not_fit(v ? "true" : "false");
  }
  append_integer(v ? 1 : 0);  // boolean columns take 1/0, integer columns the number
}

void BulkWriter::Table::append(double v) {
  if (!binary_) {
    separate();
    char text[32];
    buffer_.append(text, std::to_chars(text, text + sizeof text, v).ptr);
    return;
  }
  const Column& column = next_column();
  if (column.kind == Kind::kFloat8) {
    put32(buffer_, 8);
    put_unsigned(buffer_, std::bit_cast<std::uint64_t>(v), 8);
    return;
  }
  if (column.kind == Kind::kFloat4) {
    put32(buffer_, 4);
    put_unsigned(buffer_, std::bit_cast<std::uint32_t>(static_cast<float>(v)), 4);
    return;
  }
  char text[32];
  does_not_fit("the number " + std::string(text, std::to_chars(text, text + sizeof text, v).ptr));
}

void BulkWriter::Table::append(std::string_view v) {
  if (!binary_) {
    separate();
    append_copy_value(buffer_, v);
    return;
  }
  const Column& column = next_column();
  if (column.kind != Kind::kText) does_not_fit("text '" + std::string(v.substr(0, 40)) + "'");
  if (v.size() > static_cast<std::size_t>(std::numeric_limits<std::int32_t>::max()))
    does_not_fit("text of " + std::to_string(v.size()) + " bytes");
  put32(buffer_, static_cast<std::int64_t>(v.size()));
  buffer_ += v;
}

void BulkWriter::Table::send() {
  if (pending_ == 0) return;
  if (binary_) put16(buffer_, -1);  // the trailer
  auto copy = copy_in(connection_, name_, columns_, binary_);
  try {
    copy->write(buffer_);
    const std::int64_t loaded = copy->finish();
    if (loaded != pending_)
      throw Failure(Error::internal("database error: bulk load of " + name_ + " loaded " +
                                    std::to_string(loaded) + " of " + std::to_string(pending_) +
                                    " rows"));
  } catch (...) {
    const std::int64_t row = copy->failed_row();
    if (row >= 1 && row <= static_cast<std::int64_t>(lines_.size()))
      owner_.failed_line_ = lines_[static_cast<std::size_t>(row - 1)];
    throw;
  }
  buffer_.clear();
  lines_.clear();
  pending_ = 0;
}

BulkWriter::Table& BulkWriter::table(std::string name, std::vector<std::string> columns) {
  tables_.push_back(std::unique_ptr<Table>(
      new Table(*this, connection_, std::move(name), std::move(columns), format_)));
  return *tables_.back();
}

void BulkWriter::after_flush(std::function<void(Connection&)> statement) {
  queued_.push_back(std::move(statement));
}

void BulkWriter::flush() {
  // A queued statement never adds rows, but guard against re-entry from a full buffer anyway.
  if (flushing_) return;
  flushing_ = true;
  try {
    for (auto& table : tables_) table->send();
    for (auto& statement : queued_) statement(connection_);
    queued_.clear();
  } catch (...) {
    flushing_ = false;
    throw;
  }
  flushing_ = false;
}

}  // namespace cw::db
