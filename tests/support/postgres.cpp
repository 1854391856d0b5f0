// Databases on the throwaway PostgreSQL cluster of the test run (scripts/pg-test-cluster).
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <fstream>
#include <ostream>
#include <random>
#include <string_view>

#include "support/temp_dir.hpp"

namespace cw::testing {
namespace {

// The libpq URL of the cluster's `postgres` database.
std::string cluster_url() {
  if (const char* env = std::getenv("CARTWISE_TEST_POSTGRES"); env && *env) return env;
  std::ifstream in(std::string(CW_TEST_PG_DIR) + "/url");
  std::string url;
  if (!std::getline(in, url) || url.empty())
    throw Failure(Error::internal(
        "no PostgreSQL test cluster: run the test through ctest (fixture `postgres`), or "
        "`scripts/pg-test-cluster start " CW_TEST_PG_DIR "` first, or set CARTWISE_TEST_POSTGRES"));
  return url;
}

// The same cluster, another database: the URL names its database between "/" and "?".
std::string with_database(const std::string& url, const std::string& name) {
  const auto start = url.find("///") != std::string::npos ? url.find("///") + 3
                                                          : url.find('/', url.find("//") + 2) + 1;
  const auto end = url.find('?', start);
  return url.substr(0, start) + name + (end == std::string::npos ? "" : url.substr(end));
}

std::unique_ptr<db::Connection> admin(const std::string& url) {
  db::Options options;
  options.path = url;
  return db::connect(options);
}

}  // namespace

std::string backend_name(const ::testing::TestParamInfo<Backend>& info) {
  return info.param == Backend::kSqlite ? "sqlite" : "postgres";
}

void PrintTo(Backend backend, std::ostream* out) {
  *out << (backend == Backend::kSqlite ? "sqlite" : "postgres");
}

Backend current_backend() {
  // gtest records the running test's parameter as printed by PrintTo above.
  const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
  const char* param = info ? info->value_param() : nullptr;
  return param && std::string_view(param) == "postgres" ? Backend::kPostgres : Backend::kSqlite;
}

PostgresDatabase::PostgresDatabase() {
  static std::atomic<int> counter{0};
  std::random_device rd;
  name_ = "cw_test_" + std::to_string(::getpid()) + "_" + std::to_string(++counter) + "_" +
          std::to_string(rd() % 100000);
  const std::string url = cluster_url();
  auto c = admin(url);
  // The fixture migrated cw_template once; copying it is much faster than migrating again.
  // FILE_COPY copies its files (and checkpoints, cheap on the fsync-less test cluster) where
  // PostgreSQL 15's default writes every page of the template to the WAL: 0.4 s against 0.65 s a
  // database on a loaded 2-core machine.
  const bool has_template =
      c->scalar("SELECT 1 FROM pg_database WHERE datname = 'cw_template'").has_value();
  c->execute_script("CREATE DATABASE " + name_ +
                    (has_template ? " TEMPLATE cw_template STRATEGY FILE_COPY" : ""));
  url_ = with_database(url, name_);
}

PostgresDatabase::~PostgresDatabase() {
  try {
    admin(with_database(url_, "postgres"))
        ->execute_script("DROP DATABASE IF EXISTS " + name_ + " WITH (FORCE)");
  } catch (...) {
    // The cluster goes at the end of the run anyway.
  }
}

}  // namespace cw::testing
