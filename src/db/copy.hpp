#pragma once
// Moving a whole shop from a SQLite file into PostgreSQL (`cartwise db copy`), all or nothing.
//
// The tables and their order come from the source's schema (sqlite_master and each table's
// foreign keys; the migrations bookkeeping `schema_migrations` is not copied), the columns from
// the target's. Every table goes in one PostgreSQL transaction with COPY ... FROM STDIN, parents
// before children, ids kept (where foreign keys form a cycle, a key column that may be NULL is
// loaded as NULL and filled in after the last table); afterwards every identity sequence is set
// past its column's largest value so that new rows do not collide. Any failure rolls the whole
// transaction back: the target is left as it was (migrated, empty).

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "core/error.hpp"
#include "db/database.hpp"

namespace cw::db {

struct CopiedTable {
  std::string name;
  std::int64_t rows = 0;
};

struct CopySummary {
  int schema_version = 0;
  std::vector<CopiedTable> tables;  // in the order they were copied
  std::int64_t rows = 0;            // all tables together
};

// Copies the SQLite database at `from` into the PostgreSQL database at `to` (Options::path a
// libpq URL; the target is migrated first, to the same version as this binary). `on_table` hears
// of each table once it is copied (progress for the command line).
//
// Refusals (nothing is changed beyond migrating the target):
//   bad_request "not_postgres"         `to` is not a PostgreSQL URL, or `from` is
//   not_found                          the source file does not exist
//   conflict "schema_version_mismatch" the source is not at this binary's schema version (run
//                                      `cartwise db migrate` on it first)
//   conflict "target_not_empty"        a table of the target holds rows (names them); the
//                                      counters the migrations seed (INSERT INTO in a migration)
//                                      do not count and are overwritten by the source's
//   conflict "schema_mismatch"         a source table or column is missing in the target
// Throws ConstraintError or cw::Failure when the copy itself fails; the target is then rolled
// back to empty.
Result<CopySummary> copy_database(const Options& from, const Options& to,
                                  const std::function<void(const CopiedTable&)>& on_table = {});

// Moves every identity (or serial) sequence of `table` (PostgreSQL) past its column's largest
// value, so that rows loaded with chosen ids do not collide with the next generated one.
void move_sequences_past(Connection& target, const std::string& table);
// The same for every table of the current schema: after a load that chose its own ids
// (generate, import). Does nothing on SQLite, whose next id is always the largest + 1.
void move_all_sequences_past(Connection& target);

}  // namespace cw::db
