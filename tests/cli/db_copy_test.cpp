// `cartwise db copy` (the real binary) from a generated SQLite shop into a fresh PostgreSQL
// database of the test cluster: every table arrives whole with its ids, every report reads the
// same on both databases, new rows get new ids; a target that holds data is refused untouched,
// and a row the target refuses half-way through leaves it as empty as it was.
#include <gtest/gtest.h>

#include <map>
#include <string>
#include <vector>

#include "db/database.hpp"
#include "reports/reports.hpp"
#include "support/cartwise_process.hpp"
#include "support/temp_dir.hpp"

namespace cw::cli {
namespace {

using testing::Outcome;

// A table name -> its row count.
using Counts = std::map<std::string, std::int64_t>;

class DbCopy : public ::testing::Test {
 protected:
  testing::TempDir dir_;
  testing::PostgresDatabase target_;
  std::string source_ = dir_.file("shop.db");

  Outcome run(const std::vector<std::string>& args) {
    return testing::run_cartwise(CARTWISE_BINARY, args, dir_.path().string());
  }

  Outcome copy() { return run({"db", "copy", "--from", source_, "--to", target_.url()}); }

  void generate_source() {
    const Outcome generated =
        run({"generate", "--db", source_, "--customers", "120", "--seed", "11"});
    ASSERT_EQ(generated.exit_code, 0) << generated.err;
  }

  // Every table of the shop (the source's schema, without the migrations bookkeeping).
  std::vector<std::string> tables() {
    auto c = db::connect({source_});
    std::vector<std::string> names;
    for (auto rows = c->query(
             "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' "
             "ESCAPE '\\' AND name <> 'schema_migrations' ORDER BY name");
         rows.next();)
      names.push_back(rows.text(0));
    return names;
  }

