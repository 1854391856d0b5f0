// The connection pool and the choice of driver by location.
#include "db/database.hpp"

#include <algorithm>
#include <chrono>
#include <thread>

#include "db/group_commit.hpp"
#include "db/postgres_driver.hpp"
#include "db/sqlite_driver.hpp"

namespace cw::db {

std::unique_ptr<Database> Database::open(const Options& options) {
  std::unique_ptr<Database> db(new Database(options));
  if (!options.read_only) {
    migrate(*db->lease());
    return db;
  }
  // A replica that has not caught up with a migration would fail later in some query: say so now.
  const int latest = migrations().back().version;
  auto lease = db->lease();  // a database that cannot be opened says so here
  int version = 0;
  try {
    version =
        static_cast<int>(lease->scalar("SELECT MAX(version) FROM schema_migrations").value_or(0));
  } catch (const Failure&) {
    // no schema_migrations table: not a Cartwise database (an empty file, say)
  }
  if (version != latest)
    throw Failure(
        Error::internal("read-only database " + options.path + " is at schema version " +
                        std::to_string(version) + ", this binary needs " + std::to_string(latest) +
                        ": migrate the primary (or this copy with `cartwise db migrate`) first"));
  return db;
}

Database::Database(Options options)
    : options_(std::move(options)),
      dialect_(is_postgres_location(options_.path) ? Dialect::kPostgres : Dialect::kSqlite),
      group_commit_(std::make_unique<GroupCommit>(*this, options_.group_commit_max)) {
  if (dialect_ == Dialect::kSqlite) local_commits_ = &sqlite_local_commits(options_.path);
}

Database::~Database() = default;

void pause_before_retry(int attempt) {
  std::this_thread::sleep_for(std::chrono::milliseconds(10 * attempt));
}

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

std::optional<std::uint64_t> Database::local_commit_count() const {
  if (!local_commits_ || !local_commits_->counting.load(std::memory_order_acquire))
    return std::nullopt;
  return local_commits_->count.load(std::memory_order_acquire);
}

int Database::schema_version() {
  auto lease = this->lease();
  return static_cast<int>(lease->scalar("SELECT MAX(version) FROM schema_migrations").value_or(0));
}

}  // namespace cw::db
