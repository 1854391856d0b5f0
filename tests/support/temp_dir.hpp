#pragma once
// Test helpers: a temporary directory removed at the end of the test, and a fresh migrated
// SQLite database inside one.

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

// A new database file in its own temporary directory, migrated. synchronous=OFF by default:
// tests check behaviour, not durability.
struct TestDatabase {
  TempDir dir;
  std::unique_ptr<db::Database> db;
  explicit TestDatabase(Durability durability = Durability::kOff);
  db::Database& operator*() { return *db; }
  db::Database* operator->() { return db.get(); }
};

}  // namespace cw::testing
