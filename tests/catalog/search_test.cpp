// Catalog::search: each filter alone and combined, literal text, sorting, paging and errors.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "catalog/catalog.hpp"
#include "catalog_fixture.hpp"

namespace cw::catalog {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

class SearchTest : public testing_support::CatalogTest {
 protected:
  void SetUp() override {
    pump = add("Stiletto Pump", "Heels", 8999, {{"UK 4", 2}, {"UK 5", 0}}, "Patent leather");
    sandal =
        add("Block Heel Sandal", "Heels", 5999, {{"UK 5", 1}, {"UK 6", 7}}, "Summer favourite");
    chelsea =
        add("Chelsea Boot", "Boots", 11999, {{"UK 6", 3}, {"UK 7", 2}}, "Suede with elastic sides");
    ankle = add("Ankle Boot", "Boots", 8999, {{"UK 3", 1}, {"UK 5", 9}}, "100% leather");
    flat = add("Ballet Flat", "Flats", 3999, {{"UK 4", 5}}, "soft_sole, everyday");
    loafer = add("Loafer", "Flats", 6999, {{"UK 5", 4}}, "Classic", /*active=*/false);
  }

  Error search_error(const SearchQuery& q) {
    auto r = catalog.search(q);
    EXPECT_FALSE(r.has_value());
    return r ? Error{} : r.error();
  }

