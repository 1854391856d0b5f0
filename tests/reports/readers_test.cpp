// Input readers: RFC 4180 details and every malformed-input case, with its line number.
#include "reports/readers.hpp"

#include <gtest/gtest.h>

#include "support/temp_dir.hpp"
#include "test_support.hpp"

namespace cw::reports {
namespace {

using test::day;

LoadOptions load_options(bool keep_orders = false) {
  LoadOptions o;
  o.as_of_day = day(2024, 12, 31);
  o.keep_orders = keep_orders;
  return o;
}

Error orders_error(const std::string& text) {
  auto r = read_orders(text, load_options());
  EXPECT_FALSE(r.has_value()) << "expected an error for: " << text.substr(0, 200);
  return r ? Error{} : r.error();
}

const std::string kHeader = "order_id,customer_id,order_date,amount\n";

TEST(OrdersReader, ParsesRowsIntoCustomerFactsSortedById) {
  auto r = read_orders(kHeader + "1,20,2024-01-05,10.50\n2,7,2024-01-02,3\n3,20,2024-02-01,0.5\n",
                       load_options());
  ASSERT_TRUE(r.has_value()) << r.error().message;
  const CustomerFacts& f = r->facts;
  ASSERT_EQ(f.size(), 2u);
  EXPECT_EQ(f.customer_id[0], 7);
  EXPECT_EQ(f.revenue[0], 300);
  EXPECT_EQ(f.customer_id[1], 20);
  EXPECT_EQ(f.orders[1], 2);
  EXPECT_EQ(f.revenue[1], 1100);
  EXPECT_EQ(f.first_order_day[1], day(2024, 1, 5));
  EXPECT_EQ(f.last_order_day[1], day(2024, 2, 1));
  EXPECT_EQ(r->rows_read, 3);
}

TEST(OrdersReader, HeaderOnlyGivesAnEmptyDataset) {
  auto r = read_orders(kHeader, load_options());
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(r->facts.size(), 0u);
  EXPECT_EQ(r->rows_read, 0);
  auto no_newline = read_orders("order_id,customer_id,order_date,amount", load_options());
  ASSERT_TRUE(no_newline.has_value());
  EXPECT_EQ(no_newline->facts.size(), 0u);
}

TEST(OrdersReader, ZeroByteFileIsAnError) {
  const Error e = orders_error("");
  EXPECT_EQ(e.code, "empty_file");
}

TEST(OrdersReader, WrongHeaderIsAnErrorOnLine1) {
  const Error e = orders_error("id,customer,date,amount\n1,2,2024-01-01,3\n");
  EXPECT_EQ(e.code, "invalid_header");
  EXPECT_EQ(
      e.message.rfind("line 1: expected the header order_id,customer_id,order_date,amount", 0), 0u)
      << e.message;
}

TEST(OrdersReader, MissingHeaderIsAnError) {
  EXPECT_EQ(orders_error("1,2,2024-01-01,3\n").code, "invalid_header");
}

TEST(OrdersReader, TabDelimitedFileIsAWrongHeader) {
  EXPECT_EQ(orders_error("order_id\tcustomer_id\torder_date\tamount\n1\t2\t2024-01-01\t3\n").code,
            "invalid_header");
}

TEST(OrdersReader, RowWithTheWrongDelimiterNamesItsLine) {
  const Error e = orders_error(kHeader + "1,2,2024-01-01,3\n2;2;2024-01-01;3\n");
  EXPECT_EQ(e.code, "invalid_row");
  EXPECT_EQ(e.message,
            "line 3: expected 4 fields (order_id,customer_id,order_date,amount) separated by ',', "
            "found 1");
}

TEST(OrdersReader, BadDateNamesLineAndValue) {
  const Error e = orders_error(kHeader + "1,2,2024-01-01,3\n2,2,2024-01-02,3\n3,2,2024-02-30,3\n");
  EXPECT_EQ(e.code, "invalid_row");
  EXPECT_EQ(e.field, "order_date");
  EXPECT_EQ(e.message,
            "line 4: order_date '2024-02-30' is not a date (expected YYYY-MM-DD or "
            "YYYY-MM-DDTHH:MM:SS)");
  EXPECT_EQ(orders_error(kHeader + "1,2,01/02/2024,3\n").message.substr(0, 31),
            "line 2: order_date '01/02/2024'");
}

TEST(OrdersReader, NegativeAmountIsAnError) {
  const Error e = orders_error(kHeader + "1,2,2024-01-01,-3.00\n");
  EXPECT_EQ(e.field, "amount");
  EXPECT_EQ(e.message, "line 2: amount '-3.00' is negative");
}

TEST(OrdersReader, NonNumericAmountIsAnError) {
  EXPECT_EQ(orders_error(kHeader + "1,2,2024-01-01,3\n2,2,2024-01-01,abc\n").message,
            "line 3: amount 'abc' is not a number (expected a decimal such as 12.50)");
  EXPECT_EQ(orders_error(kHeader + "1,2,2024-01-01,\n").message,
            "line 2: amount '' is empty (expected a decimal such as 12.50)");
  EXPECT_EQ(orders_error(kHeader + "1,2,2024-01-01,1e3\n").message,
            "line 2: amount '1e3' is not a number (expected a decimal such as 12.50)");
}

TEST(OrdersReader, ZeroAmountIsAccepted) {
  auto r = read_orders(kHeader + "1,2,2024-01-01,0\n2,2,2024-01-01,0.00\n", load_options());
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(r->facts.orders[0], 2);
  EXPECT_EQ(r->facts.revenue[0], 0);
}

TEST(OrdersReader, DuplicateOrderIdNamesBothLines) {
  const Error e = orders_error(
      kHeader + "5,1,2024-01-01,1\n6,1,2024-01-01,1\n7,1,2024-01-01,1\n5,2,2024-01-02,1\n");
  EXPECT_EQ(e.code, "duplicate_order_id");
  EXPECT_EQ(e.message, "line 5: order_id 5 already appears on line 2");
}

TEST(OrdersReader, IntegralDecimalIdsCompareAsNumbers) {
  auto r =
      read_orders(kHeader + "1,17850,2024-01-01,1\n2,17850.0,2024-01-02,2\n3,017850,2024-01-03,3\n",
                  load_options());
  ASSERT_TRUE(r.has_value());
  ASSERT_EQ(r->facts.size(), 1u);
  EXPECT_EQ(r->facts.customer_id[0], 17850);
  EXPECT_EQ(r->facts.orders[0], 3);
  EXPECT_EQ(orders_error(kHeader + "1.0,1,2024-01-01,1\n1,1,2024-01-02,1\n").code,
            "duplicate_order_id");
  EXPECT_EQ(orders_error(kHeader + "1,12.5,2024-01-01,1\n").message,
            "line 2: customer_id '12.5' is not a whole number (expected a whole number)");
}

TEST(OrdersReader, IsoDateTimesWithOffsetsAreUtc) {
  auto r = read_orders(kHeader + "1,1,2024-01-01T01:00:00+02:00,1\n2,2,2024-01-01 23:30:00,1\n",
                       load_options(true));
  ASSERT_TRUE(r.has_value()) << r.error().message;
  EXPECT_EQ(r->facts.last_order_day[0], day(2023, 12, 31));
  EXPECT_EQ(r->orders.second[0], 23 * 3600);
  EXPECT_EQ(r->facts.last_order_day[1], day(2024, 1, 1));
  EXPECT_TRUE(r->orders.has_time_of_day);
}

TEST(OrdersReader, DatesOutsideTheCompactRangeAndLargeIdsStillCount) {
  // 1850 and 2100 do not fit the accumulator's 16-bit day offsets; 10^15 is beyond its array.
  auto r = read_orders(kHeader +
                           "1,5,2024-01-01,1\n2,5,1850-03-01,2\n3,5,2100-01-01,3\n"
                           "4,1000000000000000,2024-01-02,4\n5,6,2024-01-03,5\n"
                           "6,1000000000000000,1899-12-31,6\n",
                       load_options(true));
  ASSERT_TRUE(r.has_value()) << r.error().message;
  const CustomerFacts& f = r->facts;
  ASSERT_EQ(f.size(), 3u);
  EXPECT_EQ(f.customer_id, (std::vector<std::int64_t>{5, 6, 1000000000000000}));
  EXPECT_EQ(f.orders, (std::vector<std::int64_t>{2, 1, 2}));  // 2100 is after the as-of date
  EXPECT_EQ(f.revenue, (std::vector<Minor>{300, 500, 1000}));
  EXPECT_EQ(f.first_order_day[0], day(1850, 3, 1));
  EXPECT_EQ(f.last_order_day[0], day(2024, 1, 1));
  EXPECT_EQ(f.first_order_day[2], day(1899, 12, 31));
  EXPECT_EQ(r->orders.customer_row, (std::vector<std::int32_t>{0, 0, 2, 1, 2}));
}

TEST(OrdersReader, OrdersAfterTheAsOfDateAreIgnoredButValidated) {
  LoadOptions o = load_options();
  o.as_of_day = day(2024, 1, 1);
  auto r = read_orders(kHeader + "1,1,2024-01-01,1\n2,1,2024-01-02,5\n3,2,2024-03-01,1\n", o);
  ASSERT_TRUE(r.has_value());
  ASSERT_EQ(r->facts.size(), 1u);
  EXPECT_EQ(r->facts.revenue[0], 100);
  EXPECT_EQ(r->orders_after_as_of, 2);
  EXPECT_FALSE(read_orders(kHeader + "1,1,2024-01-01,1\n2,1,2024-01-02,-5\n", o).has_value());
}

TEST(OrdersReader, BomCrLfSemicolonsQuotesAndEscapedQuotes) {
  const std::string text =
      "\xEF\xBB\xBF\"order_id\";customer_id;ORDER_DATE;amount\r\n"
      "1;\"7\";2024-01-01;\"1.50\"\r\n"
      "\r\n"
      "2;7;\"2024-01-02\";2\r\n";
  auto r = read_orders(text, load_options());
  ASSERT_TRUE(r.has_value()) << r.error().message;
  ASSERT_EQ(r->facts.size(), 1u);
  EXPECT_EQ(r->facts.orders[0], 2);
  EXPECT_EQ(r->facts.revenue[0], 350);
}

TEST(OrdersReader, ColumnsInAnotherOrderAreMatchedByName) {
  auto r =
      read_orders("amount,order_date,customer_id,order_id\n2.5,2024-01-01,9,1\n", load_options());
  ASSERT_TRUE(r.has_value()) << r.error().message;
  EXPECT_EQ(r->facts.customer_id[0], 9);
  EXPECT_EQ(r->facts.revenue[0], 250);
}

TEST(OrdersReader, LineNumbersCountLineBreaksInsideQuotedFields) {
  const Error e = orders_error(kHeader + "1,\"7\n\",2024-01-01,1\n2,7,2024-01-01,x\n");
  EXPECT_EQ(e.message.substr(0, 7), "line 2:");  // the quoted newline is not a number
  const Error later = orders_error(kHeader + "\"1\",7,2024-01-01,\"a\"\"b\"\n");
  EXPECT_EQ(later.message,
            "line 2: amount 'a\"b' is not a number (expected a decimal such as 12.50)");
  const Error after_break =
      orders_error("order_id,customer_id,order_date,\"amo\nunt\"\n1,1,2024-01-01,1\n");
  EXPECT_EQ(after_break.code, "invalid_header");
}

TEST(OrdersReader, TruncatedQuotedFieldIsAnError) {
  const Error e = orders_error(kHeader + "1,7,2024-01-01,1\n2,7,2024-01-01,\"12.5\n");
  EXPECT_EQ(e.code, "unterminated_quote");
  EXPECT_EQ(e.message, "line 3: a quoted field is not closed before the end of the file");
}

TEST(OrdersReader, CharacterAfterClosingQuoteIsAnError) {
  const Error e = orders_error(kHeader + "1,\"7\"x,2024-01-01,1\n");
  EXPECT_EQ(e.message, "line 2: unexpected character after a closing quote");
}

TEST(OrdersReader, HundredMegabyteLineFailsCleanly) {
  cw::testing::TempDir dir;
  const std::string path = dir.file("huge.csv");
  {
    std::ofstream out(path, std::ios::binary);
    out << kHeader << "1,1,2024-01-01,1\n";
    const std::string block(1 << 20, '9');
    for (int i = 0; i < 100; ++i) out << block;
    out << ",1,2024-01-01,1\n";
  }
  auto r = load_file(path, InputFormat::kOrders, load_options());
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().code, "row_too_long");
  EXPECT_EQ(r.error().message, "line 3: the row is longer than 1048576 bytes");

