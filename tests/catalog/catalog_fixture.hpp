#pragma once
// A catalogue of known products shared by the catalog tests.

#include <gtest/gtest.h>

#include <vector>

#include "catalog/catalog.hpp"
#include "support/temp_dir.hpp"

namespace cw::catalog::testing_support {

inline Timestamp test_epoch() {
  return from_unix(1'767'225'600);
}  // 2026-01-01T00:00:00Z

// Database-agnostic base: suites parameterised by something else (AddValidation) build on it.
class CatalogBase : public ::testing::Test {
 protected:
  cw::testing::TestDatabase database;
  ManualClock clock{test_epoch()};
  Catalog catalog{*database, clock};

  Id add(const std::string& name, const std::string& category, Minor price,
         std::vector<SizeStock> sizes = {{"UK 5", 3}}, const std::string& description = "",
         bool active = true) {
    auto p = catalog.add({name, description, category, price, std::nullopt, sizes, active});
    EXPECT_TRUE(p.has_value()) << (p ? "" : p.error().message);
    return p ? p->id : 0;
  }

  static std::vector<Id> ids(const SearchResult& r) {
    std::vector<Id> out;
    for (const auto& p : r.items) out.push_back(p.id);
    return out;
  }

  SearchResult search(const SearchQuery& q) {
    auto r = catalog.search(q);
    EXPECT_TRUE(r.has_value()) << (r ? "" : r.error().message);
    return r ? *r : SearchResult{};
  }
};

// The catalogue tests, run on both databases.
class CatalogTest : public CatalogBase,
                    public ::testing::WithParamInterface<cw::testing::Backend> {};

}  // namespace cw::catalog::testing_support
