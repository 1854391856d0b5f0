#pragma once
// The Cartify layout (`--format cartify`, a folder of 15 ';'-separated files;
// docs/import-formats.md "cartify"), internal to cw_ingest. The files are read in reference order,
// each fully checked before the next, inside the one import transaction: lookups (countries,
// regions, cities, discount and campaign types), then the catalogue and customers, campaigns and
// coupons, orders with their lines, website sessions and reviews. Every layout key is text and is
// kept as the row's external_ref; Cartwise assigns its own ids (after the highest id of each
// table). References resolve within the folder only.

#ifndef CW_INTERNAL_INGEST
#error "ingest/cartify.hpp is internal to cw_ingest (src/README.md, Boundaries)"
#endif

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "csv/mapped_file.hpp"
#include "csv/table_reader.hpp"
#include "ingest/import_context.hpp"

namespace cw::ingest::cartify {

// Every product gets this one size: the layout keeps one stock figure per product.
inline constexpr const char* kDefaultSize = "One size";

// The fifteen file names, in the order they are read.
const std::vector<std::string>& file_names();

// A layout key -> Cartwise id (or an index into a lookup list), with the line that defined it.
struct Keys {
  std::unordered_map<std::string, std::int64_t> id;
  std::unordered_map<std::string, std::int64_t> line;
};

struct City {
  std::string name, region;
};

// Everything one file's rows may refer to, filled file by file.
struct State {
  std::string dir;
  std::unordered_map<std::string, std::string> countries, regions, discount_types, platforms;
  std::unordered_map<std::string, City> cities;
  Keys categories, products, customers, campaigns, coupons, orders;
  std::unordered_map<std::int64_t, Minor> price_of;  // product id -> selling price
  std::int64_t first_day = -1;  // earliest date of the shop's records (days since 1970), -1: none
  void saw_day(std::int64_t unix_seconds);
};

// Opens `dir`/`name` and calls row(table) for every record. Errors are prefixed with the file
// name ("orders.csv: line 7: ..."); ctx.file names the file while its rows are written, so that a
// database constraint failure names it too. The rows the file added to ctx.writer are flushed
// before it returns: a refused row is named by this file, and later files may read them back.
template <typename Row>
Result<void> each_row(ImportContext& ctx, const State& state, const std::string& name,
                      std::vector<std::string> columns, Row row);
Error in_file(const std::string& name, Error e);

// A required text key of the current row (a layout key such as CUST51271).
Result<std::string> key(const csv::TableReader& t, std::string_view column);
// Records `k` for this row: "duplicate_id" when the file already had it, "id_exists" when the
// database has a row with that external_ref (`existing`).
Result<void> define(Keys& keys, const std::unordered_set<std::string>& existing,
                    const csv::TableReader& t, std::string_view column, const std::string& k,
                    std::int64_t id);
// The id behind the key in `column` ("unknown_reference" naming the key when there is none).
Result<std::int64_t> resolve(const Keys& keys, const csv::TableReader& t, std::string_view column,
                             std::string_view what);
Result<std::string> resolve_text(const std::unordered_map<std::string, std::string>& map,
                                 const csv::TableReader& t, std::string_view column,
                                 std::string_view what);
// The external_refs `table` (a fixed name) already holds, and the id the next row gets.
std::unordered_set<std::string> existing_refs(ImportContext& ctx, std::string_view table);
std::int64_t next_id(ImportContext& ctx, std::string_view table);

// The parts, in order (cartify_people.cpp, cartify_sales.cpp).
Result<void> import_lookups(ImportContext& ctx, State& state);
Result<void> import_catalogue(ImportContext& ctx, State& state);
Result<void> import_customers(ImportContext& ctx, State& state);
Result<void> import_marketing(ImportContext& ctx, State& state);
Result<void> import_orders(ImportContext& ctx, State& state);
Result<void> import_activity(ImportContext& ctx, State& state);

template <typename Row>
Result<void> each_row(ImportContext& ctx, const State& state, const std::string& name,
                      std::vector<std::string> columns, Row row) {
  auto file = csv::MappedFile::open(state.dir + "/" + name);
  if (!file)
    return fail(Error::bad_request(
        "missing_file", "the folder has no readable " + name + " (" + file.error().message + ")",
        "path"));
  auto table = csv::TableReader::open(file->bytes(), "cartify " + name, std::move(columns), {},
                                      ctx.options.currency_decimals);
  if (!table) return fail(in_file(name, table.error()));
  ctx.file = name;
  for (;;) {
    auto more = table->next();
    if (!more) return fail(in_file(name, more.error()));
    if (!*more) break;
    ctx.line = table->line();
    auto done = row(*table);
    if (!done) return fail(in_file(name, done.error()));
  }
  ctx.summary.rows_read += table->rows();
  ctx.writer.flush();
  return {};
}

}  // namespace cw::ingest::cartify
