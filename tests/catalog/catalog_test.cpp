// Catalog::get, Catalog::add and Catalog::ensure_category.
#include "catalog/catalog.hpp"

#include <gtest/gtest.h>

#include "catalog_fixture.hpp"

namespace cw::catalog {
namespace {

using testing_support::CatalogBase;
using testing_support::CatalogTest;

NewProduct valid_product() {
  return {"Ballet Flat", "Soft leather", "Flats", 4999, 2100, {{"UK 4", 2}, {"UK 5", 0}}, true};
}

INSTANTIATE_TEST_SUITE_P(Db, CatalogTest, cw::testing::kBothBackends, cw::testing::backend_name);

TEST_P(CatalogTest, AddStoresEveryFieldAndSizesInTheGivenOrder) {
  NewProduct n = valid_product();
  n.sizes = {{"UK 7", 1}, {"UK 3", 5}, {"UK 5", 0}};
  auto p = catalog.add(n);
  ASSERT_TRUE(p.has_value()) << p.error().message;
  EXPECT_GT(p->id, 0);
  EXPECT_EQ(p->name, "Ballet Flat");
  EXPECT_EQ(p->description, "Soft leather");
  EXPECT_EQ(p->category, "Flats");
  EXPECT_EQ(p->price, 4999);
  EXPECT_EQ(p->cost, 2100);
  EXPECT_TRUE(p->active);
  EXPECT_EQ(p->units_sold, 0);
  ASSERT_EQ(p->sizes.size(), 3u);
  EXPECT_EQ(p->sizes[0].size, "UK 7");
  EXPECT_EQ(p->sizes[1].size, "UK 3");
  EXPECT_EQ(p->sizes[1].stock, 5);
  EXPECT_EQ(p->sizes[2].size, "UK 5");
  EXPECT_EQ(p->sizes[2].stock, 0);

  auto c = database->lease();
  EXPECT_EQ(c->scalar("SELECT created_at FROM products WHERE id = ?", p->id),
            to_unix(testing_support::test_epoch()));
}

TEST_P(CatalogTest, GetReturnsTheProductWithSizesInDisplayOrder) {
  const Id id = add("Chelsea Boot", "Boots", 8999, {{"UK 6", 4}, {"UK 4", 1}}, "Suede");
  auto c = database->lease();
  // Reorder by position only: display order comes from `position`, not from the label.
  c->exec("UPDATE product_sizes SET position = 5 WHERE product_id = ? AND size = 'UK 6'", id);
  auto p = catalog.get(id);
  ASSERT_TRUE(p.has_value());
  EXPECT_EQ(p->name, "Chelsea Boot");
  EXPECT_EQ(p->description, "Suede");
  EXPECT_EQ(p->category, "Boots");
  EXPECT_EQ(p->cost, std::nullopt);
  ASSERT_EQ(p->sizes.size(), 2u);
  EXPECT_EQ(p->sizes[0].size, "UK 4");
  EXPECT_EQ(p->sizes[0].stock, 1);
  EXPECT_EQ(p->sizes[1].size, "UK 6");
  EXPECT_EQ(p->sizes[1].stock, 4);
}

TEST_P(CatalogTest, GetFindsInactiveProducts) {
  const Id id = add("Retired Pump", "Heels", 5000, {{"UK 5", 0}}, "", false);
  auto p = catalog.get(id);
  ASSERT_TRUE(p.has_value());
  EXPECT_FALSE(p->active);
}

TEST_P(CatalogTest, GetOfAnUnknownIdIsNotFound) {
  auto p = catalog.get(424242);
  ASSERT_FALSE(p.has_value());
  EXPECT_EQ(p.error().kind, ErrorKind::kNotFound);
  EXPECT_EQ(p.error().code, "not_found");
  EXPECT_EQ(p.error().message, "product not found");
}

TEST_P(CatalogTest, AddReusesAnExistingCategoryWhateverItsCase) {
  const Id first = add("A", "Sandals", 1000);
  const Id second = add("B", "sANDALS", 1000);
  auto a = catalog.get(first);
  auto b = catalog.get(second);
  ASSERT_TRUE(a && b);
  EXPECT_EQ(a->category_id, b->category_id);
  EXPECT_EQ(b->category, "Sandals");  // the stored spelling
  EXPECT_EQ(database->lease()->scalar("SELECT COUNT(*) FROM categories"), 1);
}

TEST_P(CatalogTest, EnsureCategoryCreatesOnceAndReturnsTheSameId) {
  auto c = database->lease();
  const Id id = Catalog::ensure_category(*c, "Trainers");
  EXPECT_GT(id, 0);
  EXPECT_EQ(Catalog::ensure_category(*c, "Trainers"), id);
  EXPECT_EQ(Catalog::ensure_category(*c, "TRAINERS"), id);
  EXPECT_NE(Catalog::ensure_category(*c, "Boots"), id);
  EXPECT_EQ(c->scalar("SELECT COUNT(*) FROM categories"), 2);
}

TEST_P(CatalogTest, EnsureCategoryJoinsTheCallersTransaction) {
  auto c = database->lease();
  {
    db::Transaction tx(*c, db::TxMode::kWrite);
    Catalog::ensure_category(*c, "Clogs");
  }  // rolled back
  EXPECT_EQ(c->scalar("SELECT COUNT(*) FROM categories"), 0);
}

TEST_P(CatalogTest, AddKeepsSqlMetacharactersLiterally) {
  NewProduct n = valid_product();
  n.name = "Robert'); DROP TABLE products;--";
  n.category = "x' OR '1'='1";
  n.sizes = {{"UK 5'; --", 1}};
  auto p = catalog.add(n);
  ASSERT_TRUE(p.has_value());
  auto again = catalog.get(p->id);
  ASSERT_TRUE(again.has_value());
  EXPECT_EQ(again->name, "Robert'); DROP TABLE products;--");
  EXPECT_EQ(again->category, "x' OR '1'='1");
  EXPECT_EQ(again->sizes.at(0).size, "UK 5'; --");
}

struct InvalidCase {
  const char* what;
  void (*change)(NewProduct&);
  const char* field;
};

class AddValidation : public CatalogBase, public ::testing::WithParamInterface<InvalidCase> {};

TEST_P(AddValidation, RefusesWithTheFieldAndChangesNothing) {
  NewProduct n = valid_product();
  GetParam().change(n);
  auto p = catalog.add(n);
  ASSERT_FALSE(p.has_value());
  EXPECT_EQ(p.error().kind, ErrorKind::kUnprocessable);
  EXPECT_EQ(p.error().code, "invalid_product");
  EXPECT_EQ(p.error().field, GetParam().field);
  auto c = database->lease();
  EXPECT_EQ(c->scalar("SELECT COUNT(*) FROM products"), 0);
  EXPECT_EQ(c->scalar("SELECT COUNT(*) FROM product_sizes"), 0);
  EXPECT_EQ(c->scalar("SELECT COUNT(*) FROM categories"), 0);
}

INSTANTIATE_TEST_SUITE_P(
    Catalog, AddValidation,
    ::testing::Values(
        InvalidCase{"EmptyName", [](NewProduct& n) { n.name = ""; }, "name"},
        InvalidCase{"BlankName", [](NewProduct& n) { n.name = "  \t"; }, "name"},
        InvalidCase{"EmptyCategory", [](NewProduct& n) { n.category = ""; }, "category"},
        InvalidCase{"NegativePrice", [](NewProduct& n) { n.price = -1; }, "price"},
        InvalidCase{"NegativeCost", [](NewProduct& n) { n.cost = -1; }, "cost"},
        InvalidCase{"NoSizes", [](NewProduct& n) { n.sizes.clear(); }, "sizes"},
        InvalidCase{"EmptySizeLabel", [](NewProduct& n) { n.sizes[1].size = ""; }, "sizes[1].size"},
        InvalidCase{"DuplicateSizeLabel", [](NewProduct& n) { n.sizes[1].size = "UK 4"; },
                    "sizes[1].size"},
        InvalidCase{"NegativeStock", [](NewProduct& n) { n.sizes[0].stock = -3; },
                    "sizes[0].stock"}),
    [](const ::testing::TestParamInfo<InvalidCase>& info) { return info.param.what; });

TEST_P(CatalogTest, AddAcceptsZeroPriceZeroCostAndZeroStock) {
  NewProduct n = valid_product();
  n.price = 0;
  n.cost = 0;
  n.sizes = {{"One size", 0}};
  auto p = catalog.add(n);
  ASSERT_TRUE(p.has_value());
  EXPECT_EQ(p->price, 0);
  EXPECT_EQ(p->cost, 0);
  EXPECT_EQ(p->sizes.at(0).stock, 0);
}

}  // namespace
}  // namespace cw::catalog
