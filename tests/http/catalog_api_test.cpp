// Catalogue search and product pages.
#include "api_fixture.hpp"
#include "http/product_json.hpp"

namespace cw::http::testing {
namespace {

class CatalogApiTest : public ApiTest {
 protected:
  CatalogApiTest() {
    boot = add_product("Chelsea Boot", 8999, {{"UK 5", 3}, {"UK 6", 0}}, "Boots",
                       "Leather ankle boot");
    sandal = add_product("Summer Sandal", 2950, {{"UK 4", 7}}, "Sandals", "Open toe");
    pump = add_product("Court Pump", 4500, {{"UK 5", 1}}, "Heels", "Classic boot-cut heel");
  }
  std::vector<Id> ids(const Answer& answer) {
    std::vector<Id> found;
    for (const auto& item : answer.body.at("items")) found.push_back(item.at("id"));
    return found;
  }
  Id boot = 0, sandal = 0, pump = 0;
};

INSTANTIATE_TEST_SUITE_P(Db, CatalogApiTest, cw::testing::kBothBackends, cw::testing::backend_name);

TEST_P(CatalogApiTest, SearchAnswersProductsWithSizesTotalAndPaging) {
  auto answer = get("/api/v1/products");
  ASSERT_EQ(answer.status, 200) << answer.raw;
  EXPECT_EQ(answer.body.at("total"), 3);
  EXPECT_EQ(answer.body.at("page"), 1);
  EXPECT_EQ(answer.body.at("page_size"), 20);
  ASSERT_EQ(ids(answer), (std::vector<Id>{boot, sandal, pump}));
  EXPECT_EQ(answer.body.at("items")[0],
            Json({{"id", boot},
                  {"name", "Chelsea Boot"},
                  {"description", "Leather ankle boot"},
                  {"category", "Boots"},
                  {"category_id", answer.body["items"][0]["category_id"]},
                  {"price", "89.99"},
                  {"currency", "GBP"},
                  {"active", true},
                  {"sizes", {{{"size", "UK 5"}, {"stock", 3}}, {{"size", "UK 6"}, {"stock", 0}}}},
                  {"external_ref", nullptr}}));
}

// Anonymous pages are kept per catalogue version (SearchPageCache): the same search again is the
// same page, and any change to the catalogue, here a checkout's stock, shows in the next one.
TEST_P(CatalogApiTest, ARepeatedSearchShowsTheStockOfTheLatestCheckout) {
  const std::string target = "/api/v1/products?size=UK%205&sort=-price";
  const Answer first = get(target);
  ASSERT_EQ(first.status, 200) << first.raw;
  EXPECT_EQ(ids(first), (std::vector<Id>{boot, pump}));
  EXPECT_EQ(first.body.at("items")[0].at("sizes")[0].at("stock"), 3);
  EXPECT_EQ(get(target).raw, first.raw);

  order(customer_token("shopper"), boot, "UK 5", 2);
  const Answer after = get(target);
  EXPECT_EQ(after.body.at("items")[0].at("sizes")[0].at("stock"), 1);
  EXPECT_EQ(get("/api/v1/products?sort=-price&size=UK%205").body, after.body);
  expect_problem(get(target + "&page=0"), 400, "invalid_parameter", "page");
}

TEST(SearchPageCache, KeepsPagesOfTheNewestVersionOnlyAndAtMostItsLimit) {
  SearchPageCache pages;
  EXPECT_FALSE(pages.find(1, "/a").has_value());
  pages.keep(1, "/a", "page a");
  EXPECT_EQ(pages.find(1, "/a"), "page a");
  EXPECT_FALSE(pages.find(2, "/a").has_value());  // another version
  pages.keep(2, "/b", "page b");                  // a newer version drops the older pages
  EXPECT_FALSE(pages.find(1, "/a").has_value());
  EXPECT_EQ(pages.find(2, "/b"), "page b");
  pages.keep(1, "/a", "stale");  // older than the cache: not kept
  EXPECT_FALSE(pages.find(1, "/a").has_value());
  for (std::size_t i = 0; i < SearchPageCache::kMaxPages + 10; ++i) {
    pages.keep(3, "/q" + std::to_string(i), "p");
  }
  EXPECT_TRUE(pages.find(3, "/q0").has_value());
  EXPECT_TRUE(pages.find(3, "/q" + std::to_string(SearchPageCache::kMaxPages - 1)).has_value());
  EXPECT_FALSE(pages.find(3, "/q" + std::to_string(SearchPageCache::kMaxPages)).has_value());
}

TEST_P(CatalogApiTest, SearchFiltersSortsAndPages) {
  EXPECT_EQ(ids(get("/api/v1/products?q=BOOT")), (std::vector<Id>{boot, pump}));
  EXPECT_EQ(ids(get("/api/v1/products?category=sandals")), (std::vector<Id>{sandal}));
  EXPECT_EQ(ids(get("/api/v1/products?size=UK%205")), (std::vector<Id>{boot, pump}));
  EXPECT_EQ(ids(get("/api/v1/products?min_price=29.50&max_price=45")),
            (std::vector<Id>{sandal, pump}));
  EXPECT_EQ(ids(get("/api/v1/products?sort=-price")), (std::vector<Id>{boot, pump, sandal}));
  EXPECT_EQ(ids(get("/api/v1/products?sort=price")), (std::vector<Id>{sandal, pump, boot}));
  EXPECT_EQ(ids(get("/api/v1/products?sort=name")), (std::vector<Id>{boot, pump, sandal}));
  auto page = get("/api/v1/products?page=2&page_size=2");
  EXPECT_EQ(ids(page), (std::vector<Id>{pump}));
  EXPECT_EQ(page.body.at("total"), 3);
  EXPECT_EQ(page.body.at("page"), 2);
  EXPECT_EQ(page.body.at("page_size"), 2);
  EXPECT_EQ(ids(get("/api/v1/products?q=%27%20OR%201%3D1--")), (std::vector<Id>{}));
}

TEST_P(CatalogApiTest, UnknownQueryValuesAre400) {
  expect_problem(get("/api/v1/products?sort=bogus"), 400, "invalid_parameter", "sort");
  expect_problem(get("/api/v1/products?page=abc"), 400, "invalid_parameter", "page");
  expect_problem(get("/api/v1/products?page=0"), 400, "invalid_parameter", "page");
  expect_problem(get("/api/v1/products?page_size=101"), 400, "invalid_parameter", "page_size");
  expect_problem(get("/api/v1/products?min_price=cheap"), 400, "invalid_parameter", "min_price");
  expect_problem(get("/api/v1/products?max_price=1e3"), 400, "invalid_parameter", "max_price");
  expect_problem(get("/api/v1/products?min_price=50&max_price=10"), 400, "invalid_parameter",
                 "min_price");
}

TEST_P(CatalogApiTest, ProductByIdAnd404) {
  auto answer = get("/api/v1/products/" + std::to_string(sandal));
  ASSERT_EQ(answer.status, 200);
  EXPECT_EQ(answer.body.at("name"), "Summer Sandal");
  EXPECT_EQ(answer.body.at("price"), "29.50");
  EXPECT_EQ(answer.body.at("sizes"), Json({{{"size", "UK 4"}, {"stock", 7}}}));
  expect_problem(get("/api/v1/products/999999"), 404, "not_found");
  expect_problem(get("/api/v1/products/abc"), 404, "not_found");
  expect_problem(get("/api/v1/products/-1"), 404, "not_found");
}

}  // namespace
}  // namespace cw::http::testing
