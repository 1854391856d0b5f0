#pragma once
// The SQLite driver's entry point, for Database (database.cpp).

#include <atomic>
#include <cstdint>
#include <memory>
#include <string>

#include "db/database.hpp"

namespace cw::db {

// A new connection to the SQLite file options.path (created when missing), in WAL mode with
// foreign keys on. Throws cw::Failure when it cannot open.
std::unique_ptr<Connection> connect_sqlite(const Options& options);

// Write transactions committed to one SQLite file by this process's connections, counted by
// SQLite's WAL hook once each commit is visible to readers. `counting` stays false until a
// connection has opened the file in WAL mode (an in-memory database never does); until then the
// count means nothing.
struct LocalCommits {
  std::atomic<bool> counting{false};
  std::atomic<std::uint64_t> count{0};
};
// The one record for `path` (as spelled) in this process; it lives as long as the process.
LocalCommits& sqlite_local_commits(const std::string& path);

}  // namespace cw::db
