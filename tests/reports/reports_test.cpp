// Data-driven report tests: the shop in data/shop_orders.csv (as of 2024-06-30) against
// hand-computed outputs in data/expected/. The shop has ten customers built for the edge cases:
// ties at quintile boundaries (five one-order customers; two revenues of 300.00 straddling the M
// 3/4 boundary), orders on the as-of date (recency 0), recencies of exactly 14, 15, 56, 57, 179 and
// 180 days, AOVs of exactly 100.00 and 300.00, average gaps of exactly 7 and 14 days, a zero
// amount, an id written "105.0", a date-time, and two orders after the as-of date.
#include <gtest/gtest.h>

#include "reports/shop.hpp"
#include "support/temp_dir.hpp"
#include "test_support.hpp"

namespace cw::reports {
namespace {

using test::data_path;
using test::run_csv;
using test::shop_options;
using test::slurp;

struct Case {
  std::string report;
  std::string expected;
  void (*tweak)(ReportOptions&) = nullptr;
  bool facts_only = true;  // customer-level: the summary format must give the same answer
};

std::ostream& operator<<(std::ostream& os, const Case& c) {
  return os << c.expected;
}

const Case kCases[] = {
    {"rfm", "rfm.csv"},
    {"segments", "segments.csv"},
    {"top-customers", "top-customers.csv"},
    {"top-customers", "top-customers-0.8.csv", [](ReportOptions& o) { o.share = 0.8; }},
    // Exactly 60% of revenue is reached by the first two customers: the tier stops there.
    {"top-customers", "top-customers.csv", [](ReportOptions& o) { o.share = 0.6; }},
    {"activity", "activity.csv"},
    {"activity", "activity-list.csv", [](ReportOptions& o) { o.list = true; }},
    {"dormant", "dormant.csv"},
    {"order-value", "order-value.csv"},
    {"frequency", "frequency.csv"},
    {"breakdown", "breakdown-weekday.csv", [](ReportOptions& o) { o.by = "weekday"; }},
    {"breakdown", "breakdown-month-part.csv", [](ReportOptions& o) { o.by = "month-part"; }},
    {"sales-trend", "sales-trend.csv", nullptr, false},
    {"retention", "retention.csv", nullptr, false},
};

ReportOptions options_of(const Case& c) {
  ReportOptions o = shop_options();
  if (c.tweak) c.tweak(o);
  return o;
}

class ShopReport : public ::testing::TestWithParam<Case> {};

TEST_P(ShopReport, OrdersLogGivesTheHandComputedOutput) {
  const Case& c = GetParam();
  EXPECT_EQ(run_csv(c.report, data_path("shop_orders.csv"), InputFormat::kOrders, options_of(c)),
            slurp(data_path("expected/" + c.expected)));
}

TEST_P(ShopReport, ShuffledSemicolonQuotedCrLfCopyGivesTheSameOutput) {
  const Case& c = GetParam();
  if (c.report == "retention" || c.report == "sales-trend" || c.report == "rfm" ||
      c.report == "segments" || c.report == "top-customers") {
    EXPECT_EQ(run_csv(c.report, data_path("shop_orders_shuffled.csv"), InputFormat::kOrders,
                      options_of(c)),
              slurp(data_path("expected/" + c.expected)));
  }
}

INSTANTIATE_TEST_SUITE_P(Expected, ShopReport, ::testing::ValuesIn(kCases));

// The same shop as a per-customer summary (MySQL export shape: upper-case names, extra columns,
// weekday and month-part columns, dd-mm-yyyy dates, columns in another order, rows unsorted).
std::string shop_summary() {
  struct Customer {
    int id;
    int orders;
    const char* revenue;
    const char* first;
    const char* last;
    // Orders and revenue Monday..Sunday, then month parts 1-7, 8-15, 16-23, 24-31.
    std::pair<int, const char*> weekday[7];
    std::pair<int, const char*> part[4];
  };
  const std::pair<int, const char*> z{0, ""};
  const Customer customers[] = {
      {110,
       2,
       "49.98",
       "30-06-2023",
       "30-06-2024",
       {z, z, z, z, {1, "10.00"}, z, {1, "39.98"}},
       {z, z, z, {2, "49.98"}}},
      {101,
       3,
       "300.00",
       "16-06-2024",
       "30-06-2024",
       {z, z, z, z, z, z, {3, "300.00"}},
       {z, z, {2, "200.00"}, {1, "100.00"}}},
      {102,
       1,
       "300.00",
       "16-06-2024",
       "16-06-2024",
       {z, z, z, z, z, z, {1, "300.00"}},
       {z, z, {1, "300.00"}, z}},
      {103,
       1,
       "300.01",
       "15-06-2024",
       "15-06-2024",
       {z, z, z, z, z, {1, "300.01"}, z},
       {z, {1, "300.01"}, z, z}},
      {104,
       2,
       "50.00",
       "21-04-2024",
       "05-05-2024",
       {z, z, z, z, z, z, {2, "50.00"}},
       {{1, "30.00"}, z, {1, "20.00"}, z}},
      {105,
       1,
       "100.01",
       "04-05-2024",
       "04-05-2024",
       {z, z, z, z, z, {1, "100.01"}, z},
       {{1, "100.01"}, z, z, z}},
      {106,
       2,
       "100.00",
       "01-12-2023",
       "02-01-2024",
       {z, {1, "60.00"}, z, z, {1, "40.00"}, z, z},
       {{2, "100.00"}, z, z, z}},
      {107,
       1,
       "0.00",
       "03-01-2024",
       "03-01-2024",
       {z, z, {1, "0.00"}, z, z, z, z},
       {{1, "0.00"}, z, z, z}},
      {108,
       4,
       "800.00",
       "01-09-2023",
       "20-06-2024",
       {z, z, z, {1, "200.00"}, {3, "600.00"}, z, z},
       {{3, "600.00"}, z, {1, "200.00"}, z}},
      {109,
       1,
       "1000.00",
       "30-06-2023",
       "30-06-2023",
       {z, z, z, z, {1, "1000.00"}, z, z},
       {z, z, z, {1, "1000.00"}}},
  };
  const char* days[] = {"MONDAY", "TUESDAY",  "WEDNESDAY", "THURSDAY",
                        "FRIDAY", "SATURDAY", "SUNDAY"};
  const char* parts[] = {"WEEK1_DAY01_DAY07", "WEEK2_DAY08_DAY15", "WEEK3_DAY16_DAY23",
                         "WEEK4_DAY24_DAY31"};
  std::string text =
      "EMAIL_ID,Revenue,CUSTOMER_ID,FIRST_NAME,total_orders,LATEST_ORDER_DATE,"
      "FIRST_ORDER_DATE,DAYSSINCELASTORDER";
  for (const char* d : days) text += std::string(",") + d + "_ORDERS";
  for (const char* d : days) text += std::string(",") + d + "_REVENUE";
  for (const char* p : parts) text += std::string(",") + p + "_ORDERS," + p + "_REVENUE";
  text += "\n";
  for (const Customer& c : customers) {
    text += "c" + std::to_string(c.id) + "@example.com," + c.revenue + "," + std::to_string(c.id) +
            ",\"Name, " + std::to_string(c.id) + "\"," + std::to_string(c.orders) + "," + c.last +
            "," + c.first + ",0";
    for (const auto& w : c.weekday) text += "," + (w.first ? std::to_string(w.first) : "");
    for (const auto& w : c.weekday) text += std::string(",") + w.second;
    for (const auto& p : c.part)
      text += "," + std::to_string(p.first) + "," + (p.first ? p.second : "0");
    text += "\n";
  }
  // A registered customer without orders is not part of any order-based report.
  text += "c200@example.com,0,200,Nobody,0,,,\n";
  return text;
}

TEST(CustomerSummary, GivesTheSameCustomerLevelAnswersAsTheOrdersLog) {
  cw::testing::TempDir dir;
  const std::string summary = shop_summary();
  // The no-order customer row is shorter; pad it to the header's width.
  std::string padded = summary;
  const auto header_fields = std::count(summary.begin(), summary.begin() + summary.find('\n'), ',');
  const auto last_start = padded.rfind('\n', padded.size() - 2) + 1;
  const auto last_fields = std::count(padded.begin() + last_start, padded.end(), ',');
  padded.insert(padded.size() - 1, std::string(header_fields - last_fields, ','));
  test::write_file(dir.file("summary.csv"), padded);
  int compared = 0;
  for (const Case& c : kCases) {
    if (!c.facts_only) continue;
    EXPECT_EQ(
        run_csv(c.report, dir.file("summary.csv"), InputFormat::kCustomerSummary, options_of(c)),
        slurp(data_path("expected/" + c.expected)))
        << c.expected;
    ++compared;
  }
  EXPECT_EQ(compared, 12);
}

TEST(CustomerSummary, ReportsNeedingSingleOrdersSaySo) {
  cw::testing::TempDir dir;
  test::write_file(dir.file("s.csv"),
                   "CUSTOMER_ID,TOTAL_ORDERS,REVENUE,FIRST_ORDER_DATE,LATEST_ORDER_DATE,AGE,"
                   "OCCUPATION\n1,2,10.00,01-02-2024,05-02-2024,19,Nurse\n"
                   "2,1,5.00,01-02-2024,01-02-2024,20,\n3,1,1.00,01-03-2024,01-03-2024,,Nurse\n");
  ReportOptions o = shop_options();
  EXPECT_EQ(run_csv("retention", dir.file("s.csv"), InputFormat::kCustomerSummary, o).substr(0, 26),
            "error missing_data: report");
  EXPECT_EQ(
      run_csv("sales-trend", dir.file("s.csv"), InputFormat::kCustomerSummary, o).substr(0, 19),
      "error missing_data:");
  o.by = "weekday";
  EXPECT_EQ(run_csv("breakdown", dir.file("s.csv"), InputFormat::kCustomerSummary, o),
            "error missing_data: report breakdown --by weekday needs orders or per-weekday "
            "totals; this input does not have it");
  o.by = "age";
  EXPECT_EQ(run_csv("breakdown", dir.file("s.csv"), InputFormat::kCustomerSummary, o),
            "age_band,customers,orders,order_share,revenue,revenue_share\n"
            "<=19,1,2,0.5,10.00,0.625\n"
            "20-29,1,1,0.25,5.00,0.3125\n"
            "30-39,0,0,0,0.00,0\n"
            "40-49,0,0,0,0.00,0\n"
            "50+,0,0,0,0.00,0\n"
            "unknown,1,1,0.25,1.00,0.0625\n");
  o.by = "occupation";
  EXPECT_EQ(run_csv("breakdown", dir.file("s.csv"), InputFormat::kCustomerSummary, o),
            "occupation,customers,orders,order_share,revenue,revenue_share\n"
            "Nurse,2,3,0.75,11.00,0.6875\n"
            "unknown,1,1,0.25,5.00,0.3125\n");
}

// Every report, in documentation order (docs/analytics.md): one table lists them for the CLI, the
// HTTP route and the "unknown_report" message.
const std::vector<std::string> kEveryReport = {"rfm",
                                               "segments",
                                               "top-customers",
                                               "activity",
                                               "dormant",
                                               "order-value",
                                               "frequency",
                                               "breakdown",
                                               "retention",
                                               "sales-trend",
                                               "clv-model",
                                               "clv",
                                               "visitors-without-orders",
                                               "abandonment",
                                               "campaigns",
                                               "coupons",
                                               "overstock",
                                               "loyalty",
                                               "categories",
                                               "overview",
                                               "places",
                                               "ratings",
                                               "data-quality",
                                               "recommendations",
                                               "segment-migration"};

class ReportTable : public ::testing::TestWithParam<cw::testing::Backend> {};

TEST_P(ReportTable, UnknownReportNamesEveryReportOnTheFileAndTheDatabasePath) {
  EXPECT_EQ(report_names(), kEveryReport);
  const std::string expected = [] {
    std::string list;
    for (const auto& name : kEveryReport) list += (list.empty() ? "" : ", ") + name;
    return "unknown report 'nonsense' (expected one of " + list + ")";
  }();
  auto on_file = run_report("nonsense", ReportInput{data_path("shop_orders.csv")}, shop_options(),
                            SystemClock{});
  ASSERT_FALSE(on_file);
  EXPECT_EQ(on_file.error().code, "unknown_report");
  EXPECT_EQ(on_file.error().field, "report");
  EXPECT_EQ(on_file.error().message, expected);
  cw::testing::TestDatabase t;
  auto on_db = run_report("nonsense", *t, shop_options(), SystemClock{});
  ASSERT_FALSE(on_db);
  EXPECT_EQ(on_db.error().message, expected);
}

TEST(MissingData, OrdersLogLacksDemographicsAndTimes) {
  ReportOptions o = shop_options();
  o.by = "city";
  EXPECT_EQ(run_csv("breakdown", data_path("shop_orders.csv"), InputFormat::kOrders, o),
            "error missing_data: report breakdown --by city needs customers' cities (a CITY "
            "column); this input does not have it");
  o.by = "time-of-day";
  EXPECT_EQ(
      run_csv("breakdown", data_path("shop_orders.csv"), InputFormat::kOrders, o).substr(0, 19),
      "error missing_data:");
  o.by = "age";
  auto table = run_report("breakdown", ReportInput{data_path("shop_orders.csv")}, o, SystemClock{});
  ASSERT_FALSE(table.has_value());
  EXPECT_EQ(table.error().kind, ErrorKind::kUnprocessable);
  auto campaigns =
      run_report("campaigns", ReportInput{data_path("shop_orders.csv")}, o, SystemClock{});
  ASSERT_FALSE(campaigns.has_value());
  EXPECT_EQ(campaigns.error().code, "missing_data");
  auto unknown =
      run_report("nonsense", ReportInput{data_path("shop_orders.csv")}, o, SystemClock{});
  ASSERT_FALSE(unknown.has_value());
  EXPECT_EQ(unknown.error().code, "unknown_report");
  o.by = "planet";
  EXPECT_EQ(run_report("breakdown", ReportInput{data_path("shop_orders.csv")}, o, SystemClock{})
                .error()
                .code,
            "invalid_option");
}

TEST(OnlineRetail, TimeOfDayBreakdownUsesTheInvoiceTimes) {
  ReportOptions o;
  o.as_of_day = test::day(2010, 12, 31);
  o.by = "time-of-day";
  EXPECT_EQ(run_csv("breakdown", data_path("online_retail.csv"), InputFormat::kOnlineRetail, o),
            "time-of-day,customers,orders,order_share,revenue,revenue_share\n"
            "00-06,0,0,0,0.00,0\n"
            "06-12,2,3,1,44.30,1\n"
            "12-18,0,0,0,0.00,0\n"
            "18-24,0,0,0,0.00,0\n");
}

TEST(EmptyInput, HeaderOnlyGivesEmptyResults) {
  cw::testing::TempDir dir;
  test::write_file(dir.file("empty.csv"), "order_id,customer_id,order_date,amount\n");
  const ReportOptions o = shop_options();
  const auto run = [&](const std::string& report) {
    return run_csv(report, dir.file("empty.csv"), InputFormat::kOrders, o);
  };
  EXPECT_EQ(run("rfm"), "customer_id,recency_days,frequency,monetary,r,f,m,segment\n");
  EXPECT_EQ(run("top-customers"),
            "rank,customer_id,orders,revenue,revenue_share,cumulative_share\n");
  EXPECT_EQ(run("dormant"), "customer_id,last_order_date,recency_days,frequency,monetary\n");
  EXPECT_EQ(run("sales-trend"), "month,orders,customers,new_customers,revenue,aov\n");
  EXPECT_EQ(run("retention"), "cohort,customers,repeat_customers,repeat_rate\nall,0,0,\n");
  EXPECT_EQ(run("activity"),
            "class,recency_days,customers,customer_share,revenue,revenue_share\n"
            "active,0-14,0,,0.00,\ncooling,15-56,0,,0.00,\ninactive,57+,0,,0.00,\n"
            "dormant (part of inactive),180+,0,,0.00,\n");
  EXPECT_EQ(run("order-value"),
            "measure,aov,customers,customer_share,revenue,revenue_share\n"
            "mean,,0,,0.00,\np25,,0,,0.00,\np50,,0,,0.00,\np75,,0,,0.00,\np90,,0,,0.00,\n"
            "low (<= 100.00),,0,,0.00,\nmedium (100.01 to 300.00),,0,,0.00,\n"
            "high (> 300.00),,0,,0.00,\n");
  EXPECT_EQ(run("frequency").substr(0, 70),
            "avg_days_between_orders,customers,customer_share,mean_days\n0-7,0,,\n8-1");
  const std::string segments = run("segments");
  EXPECT_NE(segments.find("segment,Champions,,,0,,0.00,\n"), std::string::npos) << segments;
}

TEST(Rfm, EqualValuesGetEqualScoresWhateverTheirCount) {
  // Six customers, all with one order of 5.00 on the same day: nobody is strictly worse.
  cw::testing::TempDir dir;
  std::string text = "order_id,customer_id,order_date,amount\n";
  for (int i = 1; i <= 6; ++i)
    text += std::to_string(i) + "," + std::to_string(i) + ",2024-06-01,5\n";
  test::write_file(dir.file("same.csv"), text);
  const std::string out =
      run_csv("rfm", dir.file("same.csv"), InputFormat::kOrders, shop_options());
  EXPECT_EQ(std::count(out.begin(), out.end(), '\n'), 7);
  for (int i = 1; i <= 6; ++i)
    EXPECT_NE(out.find(std::to_string(i) + ",29,1,5.00,1,1,1,Hibernating\n"), std::string::npos)
        << out;
}

TEST(Rfm, ScoresFollowTheQuintileFormulaForEveryRank) {
  // n = 7 distinct values: score = 1 + floor(5 * rank / 7) for rank 0..6 -> 1,1,2,3,3,4,5.
  std::vector<std::int64_t> values = {70, 10, 30, 20, 60, 50, 40};
  const auto t = score_thresholds(values);
  const std::uint8_t expected[] = {5, 1, 2, 1, 4, 3, 3};
  for (std::size_t i = 0; i < values.size(); ++i)
    EXPECT_EQ(score_of(values[i], t), expected[i]) << values[i];
}

TEST(Render, JsonHasReportAsOfColumnsAndRowsWithMoneyAsStrings) {
  ReportOptions o = shop_options();
  auto table =
      run_report("top-customers", ReportInput{data_path("shop_orders.csv")}, o, SystemClock{});
  ASSERT_TRUE(table.has_value());
  EXPECT_EQ(render(*table, Format::kJson),
            "{\"report\":\"top-customers\",\"as_of\":\"2024-06-30\",\"currency\":\"GBP\","
            "\"columns\":[\"rank\",\"customer_id\",\"orders\",\"revenue\",\"revenue_share\","
            "\"cumulative_share\"],\"rows\":[\n"
            "{\"rank\":1,\"customer_id\":109,\"orders\":1,\"revenue\":\"1000.00\","
            "\"revenue_share\":0.3333333333333333,\"cumulative_share\":0.3333333333333333},\n"
            "{\"rank\":2,\"customer_id\":108,\"orders\":4,\"revenue\":\"800.00\","
            "\"revenue_share\":0.26666666666666666,\"cumulative_share\":0.6}\n]}\n");
}

TEST(Render, JsonNullsAndEscapes) {
  Table t;
  t.report = "x";
  t.as_of_day = test::day(2024, 1, 2);
  auto& name = t.add("name", ColumnType::kText);
  auto& share = t.add("share", ColumnType::kFraction);
  name.push_text("a\"b\\c\n\xff");
  share.push_null();
  EXPECT_EQ(render(t, Format::kJson),
            "{\"report\":\"x\",\"as_of\":\"2024-01-02\",\"currency\":\"GBP\",\"columns\":"
            "[\"name\",\"share\"],\"rows\":[\n{\"name\":\"a\\\"b\\\\c\\u000a\xEF\xBF\xBD\","
            "\"share\":null}\n]}\n");
  EXPECT_EQ(render(t, Format::kCsv), "name,share\n\"a\"\"b\\c\n\xff\",\n");
}

TEST(Render, TerminalTableAlignsAndShowsPercentages) {
  ReportOptions o = shop_options();
  auto table = run_report("activity", ReportInput{data_path("shop_orders.csv")}, o, SystemClock{});
  ASSERT_TRUE(table.has_value());
  EXPECT_EQ(render(*table, Format::kTable),
            "class                       recency_days  customers  customer_share  revenue  "
            "revenue_share\n"
            "--------------------------  ------------  ---------  --------------  -------  "
            "-------------\n"
            "active                      0-14                  4           40.0%  1449.98  "
            "        48.3%\n"
            "cooling                     15-56                 2           20.0%   350.01  "
            "        11.7%\n"
            "inactive                    57+                   4           40.0%  1200.01  "
            "        40.0%\n"
            "dormant (part of inactive)  180+                  2           20.0%  1100.00  "
            "        36.7%\n");
  EXPECT_EQ(*parse_format("json"), Format::kJson);
  EXPECT_EQ(parse_format("xml").error().code, "unknown_format");
}

TEST(Options, InvalidValuesAreRejected) {
  ReportOptions o = shop_options();
  o.share = 1.5;
  EXPECT_EQ(run_report("top-customers", ReportInput{data_path("shop_orders.csv")}, o, SystemClock{})
                .error()
                .field,
            "share");
  o = shop_options();
  o.cooling_days = 10;
  EXPECT_EQ(run_report("activity", ReportInput{data_path("shop_orders.csv")}, o, SystemClock{})
                .error()
                .field,
            "cooling-days");
}

INSTANTIATE_TEST_SUITE_P(Db, ReportTable, cw::testing::kBothBackends, cw::testing::backend_name);

}  // namespace
}  // namespace cw::reports
