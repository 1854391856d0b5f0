// Every command of the command line on PostgreSQL (the real binary, a fresh database of the test
// cluster) against the same command on a SQLite file: `db migrate` twice, `generate`, `import`
// (each CSV shape, a bad row, a Cartify folder), a report of each input kind, `export segment`,
// `coupon`, `campaign`, `offers plan` and `snapshot take/list` print the same on both databases.
//
// `generate` samples times up to the wall clock, so two generations seconds apart differ in
// their timestamps: they are compared by what they wrote, not by reports. The reports and the
// commands after them run on a generated Cartify folder imported into both databases (no clock
// involved), at a fixed --as-of date.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "db/database.hpp"
#include "support/cartwise_process.hpp"
#include "support/temp_dir.hpp"

namespace cw::cli {
namespace {

using testing::Outcome;

constexpr const char* kAsOf = "2026-06-30";

// `text` without the lines that start with one of `prefixes` (timings differ between runs).
std::string without_lines(const std::string& text, const std::vector<std::string>& prefixes) {
  std::istringstream in(text);
  std::string line, kept;
  while (std::getline(in, line)) {
    bool drop = false;
    for (const auto& prefix : prefixes) drop = drop || line.rfind(prefix, 0) == 0;
    if (!drop) kept += line + '\n';
  }
  return kept;
}

class PostgresCli : public ::testing::Test {
 protected:
  testing::TempDir dir_;
  testing::PostgresDatabase pg_;
  std::string sqlite_ = dir_.file("shop.db");

  Outcome run(const std::vector<std::string>& args) {
    return testing::run_cartwise(CARTWISE_BINARY, args, dir_.path().string());
  }

  // Runs `args` with `--db` on each database; expects the same exit code, stdout and stderr
  // (after `drop` filters both) and answers the SQLite outcome.
  Outcome same_on_both(std::vector<std::string> args, const std::vector<std::string>& drop = {}) {
    auto on = [&](const std::string& location) {
      auto with_db = args;
      with_db.insert(with_db.end(), {"--db", location});
      return run(with_db);
    };
    const Outcome a = on(sqlite_), b = on(pg_.url());
    const std::string what = args[0] + (args.size() > 1 ? " " + args[1] : "");
    EXPECT_EQ(b.exit_code, a.exit_code) << what << ": " << b.err;
    EXPECT_EQ(without_lines(b.out, drop), without_lines(a.out, drop)) << what;
    EXPECT_EQ(without_lines(b.err, drop), without_lines(a.err, drop)) << what;
    return a;
  }

