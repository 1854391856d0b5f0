// Black-box tests of `cartwise report`, `export segment`, `coupon` and `campaign`: exact output on
// a hand-computed order log, one-line errors with line numbers, the database path on a generated
// shop, and the promotions administration seen through the checkout's coupon step.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <memory>
#include <sstream>

#include "core/clock.hpp"
#include "db/database.hpp"
#include "promotions/checkout.hpp"
#include "snapshots/hand_shop.hpp"
#include "support/cartwise_process.hpp"
#include "support/temp_dir.hpp"

namespace cw::cli {
namespace {

using testing::Outcome;
using testing::read_file;

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

// Five customers whose R, F and M scores are 5..1, 4..2, ... (one per quintile) as of
// 2024-06-30, and an order after that day that must be ignored.
constexpr const char* kOrders =
    "order_id,customer_id,order_date,amount\n"
    "1,1,2024-06-30,10.00\n"
    "2,2,2024-06-01,20.00\n"
    "3,2,2024-06-25,30.00\n"
    "4,3,2024-03-01,50.00\n"
    "5,3,2024-04-01,50.00\n"
    "6,3,2024-06-10T23:59:59Z,50.00\n"
    "7,4,2024-01-15,75.00\n"
    "8,4,2024-02-15,75.00\n"
    "9,4,2024-03-15,75.00\n"
    "10,4,2024-05-01,75.00\n"
    "11,5,2023-06-01,200.00\n"
    "12,5,2023-08-01,200.00\n"
    "13,5,2023-10-01,200.00\n"
    "14,5,2023-12-01,200.00\n"
    "15,5,2024-01-01,200.50\n"
    "16,1,2024-07-05,99.00\n";

class ReportCli : public ::testing::Test {
 protected:
  Outcome run(const std::vector<std::string>& args) {
    return testing::run_cartwise(CARTWISE_BINARY, args, dir_.path().string());
  }
  std::string write(const std::string& name, const std::string& text) {
    const std::string path = dir_.file(name);
    std::ofstream(path, std::ios::binary) << text;
    return path;
  }
  std::unique_ptr<db::Database> open(const std::string& path) {
    return db::Database::open({path, Durability::kOff, 5000});
  }

  testing::TempDir dir_;
};

// Commands that work on a database, on both kinds: `database(name)` is a file path in the test's
// directory (not yet created) or the libpq URL of a fresh, migrated PostgreSQL database.
class ReportCliOnDb : public ReportCli, public ::testing::WithParamInterface<testing::Backend> {
 protected:
  std::string database(const std::string& name) {
    if (GetParam() == testing::Backend::kSqlite) return dir_.file(name);
    return postgres_.emplace_back(std::make_unique<testing::PostgresDatabase>())->url();
  }