  // The same line quoted goes through the RFC 4180 reader, which stops at the same cap.
  {
    std::ofstream out(path, std::ios::binary);
    out << kHeader << "\"";
    const std::string block(1 << 20, 'x');
    for (int i = 0; i < 100; ++i) out << block;
    out << "\",1,2024-01-01,1\n";
  }
  r = load_file(path, InputFormat::kOrders, load_options());
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().message, "line 2: the row is longer than 1048576 bytes");

  // A 100 MB header (no line break at all).
  {
    std::ofstream out(path, std::ios::binary);
    const std::string block(1 << 20, 'h');
    for (int i = 0; i < 100; ++i) out << block;
  }
  r = load_file(path, InputFormat::kOrders, load_options());
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().message, "line 1: the header is longer than 1048576 bytes");
}

// Files large enough to be split between two threads.
std::string big_orders(int rows, int customers) {
  std::string text = kHeader;
  for (int i = 1; i <= rows; ++i)
    text += std::to_string(i) + "," + std::to_string(i % customers + 1) + ",2024-01-" +
            (i % 28 + 1 < 10 ? "0" : "") + std::to_string(i % 28 + 1) + "," +
            std::to_string(i % 500) + ".25\n";
  return text;
}

TEST(OrdersReader, TwoThreadsGiveTheSameFactsAsOne) {
  const std::string text = big_orders(400000, 1000);
  ASSERT_GT(text.size(), 8u << 20);
  LoadOptions one = load_options(true), two = load_options(true);
  one.threads = 1;
  auto a = read_orders(text, one), b = read_orders(text, two);
  ASSERT_TRUE(a.has_value() && b.has_value());
  EXPECT_EQ(a->facts.customer_id, b->facts.customer_id);
  EXPECT_EQ(a->facts.orders, b->facts.orders);
  EXPECT_EQ(a->facts.revenue, b->facts.revenue);
  EXPECT_EQ(a->facts.first_order_day, b->facts.first_order_day);
  EXPECT_EQ(a->orders.customer_row, b->orders.customer_row);
  EXPECT_EQ(b->facts.size(), 1000u);
  EXPECT_EQ(b->facts.orders[0], 400);
  // Customer 1 has orders 1000, 2000, ..., 400000, each of amount (i % 500).25 = 0.25.
  EXPECT_EQ(b->facts.revenue[0], 400 * 25);
}

