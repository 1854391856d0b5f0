#include "core/clock.hpp"
#include "db/database.hpp"

namespace cw::db {

void migrate(Connection& connection) {
  connection.execute_script(
      "CREATE TABLE IF NOT EXISTS schema_migrations ("
      " version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL)");
  for (const Migration& m : migrations()) {
    // The write lock is taken before reading the version, so two processes opening a new
    // database at once apply each migration exactly once.
    Transaction tx(connection, TxMode::kWrite);
    if (connection.scalar("SELECT 1 FROM schema_migrations WHERE version = ?", m.version)) continue;
    connection.execute_script(m.sql);
    connection.exec("INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)",
                    m.version, m.name, to_unix(SystemClock().now()));
    tx.commit();
  }
}

}  // namespace cw::db
