#pragma once
// The SQLite driver's entry point, for Database (database.cpp).

#include <memory>

#include "db/database.hpp"

namespace cw::db {

// A new connection to the SQLite file options.path (created when missing), in WAL mode with
// foreign keys on. Throws cw::Failure when it cannot open.
std::unique_ptr<Connection> connect_sqlite(const Options& options);

}  // namespace cw::db
