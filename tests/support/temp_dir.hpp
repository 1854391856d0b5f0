#pragma once
// Test helpers: a temporary directory removed at the end of the test, and a fresh migrated
// database of either kind: a SQLite file inside one, or a database of its own on the throwaway
// PostgreSQL cluster (scripts/pg-test-cluster, the ctest fixture `postgres`).

#include <gtest/gtest.h>

#include <filesystem>
#include <memory>
#include <string>

#include "db/database.hpp"

namespace cw::testing {

class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::filesystem::path& path() const { return path_; }
  std::string file(const std::string& name) const { return (path_ / name).string(); }

 private:
  std::filesystem::path path_;
};

enum class Backend { kSqlite, kPostgres };

// The same test bodies on both databases: a fixture derives from ::testing::TestWithParam<Backend>,
// its tests are TEST_P, and
//   INSTANTIATE_TEST_SUITE_P(Db, MySuite, testing::kBothBackends, testing::backend_name);
// Every TestDatabase built without a backend inside such a test (fixture members, helpers like
// orders' Shop) takes the test's parameter, so a suite turns over with those three changes.
inline const auto kBothBackends = ::testing::Values(Backend::kSqlite, Backend::kPostgres);
std::string backend_name(const ::testing::TestParamInfo<Backend>& info);
void PrintTo(Backend backend, std::ostream* out);
// The running test's Backend parameter; SQLite outside a test parameterised by one.
Backend current_backend();

// A fresh migrated PostgreSQL database on the test cluster, dropped by the destructor. The
// cluster's address comes from CARTWISE_TEST_POSTGRES (a libpq URL of its `postgres` database) or
// from the file the ctest fixture writes; without either the constructor throws cw::Failure
// saying how to start one.
class PostgresDatabase {
 public:
  PostgresDatabase();
  ~PostgresDatabase();
  PostgresDatabase(const PostgresDatabase&) = delete;
  PostgresDatabase& operator=(const PostgresDatabase&) = delete;
  const std::string& url() const { return url_; }

 private:
  std::string name_;
  std::string url_;
};

// A new migrated database: a file in its own temporary directory, or a PostgreSQL database of its
// own. Durability off by default: tests check behaviour, not durability.
struct TestDatabase {
  TempDir dir;
  std::unique_ptr<PostgresDatabase> postgres;  // declared before db: dropped after it closes
  std::unique_ptr<db::Database> db;
  explicit TestDatabase(Durability durability = Durability::kOff,
                        Backend backend = current_backend());
  explicit TestDatabase(Backend backend) : TestDatabase(Durability::kOff, backend) {}
  // Where the database is (a file path or a libpq URL), to open it again or hand it to a process.
  std::string location() const;
  db::Database& operator*() { return *db; }
  db::Database* operator->() { return db.get(); }
};

}  // namespace cw::testing
