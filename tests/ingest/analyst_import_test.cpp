#include <gtest/gtest.h>

#include <algorithm>

#include "import_fixture.hpp"
#include "reports/render.hpp"
#include "reports/shop.hpp"

namespace cw::ingest::test {
namespace {

constexpr std::int64_t kDay = 86400;
constexpr std::int64_t k2024_01_05 = 19727 * kDay;

const char* kOrdersLog =
    "order_id,customer_id,order_date,amount\n"
    "1,10,2024-01-05,12.50\n"
    "2,11,2024-01-06T10:30:00,7\n"
    "3.0,10,2024-01-03,0\n"
    "4,12.0,2024-02-01,100.99\n";

class AnalystImport : public ImportTest, public ::testing::WithParamInterface<testing::Backend> {};

INSTANTIATE_TEST_SUITE_P(Db, AnalystImport, testing::kBothBackends, testing::backend_name);

TEST_P(AnalystImport, OrdersLogCreatesCustomersAndAmountOnlyOrders) {
  auto s = import("orders", kOrdersLog);
  ASSERT_TRUE(s) << s.error().message;
  EXPECT_EQ(s->rows_read, 4);
  EXPECT_EQ(s->imported_into("customers"), 3);
  EXPECT_EQ(s->imported_into("orders"), 4);
  EXPECT_TRUE(s->skipped.empty());
  EXPECT_EQ(s->facts_recomputed, 3);
  EXPECT_EQ(scalar("SELECT count(*) FROM orders WHERE has_lines = 0 AND status = 'delivered'"), 4);
  EXPECT_EQ(scalar("SELECT total FROM orders WHERE id = 4"), 10099);
  EXPECT_EQ(scalar("SELECT customer_id FROM orders WHERE id = 4"), 12);
  EXPECT_EQ(scalar("SELECT placed_at FROM orders WHERE id = 2"), k2024_01_05 + kDay + 37800);
  EXPECT_EQ(scalar("SELECT total FROM orders WHERE id = 3"), 0);
  EXPECT_EQ(text("SELECT currency FROM orders WHERE id = 1"), "GBP");
  // A customer exists from their first order on.
  EXPECT_EQ(scalar("SELECT created_at FROM customers WHERE id = 10"), k2024_01_05 - 2 * kDay);
  EXPECT_EQ(text("SELECT email FROM customers WHERE id = 10"), "<null>");
  // Facts are committed with the orders.
  EXPECT_EQ(scalar("SELECT orders FROM customer_facts WHERE customer_id = 10"), 2);
  EXPECT_EQ(scalar("SELECT revenue FROM customer_facts WHERE customer_id = 10"), 1250);
  EXPECT_EQ(scalar("SELECT first_order_at FROM customer_facts WHERE customer_id = 10"),
            k2024_01_05 - 2 * kDay);
  EXPECT_EQ(scalar("SELECT count(*) FROM customer_facts"), 3);
}

TEST_P(AnalystImport, OrdersOfAKnownCustomerAreAddedToThem) {
  ASSERT_TRUE(import("orders", "order_id,customer_id,order_date,amount\n1,10,2024-01-05,5\n"));
  auto s = import("orders", "order_id,customer_id,order_date,amount\n2,10,2024-01-09,6\n");
  ASSERT_TRUE(s) << s.error().message;
  EXPECT_EQ(s->imported_into("customers"), 0);
  EXPECT_EQ(scalar("SELECT orders FROM customer_facts WHERE customer_id = 10"), 2);
  EXPECT_EQ(scalar("SELECT revenue FROM customer_facts WHERE customer_id = 10"), 1100);
}

// The same rfm report on the imported shop as on the file itself.
std::string rfm_of_db(db::Database& db) {
  reports::ReportOptions o;
  o.as_of_day = 19800;
  auto table = reports::run_report("rfm", db, o, SystemClock{});
  return table ? reports::render(*table, reports::Format::kCsv) : "error " + table.error().code;
}
std::string rfm_of_file(const std::string& path, reports::InputFormat format) {
  reports::ReportOptions o;
  o.as_of_day = 19800;
  auto table = reports::run_report("rfm", reports::ReportInput{path, format}, o, SystemClock{});
  return table ? reports::render(*table, reports::Format::kCsv) : "error " + table.error().code;
}

TEST_P(AnalystImport, RfmOfTheImportedOrdersLogEqualsRfmOfTheFile) {
  const std::string path = write("log.csv", kOrdersLog);
  ASSERT_TRUE(import_file(*t_.db, "orders", path, clock_));
  const std::string from_db = rfm_of_db(*t_.db);
  EXPECT_EQ(from_db.rfind("customer_id", 0), 0u) << from_db;
  EXPECT_EQ(std::count(from_db.begin(), from_db.end(), '\n'), 4) << from_db;  // 3 customers
  EXPECT_EQ(from_db, rfm_of_file(path, reports::InputFormat::kOrders));
}

const char* kRetail =
    "InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country\n"
    "536365,85123A,WHITE HANGING HEART,6,12/1/2010 8:26,2.55,17850.0,United Kingdom\n"
    "536365,71053,WHITE METAL LANTERN,6,12/1/2010 8:26,3.39,17850.0,United Kingdom\n"
    "536366,22633,HAND WARMER,6,2010-12-01 08:28:00,1.85,17850,United Kingdom\n"
    "C536379,D,Discount,-1,12/1/2010 9:41,27.5,14527.0,United Kingdom\n"
    "C536379,D,Discount,-1,12/1/2010 9:41,1.5,14527.0,United Kingdom\n"
    "536414,22139,\"RETROSPOT, TEA SET\",56,12/1/2010 11:52,0,,United Kingdom\n"
    "536370,22728,ALARM CLOCK,24,12/1/2010 8:45,3.75,12583,France\n"
    "536370,22727,ALARM CLOCK RED,1,12/1/2010 8:44,0.333,12583,France\n"
    "A563185,B,Adjust bad debt,1,8/12/2011 14:50,11062.06,12583,United Kingdom\n";

TEST_P(AnalystImport, OnlineRetailImportsOneOrderPerInvoice) {
  auto s = import("online-retail", kRetail);
  ASSERT_TRUE(s) << s.error().message;
  EXPECT_EQ(s->rows_read, 9);
  EXPECT_EQ(s->cancellations, 1);
  EXPECT_EQ(s->skipped.at("cancellation_rows"), 2);
  EXPECT_EQ(s->skipped.at("rows_without_customer"), 1);
  EXPECT_EQ(s->imported_into("customers"), 2);
  EXPECT_EQ(s->imported_into("orders"), 4);
  EXPECT_EQ(scalar("SELECT total FROM orders WHERE id = 536365"), 3564);  // 6x2.55 + 6x3.39
  EXPECT_EQ(scalar("SELECT total FROM orders WHERE id = 536366"), 1110);
  EXPECT_EQ(scalar("SELECT total FROM orders WHERE id = 536370"), 9033);  // 90 + 0.333, once
  // The earliest row dates the invoice.
  EXPECT_EQ(scalar("SELECT placed_at FROM orders WHERE id = 536370"),
            14944 * kDay + 8 * 3600 + 44 * 60);
  // A number that is not integral gets an id of the database's choosing.
  EXPECT_EQ(scalar("SELECT total FROM orders WHERE id NOT IN (536365, 536366, 536370)"), 1106206);
  EXPECT_EQ(scalar("SELECT revenue FROM customer_facts WHERE customer_id = 17850"), 4674);
  EXPECT_EQ(scalar("SELECT count(*) FROM customers WHERE id = 14527"), 0);
}

TEST_P(AnalystImport, RfmOfTheImportedOnlineRetailEqualsRfmOfTheFile) {
  const std::string path = write("retail.csv", kRetail);
  ASSERT_TRUE(import_file(*t_.db, "online-retail", path, clock_));
  const std::string from_db = rfm_of_db(*t_.db);
  EXPECT_EQ(std::count(from_db.begin(), from_db.end(), '\n'), 3) << from_db;  // 2 customers
  EXPECT_EQ(from_db, rfm_of_file(path, reports::InputFormat::kOnlineRetail));
}

const char* kSummary =
    "CUSTOMER_ID,EMAIL_ID,FIRST_NAME,LAST_NAME,OCCUPATION,AGE,AGE_CATEGORY,TOTAL_ORDERS,REVENUE,"
    "AVERAGE_ORDER_VALUE,CARRIAGE_REVENUE,AVERAGESHIPPING,FIRST_ORDER_DATE,LATEST_ORDER_DATE,"
    "AVGDAYSBETWEENORDERS,DAYSSINCELASTORDER\n"
    "1,ann@example.com,Ann,Lee,Nurse,34,30-39,3,120.00,40.00,6.00,2.00,05-01-2024,20-03-2024,"
    "37,10\n"
    "2,bob@example.com,Bob,Ray,,51,50-59,1,15.50,15.50,0,0,07-02-2024,07-02-2024,0,52\n";

TEST_P(AnalystImport, CustomerSummaryImportsTheCustomersOnly) {
  auto s = import("customer-summary", kSummary);
  ASSERT_TRUE(s) << s.error().message;
  EXPECT_EQ(s->rows_read, 2);
  EXPECT_EQ(s->imported_into("customers"), 2);
  EXPECT_EQ(s->imported_into("orders"), 0);
  EXPECT_EQ(text("SELECT email FROM customers WHERE id = 1"), "ann@example.com");
  EXPECT_EQ(text("SELECT first_name || ' ' || last_name FROM customers WHERE id = 2"), "Bob Ray");
  EXPECT_EQ(text("SELECT occupation FROM customers WHERE id = 1"), "Nurse");
  EXPECT_EQ(text("SELECT occupation FROM customers WHERE id = 2"), "<null>");
  EXPECT_EQ(scalar("SELECT created_at FROM customers WHERE id = 1"), k2024_01_05);
  EXPECT_EQ(scalar("SELECT count(*) FROM orders"), 0);
}

TEST_P(AnalystImport, HeaderOnlyFileImportsNothing) {
  auto s = import("orders", "order_id,customer_id,order_date,amount\n");
  ASSERT_TRUE(s) << s.error().message;
  EXPECT_EQ(s->rows_read, 0);
  EXPECT_TRUE(s->imported.empty());
  EXPECT_EQ(scalar("SELECT count(*) FROM customers"), 0);
}

TEST_P(AnalystImport, UnknownFormatAndMissingFileAreRejected) {
  auto s = import("parquet", "x\n");
  ASSERT_FALSE(s);
  EXPECT_EQ(s.error().code, "unknown_import_format");
  auto missing = import_file(*t_.db, "orders", t_.dir.file("nope.csv"), clock_);
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().code, "input_unreadable");
}

struct BadFile {
  const char* name;
  const char* format;
  std::string content;
  const char* code;
  const char* message_start;
};

// Named in test output (ctest lists each test with its parameter).
void PrintTo(const BadFile& file, std::ostream* out) {
  *out << file.name;
}

// The parameter base first: the database's backend is read from it while the bases are built.
class BadFiles : public ::testing::WithParamInterface<std::tuple<testing::Backend, BadFile>>,
                 public ImportTest {
 protected:
  BadFiles() : ImportTest(std::get<0>(GetParam())) {}
  static const BadFile& bad() { return std::get<1>(GetParam()); }
};

TEST_P(BadFiles, FailWithTheLineAndLeaveTheDatabaseUnchanged) {
  ASSERT_TRUE(import("orders", "order_id,customer_id,order_date,amount\n900,90,2024-01-01,9\n"));
  const std::string before = fingerprint();
  auto s = import(bad().format, bad().content);
  ASSERT_FALSE(s);
  EXPECT_EQ(s.error().code, bad().code) << s.error().message;
  EXPECT_EQ(s.error().message.rfind(bad().message_start, 0), 0u) << s.error().message;
  EXPECT_EQ(s.error().message.find('\n'), std::string::npos);
  EXPECT_EQ(fingerprint(), before);
}

const std::string kHeader = "order_id,customer_id,order_date,amount\n";
const std::string kGood = kHeader + "1,10,2024-01-05,12.50\n2,11,2024-01-06,3\n";

INSTANTIATE_TEST_SUITE_P(
    Import, BadFiles,
    ::testing::Combine(
        testing::kBothBackends,
        ::testing::Values(
            BadFile{"BadDate", "orders", kGood + "3,12,2024-02-30,1\n", "invalid_row", "line 4: "},
            BadFile{"NegativeAmount", "orders", kGood + "3,12,2024-02-03,-1\n", "invalid_row",
                    "line 4: amount '-1' is negative"},
            BadFile{"NonNumericAmount", "orders", kGood + "3,12,2024-02-03,12,5\n", "invalid_row",
                    "line 4: "},
            BadFile{"TextAmount", "orders", kGood + "3,12,2024-02-03,ten\n", "invalid_row",
                    "line 4: amount 'ten'"},
            BadFile{"WrongHeader", "orders", "order,customer,date,amount\n1,2,2024-01-01,3\n",
                    "invalid_header", "line 1: "},
            BadFile{"EmptyFile", "orders", "", "empty_file", ""},
            BadFile{"DuplicateOrderId", "orders", kGood + "1,12,2024-02-03,1\n",
                    "duplicate_order_id", "line 4: "},
            BadFile{"OrderIdAlreadyInDatabase", "orders", kGood + "900,12,2024-02-03,1\n",
                    "id_exists", "line 4: order 900 already exists"},
            BadFile{"TruncatedQuote", "orders", kGood + "3,12,2024-02-03,\"1.00\n",
                    "unterminated_quote", "line 4: "},
            BadFile{"RetailNegativeInvoice", "online-retail",
                    "InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,"
                    "Country\n"
                    "1,A,x,1,12/1/2010 8:26,2,5,UK\n"
                    "2,A,x,-1,12/1/2010 8:26,2,5,UK\n",
                    "invalid_row", "line 3: invoice 2 has a negative total"},
            BadFile{"SummaryDuplicateEmailFailsWhileWriting", "customer-summary",
                    "CUSTOMER_ID,EMAIL_ID,TOTAL_ORDERS,REVENUE,FIRST_ORDER_DATE,LATEST_ORDER_DATE\n"
                    "1,a@x.org,1,5,01-01-2024,01-01-2024\n"
                    "2,A@x.org,1,5,01-01-2024,01-01-2024\n",
                    "invalid_row", "line 3: the row breaks a rule of the database"},
            BadFile{"SummaryCustomerAlreadyInDatabase", "customer-summary",
                    "CUSTOMER_ID,TOTAL_ORDERS,REVENUE,FIRST_ORDER_DATE,LATEST_ORDER_DATE\n"
                    "1,1,5,01-01-2024,01-01-2024\n"
                    "90,1,5,01-01-2024,01-01-2024\n",
                    "id_exists", "line 3: customer 90 already exists"})),
    [](const auto& info) { return bad_file_test_name(info.param); });

}  // namespace
}  // namespace cw::ingest::test
