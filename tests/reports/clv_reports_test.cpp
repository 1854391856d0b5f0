// The clv-model and clv reports on a small orders file written here, and the same file imported
// into a shop database. The file (calibration end E = 2024-06-30, holdout end 2024-07-14):
//   1: 01-01 10.00 + 5.00 (one purchase day), 02-01 20.00, 03-01 40.00; holdout: two orders on
//      07-02, one on 07-10            -> x = 2, t_x = 60 days, T = 181 days, spend 30.00
//   2: 03-10, 06-01 70.00; holdout 07-14                                          -> x = 1
//   4: 02-14, 04-14 60.00, 05-14 65.00, 06-14 90.00                               -> x = 3
//   6, 8, 11: one repeat purchase each; 3, 5 (first purchase on E), 7, 9, 10: one purchase
//   12: first purchase 07-05, after E: not a customer of the models
#include <gtest/gtest.h>

#include <sstream>

#include "core/clock.hpp"
#include "ingest/import.hpp"
#include "reports/render.hpp"
#include "reports/shop.hpp"
#include "support/temp_dir.hpp"
#include "test_support.hpp"

namespace cw::reports {
namespace {

using test::day;

constexpr const char* kOrders =
    "order_id,customer_id,order_date,amount\n"
    "1,1,2024-01-01,10.00\n"
    "2,1,2024-01-01,5.00\n"
    "3,9,2024-01-05,100.00\n"
    "4,6,2024-01-20,30.00\n"
    "5,6,2024-01-25,35.00\n"
    "6,1,2024-02-01,20.00\n"
    "7,10,2024-02-02,18.00\n"
    "8,4,2024-02-14,80.00\n"
    "9,1,2024-03-01,40.00\n"
    "10,8,2024-03-03,22.00\n"
    "11,2,2024-03-10,50.00\n"
    "12,7,2024-04-01,45.00\n"
    "13,4,2024-04-14,60.00\n"
    "14,3,2024-05-05,25.00\n"
    "15,4,2024-05-14,65.00\n"
    "16,2,2024-06-01,70.00\n"
    "17,11,2024-06-10,60.00\n"
    "18,11,2024-06-11,10.00\n"
    "19,4,2024-06-14,90.00\n"
    "20,8,2024-06-20,28.00\n"
    "21,5,2024-06-30,12.00\n"
    "22,1,2024-07-02,15.00\n"
    "23,1,2024-07-02,5.00\n"
    "24,12,2024-07-05,40.00\n"
    "25,1,2024-07-10,30.00\n"
    "26,2,2024-07-14,20.00\n"
    "27,3,2024-07-20,20.00\n";

class ClvReports : public ::testing::Test {
 protected:
  void SetUp() override {
    path_ = dir_.file("orders.csv");
    test::write_file(path_, kOrders);
    options_.as_of_day = day(2024, 6, 30);
  }
  Result<Table> run(const std::string& report, const ReportOptions& options) {
    return run_report(report, ReportInput{path_, InputFormat::kOrders}, options, SystemClock{});
  }
  testing::TempDir dir_;
  std::string path_;
  ReportOptions options_;
};

// The rows of one section of clv-model as "key=value|predicted|actual" lines.
std::string section(const Table& t, const std::string& name) {
  std::ostringstream out;
  for (std::size_t row = 0; row < t.rows(); ++row) {
    if (t.columns[0].text_at(row) != name) continue;
    out << t.columns[1].text_at(row) << "=" << t.columns[2].real_at(row);
    for (std::size_t c = 3; c < 5; ++c)
      if (!t.columns[c].is_null(row)) out << "|" << t.columns[c].real_at(row);
    out << "\n";
  }
  return out.str();
}

double figure(const Table& t, const std::string& name, const std::string& key) {
  for (std::size_t row = 0; row < t.rows(); ++row)
    if (t.columns[0].text_at(row) == name && t.columns[1].text_at(row) == key)
      return t.columns[2].real_at(row);
  ADD_FAILURE() << "no " << name << " " << key;
  return -1;
}

TEST_F(ClvReports, ClvHasOneRowPerCustomerByClvDescending) {
  auto t = run("clv", options_);
  ASSERT_TRUE(t) << t.error().message;
  std::vector<std::string> names;
  for (const Column& c : t->columns) names.push_back(c.name());
  EXPECT_EQ(names, (std::vector<std::string>{"customer_id", "x", "t_x", "T", "spend", "p_alive",
                                             "expected_purchases", "expected_value", "clv"}));
  EXPECT_EQ(t->find("clv")->type(), ColumnType::kMoney);
  EXPECT_EQ(t->find("spend")->type(), ColumnType::kMoney);
  EXPECT_EQ(t->find("p_alive")->type(), ColumnType::kFraction);
  ASSERT_EQ(t->rows(), 11u);  // customer 12 starts after E
  const Column& id = *t->find("customer_id");
  const Column& clv = *t->find("clv");
  for (std::size_t row = 1; row < t->rows(); ++row) {
    const bool ordered =
        clv.int_at(row - 1) > clv.int_at(row) ||
        (clv.int_at(row - 1) == clv.int_at(row) && id.int_at(row - 1) < id.int_at(row));
    EXPECT_TRUE(ordered) << "row " << row;
  }
  for (std::size_t row = 0; row < t->rows(); ++row) {
    if (id.int_at(row) == 1) {
      EXPECT_EQ(t->find("x")->int_at(row), 2);
      EXPECT_DOUBLE_EQ(t->find("t_x")->real_at(row), 60.0 / 7);
      EXPECT_DOUBLE_EQ(t->find("T")->real_at(row), 181.0 / 7);
      EXPECT_EQ(t->find("spend")->int_at(row), 3000);
    }
    if (id.int_at(row) == 5) {  // first purchase on E: T = 0, surely alive
      EXPECT_EQ(t->find("T")->real_at(row), 0);
      EXPECT_EQ(t->find("p_alive")->real_at(row), 1);
    }
    const double p = t->find("p_alive")->real_at(row);
    EXPECT_TRUE(p >= 0 && p <= 1);
    EXPECT_GE(clv.int_at(row), 0);
  }
}

TEST_F(ClvReports, MarginScalesTheClv) {
  ReportOptions half = options_;
  half.margin = 0.5;
  auto full = run("clv", options_);
  auto halved = run("clv", half);
  ASSERT_TRUE(full && halved);
  const Column& a = *full->find("clv");
  const Column& b = *halved->find("clv");
  for (std::size_t row = 0; row < full->rows(); ++row)
    EXPECT_LE(std::abs(2 * b.int_at(row) - a.int_at(row)), 1) << "row " << row;
}

TEST_F(ClvReports, ModelNamesEveryParameter) {
  auto t = run("clv-model", options_);
  ASSERT_TRUE(t) << t.error().message;
  std::vector<std::string> names;
  for (const Column& c : t->columns) names.push_back(c.name());
  EXPECT_EQ(names, (std::vector<std::string>{"section", "key", "value", "predicted", "actual"}));
  EXPECT_EQ(figure(*t, "data", "customers"), 11);
  EXPECT_EQ(figure(*t, "data", "repeat_customers"), 6);
  EXPECT_EQ(figure(*t, "data", "days_per_unit"), 7);
  for (const char* key : {"r", "alpha", "a", "b"}) EXPECT_GT(figure(*t, "bg_nbd", key), 0) << key;
  for (const char* key : {"p", "q", "gamma"}) EXPECT_GT(figure(*t, "gamma_gamma", key), 0) << key;
  EXPECT_LT(figure(*t, "bg_nbd", "log_likelihood"), 0);
  EXPECT_EQ(figure(*t, "bg_nbd", "customers"), 11);
  EXPECT_EQ(figure(*t, "gamma_gamma", "customers"), 6);
  EXPECT_GT(figure(*t, "bg_nbd", "iterations"), 0);
  EXPECT_EQ(section(*t, "holdout_total"), "");  // only with --holdout-end
}

TEST_F(ClvReports, HoldoutCountsArePurchaseDaysAfterTheCalibrationEnd) {
  ReportOptions o = options_;
  o.holdout_end_day = day(2024, 7, 14);
  auto t = run("clv-model", o);
  ASSERT_TRUE(t) << t.error().message;
  EXPECT_EQ(figure(*t, "data", "holdout_days"), 14);
  // Customer 1: 07-02 (two orders) and 07-10; customer 2: 07-14. Customer 12 is new, customer
  // 3's 07-20 is after the holdout end.
  const auto actual = [&](const std::string& name, const std::string& key) {
    for (std::size_t row = 0; row < t->rows(); ++row)
      if (t->columns[0].text_at(row) == name && t->columns[1].text_at(row) == key)
        return std::to_string(static_cast<int>(t->columns[2].real_at(row))) + " customers, " +
               std::to_string(static_cast<int>(t->columns[4].real_at(row))) + " actual";
    return std::string("missing");
  };
  EXPECT_EQ(actual("holdout_total", "all"), "11 customers, 3 actual");
  EXPECT_EQ(actual("holdout_by_frequency", "0"), "5 customers, 0 actual");
  EXPECT_EQ(actual("holdout_by_frequency", "1"), "4 customers, 1 actual");
  EXPECT_EQ(actual("holdout_by_frequency", "2"), "1 customers, 2 actual");
  EXPECT_EQ(actual("holdout_by_frequency", "3"), "1 customers, 0 actual");
  EXPECT_EQ(actual("holdout_by_frequency", "7+"), "0 customers, 0 actual");
  EXPECT_EQ(actual("holdout_weekly", "2024-07-07"), "1 customers, 1 actual");  // value: week 1
  EXPECT_EQ(actual("holdout_weekly", "2024-07-14"), "2 customers, 3 actual");
  // The calibration ignores everything after E: the parameters are those without a holdout.
  auto plain = run("clv-model", options_);
  ASSERT_TRUE(plain);
  EXPECT_EQ(section(*t, "bg_nbd"), section(*plain, "bg_nbd"));
  EXPECT_EQ(t->as_of_day, day(2024, 6, 30));
}

TEST_F(ClvReports, RefusesWhatCannotBeModelled) {
  ReportOptions o = options_;
  o.holdout_end_day = day(2024, 6, 30);
  auto early = run("clv-model", o);
  ASSERT_FALSE(early);
  EXPECT_EQ(early.error().code, "invalid_option");
  EXPECT_EQ(early.error().field, "holdout-end");
  o = options_;
  o.time_unit = "month";
  EXPECT_EQ(run("clv", o).error().field, "time-unit");
  o = options_;
  o.discount_rate = -1;
  EXPECT_EQ(run("clv", o).error().field, "discount-rate");
  // Before 2024-03-01 only five customers had bought.
  o = options_;
  o.as_of_day = day(2024, 2, 29);
  auto few = run("clv", o);
  ASSERT_FALSE(few);
  EXPECT_EQ(few.error().code, "model_not_identified");
  EXPECT_EQ(few.error().kind, ErrorKind::kUnprocessable);
  // Nobody buys twice.
  const std::string once = dir_.file("once.csv");
  std::string text = "order_id,customer_id,order_date,amount\n";
  for (int i = 1; i <= 12; ++i)
    text += std::to_string(i) + "," + std::to_string(i) + ",2024-0" + std::to_string(1 + i % 6) +
            "-10,20.00\n";
  test::write_file(once, text);
  auto none =
      run_report("clv-model", ReportInput{once, InputFormat::kOrders}, options_, SystemClock{});
  ASSERT_FALSE(none);
  EXPECT_EQ(none.error().code, "model_not_identified");
  EXPECT_NE(none.error().message.find("repeat purchase"), std::string::npos);
}

// The one test of the suite that reads a database: on both kinds.
class ClvReportsOnDb : public ClvReports, public ::testing::WithParamInterface<testing::Backend> {};
INSTANTIATE_TEST_SUITE_P(Db, ClvReportsOnDb, testing::kBothBackends, testing::backend_name);

TEST_P(ClvReportsOnDb, TheShopDatabaseGivesTheSameReports) {
  testing::TestDatabase db;
  const ManualClock clock(from_unix(std::int64_t{day(2024, 8, 1)} * 86400));
  auto imported = ingest::import_file(*db.db, "orders", path_, clock);
  ASSERT_TRUE(imported) << imported.error().message;
  ReportOptions o = options_;
  o.holdout_end_day = day(2024, 7, 14);
  for (const char* report : {"clv", "clv-model"}) {
    auto from_file = run(report, o);
    auto from_db = run_report(report, *db.db, o, SystemClock{});
    ASSERT_TRUE(from_file && from_db) << report;
    EXPECT_EQ(render(*from_db, Format::kCsv), render(*from_file, Format::kCsv)) << report;
  }
}

}  // namespace
}  // namespace cw::reports
