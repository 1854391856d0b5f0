// The connection pool and the choice of driver by location.
#include "db/database.hpp"

#include <algorithm>

#include "db/group_commit.hpp"
#include "db/postgres_driver.hpp"
#include "db/sqlite_driver.hpp"

namespace cw::db {

std::unique_ptr<Database> Database::open(const Options& options) {
  std::unique_ptr<Database> db(new Database(options));
  auto lease = db->lease();
  migrate(*lease);
  return db;
}

Database::Database(Options options)
    : options_(std::move(options)),
      dialect_(is_postgres_location(options_.path) ? Dialect::kPostgres : Dialect::kSqlite),
      group_commit_(std::make_unique<GroupCommit>(*this, options_.group_commit_max)) {}

Database::~Database() = default;

std::unique_ptr<Connection> connect(const Options& options) {
  return is_postgres_location(options.path) ? connect_postgres(options) : connect_sqlite(options);
}

std::unique_ptr<Connection> Database::connect() {
  return db::connect(options_);
}

Database::Lease Database::lease() {
  {
    std::lock_guard lock(mutex_);
    if (!idle_.empty()) {
      auto c = std::move(idle_.back());
      idle_.pop_back();
      return Lease(*this, std::move(c));
    }
  }
  return Lease(*this, connect());
}

void Database::give_back(std::unique_ptr<Connection> connection) {
  std::lock_guard lock(mutex_);
  // Past the pool size the connection closes (outside the lock, when `connection` goes).
  if (static_cast<int>(idle_.size()) < std::max(options_.pool_size, 1))
    idle_.push_back(std::move(connection));
}

int Database::schema_version() {
  auto lease = this->lease();
  return static_cast<int>(lease->scalar("SELECT MAX(version) FROM schema_migrations").value_or(0));
}

}  // namespace cw::db
