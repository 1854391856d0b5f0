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

TestDatabase::TestDatabase(Durability durability) {
  db = db::Database::open({dir.file("shop.db"), durability, 10000});
}

}  // namespace cw::testing
