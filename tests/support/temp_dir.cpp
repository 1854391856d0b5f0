#include "support/temp_dir.hpp"

#include <random>

namespace cw::testing {

TempDir::TempDir() {
  std::random_device rd;
  const auto base = std::filesystem::temp_directory_path();
  for (;;) {
    path_ = base / ("cartwise-test-" + std::to_string(rd()));
    if (std::filesystem::create_directory(path_)) break;
  }
}

TempDir::~TempDir() {
  std::error_code ignored;
  std::filesystem::remove_all(path_, ignored);
}

TestDatabase::TestDatabase(Durability durability, Backend backend) {
  if (backend == Backend::kPostgres) postgres = std::make_unique<PostgresDatabase>();
  db = db::Database::open({location(), durability, 10000});
}

std::string TestDatabase::location() const {
  return postgres ? postgres->url() : dir.file("shop.db");
}

}  // namespace cw::testing