TEST(OrdersReader, ErrorInTheSecondHalfHasItsFileLineNumber) {
  std::string text = big_orders(400000, 1000);
  const std::string bad = "\n399999,5,2024-01-01,oops\n";
  const auto pos = text.find("\n399999,");
  text.replace(pos, text.find('\n', pos + 1) - pos + 1, bad);
  const Error e = orders_error(text);
  EXPECT_EQ(e.message,
            "line 400000: amount 'oops' is not a number (expected a decimal such as 12.50)");
}

TEST(OrdersReader, DuplicateAcrossTheHalvesIsFound) {
  std::string text = big_orders(400000, 1000);
  text += "17,3,2024-01-01,1\n";
  const Error e = orders_error(text);
  EXPECT_EQ(e.message, "line 400002: order_id 17 already appears on line 18");
}

TEST(OrdersReader, QuoteInTheSecondHalfFallsBackToTheCsvReader) {
  std::string text = big_orders(400000, 1000);
  text += "400001,\"1\",2024-01-01,\"1\n0.00\"\n";
  const Error e = orders_error(text);
  EXPECT_EQ(e.message.substr(0, 12), "line 400002:");
  std::string ok = big_orders(400000, 1000) + "400001,\"1\",2024-01-01,\"10.00\"\n";
  auto r = read_orders(ok, load_options());
  ASSERT_TRUE(r.has_value()) << r.error().message;
  EXPECT_EQ(r->facts.orders[0], 401);
}

