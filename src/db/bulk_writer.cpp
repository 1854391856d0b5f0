// BulkWriter: prepared INSERTs on SQLite, buffered COPY on PostgreSQL (bulk_writer.hpp).
#include "db/bulk_writer.hpp"

#include <charconv>

#include "db/postgres_driver.hpp"

namespace cw::db {

BulkWriter::Table::Table(BulkWriter& owner, Connection& c, std::string name,
                         std::vector<std::string> columns)
    : owner_(owner),
      connection_(c),
      name_(std::move(name)),
      columns_(std::move(columns)),
      copy_(c.dialect() == Dialect::kPostgres) {
  if (copy_) {
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

void BulkWriter::Table::append(double v) {
  separate();
  char text[32];
  buffer_.append(text, std::to_chars(text, text + sizeof text, v).ptr);
}

void BulkWriter::Table::append(std::string_view v) {
  separate();
  append_copy_value(buffer_, v);
}

void BulkWriter::Table::send() {
  if (pending_ == 0) return;
  auto copy = copy_in(connection_, name_, columns_);
  copy->write(buffer_);
  const std::int64_t loaded = copy->finish();
  if (loaded != pending_)
    throw Failure(Error::internal("database error: bulk load of " + name_ + " loaded " +
                                  std::to_string(loaded) + " of " + std::to_string(pending_) +
                                  " rows"));
  buffer_.clear();
  pending_ = 0;
}

BulkWriter::Table& BulkWriter::table(std::string name, std::vector<std::string> columns) {
  tables_.push_back(
      std::unique_ptr<Table>(new Table(*this, connection_, std::move(name), std::move(columns))));
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
