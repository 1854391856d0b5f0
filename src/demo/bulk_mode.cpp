#include "demo/bulk_mode.hpp"

#include "db/copy.hpp"

namespace cw::demo {

BulkMode::BulkMode(db::Connection& c, Durability durability, const std::vector<std::string>& tables)
    : c_(c), durability_(durability) {
  if (c_.dialect() == db::Dialect::kPostgres) {
    // A crash mid-generation leaves a half-filled shop either way; waiting for each commit's
    // WAL flush buys nothing. Only this session's commits are affected.
    c_.execute_script("SET synchronous_commit = off");
    return;
  }
  c_.execute_script(
      "PRAGMA journal_mode=OFF; PRAGMA foreign_keys=OFF; PRAGMA synchronous=OFF;"
      " PRAGMA cache_size=-262144; PRAGMA temp_store=MEMORY;");
  for (const std::string& table : tables) {
    // Automatic indexes (UNIQUE, PRIMARY KEY) have no SQL and stay: they enforce uniqueness.
    for (auto rows =
             c_.query("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ?"
                      " AND sql IS NOT NULL ORDER BY name",
                      table);
         rows.next();)
      dropped_.emplace_back(rows.text(0), rows.text(1));
  }
  for (const auto& [name, sql] : dropped_) c_.execute_script("DROP INDEX \"" + name + "\"");
}

void BulkMode::finish() {
  finished_ = true;
  if (c_.dialect() == db::Dialect::kPostgres) {
    // The generator chose every id itself (the catalogue and promotions too): the identity
    // sequences must start past them or the shop's first new row collides. ANALYZE gives the
    // planner the new sizes at once.
    db::move_all_sequences_past(c_);
    // Back to what the driver set for the configured durability (postgres_driver.cpp).
    c_.execute_script(std::string("SET synchronous_commit = ") +
                      (durability_ == Durability::kOff ? "off" : "on") + "; ANALYZE");
    return;
  }
  for (const auto& [name, sql] : dropped_) c_.execute_script(sql);
  dropped_.clear();
  const char* sync = durability_ == Durability::kFull     ? "FULL"
                     : durability_ == Durability::kNormal ? "NORMAL"
                                                          : "OFF";
  c_.execute_script(std::string("PRAGMA journal_mode=WAL; PRAGMA foreign_keys=ON;"
                                " PRAGMA cache_size=-2000; PRAGMA synchronous=") +
                    sync + ";");
}

BulkMode::~BulkMode() {
  if (finished_) return;
  try {
    finish();
  } catch (...) {
    // Generation already failed; its error is the one to report.
  }
}

}  // namespace cw::demo
