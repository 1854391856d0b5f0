#include <gtest/gtest.h>

#include "import_fixture.hpp"

namespace cw::ingest::test {
namespace {

constexpr std::int64_t k2024_03_01 = 19783LL * 86400;

const char* kCustomers =
    "\xEF\xBB\xBFid;email;first_name;last_name;gender;date_of_birth;occupation;created_at;line1;"
    "city;postcode;country\n"
    "7;ann@example.com;Ann;Lee;female;1990-04-02;Nurse;2024-03-01;1 High St;Leeds;LS1 1AA;GB\n"
    "8.0;;\"Bob; Jr\";Ray;;;;;;;;\n";

const char* kProducts =
    "id,category,name,price,cost,active,created_at,sizes\n"
    "100,Shoes,Runner,59.90,30.00,1,2024-03-01T09:00:00,38:5|39:0|40:12\n"
    "101,shoes,Trail,80,,0,,\n"
    "102,Hats,Cap,15,5,yes,,One size:3\n";

// The helpers, for the suites on both databases (the bad files' parameter is the backend and
// the file).
class ShopImportFiles : public ImportTest {
 protected:
  using ImportTest::ImportTest;
  void load_catalogue_and_customers() {
    ASSERT_TRUE(import("shop-customers", kCustomers));
    ASSERT_TRUE(import("shop-products", kProducts));
  }
};

class ShopImport : public ShopImportFiles,
                   public ::testing::WithParamInterface<testing::Backend> {};
INSTANTIATE_TEST_SUITE_P(Db, ShopImport, testing::kBothBackends, testing::backend_name);

TEST_P(ShopImport, CustomersWithAddressesSemicolonsAndABom) {
  auto s = import("shop-customers", kCustomers);
  ASSERT_TRUE(s) << s.error().message;
  EXPECT_EQ(s->rows_read, 2);
  EXPECT_EQ(s->imported_into("customers"), 2);
  EXPECT_EQ(s->imported_into("addresses"), 1);
  EXPECT_EQ(text("SELECT date_of_birth FROM customers WHERE id = 7"), "1990-04-02");
  EXPECT_EQ(scalar("SELECT created_at FROM customers WHERE id = 7"), k2024_03_01);
  EXPECT_EQ(text("SELECT first_name FROM customers WHERE id = 8"), "Bob; Jr");
  EXPECT_EQ(text("SELECT email FROM customers WHERE id = 8"), "<null>");
  EXPECT_EQ(scalar("SELECT created_at FROM customers WHERE id = 8"), kNow);
  EXPECT_EQ(text("SELECT city FROM addresses WHERE customer_id = 7 AND is_default = 1"), "Leeds");
}

TEST_P(ShopImport, ProductsWithCategoriesSizesAndStock) {
  auto s = import("shop-products", kProducts);
  ASSERT_TRUE(s) << s.error().message;
  EXPECT_EQ(s->imported_into("products"), 3);
  EXPECT_EQ(s->imported_into("categories"), 2);  // "shoes" is "Shoes"
  EXPECT_EQ(s->imported_into("product_sizes"), 4);
  EXPECT_EQ(scalar("SELECT price FROM products WHERE id = 100"), 5990);
  EXPECT_EQ(scalar("SELECT count(*) FROM products WHERE id = 101 AND cost IS NULL AND active = 0"),
            1);
  EXPECT_EQ(scalar("SELECT stock FROM product_sizes WHERE product_id = 100 AND size = '40'"), 12);
  EXPECT_EQ(scalar("SELECT position FROM product_sizes WHERE product_id = 100 AND size = '40'"), 2);
  EXPECT_EQ(text("SELECT size FROM product_sizes WHERE product_id = 102"), "One size");
  EXPECT_EQ(scalar("SELECT category_id FROM products WHERE id = 100"),
            scalar("SELECT category_id FROM products WHERE id = 101"));
}

TEST_P(ShopImport, OrdersWithLinesUpdateUnitsSoldAndFacts) {
  load_catalogue_and_customers();
  auto s = import("shop-orders",
                  "order_id,customer_id,placed_at,status,shipping,product_id,size,quantity,"
                  "unit_price,line_discount\n"
                  "5001,7,2024-03-02T10:00:00,delivered,4.95,100,38,2,59.90,10\n"
                  "5001,7,2024-03-02T10:00:00,delivered,4.95,102,One size,1,15,\n"
                  "5002,7,2024-03-09T18:30:00,cancelled,0,100,40,1,59.90,\n"
                  "5003,8,2024-03-10,,,102,One size,3,15,\n");
  ASSERT_TRUE(s) << s.error().message;
  EXPECT_EQ(s->rows_read, 4);
  EXPECT_EQ(s->imported_into("orders"), 3);
  EXPECT_EQ(s->imported_into("order_lines"), 4);
  EXPECT_EQ(scalar("SELECT subtotal FROM orders WHERE id = 5001"), 13480);
  EXPECT_EQ(scalar("SELECT discount FROM orders WHERE id = 5001"), 1000);
  EXPECT_EQ(scalar("SELECT total FROM orders WHERE id = 5001"), 12975);
  EXPECT_EQ(scalar("SELECT has_lines FROM orders WHERE id = 5001"), 1);
  EXPECT_EQ(text("SELECT status FROM orders WHERE id = 5003"), "delivered");
  EXPECT_EQ(scalar("SELECT line_total FROM order_lines WHERE order_id = 5001 AND line_no = 1"),
            10980);
  EXPECT_EQ(scalar("SELECT units_sold FROM products WHERE id = 100"), 2);  // not the cancelled one
  EXPECT_EQ(scalar("SELECT units_sold FROM products WHERE id = 102"), 4);
  EXPECT_EQ(scalar("SELECT stock FROM product_sizes WHERE product_id = 100 AND size = '40'"), 12);
  EXPECT_EQ(scalar("SELECT orders FROM customer_facts WHERE customer_id = 7"), 1);
  EXPECT_EQ(scalar("SELECT revenue FROM customer_facts WHERE customer_id = 7"), 12480);
  EXPECT_EQ(scalar("SELECT shipping FROM customer_facts WHERE customer_id = 7"), 495);
  EXPECT_EQ(scalar("SELECT revenue FROM customer_facts WHERE customer_id = 8"), 4500);
}

TEST_P(ShopImport, CampaignsCouponsAndVisits) {
  load_catalogue_and_customers();
  auto campaigns = import("shop-campaigns",
                          "id,name,channel,starts_on,ends_on,cost,impressions,clicks,"
                          "target_segment\n"
                          "3,Spring,email,2024-03-01,2024-03-31,250.00,10000,420,Champions\n");
  ASSERT_TRUE(campaigns) << campaigns.error().message;
  EXPECT_EQ(scalar("SELECT cost FROM campaigns WHERE id = 3"), 25000);
  EXPECT_EQ(text("SELECT ends_on FROM campaigns WHERE id = 3"), "2024-03-31");
  auto coupons = import("shop-coupons",
                        "id,code,scope,scope_id,percent_off,amount_off,expires_at,max_uses,"
                        "campaign_id\n"
                        "1,spring10,order,,10,,2024-04-01,100,3\n"
                        "2,CAPS,category,2,,2.50,,,\n");
  ASSERT_TRUE(coupons) << coupons.error().message;
  EXPECT_EQ(coupons->imported_into("coupons"), 2);
  EXPECT_EQ(text("SELECT code FROM coupons WHERE id = 1"), "SPRING10");
  EXPECT_EQ(scalar("SELECT amount_off FROM coupons WHERE id = 2"), 250);
  EXPECT_EQ(scalar("SELECT uses FROM coupons WHERE id = 1"), 0);
  auto visits = import("shop-visits",
                       "id,customer_id,visitor_key,started_at,source,campaign_id,order_id\n"
                       "1,7,,2024-03-02T09:55:00,email,3,\n"
                       "2,,cookie-42,2024-03-03,search,,\n");
  ASSERT_TRUE(visits) << visits.error().message;
  EXPECT_EQ(visits->imported_into("visits"), 2);
  EXPECT_EQ(scalar("SELECT campaign_id FROM visits WHERE id = 1"), 3);
  EXPECT_EQ(text("SELECT visitor_key FROM visits WHERE id = 2"), "cookie-42");
}

struct BadShopFile {
  const char* name;
  const char* format;
  const char* content;
  const char* code;
  const char* message_start;
};

// Named in test output (ctest lists each test with its parameter).
void PrintTo(const BadShopFile& file, std::ostream* out) {
  *out << file.name;
}

// The parameter base first: the database's backend is read from it while the bases are built.
class BadShopFiles
    : public ::testing::WithParamInterface<std::tuple<testing::Backend, BadShopFile>>,
      public ShopImportFiles {
 protected:
  BadShopFiles() : ShopImportFiles(std::get<0>(GetParam())) {}
  static const BadShopFile& bad() { return std::get<1>(GetParam()); }
};

TEST_P(BadShopFiles, FailWithTheLineAndLeaveTheDatabaseUnchanged) {
  load_catalogue_and_customers();
  const std::string before = fingerprint();
  auto s = import(bad().format, bad().content);
  ASSERT_FALSE(s);
  EXPECT_EQ(s.error().code, bad().code) << s.error().message;
  EXPECT_EQ(s.error().message.rfind(bad().message_start, 0), 0u) << s.error().message;
  EXPECT_EQ(fingerprint(), before);
}

INSTANTIATE_TEST_SUITE_P(
    Import, BadShopFiles,
    ::testing::Combine(
        testing::kBothBackends,
        ::testing::Values(
            BadShopFile{"CustomerIdExists", "shop-customers", "id,email\n9,a@b.c\n7,x@y.z\n",
                        "id_exists", "line 3: customer 7 already exists"},
            BadShopFile{"DuplicateCustomerId", "shop-customers", "id\n9\n9\n", "duplicate_id",
                        "line 3: id 9 was already used on line 2"},
            BadShopFile{"HalfAnAddress", "shop-customers", "id,line1\n9,1 Main St\n", "invalid_row",
                        "line 2: an address needs city"},
            BadShopFile{"BadBirthDate", "shop-customers", "id,date_of_birth\n9,1990-13-01\n",
                        "invalid_row", "line 2: date_of_birth '1990-13-01' is not a date"},
            BadShopFile{"UnknownColumn", "shop-customers", "id,emial\n9,a@b.c\n", "invalid_header",
                        "line 1: unknown column 'emial'"},
            BadShopFile{"BadSizes", "shop-products", "id,category,name,price,sizes\n9,A,B,1,S:-1\n",
                        "invalid_row", "line 2: sizes 'S:-1' is not a list"},
            BadShopFile{"NegativePrice", "shop-products", "id,category,name,price\n9,A,B,-1\n",
                        "invalid_row", "line 2: price '-1' is negative"},
            BadShopFile{"UnknownProduct", "shop-orders",
                        "order_id,customer_id,placed_at,product_id,size,quantity,unit_price\n"
                        "1,7,2024-03-02,100,38,1,5\n1,7,2024-03-02,999,38,1,5\n",
                        "unknown_reference", "line 3: product 999 does not exist"},
            BadShopFile{"UnknownCustomer", "shop-orders",
                        "order_id,customer_id,placed_at,product_id,size,quantity,unit_price\n"
                        "1,77,2024-03-02,100,38,1,5\n",
                        "unknown_reference", "line 2: customer 77 does not exist"},
            BadShopFile{"OrderRowsDisagree", "shop-orders",
                        "order_id,customer_id,placed_at,product_id,size,quantity,unit_price\n"
                        "1,7,2024-03-02,100,38,1,5\n1,8,2024-03-02,100,38,1,5\n",
                        "invalid_row", "line 3: order 1 has other customer_id"},
            BadShopFile{"ZeroQuantity", "shop-orders",
                        "order_id,customer_id,placed_at,product_id,size,quantity,unit_price\n"
                        "1,7,2024-03-02,100,38,0,5\n",
                        "invalid_row", "line 2: quantity '0'"},
            BadShopFile{"CouponWithBothDiscounts", "shop-coupons",
                        "id,code,scope,percent_off,amount_off\n1,A,order,10,2\n", "invalid_row",
                        "line 2: give exactly one"},
            BadShopFile{"CampaignEndsBeforeItStarts", "shop-campaigns",
                        "id,name,channel,starts_on,ends_on\n1,A,email,2024-03-02,2024-03-01\n",
                        "invalid_row", "line 2: ends_on"},
            BadShopFile{"VisitOfUnknownOrder", "shop-visits",
                        "id,started_at,order_id\n1,2024-03-01,5\n", "unknown_reference",
                        "line 2: order 5 does not exist"})),
    [](const auto& info) { return bad_file_test_name(info.param); });

}  // namespace
}  // namespace cw::ingest::test