  static Counts counts(const std::string& location, const std::vector<std::string>& tables) {
    auto c = db::connect({location});
    Counts counts;
    for (const auto& table : tables)
      counts[table] = c->scalar("SELECT COUNT(*) FROM \"" + table + "\"").value_or(-1);
    return counts;
  }
};

TEST_F(DbCopy, GeneratedShopArrivesWholeAndEveryReportReadsTheSameOnBothDatabases) {
  generate_source();
  const auto names = tables();
  ASSERT_GT(names.size(), 20u);

  const Outcome copied = copy();
  ASSERT_EQ(copied.exit_code, 0) << copied.err;
  const Counts source = counts(source_, names);
  EXPECT_EQ(counts(target_.url(), names), source);
  EXPECT_GT(source.at("customers"), 100);
  EXPECT_GT(source.at("order_lines"), source.at("orders"));
  EXPECT_NE(copied.out.find("customers: " + std::to_string(source.at("customers")) + " rows\n"),
            std::string::npos)
      << copied.out;
  EXPECT_NE(copied.out.find("copied "), std::string::npos) << copied.out;

  // Ids kept: the same customer under the same id on both sides.
  const std::string ninth = "SELECT email FROM customers ORDER BY id LIMIT 1 OFFSET 9";
  auto pg = db::connect({target_.url()});
  auto sqlite = db::connect({source_});
  {
    auto a = pg->query(ninth);
    auto b = sqlite->query(ninth);
    ASSERT_TRUE(a.next());
    ASSERT_TRUE(b.next());
    EXPECT_EQ(a.text(0), b.text(0));
  }
  // The id sequences are past the copied ids: a new row takes the next one.
  const auto top_order = *sqlite->scalar("SELECT MAX(id) FROM orders");
  const auto top_customer = *sqlite->scalar("SELECT MAX(id) FROM customers");
  EXPECT_EQ(pg->scalar("SELECT nextval(pg_get_serial_sequence('orders', 'id'))"), top_order + 1);
  EXPECT_EQ(pg->scalar("INSERT INTO customers (email, first_name, last_name, created_at) "
                       "VALUES ('new@example.com', 'New', 'Customer', 0) RETURNING id"),
            top_customer + 1);
  pg->exec("DELETE FROM customers WHERE email = 'new@example.com'");

  // Every report kind, the same date, both databases: the same output (and the same refusal
  // where the small shop cannot feed one).
  int answered = 0;
  for (const auto& report : reports::report_names()) {
    const std::vector<std::string> args = {"report",     report,     "--as-of",
                                           "2026-06-30", "--format", "csv"};
    auto on = [&](const std::string& location) {
      auto with_db = args;
      with_db.insert(with_db.end(), {"--db", location});
      return run(with_db);
    };
    const Outcome a = on(source_), b = on(target_.url());
    EXPECT_EQ(b.exit_code, a.exit_code) << report << ": " << b.err;
    EXPECT_EQ(b.out, a.out) << report;
    EXPECT_EQ(b.err, a.err) << report;
    answered += a.exit_code == 0 && !a.out.empty() ? 1 : 0;
  }
  EXPECT_GE(answered, static_cast<int>(reports::report_names().size()) - 2);
}

TEST_F(DbCopy, IntoATargetHoldingDataIsRefusedAndChangesNothing) {
  generate_source();
  const auto names = tables();
  ASSERT_EQ(run({"db", "migrate", "--db", target_.url()}).exit_code, 0);
  auto pg = db::connect({target_.url()});
  pg->exec("INSERT INTO categories (name) VALUES ('Already here')");
  const Counts before = counts(target_.url(), names);

  const Outcome refused = copy();
  EXPECT_EQ(refused.exit_code, 1);
  EXPECT_EQ(refused.err,
            "cartwise: the target database already holds shop data (in categories); db copy only "
            "fills an empty database\n");
  EXPECT_EQ(refused.out, "");
  EXPECT_EQ(counts(target_.url(), names), before);
  EXPECT_EQ(before.at("categories"), 1);
  EXPECT_EQ(before.at("customers"), 0);
}

TEST_F(DbCopy, ARowTheTargetRefusesHalfWayLeavesItEmpty) {
  generate_source();
  const auto names = tables();
  ASSERT_EQ(run({"db", "migrate", "--db", target_.url()}).exit_code, 0);
  auto pg = db::connect({target_.url()});
  // A rule only the target has, broken by one of the last rows copied: order lines come after
  // the catalogue, the customers and the orders.
  const auto line_order = db::connect({source_})->scalar("SELECT MAX(order_id) FROM order_lines");
  pg->execute_script("ALTER TABLE order_lines ADD CONSTRAINT planted_for_test CHECK (order_id <> " +
                     std::to_string(*line_order) + ")");
  const auto catalog_version = pg->scalar("SELECT version FROM catalog_version");

  const Outcome failed = copy();
  EXPECT_EQ(failed.exit_code, 1);
  EXPECT_NE(failed.err.find("planted_for_test"), std::string::npos) << failed.err;
  EXPECT_NE(failed.out.find("customers: "), std::string::npos) << "customers came first";
  Counts empty;
  for (const auto& table : names) empty[table] = 0;
  // The migrations' counters keep their one row each.
  empty["catalog_version"] = 1;
  empty["reports_data_version"] = 1;
  EXPECT_EQ(counts(target_.url(), names), empty);
  EXPECT_EQ(pg->scalar("SELECT version FROM catalog_version"), catalog_version);

  // Without the planted rule the same copy goes through.
  pg->execute_script("ALTER TABLE order_lines DROP CONSTRAINT planted_for_test");
  const Outcome copied = copy();
  EXPECT_EQ(copied.exit_code, 0) << copied.err;
  EXPECT_EQ(counts(target_.url(), names), counts(source_, names));
}

TEST_F(DbCopy, RefusesASourceAtAnotherSchemaVersionAndATargetThatIsNotPostgres) {
  generate_source();
  db::connect({source_})->exec(
      "DELETE FROM schema_migrations WHERE version = (SELECT MAX(version) FROM schema_migrations)");
  const Outcome old = copy();
  EXPECT_EQ(old.exit_code, 1);
  EXPECT_NE(old.err.find("run `cartwise db migrate --db " + source_ + "` first"), std::string::npos)
      << old.err;
  EXPECT_EQ(db::connect({target_.url()})->scalar("SELECT COUNT(*) FROM customers"), 0);

  const Outcome to_file = run({"db", "copy", "--from", source_, "--to", dir_.file("other.db")});
  EXPECT_EQ(to_file.exit_code, 1);
  EXPECT_NE(to_file.err.find("--to a postgresql:// URL"), std::string::npos) << to_file.err;
}

}  // namespace
}  // namespace cw::cli
