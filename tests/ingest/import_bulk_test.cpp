// Large imports on both databases: rows go through the BulkWriter (COPY on PostgreSQL, in several
// flushes for files above a megabyte), checks against in-memory sets of the database's ids.
#include <gtest/gtest.h>

#include "import_fixture.hpp"

namespace cw::ingest::test {
namespace {

using cw::testing::Backend;

constexpr int kCustomers = 6000;  // about 1.5 MB of customers rows: more than one COPY
constexpr int kProducts = 40;
constexpr std::int64_t kFirstOrder = 100'000;

std::string customer_row(int id, const std::string& email) {
  return std::to_string(id) + "," + email + ",Zoë\tTab,\"O'Brien \\ x\"\"y\"," +
         (id % 3 == 0 ? "1990-04-02" : "") + ",2024-03-01T08:00:00," +
         (id % 2 == 0 ? "\"1 Long Street, Flat " + std::to_string(id) + "\",Leeds,LS1 1AA,GB"
                      : ",,,") +
         "\n";
}

std::string customers_file(int count) {
  std::string file =
      "id,email,first_name,last_name,date_of_birth,created_at,line1,city,postcode,"
      "country\n";
  for (int id = 1; id <= count; ++id)
    file += customer_row(id, "customer" + std::to_string(id) + "@example.com");
  return file;
}

std::string products_file() {
  std::string file = "id,category,name,price,cost,active,sizes\n";
  for (int p = 1; p <= kProducts; ++p)
    file += std::to_string(1000 + p) + ",Category " + std::to_string(p % 4) + ",Product " +
            std::to_string(p) + ",10.00,4.00,1,S:1|M:2\n";
  return file;
}

// One order per customer with two lines; every tenth cancelled. Answers the file and fills in
// what the facts and units must come to.
struct Expected {
  std::int64_t revenue = 0;  // goods after discounts of non-cancelled orders
  std::int64_t units = 0;
  std::int64_t customers_with_facts = 0;
};
std::string orders_file(Expected& expected) {
  std::string file =
      "order_id,customer_id,placed_at,status,shipping,product_id,size,quantity,"
      "unit_price,line_discount\n";
  for (int c = 1; c <= kCustomers; ++c) {
    const bool cancelled = c % 10 == 0;
    const std::string order = std::to_string(kFirstOrder + c) + "," + std::to_string(c) +
                              ",2024-03-02T10:00:00," + (cancelled ? "cancelled" : "delivered") +
                              ",2.00,";
    const int quantity = 1 + c % 3;
    file += order + std::to_string(1001 + c % kProducts) + ",S," + std::to_string(quantity) +
            ",10.00,1.00\n";
    file += order + std::to_string(1001 + (c + 7) % kProducts) + ",M,1,5.50,\n";
    if (cancelled) continue;
    expected.revenue += quantity * 1000 - 100 + 550;
    expected.units += quantity + 1;
    ++expected.customers_with_facts;
  }
  return file;
}

class ImportBulk : public ImportTest, public ::testing::WithParamInterface<Backend> {};
INSTANTIATE_TEST_SUITE_P(Db, ImportBulk, cw::testing::kBothBackends, cw::testing::backend_name);

TEST_P(ImportBulk, ThousandsOfCustomersProductsAndOrdersWithTheirFacts) {
  auto customers = import("shop-customers", customers_file(kCustomers));
  ASSERT_TRUE(customers) << customers.error().message;
  EXPECT_EQ(customers->imported_into("customers"), kCustomers);
  EXPECT_EQ(customers->imported_into("addresses"), kCustomers / 2);
  auto products = import("shop-products", products_file());
  ASSERT_TRUE(products) << products.error().message;
  EXPECT_EQ(products->imported_into("categories"), 4);
  EXPECT_EQ(products->imported_into("product_sizes"), 2 * kProducts);
  Expected expected;
  auto orders = import("shop-orders", orders_file(expected));
  ASSERT_TRUE(orders) << orders.error().message;
  EXPECT_EQ(orders->rows_read, 2 * kCustomers);
  EXPECT_EQ(orders->facts_recomputed, expected.customers_with_facts);

  EXPECT_EQ(fingerprint(),
            "customers=6000 addresses=3000 orders=6000 order_lines=12000 order_events=6000 "
            "products=40 product_sizes=80 categories=4 visits=0 campaigns=0 coupons=0 "
            "customer_facts=5400 facts_revenue=" +
                std::to_string(expected.revenue) + " units=" + std::to_string(expected.units));
  // Values as the file gave them, text with a tab, quotes and a backslash.
  EXPECT_EQ(text("SELECT first_name FROM customers WHERE id = 4"), "Zoë\tTab");
  EXPECT_EQ(text("SELECT last_name FROM customers WHERE id = 4"), "O'Brien \\ x\"y");
  EXPECT_EQ(text("SELECT date_of_birth FROM customers WHERE id = 3"), "1990-04-02");
  EXPECT_EQ(text("SELECT line1 FROM addresses WHERE customer_id = 4"), "1 Long Street, Flat 4");
  EXPECT_EQ(scalar("SELECT total FROM orders WHERE id = 100004"), 2 * 1000 - 100 + 550 + 200);
  EXPECT_EQ(scalar("SELECT revenue FROM customer_facts WHERE customer_id = 4"),
            2 * 1000 - 100 + 550);
  EXPECT_EQ(scalar("SELECT count(*) FROM products WHERE category_id IS NULL"), 0);
  // Imported ids keep the sequences behind them: the next customer the shop creates is new.
  auto c = t_.db->lease();
  EXPECT_EQ(c->scalar("INSERT INTO customers (email, created_at) VALUES ('new@example.com', 1) "
                      "RETURNING id"),
            kCustomers + 1);
}

// The duplicate is found after several megabytes of rows went to the database: the import still
// leaves every table as it was.
TEST_P(ImportBulk, ADuplicateIdOnTheLastLineOfABigFileChangesNothing) {
  ASSERT_TRUE(import("shop-products", products_file()));
  const std::string before = fingerprint();
  std::string file = customers_file(3 * kCustomers);
  file += customer_row(17, "another@example.com");
  auto s = import("shop-customers", file);
  ASSERT_FALSE(s);
  EXPECT_EQ(s.error().code, "duplicate_id");
  EXPECT_EQ(s.error().message,
            "line " + std::to_string(3 * kCustomers + 2) + ": id 17 was already used on line 18");
  EXPECT_EQ(fingerprint(), before);
}

// A row the database itself refuses (the same email in another case: emails are unique without
// regard to case) names its line, though on PostgreSQL it is refused by a COPY long after it was
// read.
TEST_P(ImportBulk, ARowTheDatabaseRefusesNamesItsLine) {
  std::string file = customers_file(kCustomers);
  file += customer_row(kCustomers + 1, "CUSTOMER12@example.com");
  auto s = import("shop-customers", file);
  ASSERT_FALSE(s);
  EXPECT_EQ(s.error().code, "invalid_row");
  EXPECT_EQ(
      s.error().message.rfind(
          "line " + std::to_string(kCustomers + 2) + ": the row breaks a rule of the database", 0),
      0u)
      << s.error().message;
  EXPECT_EQ(scalar("SELECT count(*) FROM customers"), 0);
}

TEST_P(ImportBulk, AnIdThatExistsIsIdExistsNamingItsLine) {
  ASSERT_TRUE(import("shop-customers", customers_file(100)));
  ASSERT_TRUE(import("shop-products", products_file()));
  const std::string before = fingerprint();
  std::string customers = "id,email\n";
  for (int id = 101; id <= 2000; ++id) customers += std::to_string(id) + ",\n";
  customers += "50,\n";
  auto s = import("shop-customers", customers);
  ASSERT_FALSE(s);
  EXPECT_EQ(s.error().code, "id_exists");
  EXPECT_EQ(s.error().message, "line 1902: customer 50 already exists in the database");
  EXPECT_EQ(fingerprint(), before);

  ASSERT_TRUE(import("shop-orders",
                     "order_id,customer_id,placed_at,product_id,size,quantity,"
                     "unit_price\n"
                     "7,1,2024-03-02,1001,S,1,10\n"));
  auto orders = import("shop-orders",
                       "order_id,customer_id,placed_at,product_id,size,quantity,unit_price\n"
                       "8,2,2024-03-02,1001,S,1,10\n"
                       "8,2,2024-03-02,1002,S,1,10\n"
                       "7,3,2024-03-03,1001,S,1,10\n");
  ASSERT_FALSE(orders);
  EXPECT_EQ(orders.error().code, "id_exists");
  EXPECT_EQ(orders.error().message, "line 4: order 7 already exists in the database");
  EXPECT_EQ(scalar("SELECT count(*) FROM orders"), 1);
}

// Coupon codes are checked against the database's codes read once and the file's earlier ones,
// without regard to case; visits against the customers, campaigns and orders sets.
TEST_P(ImportBulk, CouponsAndVisitsCheckedAgainstTheDatabaseAndTheFile) {
  ASSERT_TRUE(import("shop-customers", customers_file(100)));
  ASSERT_TRUE(import("shop-campaigns",
                     "id,name,channel,starts_on,ends_on\n3,Spring,email,2024-03-01,2024-03-31\n"));
  std::string coupons = "id,code,scope,percent_off,campaign_id\n";
  for (int id = 1; id <= 3000; ++id)
    coupons += std::to_string(id) + ",code" + std::to_string(id) + ",order,10,3\n";
  auto loaded = import("shop-coupons", coupons);
  ASSERT_TRUE(loaded) << loaded.error().message;
  EXPECT_EQ(loaded->imported_into("coupons"), 3000);
  EXPECT_EQ(text("SELECT code FROM coupons WHERE id = 2999"), "CODE2999");

  const std::string before = fingerprint();
  auto again = import("shop-coupons",
                      "id,code,scope,percent_off\n5001,new1,order,5\n"
                      "5002,Code17,order,5\n");
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().code, "id_exists");
  EXPECT_EQ(again.error().message, "line 3: coupon code CODE17 already exists");
  auto twice = import("shop-coupons",
                      "id,code,scope,percent_off\n5001,new1,order,5\n"
                      "5002,new2,order,5\n5003,NEW1,order,5\n");
  ASSERT_FALSE(twice);
  EXPECT_EQ(twice.error().message, "line 4: coupon code NEW1 already exists");
  EXPECT_EQ(fingerprint(), before);

