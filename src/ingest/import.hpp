#pragma once
// `cartwise import`: bulk load of a file into the shop database. Formats (docs/import-formats.md):
// the analyst's `orders`, `online-retail` and `customer-summary`, and Cartwise's own tables
// `shop-customers`, `shop-products`, `shop-orders`, `shop-visits`, `shop-campaigns`,
// `shop-coupons`.
//
// All or nothing: the whole file is loaded in ONE write transaction, customer facts of every
// customer that got orders included; any bad row fails the import with kBadRequest and a
// one-line message "line N: reason" (N is the 1-based physical line), and the database is left
// unchanged. Ids from the file become the rows' ids ("17850.0" is 17850); an id that already
// exists in the database is kConflict "id_exists" naming the line. A file with only its header
// imports nothing and succeeds; a zero-byte file is "empty_file"; a wrong header is
// "invalid_header". An unknown format is kBadRequest "unknown_import_format".

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "core/clock.hpp"
#include "core/error.hpp"
#include "db/database.hpp"

namespace cw::ingest {

struct ImportSummary {
  std::string format;
  std::int64_t rows_read = 0;                    // data rows of the file (header excluded)
  std::map<std::string, std::int64_t> imported;  // table name -> rows inserted
  std::map<std::string, std::int64_t> skipped;   // reason -> rows read but not imported
  std::int64_t cancellations = 0;                // online-retail: cancelled invoices
  std::int64_t facts_recomputed = 0;             // customers whose customer_facts were rebuilt

  std::int64_t imported_into(const std::string& table) const {
    const auto it = imported.find(table);
    return it == imported.end() ? 0 : it->second;
  }
};

struct ImportOptions {
  std::string currency = "GBP";  // currency of imported orders (Config::currency)
  int currency_decimals = 2;     // decimals of money columns in the file
};

// Every format name, in documentation order.
const std::vector<std::string>& import_formats();

// Imports `path` in `format` with the default ImportOptions. `clock` dates the rows whose file
// gives no creation time. Database failures throw cw::Failure (nothing is committed).
Result<ImportSummary> import_file(db::Database& db, const std::string& format,
                                  const std::string& path, const Clock& clock);
Result<ImportSummary> import_file(db::Database& db, const std::string& format,
                                  const std::string& path, const Clock& clock,
                                  const ImportOptions& options);

}  // namespace cw::ingest
