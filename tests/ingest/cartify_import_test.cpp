// `import --format cartify`: a hand-built folder (cartify_shop.hpp) and its mapping rules.
#include <gtest/gtest.h>

#include "cartify_shop.hpp"
#include "import_fixture.hpp"

namespace cw::ingest::test {
namespace {

constexpr std::int64_t k2024_01_01 = 19723LL * 86400;

// On both databases: the import writes through the same path on each (issue 13).
class CartifyImport : public ImportTest, public ::testing::WithParamInterface<testing::Backend> {
 protected:
  Result<ImportSummary> import_folder(const std::map<std::string, std::string>& files,
                                      const std::string& name = "shop") {
    const auto dir = t_.dir.path() / name;
    write_cartify(dir, files);
    return import_file(*t_.db, "cartify", dir.string(), clock_);
  }
  // The folder with one file replaced.
  static std::map<std::string, std::string> with(const std::string& file,
                                                 const std::string& content) {
    auto files = cartify_files();
    files[file] = content;
    return files;
  }
  void expect_refused(const std::map<std::string, std::string>& files, const std::string& code,
                      const std::string& message) {
    const std::string before = fingerprint();
    auto s = import_folder(files);
    ASSERT_FALSE(s);
    EXPECT_EQ(s.error().code, code);
    EXPECT_EQ(s.error().message, message);
    EXPECT_EQ(fingerprint(), before);
    EXPECT_EQ(scalar("SELECT count(*) FROM ratings"), 0);
  }
};

INSTANTIATE_TEST_SUITE_P(Db, CartifyImport, testing::kBothBackends, testing::backend_name);

TEST_P(CartifyImport, WholeFolderInOneTransaction) {
  auto s = import_folder(cartify_files());
  ASSERT_TRUE(s) << s.error().message;
  EXPECT_EQ(s->format, "cartify");
  EXPECT_EQ(s->imported_into("customers"), 4);
  EXPECT_EQ(s->imported_into("addresses"), 4);
  EXPECT_EQ(s->imported_into("categories"), 2);
  EXPECT_EQ(s->imported_into("products"), 3);
  EXPECT_EQ(s->imported_into("product_sizes"), 3);
  EXPECT_EQ(s->imported_into("campaigns"), 2);
  EXPECT_EQ(s->imported_into("coupons"), 1);
  EXPECT_EQ(s->imported_into("orders"), 4);
  EXPECT_EQ(s->imported_into("order_lines"), 6);
  EXPECT_EQ(s->imported_into("coupon_redemptions"), 1);
  EXPECT_EQ(s->imported_into("visits"), 4);
  EXPECT_EQ(s->imported_into("ratings"), 3);
  EXPECT_EQ(s->facts_recomputed, 3);
  // Data rows of the 15 files: 1 + 2 + 2 + 1 + 2 + 2 + 3 + 4 + 2 + 1 + 1 + 4 + 6 + 4 + 3.
  EXPECT_EQ(s->rows_read, 38);
}

TEST_P(CartifyImport, KeysAreKeptAsExternalReferences) {
  ASSERT_TRUE(import_folder(cartify_files()));
  EXPECT_EQ(text("SELECT first_name FROM customers WHERE external_ref = 'CUST3'"), "Cid");
  EXPECT_EQ(text("SELECT name FROM products WHERE external_ref = 'P2'"), "Novel");
  EXPECT_EQ(text("SELECT name FROM categories WHERE external_ref = 'E387'"), "Electronics");
  EXPECT_EQ(text("SELECT c.external_ref FROM orders o JOIN customers c ON c.id = o.customer_id "
                 "WHERE o.external_ref = 'ZYY3'"),
            "CUST2");
  EXPECT_EQ(text("SELECT external_ref FROM campaigns WHERE channel = 'Email'"), "CMP2");
  // Cartwise's own ids, from 1 in an empty shop.
  EXPECT_EQ(scalar("SELECT id FROM customers WHERE external_ref = 'CUST1'"), 1);
  EXPECT_EQ(scalar("SELECT id FROM orders WHERE external_ref = 'ZYY4'"), 4);
}

TEST_P(CartifyImport, CatalogueCustomersAndPlaces) {
  ASSERT_TRUE(import_folder(cartify_files()));
  EXPECT_EQ(text("SELECT size FROM product_sizes s JOIN products p ON p.id = s.product_id "
                 "WHERE p.external_ref = 'P2'"),
            "One size");
  EXPECT_EQ(scalar("SELECT stock FROM product_sizes s JOIN products p ON p.id = s.product_id "
                   "WHERE p.external_ref = 'P2'"),
            50);
  EXPECT_EQ(scalar("SELECT price * 1000000 + cost FROM products WHERE external_ref = 'P1'"),
            10000LL * 1000000 + 6000);
  EXPECT_EQ(text("SELECT city || '/' || region || '/' || country || '/' || postcode FROM "
                 "addresses a JOIN customers c ON c.id = a.customer_id WHERE "
                 "c.external_ref = 'CUST2'"),
            "London/South/United Kingdom/E1 1AA");
  EXPECT_EQ(text("SELECT date_of_birth FROM customers WHERE external_ref = 'CUST4'"), "<null>");
  // No registration date in the layout: the first day of its records (CMP1 starts 2024-01-01).
  EXPECT_EQ(
      scalar("SELECT count(*) FROM customers WHERE created_at = " + std::to_string(k2024_01_01)),
      4);
  EXPECT_EQ(scalar("SELECT units_sold FROM products WHERE external_ref = 'P2'"), 6);
}

TEST_P(CartifyImport, OrdersAtSellingPriceWithTheDeclaredAmountKept) {
  ASSERT_TRUE(import_folder(cartify_files()));
  EXPECT_EQ(scalar("SELECT total FROM orders WHERE external_ref = 'ZYY1'"), 11000);
  EXPECT_EQ(scalar("SELECT discount FROM orders WHERE external_ref = 'ZYY1'"), 0);
  // Lines at the selling price; the file's 35.00 is kept beside them, not used.
  EXPECT_EQ(scalar("SELECT total FROM orders WHERE external_ref = 'ZYY4'"), 3000);
  EXPECT_EQ(scalar("SELECT declared_amount FROM orders WHERE external_ref = 'ZYY4'"), 3500);
  EXPECT_EQ(scalar("SELECT sum(l.unit_price) FROM order_lines l JOIN orders o ON "
                   "o.id = l.order_id WHERE o.external_ref = 'ZYY3'"),
            10500);
  EXPECT_EQ(joined("SELECT status FROM orders ORDER BY id"),
            "delivered,delivered,delivered,delivered");
  EXPECT_EQ(scalar("SELECT placed_at FROM orders WHERE external_ref = 'ZYY1'"),
            k2024_01_01 + 9 * 86400);
  EXPECT_EQ(scalar("SELECT revenue FROM customer_facts f JOIN customers c ON c.id = "
                   "f.customer_id WHERE c.external_ref = 'CUST1'"),
            13000);
}

TEST_P(CartifyImport, DiscountIdLinksTheCouponAndItsCampaign) {
  ASSERT_TRUE(import_folder(cartify_files()));
  EXPECT_EQ(text("SELECT k.code || '/' || c.external_ref || '/' || k.discount_type FROM orders o "
                 "JOIN coupons k ON k.id = o.coupon_id JOIN campaigns c ON c.id = k.campaign_id "
                 "WHERE o.external_ref = 'ZYY1'"),
            "JAN10/CMP1/Percentage");
  EXPECT_EQ(scalar("SELECT count(*) FROM orders WHERE coupon_id IS NULL"), 3);  // empty ids
  EXPECT_EQ(scalar("SELECT amount FROM coupon_redemptions"), 0);
  EXPECT_EQ(scalar("SELECT active * 10 + terms_unknown FROM coupons"), 1);
  EXPECT_EQ(scalar("SELECT uses FROM coupons"), 1);
}

TEST_P(CartifyImport, CampaignPlatformIsTheChannelAndClicksAreRoundedOrUnknown) {
  ASSERT_TRUE(import_folder(cartify_files()));
  EXPECT_EQ(text("SELECT channel || '/' || target_city || '/' || starts_on || '/' || ends_on "
                 "FROM campaigns WHERE external_ref = 'CMP1'"),
            "Facebook/Leeds/2024-01-01/2024-01-31");
  EXPECT_EQ(scalar("SELECT clicks FROM campaigns WHERE external_ref = 'CMP1'"), 13);  // 12.5
  EXPECT_EQ(scalar("SELECT impressions FROM campaigns WHERE external_ref = 'CMP1'"), 1000);
  EXPECT_EQ(scalar("SELECT clicks_known FROM campaigns WHERE external_ref = 'CMP2'"), 0);
  EXPECT_EQ(scalar("SELECT cost FROM campaigns WHERE external_ref = 'CMP2'"), 2000);
}

TEST_P(CartifyImport, WebsiteActivityBecomesVisitsAndReviewsRatings) {
  ASSERT_TRUE(import_folder(cartify_files()));
  EXPECT_EQ(scalar("SELECT started_at FROM visits WHERE external_ref = 'A2'"),
            k2024_01_01 + 9 * 86400 + 11 * 3600);
  EXPECT_EQ(scalar("SELECT time_spent FROM visits WHERE external_ref = 'A3'"), 60);
  EXPECT_EQ(text("SELECT k.name FROM visits v JOIN categories k ON k.id = v.category_id "
                 "WHERE v.external_ref = 'A4'"),
            "Books");
  EXPECT_EQ(scalar("SELECT count(*) FROM visits WHERE had_cart = 1"), 4);
  EXPECT_EQ(joined("SELECT external_ref FROM visits WHERE ended_in_order = 1 ORDER BY id"),
            "A2,A4");
  EXPECT_EQ(joined("SELECT rating FROM ratings r JOIN products p ON p.id = r.product_id "
                   "WHERE p.external_ref = 'P1' ORDER BY r.id"),
            "5,2");
  EXPECT_EQ(text("SELECT rated_on FROM ratings WHERE external_ref = 'R3'"), "2024-02-16");
}

TEST_P(CartifyImport, AnOrderOfAnUnknownCustomerIsAnError) {
  expect_refused(with("orders.csv",
                      "order_id;customer_id;order_date;discount_id;amount\n"
                      "ZYY1;CUST1;2024-01-10;;110.00\nZYY9;CUST9;2024-01-11;;1.00\n"),
                 "unknown_reference", "orders.csv: line 3: customer CUST9 does not exist");
}

TEST_P(CartifyImport, EveryBadRowNamesItsFileLineAndReason) {
  expect_refused(with("orders_details.csv", "order_id;product_id;quantity\nZYY1;P7;1\n"),
                 "unknown_reference", "orders_details.csv: line 2: product P7 does not exist");
  expect_refused(
      with("discount.csv", "discount_id;campaign_id;discount_type_id;coupon_code\nD1;CMP5;DT1;X\n"),
      "unknown_reference", "discount.csv: line 2: campaign CMP5 does not exist");
  expect_refused(with("customers.csv",
                      "customer_id;first_name;last_name;gender;date_of_birth;email;phone_number;"
                      "address;city_id;postcode;country_id\n"
                      "CUST1;A;B;;;a@example.com;;1 St;Y2VK;LS1;UK\n"
                      "CUST1;C;D;;;c@example.com;;1 St;Y2VK;LS1;UK\n"),
                 "duplicate_id",
                 "customers.csv: line 3: customer_id CUST1 was already used on line 2");
  expect_refused(with("website_activity.csv",
                      "activity_id;category_id;date;time;customer_id;time_spent;order_placed\n"
                      "A1;E387;2024-01-09;10:00:00;CUST1;120;maybe\n"),
                 "invalid_row", "website_activity.csv: line 2: order_placed 'maybe' is not Y or N");
  expect_refused(with("campaign_engagement.csv", "campaign_id;click_rate;reach\nCMP1;1.5;10\n"),
                 "invalid_row",
                 "campaign_engagement.csv: line 2: click_rate '1.5' is not a fraction between 0 "
                 "and 1 (such as 0.035)");
  auto files = cartify_files();
  files.erase("products_review.csv");
  const std::string before = fingerprint();
  auto s = import_folder(files, "incomplete");
  ASSERT_FALSE(s);
  EXPECT_EQ(s.error().code, "missing_file");
  EXPECT_NE(s.error().message.find("products_review.csv"), std::string::npos);
  EXPECT_EQ(fingerprint(), before);
}

TEST_P(CartifyImport, TheSameShopTwiceIsAConflict) {
  ASSERT_TRUE(import_folder(cartify_files()));
  const std::string before = fingerprint();
  auto again = import_folder(cartify_files(), "again");
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().code, "id_exists");
  EXPECT_EQ(again.error().message,
            "category_data.csv: line 2: category_id E387 already exists in the database");
  EXPECT_EQ(fingerprint(), before);
}

}  // namespace
}  // namespace cw::ingest::test
