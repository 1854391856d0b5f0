#include "core/clock.hpp"
#include "db/database.hpp"

namespace cw::db {
namespace {

// Any fixed number: every Cartwise process migrating a PostgreSQL database takes this lock.
constexpr std::int64_t kMigrationLock = 0x43617274'77697365;  // "Cartwise"

// Serializes migrating processes: SQLite's write lock (BEGIN IMMEDIATE) does it by itself; on
// PostgreSQL a transaction-scoped advisory lock, released by COMMIT or ROLLBACK.
void lock_migrations(Connection& connection) {
  if (connection.dialect() == Dialect::kPostgres)
    connection.exec("SELECT pg_advisory_xact_lock(?)", kMigrationLock);
}

}  // namespace

void migrate(Connection& connection) {
  {
    Transaction tx(connection, TxMode::kWrite);
    lock_migrations(connection);
    connection.execute_script(
        "CREATE TABLE IF NOT EXISTS schema_migrations ("
        " version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at BIGINT NOT NULL)");
    tx.commit();
  }
  for (const Migration& m : migrations()) {
    // The write lock is taken before reading the version, so two processes opening a new
    // database at once apply each migration exactly once.
    Transaction tx(connection, TxMode::kWrite);
    lock_migrations(connection);
    if (connection.scalar("SELECT 1 FROM schema_migrations WHERE version = ?", m.version)) continue;
    connection.execute_script(m.sql_for(connection.dialect()));
    connection.exec("INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)",
                    m.version, m.name, to_unix(SystemClock().now()));
    tx.commit();
  }
}

}  // namespace cw::db