  static std::map<std::string, std::int64_t> counts(const std::string& location) {
    auto c = db::connect({location});
    std::map<std::string, std::int64_t> counts;
    for (const char* table : {"customers", "products", "orders", "order_lines", "visits",
                              "campaigns", "coupons", "customer_facts", "rewards"})
      counts[table] = c->scalar(std::string("SELECT COUNT(*) FROM ") + table).value_or(-1);
    return counts;
  }
};

TEST_F(PostgresCli, MigratesTwiceAndGeneratesTheSameShopOnBothDatabases) {
  for (int time = 0; time < 2; ++time) {
    const Outcome migrated = run({"db", "migrate", "--db", pg_.url()});
    ASSERT_EQ(migrated.exit_code, 0) << "run " << time << ": " << migrated.err;
  }
  const Outcome generated =
      same_on_both({"generate", "--customers", "80", "--seed", "7"}, {"seconds ", "orders/s "});
  ASSERT_EQ(generated.exit_code, 0) << generated.err;
  EXPECT_EQ(counts(pg_.url()), counts(sqlite_));
  EXPECT_GT(counts(sqlite_).at("orders"), 80);
  // New rows after generation take the same next ids on both: the sequences moved past.
  EXPECT_EQ(same_on_both({"coupon", "add", "NEW10", "--percent-off", "10"}).exit_code, 0);
  EXPECT_EQ(same_on_both({"campaign", "add", "New", "email", "--starts-at", "2027-03-01",
                          "--ends-at", "2027-03-31"})
                .exit_code,
            0);
  // A second generation into a database that has a shop is refused the same way.
  EXPECT_EQ(same_on_both({"generate", "--customers", "5"}).exit_code, 1);
}

TEST_F(PostgresCli, ImportedShopAnswersEveryCommandTheSameOnBothDatabases) {
  const std::string folder = dir_.file("cartify");
  ASSERT_EQ(
      run({"generate", "--format", "cartify", "--out", folder, "--customers", "60", "--seed", "3"})
          .exit_code,
      0);
  const Outcome imported = same_on_both({"import", "--format", "cartify", folder});
  ASSERT_EQ(imported.exit_code, 0) << imported.err;
  EXPECT_EQ(counts(pg_.url()), counts(sqlite_));
  EXPECT_GT(counts(sqlite_).at("orders"), 60);

  // A report of each input kind (facts, single orders, lines, visits, promotions, loyalty):
  // db_copy_test.cpp already compares every kind on both databases, and each run here starts the
  // binary twice, which is most of this test's time.
  for (const char* report : {"rfm", "clv", "sales-trend", "categories", "abandonment", "campaigns",
                             "loyalty", "data-quality"}) {
    const Outcome a = same_on_both({"report", report, "--as-of", kAsOf, "--format", "csv"});
    EXPECT_EQ(a.exit_code, 0) << report << ": " << a.err;
  }

  const Outcome segment = same_on_both({"export", "segment", "champions", "--as-of", kAsOf});
  EXPECT_EQ(segment.exit_code, 0) << segment.err;
  EXPECT_GT(std::count(segment.out.begin(), segment.out.end(), '\n'), 1) << segment.out;

  const Outcome coupon = same_on_both({"coupon", "add", "SPRING10", "--percent-off", "10",
                                       "--max-uses", "500", "--expires-at", "2027-01-01"});
  ASSERT_EQ(coupon.exit_code, 0) << coupon.err;
  const std::string coupon_id = coupon.out.substr(0, coupon.out.find('\n'));
  EXPECT_EQ(same_on_both({"coupon", "update", coupon_id, "--max-uses", "none"}).exit_code, 0);
  EXPECT_EQ(same_on_both({"coupon", "disable", coupon_id}).exit_code, 0);
  EXPECT_EQ(same_on_both({"coupon", "add", "spring10", "--percent-off", "5"}).exit_code, 1);
  EXPECT_EQ(same_on_both({"coupon", "list", "--format", "csv"}).exit_code, 0);

  const Outcome campaign = same_on_both({"campaign", "add", "Spring sale", "email", "--starts-at",
                                         "2027-03-01", "--ends-at", "2027-03-31"});
  ASSERT_EQ(campaign.exit_code, 0) << campaign.err;
  const std::string campaign_id = campaign.out.substr(0, campaign.out.find('\n'));
  EXPECT_EQ(
      same_on_both({"campaign", "update", campaign_id, "--cost", "1200.00", "--clicks", "1800"})
          .exit_code,
      0);
  EXPECT_EQ(same_on_both({"campaign", "list", "--format", "csv"}).exit_code, 0);

  const Outcome plan = same_on_both({"offers", "plan", "--budget", "500.00", "--as-of", kAsOf});
  EXPECT_EQ(plan.exit_code, 0) << plan.err;

  const Outcome snapshot = same_on_both({"snapshot", "take", "--as-of", kAsOf}, {"taken in "});
  EXPECT_EQ(snapshot.exit_code, 0) << snapshot.err;
  EXPECT_EQ(snapshot.out.rfind("snapshot 1 as of 2026-06-30: ", 0), 0u) << snapshot.out;
  // taken_at is the wall clock of each run: compared without it.
  auto listed = [&](const std::string& location) {
    const Outcome o = run({"snapshot", "list", "--format", "csv", "--db", location});
    EXPECT_EQ(o.exit_code, 0) << o.err;
    std::istringstream in(o.out);
    std::string line, kept;
    while (std::getline(in, line)) {
      const auto second = line.find(',', line.find(',') + 1);
      kept += line.substr(0, second) + line.substr(line.find(',', second + 1)) + '\n';
    }
    return kept;
  };
  EXPECT_EQ(listed(pg_.url()), listed(sqlite_));
}

TEST_F(PostgresCli, ImportsEveryShapeAllOrNothingTheSameOnBothDatabases) {
  const std::string orders = dir_.file("orders.csv"), bad = dir_.file("bad.csv"),
                    retail = dir_.file("retail.csv"), summary = dir_.file("summary.csv");
  std::ofstream(orders) << "order_id,customer_id,order_date,amount\n"
                           "1,17850.0,2026-01-05,10.50\n"
                           "2,17850,2026-02-01,4.00\n"
                           "3,12000,2026-03-09,99.99\n";
  std::ofstream(bad) << "order_id,customer_id,order_date,amount\n"
                        "10,5,2026-01-05,1.00\n"
                        "11,5,2026-01-06,-2.00\n";
  std::ofstream(retail)
      << "InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country\n"
         "536365,85123A,WHITE HANGING HEART,6,12/1/2025 8:26,2.55,17850.0,United Kingdom\n"
         "536365,71053,WHITE METAL LANTERN,2,12/1/2025 8:26,3.39,17850.0,United Kingdom\n"
         "A563185,B,Adjust bad debt,1,8/12/2025 14:50,11062.06,12001,United Kingdom\n"
         "C536379,D,Discount,-1,12/1/2025 9:41,27.5,14527.0,United Kingdom\n";
  std::ofstream(summary) << "CUSTOMER_ID,EMAIL_ID,FIRST_NAME,LAST_NAME,OCCUPATION,AGE,TOTAL_ORDERS,"
                            "REVENUE,FIRST_ORDER_DATE,LATEST_ORDER_DATE\n"
                            "40,ann@example.com,Ann,Lee,Nurse,34,3,120.00,05-01-2024,20-03-2024\n";
  const Outcome imported = same_on_both({"import", "--format", "orders", orders});
  ASSERT_EQ(imported.exit_code, 0) << imported.err;
  const auto before = counts(sqlite_);
  const Outcome refused = same_on_both({"import", "--format", "orders", bad});
  EXPECT_EQ(refused.exit_code, 1);
  EXPECT_NE(refused.err.find("line 3"), std::string::npos) << refused.err;
  EXPECT_EQ(counts(pg_.url()), before);  // nothing of the bad file landed
  EXPECT_EQ(same_on_both({"import", "--format", "online-retail", retail}).exit_code, 0);
  EXPECT_EQ(same_on_both({"import", "--format", "customer-summary", summary}).exit_code, 0);
  // The duplicate order id of an existing order is refused the same way on both.
  EXPECT_EQ(same_on_both({"import", "--format", "orders", orders}).exit_code, 1);
  EXPECT_EQ(counts(pg_.url()), counts(sqlite_));
  EXPECT_EQ(same_on_both({"report", "rfm", "--as-of", kAsOf, "--format", "csv"}).exit_code, 0);
}

// analytics_database (--analytics-db, CARTWISE_ANALYTICS_DATABASE): reports, exports, the offer
// plan's candidates, snapshots' reads and serve's /api/v1/analytics/... read the shop there,
// while coupons and snapshot rows are written to --db, never there. Two shops of different sizes
// show which database was read: a command given both answers as the analytics shop alone does.
// The analytics shop is the smaller one, so that its customers exist in the primary too (the
// coupons and snapshot rows written there refer to them), as on a lagging replica.
TEST_F(PostgresCli, AnalyticsDatabaseServesEveryReadAndTakesNoWrite) {
  testing::PostgresDatabase replica;
  const std::string small = dir_.file("small"), big = dir_.file("big");
  ASSERT_EQ(
      run({"generate", "--format", "cartify", "--out", small, "--customers", "30", "--seed", "5"})
          .exit_code,
      0);
  ASSERT_EQ(
      run({"generate", "--format", "cartify", "--out", big, "--customers", "70", "--seed", "6"})
          .exit_code,
      0);
  const std::string copy = dir_.file("analytics-copy.db");
  for (const auto& [location, folder] :
       {std::pair{pg_.url(), big}, {replica.url(), small}, {sqlite_, big}, {copy, small}}) {
    const Outcome imported = run({"import", "--format", "cartify", folder, "--db", location});
    ASSERT_EQ(imported.exit_code, 0) << imported.err;
  }
  auto report = [&](const std::string& name, std::vector<std::string> extra) {
    std::vector<std::string> args = {"report", name, "--as-of", kAsOf, "--format", "json"};
    args.insert(args.end(), extra.begin(), extra.end());
    const Outcome o = run(args);
    EXPECT_EQ(o.exit_code, 0) << name << ": " << o.err;
    return o.out;
  };
  for (const char* name : {"rfm", "clv", "abandonment"}) {
    const std::string analytics_alone = report(name, {"--db", replica.url()});
    EXPECT_NE(report(name, {"--db", pg_.url()}), analytics_alone) << name;
    EXPECT_EQ(report(name, {"--db", pg_.url(), "--analytics-db", replica.url()}), analytics_alone)
        << name;
  }
  // The environment variable, and SQLite files: an analytics copy of a SQLite shop.
  const Outcome by_env = testing::run_cartwise(
      CARTWISE_BINARY, {"report", "rfm", "--as-of", kAsOf, "--format", "json", "--db", sqlite_},
      dir_.path().string(), {"CARTWISE_ANALYTICS_DATABASE=" + copy});
  EXPECT_EQ(by_env.exit_code, 0) << by_env.err;
  EXPECT_EQ(by_env.out, report("rfm", {"--db", copy}));
  EXPECT_NE(by_env.out, report("rfm", {"--db", sqlite_}));
  const Outcome segment = run({"export", "segment", "hibernating", "--as-of", kAsOf, "--db",
                               sqlite_, "--analytics-db", copy});
  EXPECT_EQ(segment.out,
            run({"export", "segment", "hibernating", "--as-of", kAsOf, "--db", copy}).out);

  // Writes: the coupons of the plan and the snapshot go to --db.
  const std::int64_t primary_coupons = counts(pg_.url()).at("coupons"),
                     replica_coupons = counts(replica.url()).at("coupons");
  const Outcome plan =
      run({"offers", "plan", "--budget", "500.00", "--as-of", kAsOf, "--create-coupons",
           "--campaign", "Win back", "--db", pg_.url(), "--analytics-db", replica.url()});
  ASSERT_EQ(plan.exit_code, 0) << plan.err;
  EXPECT_GT(counts(pg_.url()).at("coupons"), primary_coupons) << plan.err;
  EXPECT_EQ(counts(replica.url()).at("coupons"), replica_coupons);
  const Outcome taken = run(
      {"snapshot", "take", "--as-of", kAsOf, "--db", pg_.url(), "--analytics-db", replica.url()});
  ASSERT_EQ(taken.exit_code, 0) << taken.err;
  auto snapshots = [](const std::string& location) {
    return db::connect({location})->scalar("SELECT count(*) FROM snapshots").value_or(-1);
  };
  EXPECT_EQ(snapshots(pg_.url()), 1);
  EXPECT_EQ(snapshots(replica.url()), 0);
  // The same line as a snapshot taken on the analytics shop itself (there, at the end).
  EXPECT_EQ(taken.out, run({"snapshot", "take", "--as-of", kAsOf, "--db", replica.url()}).out);

  // The analytics database is opened read-only and not migrated: a missing file is not created,
  // and an empty one (no Cartwise schema) is refused naming its version.
  const std::string missing = dir_.file("missing.db"), empty = dir_.file("empty.db");
  const Outcome not_there = run({"report", "rfm", "--db", sqlite_, "--analytics-db", missing});
  EXPECT_EQ(not_there.exit_code, 1);
  EXPECT_NE(not_there.err.find("cannot open database " + missing), std::string::npos)
      << not_there.err;
  EXPECT_FALSE(std::filesystem::exists(missing));
  std::ofstream{empty};
  const Outcome refused = run({"report", "rfm", "--db", sqlite_, "--analytics-db", empty});
  EXPECT_EQ(refused.exit_code, 1);
  EXPECT_NE(refused.err.find("is at schema version 0"), std::string::npos) << refused.err;

  // serve: the analytics endpoint answers from the replica, as the CLI's JSON does.
  ASSERT_EQ(run({"user", "add", "--db", pg_.url(), "--username", "analyst", "--password",
                 "long-enough-pass", "--role", "analyst"})
                .exit_code,
            0);
  testing::ServeProcess server(CARTWISE_BINARY, pg_.url(), dir_.file("serve.log"),
                               {"CARTWISE_ANALYTICS_DATABASE=" + replica.url()});
  ASSERT_NE(server.port(), 0) << testing::read_file(dir_.file("serve.log"));
  const auto session = testing::http(server.port(), "POST", "/api/v1/sessions",
                                     R"({"username":"analyst","password":"long-enough-pass"})");
  ASSERT_EQ(session.status, 200) << session.body;
  const auto rfm =
      testing::http(server.port(), "GET", "/api/v1/analytics/rfm?as_of=" + std::string(kAsOf), "",
                    testing::member(session.body, "token"));
  EXPECT_EQ(rfm.status, 200) << rfm.body;
  std::string expected = report("rfm", {"--db", replica.url()});
  while (!expected.empty() && expected.back() == '\n') expected.pop_back();
  std::string body = rfm.body;
  while (!body.empty() && body.back() == '\n') body.pop_back();
  EXPECT_EQ(body, expected);
}

}  // namespace
}  // namespace cw::cli
