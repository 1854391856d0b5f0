#pragma once
// Shared by the ingest tests: a migrated database, files written into its directory, and a
// fingerprint of every table an import writes (to prove a failed import changed nothing).

#include <gtest/gtest.h>

#include <fstream>
#include <string>
#include <tuple>

#include "core/clock.hpp"
#include "ingest/import.hpp"
#include "support/temp_dir.hpp"

namespace cw::ingest::test {

inline constexpr std::int64_t kNow = 1'790'000'000;  // 2026-09-21

class ImportTest : public ::testing::Test {
 protected:
  // The database of the running test's Backend parameter, or of `backend` for suites whose
  // parameter holds more than the backend.
  explicit ImportTest(testing::Backend backend = testing::current_backend()) : t_(backend) {}

  std::string write(const std::string& name, const std::string& content) {
    const std::string path = t_.dir.file(name);
    std::ofstream(path, std::ios::binary) << content;
    return path;
  }
  Result<ImportSummary> import(const std::string& format, const std::string& content) {
    return import_file(*t_.db, format, write("in-" + format + ".csv", content), clock_);
  }
  std::int64_t scalar(const std::string& sql) {
    auto c = t_.db->lease();
    return c->scalar(sql).value_or(-1);
  }
  std::string text(const std::string& sql) {
    auto c = t_.db->lease();
    auto rows = c->query(sql);
    return rows.next() && !rows.is_null(0) ? rows.text(0) : "<null>";
  }
  // The first column of every row, joined by commas (group_concat exists only in SQLite).
  std::string joined(const std::string& sql) {
    auto c = t_.db->lease();
    std::string out;
    for (auto rows = c->query(sql); rows.next();) out += (out.empty() ? "" : ",") + rows.text(0);
    return out;
  }
  // Row counts and id sums of every table an import can write.
  std::string fingerprint() {
    std::string out;
    for (const char* table :
         {"customers", "addresses", "orders", "order_lines", "order_events", "products",
          "product_sizes", "categories", "visits", "campaigns", "coupons", "customer_facts"}) {
      out += std::string(table) + "=" +
             std::to_string(scalar(std::string("SELECT count(*) FROM ") + table)) + " ";
    }
    out += "facts_revenue=" +
           std::to_string(scalar("SELECT coalesce(sum(revenue), 0) FROM customer_facts"));
    out += " units=" + std::to_string(scalar("SELECT coalesce(sum(units_sold), 0) FROM products"));
    return out;
  }

  testing::TestDatabase t_;
  ManualClock clock_{from_unix(kNow)};
};

// "<file's name>_<backend>" for a suite parameterised by (Backend, bad file).
template <typename BadFile>
std::string bad_file_test_name(const std::tuple<testing::Backend, BadFile>& param) {
  return std::string(std::get<1>(param).name) + "_" +
         (std::get<0>(param) == testing::Backend::kSqlite ? "sqlite" : "postgres");
}

}  // namespace cw::ingest::test