  Id pump = 0, sandal = 0, chelsea = 0, ankle = 0, flat = 0, loafer = 0;
};

INSTANTIATE_TEST_SUITE_P(Db, SearchTest, cw::testing::kBothBackends, cw::testing::backend_name);

TEST_P(SearchTest, WithoutFiltersListsActiveProductsById) {
  auto r = search({});
  EXPECT_THAT(ids(r), ElementsAre(pump, sandal, chelsea, ankle, flat));
  EXPECT_EQ(r.total, 5);
}

TEST_P(SearchTest, IncludeInactiveAddsInactiveProducts) {
  SearchQuery q;
  q.include_inactive = true;
  auto r = search(q);
  EXPECT_THAT(ids(r), ElementsAre(pump, sandal, chelsea, ankle, flat, loafer));
  EXPECT_EQ(r.total, 6);
  EXPECT_FALSE(r.items.back().active);
}

TEST_P(SearchTest, ItemsCarryCategoryPriceAndSizesInDisplayOrder) {
  SearchQuery q;
  q.text = "block heel";
  auto r = search(q);
  ASSERT_EQ(r.items.size(), 1u);
  const Product& p = r.items[0];
  EXPECT_EQ(p.name, "Block Heel Sandal");
  EXPECT_EQ(p.description, "Summer favourite");
  EXPECT_EQ(p.category, "Heels");
  EXPECT_EQ(p.price, 5999);
  ASSERT_EQ(p.sizes.size(), 2u);
  EXPECT_EQ(p.sizes[0].size, "UK 5");
  EXPECT_EQ(p.sizes[0].stock, 1);
  EXPECT_EQ(p.sizes[1].size, "UK 6");
  EXPECT_EQ(p.sizes[1].stock, 7);
}

TEST_P(SearchTest, TextMatchesNameSubstringIgnoringCase) {
  SearchQuery q;
  q.text = "BOOT";
  EXPECT_THAT(ids(search(q)), ElementsAre(chelsea, ankle));
  q.text = "oo";
  EXPECT_THAT(ids(search(q)), ElementsAre(chelsea, ankle));
}

TEST_P(SearchTest, TextMatchesDescriptionSubstring) {
  SearchQuery q;
  q.text = "sUEDE";
  EXPECT_THAT(ids(search(q)), ElementsAre(chelsea));
  q.text = "leather";
  EXPECT_THAT(ids(search(q)), ElementsAre(pump, ankle));
}

TEST_P(SearchTest, TextMatchesNothingWhenAbsent) {
  SearchQuery q;
  q.text = "wellington";
  auto r = search(q);
  EXPECT_THAT(r.items, IsEmpty());
  EXPECT_EQ(r.total, 0);
}

TEST_P(SearchTest, PercentInTextIsLiteral) {
  SearchQuery q;
  q.text = "%";
  EXPECT_THAT(ids(search(q)), ElementsAre(ankle));  // only "100% leather" holds a percent sign
  q.text = "0% l";
  EXPECT_THAT(ids(search(q)), ElementsAre(ankle));
}

TEST_P(SearchTest, UnderscoreInTextIsLiteral) {
  SearchQuery q;
  q.text = "_";
  EXPECT_THAT(ids(search(q)), ElementsAre(flat));  // only "soft_sole" holds an underscore
  q.text = "t_s";
  EXPECT_THAT(ids(search(q)), ElementsAre(flat));
  q.text = "Bo_t";  // as a wildcard it would match "Boot"
  EXPECT_THAT(ids(search(q)), IsEmpty());
}

TEST_P(SearchTest, BackslashInTextIsLiteral) {
  const Id odd = add("Back\\slash Mule", "Mules", 100);
  SearchQuery q;
  q.text = "\\";
  EXPECT_THAT(ids(search(q)), ElementsAre(odd));
  q.text = "k\\s";
  EXPECT_THAT(ids(search(q)), ElementsAre(odd));
  q.text = "\\%";
  EXPECT_THAT(ids(search(q)), IsEmpty());
}

TEST_P(SearchTest, SqlMetacharactersInTextAreLiteral) {
  for (const char* text : {"'; DROP TABLE products; --", "' OR '1'='1", "\" OR 1=1 --", ";"}) {
    SearchQuery q;
    q.text = text;
    auto r = search(q);
    EXPECT_THAT(r.items, IsEmpty()) << text;
    EXPECT_EQ(r.total, 0) << text;
  }
  EXPECT_EQ(database->lease()->scalar("SELECT COUNT(*) FROM products"), 6);

  const Id quoted = add("O'Neill \"Classic\"; Pump", "Heels", 100);
  SearchQuery q;
  q.text = "o'neill \"classic\";";
  EXPECT_THAT(ids(search(q)), ElementsAre(quoted));
}

TEST_P(SearchTest, CategoryByNameIgnoresCase) {
  SearchQuery q;
  q.category = "bOOTS";
  auto r = search(q);
  EXPECT_THAT(ids(r), ElementsAre(chelsea, ankle));
  EXPECT_EQ(r.total, 2);
}

TEST_P(SearchTest, CategoryByNumericId) {
  auto p = catalog.get(pump);
  ASSERT_TRUE(p.has_value());
  SearchQuery q;
  q.category = std::to_string(p->category_id);
  EXPECT_THAT(ids(search(q)), ElementsAre(pump, sandal));
}

TEST_P(SearchTest, UnknownCategoryMatchesNothing) {
  for (const char* category : {"Clogs", "999", "-1", "1x", "Boots' OR '1'='1"}) {
    SearchQuery q;
    q.category = category;
    auto r = search(q);
    EXPECT_THAT(r.items, IsEmpty()) << category;
    EXPECT_EQ(r.total, 0) << category;
  }
}

TEST_P(SearchTest, SizeMatchesTheLabelExactly) {
  SearchQuery q;
  q.size = "UK 5";  // includes sizes with no stock (the pump's UK 5)
  EXPECT_THAT(ids(search(q)), ElementsAre(pump, sandal, ankle));
  q.size = "uk 5";
  EXPECT_THAT(ids(search(q)), IsEmpty());
  q.size = "UK";
  EXPECT_THAT(ids(search(q)), IsEmpty());
  q.size = "UK 7";
  EXPECT_THAT(ids(search(q)), ElementsAre(chelsea));
}

TEST_P(SearchTest, SizeFilterStillReturnsEverySizeOfTheProduct) {
  SearchQuery q;
  q.size = "UK 7";
  auto r = search(q);
  ASSERT_EQ(r.items.size(), 1u);
  ASSERT_EQ(r.items[0].sizes.size(), 2u);
  EXPECT_EQ(r.items[0].sizes[0].size, "UK 6");
}

TEST_P(SearchTest, MinPriceIsInclusive) {
  SearchQuery q;
  q.min_price = 8999;
  EXPECT_THAT(ids(search(q)), ElementsAre(pump, chelsea, ankle));
  q.min_price = 9000;
  EXPECT_THAT(ids(search(q)), ElementsAre(chelsea));
  q.min_price = 12000;
  EXPECT_THAT(ids(search(q)), IsEmpty());
}

TEST_P(SearchTest, MaxPriceIsInclusive) {
  SearchQuery q;
  q.max_price = 5999;
  EXPECT_THAT(ids(search(q)), ElementsAre(sandal, flat));
  q.max_price = 5998;
  EXPECT_THAT(ids(search(q)), ElementsAre(flat));
  q.max_price = 3998;
  EXPECT_THAT(ids(search(q)), IsEmpty());
}

TEST_P(SearchTest, EqualMinAndMaxSelectsExactlyThatPrice) {
  SearchQuery q;
  q.min_price = 8999;
  q.max_price = 8999;
  auto r = search(q);
  EXPECT_THAT(ids(r), ElementsAre(pump, ankle));
  EXPECT_EQ(r.total, 2);
}

TEST_P(SearchTest, FiltersCombineWithAnd) {
  SearchQuery q;
  q.text = "boot";
  q.category = "Boots";
  q.size = "UK 5";
  q.max_price = 8999;
  auto r = search(q);
  EXPECT_THAT(ids(r), ElementsAre(ankle));
  EXPECT_EQ(r.total, 1);

  SearchQuery heels;
  heels.category = "heels";
  heels.min_price = 6000;
  EXPECT_THAT(ids(search(heels)), ElementsAre(pump));

  SearchQuery leather_in_heels;
  leather_in_heels.text = "leather";
  leather_in_heels.category = "Heels";
  leather_in_heels.size = "UK 4";
  EXPECT_THAT(ids(search(leather_in_heels)), ElementsAre(pump));

  SearchQuery none;
  none.category = "Flats";
  none.size = "UK 7";
  EXPECT_THAT(ids(search(none)), IsEmpty());
}

TEST_P(SearchTest, InactiveProductsAreHiddenUnderEveryFilter) {
  SearchQuery q;
  q.category = "Flats";
  EXPECT_THAT(ids(search(q)), ElementsAre(flat));
  q.include_inactive = true;
  EXPECT_THAT(ids(search(q)), ElementsAre(flat, loafer));

  SearchQuery by_name;
  by_name.text = "loafer";
  EXPECT_THAT(ids(search(by_name)), IsEmpty());
}

TEST_P(SearchTest, SortsByPriceWithTiesById) {
  SearchQuery q;
  q.sort = SortOrder::kPriceAscending;
  EXPECT_THAT(ids(search(q)), ElementsAre(flat, sandal, pump, ankle, chelsea));
  q.sort = SortOrder::kPriceDescending;
  EXPECT_THAT(ids(search(q)), ElementsAre(chelsea, pump, ankle, sandal, flat));
}

TEST_P(SearchTest, SortsByNameIgnoringCase) {
  const Id anklet = add("anklet sandal", "Sandals", 2500);
  SearchQuery q;
  q.sort = SortOrder::kName;
  EXPECT_THAT(ids(search(q)), ElementsAre(ankle, anklet, flat, sandal, chelsea, pump));
}

TEST_P(SearchTest, SortedResultsKeepEachProductsSizesTogether) {
  SearchQuery q;
  q.sort = SortOrder::kPriceDescending;
  auto r = search(q);
  ASSERT_EQ(r.items.size(), 5u);
  EXPECT_EQ(r.items[0].sizes.size(), 2u);
  EXPECT_EQ(r.items[1].sizes.size(), 2u);
  EXPECT_EQ(r.items[1].sizes[0].size, "UK 4");
  EXPECT_EQ(r.items[1].sizes[1].size, "UK 5");
  EXPECT_EQ(r.items[4].sizes.size(), 1u);
}

TEST_P(SearchTest, PagesSplitTheResultsAndTotalCountsAllMatches) {
  SearchQuery q;
  q.page_size = 2;
  auto first = search(q);
  EXPECT_THAT(ids(first), ElementsAre(pump, sandal));
  EXPECT_EQ(first.total, 5);
  q.page = 2;
  auto second = search(q);
  EXPECT_THAT(ids(second), ElementsAre(chelsea, ankle));
  EXPECT_EQ(second.total, 5);
  q.page = 3;
  auto third = search(q);
  EXPECT_THAT(ids(third), ElementsAre(flat));
  EXPECT_EQ(third.total, 5);
  q.page = 4;
  auto past_the_end = search(q);
  EXPECT_THAT(past_the_end.items, IsEmpty());
  EXPECT_EQ(past_the_end.total, 5);
}

TEST_P(SearchTest, AFullLastPageStillReportsTheTotal) {
  SearchQuery q;
  q.page_size = 5;
  auto r = search(q);
  EXPECT_EQ(r.items.size(), 5u);
  EXPECT_EQ(r.total, 5);
}

TEST_P(SearchTest, PagingFollowsTheSortOrderAndFilters) {
  SearchQuery q;
  q.sort = SortOrder::kPriceAscending;
  q.page_size = 2;
  q.page = 2;
  auto r = search(q);
  EXPECT_THAT(ids(r), ElementsAre(pump, ankle));
  EXPECT_EQ(r.total, 5);

  SearchQuery filtered;
  filtered.size = "UK 5";
  filtered.page_size = 1;
  filtered.page = 2;
  auto f = search(filtered);
  EXPECT_THAT(ids(f), ElementsAre(sandal));
  EXPECT_EQ(f.total, 3);
}

TEST_P(SearchTest, PageSizeDefaultsToTwentyAndAcceptsOneToOneHundred) {
  for (int i = 0; i < 30; ++i) add("Extra " + std::to_string(i), "Extras", 100 + i);
  SearchQuery q;
  auto r = search(q);
  EXPECT_EQ(r.items.size(), 20u);
  EXPECT_EQ(r.total, 35);
  q.page_size = 100;
  EXPECT_EQ(search(q).items.size(), 35u);
  q.page_size = 1;
  EXPECT_EQ(search(q).items.size(), 1u);
}

TEST_P(SearchTest, PageBelowOneIsABadRequestOnPage) {
  for (int page : {0, -1}) {
    SearchQuery q;
    q.page = page;
    const Error e = search_error(q);
    EXPECT_EQ(e.kind, ErrorKind::kBadRequest);
    EXPECT_EQ(e.code, "invalid_parameter");
    EXPECT_EQ(e.field, "page");
  }
}

TEST_P(SearchTest, PageSizeOutsideOneToOneHundredIsABadRequestOnPageSize) {
  for (int size : {0, -5, 101}) {
    SearchQuery q;
    q.page_size = size;
    const Error e = search_error(q);
    EXPECT_EQ(e.kind, ErrorKind::kBadRequest) << size;
    EXPECT_EQ(e.code, "invalid_parameter") << size;
    EXPECT_EQ(e.field, "page_size") << size;
  }
}

TEST_P(SearchTest, MinAboveMaxIsABadRequestOnMinPrice) {
  SearchQuery q;
  q.min_price = 5000;
  q.max_price = 4999;
  const Error e = search_error(q);
  EXPECT_EQ(e.kind, ErrorKind::kBadRequest);
  EXPECT_EQ(e.code, "invalid_parameter");
  EXPECT_EQ(e.field, "min_price");
}

TEST_P(SearchTest, AHugePageNumberIsEmptyNotAnError) {
  SearchQuery q;
  q.page = 2'000'000'000;
  q.page_size = 100;
  auto r = search(q);
  EXPECT_THAT(r.items, IsEmpty());
  EXPECT_EQ(r.total, 5);
}

}  // namespace
}  // namespace cw::catalog
