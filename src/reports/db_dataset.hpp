#pragma once
// Loading the live shop's Dataset inside a caller's read transaction (db_dataset.cpp; internal to
// cw_reports and its tests). load_dataset and DatasetCache (reports/shop.hpp) are the public ways.

#ifndef CW_INTERNAL_REPORTS
#error "reports/db_dataset.hpp is internal to cw_reports (src/README.md, Boundaries)"
#endif

#include <cstdint>

#include "reports/shop.hpp"

namespace cw::reports::detail {

// The Dataset of `options` read on `c`, whose read transaction is open at data version `version`
// (data_version), with the columns `columns` asks for. With `db`, the database of `c`, SQLite
// reads the upper half of the single orders on a second connection of it, used only when that
// connection sees `version` too; otherwise, and without `db`, `c` reads everything. Either way
// the rows are those of `c`'s transaction.
Dataset load_in_transaction(db::Connection& c, db::Database* db, std::int64_t version,
                            const LoadOptions& options, DatasetColumns columns);

}  // namespace cw::reports::detail
