#pragma once
// The PostgreSQL driver's entry points, for Database (database.cpp) and its tests.

#include <memory>
#include <string_view>

#include "db/database.hpp"

namespace cw::db {

// True for a libpq URL (postgresql://... or postgres://...): Database::open picks PostgreSQL.
bool is_postgres_location(std::string_view location);

// Rewrites the portable dialect's `?` placeholders into PostgreSQL's $1, $2, ... in order,
// leaving string literals, quoted identifiers and -- comments alone; `count` gets how many.
std::string to_postgres_placeholders(std::string_view sql, int* count = nullptr);

// A new connection to options.path (a libpq URL). Throws cw::Failure when it cannot connect.
std::unique_ptr<Connection> connect_postgres(const Options& options);

}  // namespace cw::db