 private:
  std::vector<std::unique_ptr<testing::PostgresDatabase>> postgres_;
};
INSTANTIATE_TEST_SUITE_P(Db, ReportCliOnDb, testing::kBothBackends, testing::backend_name);

// Forty customers with 1 to 5 purchases at different paces from 2023 on, some after the
// calibration end (2024-06-30) for the holdout.
std::string lifetime_orders() {
  std::string text = "order_id,customer_id,order_date,amount\n";
  int order = 0;
  for (int customer = 1; customer <= 40; ++customer) {
    const int purchases = customer % 5 + 1, gap_days = (customer % 7 + 3) * 7;
    for (int k = 0; k < purchases; ++k) {
      const auto day = std::chrono::sys_days{std::chrono::year{2023} / 1 / 1} +
                       std::chrono::days{customer * 3 + k * gap_days};
      const std::chrono::year_month_day date{day};
      char line[96];
      std::snprintf(line, sizeof line, "%d,%d,%04d-%02u-%02u,%d.50\n", ++order, customer,
                    static_cast<int>(date.year()), static_cast<unsigned>(date.month()),
                    static_cast<unsigned>(date.day()), 20 + customer % 9 * 5);
      text += line;
    }
  }
  return text;
}

TEST_F(ReportCli, LifetimeValueFlagsReachTheModels) {
  const std::string file = write("orders.csv", lifetime_orders());
  const Outcome model =
      run({"report", "clv-model", "--input", file, "--as-of", "2024-06-30", "--time-unit", "day",
           "--holdout-end", "2024-12-31", "--format", "csv"});
  ASSERT_EQ(model.exit_code, 0) << model.err;
  EXPECT_NE(model.out.find("data,customers,40,"), std::string::npos) << model.out;
  EXPECT_NE(model.out.find("data,days_per_unit,1,"), std::string::npos) << model.out;
  EXPECT_NE(model.out.find("bg_nbd,alpha,"), std::string::npos);
  EXPECT_NE(model.out.find("holdout"), std::string::npos) << model.out;

  const Outcome clv = run({"report", "clv", "--input", file, "--as-of", "2024-06-30", "--horizon",
                           "26", "--margin", "0.3", "--discount-rate", "0.1", "--format", "csv"});
  ASSERT_EQ(clv.exit_code, 0) << clv.err;
  const auto rows = lines_of(clv.out);
  ASSERT_EQ(rows.size(), 41u);
  EXPECT_EQ(rows[0], "customer_id,x,t_x,T,spend,p_alive,expected_purchases,expected_value,clv");

  const Outcome bad_unit =
      run({"report", "clv", "--input", file, "--as-of", "2024-06-30", "--time-unit", "month"});
  EXPECT_EQ(bad_unit.exit_code, 1);
  EXPECT_NE(bad_unit.err.find("time-unit"), std::string::npos) << bad_unit.err;
  const Outcome too_few =
      run({"report", "clv", "--input", write("five.csv", kOrders), "--as-of", "2024-06-30"});
  EXPECT_EQ(too_few.exit_code, 1);
  EXPECT_NE(too_few.err.find("cannot be fitted"), std::string::npos) << too_few.err;
}

TEST_F(ReportCli, RfmOnAnOrderFileGivesTheHandComputedCsv) {
  const std::string file = write("orders.csv", kOrders);
  const Outcome rfm =
      run({"report", "rfm", "--input", file, "--as-of", "2024-06-30", "--format", "csv"});
  ASSERT_EQ(rfm.exit_code, 0) << rfm.err;
  EXPECT_EQ(rfm.out,
            "customer_id,recency_days,frequency,monetary,r,f,m,segment\n"
            "1,0,1,10.00,5,1,1,New\n"
            "2,5,2,50.00,4,2,2,Potential loyalist\n"
            "3,20,3,150.00,3,3,3,Need attention\n"
            "4,60,4,300.00,2,4,4,At risk\n"
            "5,181,5,1000.50,1,5,5,Cannot lose\n");
  EXPECT_EQ(rfm.err, "");
}

TEST_F(ReportCli, OptionsReachTheReportAndJsonNamesIt) {
  const std::string file = write("orders.csv", kOrders);
  // Revenue 1510.50; customer 5 alone has 1000.50 >= 50%, so the top tier is one customer.
  const Outcome top = run({"report", "top-customers", "--input", file, "--input-format", "orders",
                           "--as-of", "2024-06-30", "--share", "0.5", "--format", "json"});
  ASSERT_EQ(top.exit_code, 0) << top.err;
  EXPECT_NE(top.out.find("\"report\":\"top-customers\""), std::string::npos) << top.out;
  EXPECT_NE(top.out.find("\"as_of\":\"2024-06-30\""), std::string::npos) << top.out;
  const Outcome table = run({"report", "rfm", "--input", file, "--as-of", "2024-06-30"});
  ASSERT_EQ(table.exit_code, 0) << table.err;
  EXPECT_NE(table.out.find("Cannot lose"), std::string::npos);
}

TEST_F(ReportCli, MalformedFileExitsOneNamingTheLine) {
  const std::string file = write("bad.csv",
                                 "order_id,customer_id,order_date,amount\n"
                                 "1,1,2024-06-30,10.00\n"
                                 "2,1,2024-06-31,10.00\n");
  const Outcome bad = run({"report", "rfm", "--input", file, "--as-of", "2024-06-30"});
  EXPECT_EQ(bad.exit_code, 1);
  EXPECT_EQ(bad.out, "");
  EXPECT_EQ(bad.err.rfind("cartwise: line 3: ", 0), 0u) << bad.err;
  EXPECT_EQ(std::count(bad.err.begin(), bad.err.end(), '\n'), 1) << bad.err;
}

TEST_F(ReportCli, UnknownReportFormatOrFlagsAreRefused) {
  const std::string file = write("orders.csv", kOrders);
  const Outcome unknown = run({"report", "nosuch", "--input", file});
  EXPECT_EQ(unknown.exit_code, 1);
  EXPECT_NE(unknown.err.find("nosuch"), std::string::npos) << unknown.err;
  const Outcome format = run({"report", "rfm", "--input", file, "--format", "xml"});
  EXPECT_EQ(format.exit_code, 1);
  EXPECT_NE(format.err.find("xml"), std::string::npos) << format.err;
  const Outcome date = run({"report", "rfm", "--input", file, "--as-of", "30/06/2024"});
  EXPECT_EQ(date.exit_code, 1);
  EXPECT_NE(date.err.find("--as-of"), std::string::npos) << date.err;
  const Outcome both = run({"report", "rfm", "--input", file, "--db", dir_.file("x.db")});
  EXPECT_EQ(both.exit_code, 2) << both.err;
  const Outcome no_name = run({"report"});
  EXPECT_EQ(no_name.exit_code, 2);
}

TEST_P(ReportCliOnDb, UnknownReportListsEveryReportOnBothPaths) {
  const std::string every =
      "rfm, segments, top-customers, activity, dormant, order-value, frequency, breakdown, "
      "retention, sales-trend, clv-model, clv, visitors-without-orders, abandonment, campaigns, "
      "coupons, overstock, loyalty, categories, overview, places, ratings, data-quality, "
      "recommendations, segment-migration";
  const Outcome on_db = run({"report", "nosuch", "--db", database("shop.db")});
  EXPECT_EQ(on_db.exit_code, 1);
  EXPECT_EQ(on_db.err, "cartwise: unknown report 'nosuch' (expected one of " + every + ")\n");
  const Outcome on_file = run({"report", "nosuch", "--input", write("orders.csv", kOrders)});
  EXPECT_EQ(on_file.exit_code, 1);
  EXPECT_EQ(on_file.err, on_db.err);
}

TEST_P(ReportCliOnDb, DatabaseReportAndSegmentExportAgree) {
  const std::string db = database("shop.db");
  const Outcome generated = run({"generate", "--db", db, "--customers", "60", "--seed", "7"});
  ASSERT_EQ(generated.exit_code, 0) << generated.err;
  const Outcome rfm = run({"report", "rfm", "--db", db, "--format", "csv"});
  ASSERT_EQ(rfm.exit_code, 0) << rfm.err;
  const auto rows = lines_of(rfm.out);
  const std::int64_t buyers = open(db)
                                  ->lease()
                                  ->scalar("SELECT count(*) FROM customer_facts WHERE orders > 0")
                                  .value_or(-1);
  ASSERT_GT(buyers, 0);
  ASSERT_EQ(static_cast<std::int64_t>(rows.size()), buyers + 1);
  // The segment of the first customer, and how many customers share it.
  const std::string segment = rows[1].substr(rows[1].rfind(',') + 1);
  std::size_t in_segment = 0;
  for (std::size_t i = 1; i < rows.size(); ++i)
    if (rows[i].ends_with("," + segment)) ++in_segment;

  const std::string csv = dir_.file("segment.csv");
  const Outcome exported = run({"export", "segment", segment, "--db", db, "--output", csv});
  ASSERT_EQ(exported.exit_code, 0) << exported.err;
  const auto exported_rows = lines_of(read_file(csv));
  ASSERT_EQ(exported_rows.size(), in_segment + 1);
  EXPECT_EQ(exported_rows[0],
            "customer_id,first_name,last_name,email,recency_days,frequency,monetary,r,f,m,"
            "segment");
  EXPECT_TRUE(exported_rows[1].ends_with("," + segment)) << exported_rows[1];
  EXPECT_NE(exported.out.find("wrote " + std::to_string(in_segment) + " customers"),
            std::string::npos);
  // --external-ref: the same rows with the customers' keys (empty: none was imported).
  const Outcome with_keys = run({"export", "segment", segment, "--db", db, "--external-ref"});
  ASSERT_EQ(with_keys.exit_code, 0) << with_keys.err;
  const auto keyed_rows = lines_of(with_keys.out);
  ASSERT_EQ(keyed_rows.size(), in_segment + 1);
  EXPECT_EQ(keyed_rows[0],
            "customer_id,external_ref,first_name,last_name,email,recency_days,frequency,"
            "monetary,r,f,m,segment");
  const std::string first_id = exported_rows[1].substr(0, exported_rows[1].find(','));
  EXPECT_EQ(keyed_rows[1], first_id + "," + exported_rows[1].substr(first_id.size()));

  const Outcome unknown = run({"export", "segment", "nobody-here", "--db", db});
  EXPECT_EQ(unknown.exit_code, 1);
  EXPECT_NE(unknown.err.find("nobody"), std::string::npos) << unknown.err;
}

TEST_P(ReportCliOnDb, CouponAddListDuplicateAndDisable) {
  const std::string db = database("promo.db");
  ASSERT_EQ(run({"db", "migrate", "--db", db}).exit_code, 0);
  const Outcome campaign =
      run({"campaign", "add", "Spring sale", "email", "--db", db, "--starts-at", "2024-03-01",
           "--ends-at", "2024-03-31", "--cost", "1200.50", "--impressions", "5000", "--clicks",
           "250", "--target-segment", "At risk"});
  ASSERT_EQ(campaign.exit_code, 0) << campaign.err;
  EXPECT_EQ(campaign.out, "1\n");

  const Outcome added =
      run({"coupon", "add", "save10", "--db", db, "--percent-off", "10", "--max-uses", "5",
           "--expires-at", "2099-01-01", "--campaign-id", "1"});
  ASSERT_EQ(added.exit_code, 0) << added.err;
  EXPECT_EQ(added.out, "1\n");
  const Outcome list = run({"coupon", "list", "--db", db, "--format", "csv"});
  ASSERT_EQ(list.exit_code, 0) << list.err;
  EXPECT_EQ(list.out,
            "id,code,scope,scope_id,percent_off,amount_off,starts_at,expires_at,max_uses,"
            "max_uses_per_customer,uses,active,campaign_id,external_ref\n"
            "1,SAVE10,order,,10,,,2099-01-01T00:00:00Z,5,,0,true,1,\n");

  const Outcome duplicate = run({"coupon", "add", "Save10", "--db", db, "--amount-off", "5.00"});
  EXPECT_EQ(duplicate.exit_code, 1);
  EXPECT_NE(duplicate.err.find("duplicate_coupon"), std::string::npos) << duplicate.err;
  const Outcome neither = run({"coupon", "add", "NOTHING", "--db", db});
  EXPECT_EQ(neither.exit_code, 1);
  EXPECT_NE(neither.err.find("invalid_coupon"), std::string::npos) << neither.err;

  auto shop = open(db);
  promotions::PricedLines lines{{.product_id = 1, .quantity = 1, .unit_price = 10000}};
  const Timestamp now = SystemClock().now();
  {
    auto c = shop->lease();
    db::Transaction tx(*c, db::TxMode::kWrite);
    ASSERT_TRUE(promotions::apply_coupon(*c, "save10", 1, now, lines).has_value());
    EXPECT_EQ(lines[0].discount, 1000);
  }  // rolled back
  const Outcome disabled = run({"coupon", "disable", "1", "--db", db});
  ASSERT_EQ(disabled.exit_code, 0) << disabled.err;
  EXPECT_EQ(disabled.out, "disabled coupon 1 (SAVE10)\n");
  lines[0].discount = 0;
  {
    auto c = shop->lease();
    db::Transaction tx(*c, db::TxMode::kWrite);
    const auto refused = promotions::apply_coupon(*c, "SAVE10", 1, now, lines);
    ASSERT_FALSE(refused.has_value());
    EXPECT_EQ(refused.error().code, "coupon_disabled");
    EXPECT_EQ(lines[0].discount, 0);
  }
  const Outcome enabled = run({"coupon", "update", "1", "--db", db, "--active", "true",
                               "--max-uses", "none", "--percent-off", "15"});
  ASSERT_EQ(enabled.exit_code, 0) << enabled.err;
  EXPECT_EQ(shop->lease()->scalar("SELECT active * 1000 + percent_off FROM coupons WHERE "
                                  "id = 1 AND max_uses IS NULL"),
            std::optional<std::int64_t>(1015));
  const Outcome missing = run({"coupon", "disable", "99", "--db", db});
  EXPECT_EQ(missing.exit_code, 1);
}

TEST_P(ReportCliOnDb, CampaignUpdateImportsFiguresAndListShowsThem) {
  const std::string db = database("promo.db");
  ASSERT_EQ(run({"campaign", "add", "Launch", "social", "--db", db, "--starts-at", "2024-05-01",
                 "--ends-at", "2024-05-31"})
                .exit_code,
            0);
  const Outcome updated = run({"campaign", "update", "1", "--db", db, "--cost", "300.00",
                               "--impressions", "10000", "--clicks", "420"});
  ASSERT_EQ(updated.exit_code, 0) << updated.err;
  EXPECT_EQ(updated.out, "updated campaign 1 (Launch)\n");
  const Outcome list = run({"campaign", "list", "--db", db, "--format", "csv"});
  ASSERT_EQ(list.exit_code, 0) << list.err;
  EXPECT_EQ(
      list.out,
      "id,name,channel,starts_at,ends_at,cost,impressions,clicks,target_segment,external_ref\n"
      "1,Launch,social,2024-05-01,2024-05-31,300.00,10000,420,,\n");
  const Outcome backwards = run({"campaign", "update", "1", "--db", db, "--ends-at", "2024-04-01"});
  EXPECT_EQ(backwards.exit_code, 1);
  EXPECT_NE(backwards.err.find("invalid_campaign"), std::string::npos) << backwards.err;
  const Outcome missing_dates = run({"campaign", "add", "X", "email", "--db", db});
  EXPECT_EQ(missing_dates.exit_code, 2);
}

// snapshot take/list and report segment-migration on the hand-computed shop of
// tests/snapshots/hand_shop.hpp.
TEST_P(ReportCliOnDb, SnapshotTakeListAndSegmentMigration) {
  const std::string db_file = database("shop.db");
  snapshots::test::build_hand_shop(*open(db_file));
  const Outcome none = run({"report", "segment-migration", "--db", db_file});
  EXPECT_EQ(none.exit_code, 1);
  EXPECT_NE(none.err.find("no snapshot yet"), std::string::npos) << none.err;

  const Outcome june = run({"snapshot", "take", "--db", db_file, "--as-of", "2024-06-30"});
  ASSERT_EQ(june.exit_code, 0) << june.err;
  EXPECT_EQ(june.out, "snapshot 1 as of 2024-06-30: 5 customers\n");
  const Outcome july = run({"snapshot", "take", "--db", db_file, "--as-of", "2024-07-31"});
  ASSERT_EQ(july.exit_code, 0) << july.err;
  EXPECT_EQ(july.out, "snapshot 2 as of 2024-07-31: 6 customers\n");

  const Outcome list = run({"snapshot", "list", "--db", db_file, "--format", "csv"});
  ASSERT_EQ(list.exit_code, 0) << list.err;
  const auto rows = lines_of(list.out);
  ASSERT_EQ(rows.size(), 3u) << list.out;
  EXPECT_EQ(rows[0], "id,as_of,taken_at,customers");
  EXPECT_EQ(rows[1].substr(0, 13), "2,2024-07-31,");
  EXPECT_EQ(rows[1].substr(rows[1].size() - 2), ",6");
  EXPECT_EQ(rows[2].substr(0, 13), "1,2024-06-30,");

  const std::string matrix = snapshots::test::kJuneToJulyCsv;
  const Outcome migration =
      run({"report", "segment-migration", "--db", db_file, "--format", "csv"});
  ASSERT_EQ(migration.exit_code, 0) << migration.err;
  EXPECT_EQ(migration.out, matrix);
  const Outcome explicit_ids =
      run({"report", "segment-migration", "--db", db_file, "--from-snapshot", "1", "--to-snapshot",
           "2", "--format", "csv"});
  EXPECT_EQ(explicit_ids.out, matrix);
  const Outcome unknown =
      run({"report", "segment-migration", "--db", db_file, "--from-snapshot", "7"});
  EXPECT_EQ(unknown.exit_code, 1);
  EXPECT_NE(unknown.err.find("snapshot 7 not found"), std::string::npos) << unknown.err;
  const Outcome bad_date = run({"snapshot", "take", "--db", db_file, "--as-of", "2024-13-01"});
  EXPECT_EQ(bad_date.exit_code, 1);
  EXPECT_NE(bad_date.err.find("--as-of"), std::string::npos) << bad_date.err;
}

TEST_P(ReportCliOnDb, CouponWithUnknownTermsIsActivatedOnlyWithItsTerms) {
  const std::string db = database("terms.db");
  ASSERT_EQ(run({"coupon", "add", "imported", "--db", db, "--percent-off", "1"}).exit_code, 0);
  ASSERT_EQ(run({"coupon", "disable", "1", "--db", db}).exit_code, 0);
  // As imported (Cartify discount D7).
  open(db)->lease()->exec("UPDATE coupons SET terms_unknown = 1, external_ref = 'D7' WHERE id = 1");

  const Outcome refused = run({"coupon", "update", "1", "--db", db, "--active", "true"});
  EXPECT_EQ(refused.exit_code, 1);
  EXPECT_NE(refused.err.find("coupon_terms_unknown"), std::string::npos) << refused.err;
  EXPECT_NE(refused.err.find("discount terms are unknown"), std::string::npos) << refused.err;

  const Outcome activated =
      run({"coupon", "update", "1", "--db", db, "--active", "true", "--percent-off", "12"});
  ASSERT_EQ(activated.exit_code, 0) << activated.err;
  EXPECT_EQ(open(db)->lease()->scalar("SELECT terms_unknown FROM coupons WHERE id = 1"), 0);
  const Outcome list = run({"coupon", "list", "--db", db, "--format", "csv"});
  EXPECT_NE(list.out.find("\n1,IMPORTED,order,,12,,,,,,0,true,,D7\n"), std::string::npos)
      << list.out;
}

}  // namespace
}  // namespace cw::cli