  std::string visits = "id,customer_id,visitor_key,started_at,source,campaign_id\n";
  for (int id = 1; id <= 3000; ++id)
    visits += std::to_string(id) + "," + (id % 2 ? std::to_string(1 + id % 100) : "") + ",key" +
              std::to_string(id) + ",2024-03-02T09:55:00,email," + (id % 3 ? "3" : "") + "\n";
  auto seen = import("shop-visits", visits);
  ASSERT_TRUE(seen) << seen.error().message;
  EXPECT_EQ(scalar("SELECT count(*) FROM visits WHERE campaign_id = 3"), 2000);
  EXPECT_EQ(scalar("SELECT count(*) FROM visits WHERE customer_id IS NULL"), 1500);
  auto unknown = import("shop-visits",
                        "id,customer_id,started_at,campaign_id\n"
                        "4001,5,2024-03-02,3\n4002,5,2024-03-02,4\n");
  ASSERT_FALSE(unknown);
  EXPECT_EQ(unknown.error().code, "unknown_reference");
  EXPECT_EQ(unknown.error().message.rfind("line 3: campaign 4 does not exist", 0), 0u)
      << unknown.error().message;
  EXPECT_EQ(scalar("SELECT count(*) FROM visits"), 3000);
}

}  // namespace
}  // namespace cw::ingest::test
