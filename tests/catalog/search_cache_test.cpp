// Search answers from an in-memory copy: every change to the catalogue, made by any module with
// plain SQL, must show in the next search; one committed by another process within
// Catalog::kOtherProcessesLag.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <thread>

#include "catalog/catalog.hpp"
#include "catalog_fixture.hpp"

namespace cw::catalog {
namespace {

using ::testing::ElementsAre;

// One product, its copy loaded.
class BootCatalog : public testing_support::CatalogBase {
 protected:
  void SetUp() override {
    boot = add("Chelsea Boot", "Boots", 8999, {{"UK 5", 3}, {"UK 6", 1}});
    search({});  // fills the copy
  }
  Id boot = 0;
};

class SearchCacheTest : public BootCatalog,
                        public ::testing::WithParamInterface<cw::testing::Backend> {};

INSTANTIATE_TEST_SUITE_P(Db, SearchCacheTest, cw::testing::kBothBackends,
                         cw::testing::backend_name);

TEST_P(SearchCacheTest, SeesAStockChangeMadeWithPlainSql) {
  database->lease()->exec(
      "UPDATE product_sizes SET stock = stock - 3 WHERE product_id = ? AND size = 'UK 5'", boot);
  auto r = search({});
  ASSERT_EQ(r.items.size(), 1u);
  EXPECT_EQ(r.items[0].sizes[0].stock, 0);
  EXPECT_EQ(r.items[0].sizes[1].stock, 1);
}

// loaded() (for callers that must not wait) answers only with a current copy: after a change it
// declines, reading nothing more, until a plain search has reloaded the copy.
TEST_P(SearchCacheTest, LoadedAnswersWithACurrentCopyAndDeclinesAStaleOne) {
  auto loaded = catalog.loaded();
  ASSERT_TRUE(loaded.has_value());
  auto found = loaded->search({});
  ASSERT_TRUE(found.has_value());
  EXPECT_THAT(ids(*found), ElementsAre(boot));

  const Id coat = add("Coat", "Coats", 12000, {{"M", 2}});
  EXPECT_FALSE(catalog.loaded().has_value());
  EXPECT_THAT(ids(search({})), ElementsAre(boot, coat));  // reloads the copy
  loaded = catalog.loaded();
  ASSERT_TRUE(loaded.has_value());
  found = loaded->search({});
  ASSERT_TRUE(found.has_value());
  EXPECT_THAT(ids(*found), ElementsAre(boot, coat));

  SearchQuery bad;
  bad.page = 0;
  found = loaded->search(bad);
  ASSERT_FALSE(found.has_value());
  EXPECT_EQ(found.error().field, "page");
}

TEST_P(SearchCacheTest, SeesPriceActiveAndUnitsSoldChanges) {
  database->lease()->exec("UPDATE products SET price = 100, units_sold = 7 WHERE id = ?", boot);
  auto r = search({});
  ASSERT_EQ(r.items.size(), 1u);
  EXPECT_EQ(r.items[0].price, 100);
  EXPECT_EQ(r.items[0].units_sold, 7);
  SearchQuery cheap;
  cheap.max_price = 100;
  EXPECT_THAT(ids(search(cheap)), ElementsAre(boot));

  database->lease()->exec("UPDATE products SET active = 0 WHERE id = ?", boot);
  EXPECT_EQ(search({}).total, 0);
}

TEST_P(SearchCacheTest, SeesACategoryRename) {
  database->lease()->exec("UPDATE categories SET name = 'Ankle Boots'");
  SearchQuery q;
  q.category = "ankle boots";
  auto r = search(q);
  EXPECT_THAT(ids(r), ElementsAre(boot));
  EXPECT_EQ(r.items.at(0).category, "Ankle Boots");
  q.category = "Boots";
  EXPECT_EQ(search(q).total, 0);
}

TEST_P(SearchCacheTest, SeesSizesAddedAndRemoved) {
  auto c = database->lease();
  c->exec("INSERT INTO product_sizes (product_id, size, position, stock) VALUES (?, 'UK 7', 2, 4)",
          boot);
  c->exec("DELETE FROM product_sizes WHERE product_id = ? AND size = 'UK 5'", boot);
  SearchQuery q;
  q.size = "UK 7";
  auto r = search(q);
  ASSERT_THAT(ids(r), ElementsAre(boot));
  ASSERT_EQ(r.items[0].sizes.size(), 2u);
  EXPECT_EQ(r.items[0].sizes[0].size, "UK 6");
  EXPECT_EQ(r.items[0].sizes[1].size, "UK 7");
  q.size = "UK 5";
  EXPECT_EQ(search(q).total, 0);
}

TEST_P(SearchCacheTest, SeesProductsAddedThroughAnotherConnectionPool) {
  // Another process (the CLI restocking, say) opens the same file with its own pool.
  auto other = db::Database::open(database->options());
  Catalog other_catalog(*other, clock);
  auto added = other_catalog.add({"Mule", "", "Mules", 2999, std::nullopt, {{"UK 4", 2}}, true});
  ASSERT_TRUE(added.has_value());
  EXPECT_THAT(ids(search({})), ElementsAre(boot, added->id));
}

// A commit this process cannot count (another process: here a bare SQLite handle, which has no
// hook of ours) shows once the lag has passed, in both the plain search and loaded().
// SQLite only: the foreign writer is SQLite's own handle, and PostgreSQL counts no local commits.
using SqliteSearchCacheTest = BootCatalog;

TEST_F(SqliteSearchCacheTest, SeesAChangeCommittedByAnotherProcessOnceTheLagHasPassed) {
  ASSERT_EQ(database->dialect(), db::Dialect::kSqlite);
  ASSERT_TRUE(catalog.loaded().has_value());
  sqlite3* foreign = nullptr;
  ASSERT_EQ(sqlite3_open(database->options().path.c_str(), &foreign), SQLITE_OK);
  const std::string update =
      "UPDATE product_sizes SET stock = 0 WHERE product_id = " + std::to_string(boot);
  EXPECT_EQ(sqlite3_exec(foreign, update.c_str(), nullptr, nullptr, nullptr), SQLITE_OK);
  sqlite3_close(foreign);

  std::this_thread::sleep_for(Catalog::kOtherProcessesLag + std::chrono::milliseconds(1));
  EXPECT_FALSE(catalog.loaded().has_value());  // the copy is stale now, and says so
  auto r = search({});
  ASSERT_EQ(r.items.size(), 1u);
  EXPECT_EQ(r.items[0].sizes[0].stock, 0);
  auto loaded = catalog.loaded();
  ASSERT_TRUE(loaded.has_value());
  EXPECT_EQ(loaded->search({})->items.at(0).sizes.at(1).stock, 0);
}

TEST_P(SearchCacheTest, ARolledBackChangeLeavesResultsAsTheyWere) {
  {
    auto c = database->lease();
    db::Transaction tx(*c, db::TxMode::kWrite);
    c->exec("UPDATE product_sizes SET stock = 0 WHERE product_id = ?", boot);
  }
  auto r = search({});
  ASSERT_EQ(r.items.size(), 1u);
  EXPECT_EQ(r.items[0].sizes[0].stock, 3);
}

TEST_P(SearchCacheTest, CopiesOfACatalogSeeTheSameData) {
  Catalog copy = catalog;
  database->lease()->exec("UPDATE products SET name = 'Renamed' WHERE id = ?", boot);
  EXPECT_EQ(copy.search({})->items.at(0).name, "Renamed");
  EXPECT_EQ(catalog.search({})->items.at(0).name, "Renamed");
}

}  // namespace
}  // namespace cw::catalog
