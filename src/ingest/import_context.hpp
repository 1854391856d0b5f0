#pragma once
// What every format's importer shares inside the one import transaction (internal to ingest).

#ifndef CW_INTERNAL_INGEST
#error "ingest/import_context.hpp is internal to cw_ingest (src/README.md, Boundaries)"
#endif

#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "core/clock.hpp"
#include "core/error.hpp"
#include "csv/table_reader.hpp"
#include "db/bulk_writer.hpp"
#include "db/database.hpp"
#include "ingest/import.hpp"

namespace cw::ingest {

// Rows are written through one BulkWriter (prepared INSERTs on SQLite, COPY on PostgreSQL), so on
// PostgreSQL they reach the database only when it flushes: at the end of the load, or when a
// table's buffer is full. Checks against the database therefore never query per row: exists()
// answers from the table's ids read once (one query per table), kept up to date by added().
struct ImportContext {
  ImportContext(db::Connection& connection, const Clock& clock_, const ImportOptions& options_,
                ImportSummary& summary_)
      : c(connection), clock(clock_), options(options_), summary(summary_), writer(connection) {}

  db::Connection& c;
  const Clock& clock;
  const ImportOptions& options;
  ImportSummary& summary;
  db::BulkWriter writer;
  std::set<std::int64_t> customers_with_orders;  // their facts are recomputed before commit
  std::int64_t line = 0;  // the line being written: names the row of a constraint failure
  std::string file;       // the file of that line when the format reads several ("" otherwise)

  // True when `table` (a fixed table name, never input) has a row with this id, in the database
  // or added by this import (added()).
  bool exists(std::string_view table, std::int64_t id);
  // Records that this import added a row with this id to `table`.
  void added(std::string_view table, std::int64_t id);
  // The writer's table of `columns` of `table`, opened on first use (tables are flushed in the
  // order they were first asked for: ask for parents first).
  db::BulkWriter::Table& table(const std::string& table, std::vector<std::string> columns);
  // Adds a row to `to` from the current `line` (which a refused row's error names).
  template <typename... Args>
  void add(db::BulkWriter::Table& to, const Args&... values) {
    writer.set_source_line(line);
    to.add(values...);
  }
  // kConflict "id_exists": "line N: <what> <id> already exists".
  Error id_exists(std::int64_t at_line, std::string_view what, std::int64_t id,
                  std::string field) const;
  // kBadRequest "unknown_reference": "line N: <what> <id> does not exist".
  Error unknown_reference(std::int64_t at_line, std::string_view what, std::int64_t id,
                          std::string field) const;
  void count(const std::string& table, std::int64_t rows = 1) {
    if (rows > 0) summary.imported[table] += rows;
  }
  std::int64_t now() const;

 private:
  std::unordered_set<std::int64_t>& ids_of(std::string_view table);
  std::map<std::string, std::unordered_set<std::int64_t>, std::less<>> ids_;
  std::map<std::vector<std::string>, db::BulkWriter::Table*> tables_;  // by name, then columns
};

// A second row with the same id in the file: "duplicate_id" naming both lines.
Result<void> check_unique(std::unordered_map<std::int64_t, std::int64_t>& seen, std::int64_t id,
                          std::int64_t line, const std::string& field);

// The common frame of a table whose rows each become one row with the file's id: reads the
// header, then for every record checks the id (present, unique in the file, new in `table_name`),
// calls write_row(table, id) and counts one `table_name` row.
template <typename WriteRow>
Result<void> import_rows(ImportContext& ctx, std::string_view bytes, const std::string& format,
                         const char* table_name, const char* what,
                         std::vector<std::string> required, std::vector<std::string> optional,
                         WriteRow write_row) {
  CW_ASSIGN_OR_RETURN(
      auto table, csv::TableReader::open(bytes, format, std::move(required), std::move(optional),
                                         ctx.options.currency_decimals));
  std::unordered_map<std::int64_t, std::int64_t> seen;
  for (;;) {
    CW_ASSIGN_OR_RETURN(auto more, table.next());
    if (!more) break;
    ctx.line = table.line();
    CW_ASSIGN_OR_RETURN(const auto id, table.id("id"));
    CW_TRY(check_unique(seen, id, ctx.line, "id"));
    if (ctx.exists(table_name, id)) return fail(ctx.id_exists(ctx.line, what, id, "id"));
    CW_TRY(write_row(table, id));
    ctx.added(table_name, id);
    ctx.count(table_name);
  }
  ctx.summary.rows_read = table.rows();
  return {};
}

using Importer = Result<void> (*)(ImportContext&, std::string_view bytes);

Result<void> import_orders_log(ImportContext& ctx, std::string_view bytes);
Result<void> import_online_retail(ImportContext& ctx, std::string_view bytes);
Result<void> import_customer_summary(ImportContext& ctx, std::string_view bytes);
Result<void> import_shop_customers(ImportContext& ctx, std::string_view bytes);
Result<void> import_shop_products(ImportContext& ctx, std::string_view bytes);
Result<void> import_shop_orders(ImportContext& ctx, std::string_view bytes);
Result<void> import_shop_visits(ImportContext& ctx, std::string_view bytes);
Result<void> import_shop_campaigns(ImportContext& ctx, std::string_view bytes);
Result<void> import_shop_coupons(ImportContext& ctx, std::string_view bytes);
// A folder, not one file (ingest/cartify.hpp).
Result<void> import_cartify(ImportContext& ctx, const std::string& dir);

}  // namespace cw::ingest