TEST(OnlineRetailReader, FoldsInvoicesExactlyAndCountsWhatItSkips) {
  LoadOptions o = load_options(true);
  auto r = load_file(test::data_path("online_retail.csv"), InputFormat::kOnlineRetail, o);
  ASSERT_TRUE(r.has_value()) << r.error().message;
  const CustomerFacts& f = r->facts;
  ASSERT_EQ(f.size(), 2u);
  EXPECT_EQ(f.customer_id[0], 12583);
  EXPECT_EQ(f.orders[0], 1);
  EXPECT_EQ(f.revenue[0], 101);  // 3 x 0.335 = 1.005, rounded once to 1.01
  EXPECT_EQ(f.customer_id[1], 17850);
  EXPECT_EQ(f.orders[1], 2);
  EXPECT_EQ(f.revenue[1], 6 * 255 + 6 * 339 + 1 * 765);  // 536365: 15.30 + 20.34; 536366: 7.65
  EXPECT_EQ(f.first_order_day[1], day(2010, 12, 1));
  EXPECT_EQ(r->cancellations, 1);
  EXPECT_EQ(r->rows_without_customer, 2);
  ASSERT_EQ(r->orders.size(), 3u);
  EXPECT_EQ(r->orders.second[0], 8 * 3600 + 26 * 60);  // the invoice's earliest row
}

TEST(OnlineRetailReader, MalformedRowsNameTheirLine) {
  const std::string header =
      "InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country\n";
  auto err = [&](const std::string& rows) {
    auto r = read_online_retail(header + rows, load_options());
    return r ? std::string("ok") : r.error().message;
  };
  EXPECT_EQ(err("1,A,x,2,12/1/2010 8:26,-2.55,17850,UK\n"),
            "line 2: UnitPrice '-2.55' is negative");
  EXPECT_EQ(err("1,A,x,2,2010-13-01 08:26:00,2.55,17850,UK\n"),
            "line 2: InvoiceDate '2010-13-01 08:26:00' is not a date-time (expected YYYY-MM-DD "
            "HH:MM:SS or M/D/YYYY H:MM)");
  EXPECT_EQ(err("1,A,x,two,12/1/2010 8:26,2.55,17850,UK\n"),
            "line 2: Quantity 'two' is not a number");
  EXPECT_EQ(err("1,A,x,2,12/1/2010 8:26,2.55,17850,UK\n1,B,y,-5,12/1/2010 8:26,2.55,17850,UK\n"),
            "line 2: invoice 1 has a negative total -7.65");
  auto missing = read_online_retail("InvoiceNo,StockCode,Quantity\n", load_options());
  ASSERT_FALSE(missing.has_value());
  EXPECT_EQ(missing.error().code, "invalid_header");
}

TEST(CustomerSummaryReader, MalformedRowsNameTheirLine) {
  const std::string header =
      "customer_id,total_orders,revenue,first_order_date,latest_order_date\n";
  auto err = [&](const std::string& rows) {
    auto r = read_customer_summary(header + rows, load_options());
    return r ? std::string("ok") : r.error().message;
  };
  EXPECT_EQ(err("1,2,10.00,01-02-2024,05-02-2024\n"), "ok");
  EXPECT_EQ(err("1,2,10.00,2024-02-01,05-02-2024\n"),
            "line 2: FIRST_ORDER_DATE '2024-02-01' is not a dd-mm-yyyy date");
  EXPECT_EQ(err("1,2,-10.00,01-02-2024,05-02-2024\n"), "line 2: REVENUE '-10.00' is negative");
  EXPECT_EQ(err("1,2,10,01-02-2024,05-02-2024\n1,1,3,01-02-2024,01-02-2024\n"),
            "line 3: CUSTOMER_ID 1 appears twice");
  auto missing = read_customer_summary("CUSTOMER_ID,REVENUE\n", load_options());
  ASSERT_FALSE(missing.has_value());
  EXPECT_EQ(missing.error().code, "invalid_header");
  LoadOptions early = load_options();
  early.as_of_day = day(2024, 2, 3);
  auto cut = read_customer_summary(header + "1,2,10,01-02-2024,05-02-2024\n", early);
  ASSERT_FALSE(cut.has_value());
  EXPECT_EQ(cut.error().code, "as_of_too_early");
}

TEST(InputFormats, NamesAreTheCliNames) {
  EXPECT_EQ(*parse_input_format("orders"), InputFormat::kOrders);
  EXPECT_EQ(*parse_input_format("online-retail"), InputFormat::kOnlineRetail);
  EXPECT_EQ(*parse_input_format("customer-summary"), InputFormat::kCustomerSummary);
  EXPECT_EQ(parse_input_format("xlsx").error().code, "unknown_input_format");
  EXPECT_EQ(load_file("/nonexistent/file.csv", InputFormat::kOrders, load_options()).error().code,
            "input_unreadable");
}

}  // namespace
}  // namespace cw::reports
