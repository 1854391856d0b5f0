// `cartwise offers plan` through the real binary, on a SQLite file and on PostgreSQL: CSV on stdout
// or in a file, the same plan on a re-run, coupons created in the database, and the exit codes of
// bad input.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <cstdlib>
#include <fstream>
#include <sstream>

#include "db/database.hpp"
#include "shop_fixture.hpp"
#include "support/temp_dir.hpp"

namespace cw::offers {
namespace {

struct Outcome {
  int exit_code = -1;
  std::string out, err;
};

std::string read_all(const std::string& path) {
  std::ifstream in(path);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

class OffersCli : public ::testing::TestWithParam<cw::testing::Backend> {
 protected:
  void SetUp() override { test::build_shop(*database); }

  // Arguments are plain words here (no quoting needed).
  Outcome run(const std::string& args) {
    const std::string out = dir.file("stdout"), err = dir.file("stderr");
    const std::string command = "env -i PATH=/usr/bin:/bin " + std::string(CARTWISE_BINARY) +
                                " offers plan --db '" + path + "' --as-of 2025-12-31 " + args +
                                " >" + out + " 2>" + err + " </dev/null";
    const int status = std::system(command.c_str());
    return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, read_all(out), read_all(err)};
  }

  std::int64_t scalar(const std::string& sql) {
    return database->lease()->scalar(sql).value_or(-1);
  }

  cw::testing::TempDir dir;
  cw::testing::TestDatabase database;
  std::string path = database.location();  // a file, or a libpq URL (quoted for the shell)
};

int lines_in(const std::string& text) {
  return static_cast<int>(std::count(text.begin(), text.end(), '\n'));
}

TEST_P(OffersCli, PrintsThePlanAsCsvAndTheSamePlanAgain) {
  const Outcome first = run("--budget 50.00");
  ASSERT_EQ(first.exit_code, 0) << first.err;
  EXPECT_EQ(first.out.substr(0, first.out.find('\n')),
            "customer_id,email,segment,p_alive,clv,value_at_risk,percent_off,expected_cost");
  EXPECT_GT(lines_in(first.out), 1);
  EXPECT_NE(first.err.find("offers plan: "), std::string::npos);
  const Outcome second = run("--budget 50.00");
  EXPECT_EQ(second.out, first.out);
  // A smaller ladder and a stricter threshold give a different, still valid plan.
  const Outcome other = run("--budget 50.00 --ladder 10,30 --alive-threshold 0.5");
  ASSERT_EQ(other.exit_code, 0) << other.err;
  EXPECT_NE(other.out, first.out);
  // A lower margin lowers every CLV, so the plan changes too.
  const Outcome thin = run("--budget 50.00 --margin 0.2 --horizon 26");
  ASSERT_EQ(thin.exit_code, 0) << thin.err;
  EXPECT_NE(thin.out, first.out);
  EXPECT_EQ(scalar("SELECT count(*) FROM coupons"), 0);
}

TEST_P(OffersCli, CreatesCouponsAndWritesTheirCsv) {
  const std::string file = dir.file("coupons.csv");
  const Outcome plan = run("--budget 20.00");
  const Outcome made =
      run("--budget 20.00 --create-coupons --campaign Winback --valid-days 7 "
          "--output " +
          file);
  ASSERT_EQ(made.exit_code, 0) << made.err;
  EXPECT_EQ(made.out, "");
  const std::string csv = read_all(file);
  EXPECT_EQ(csv.substr(0, csv.find('\n')), "customer_id,email,code,percent_off,valid_until");
  const int offers = lines_in(plan.out) - 1;
  ASSERT_GT(offers, 0);
  EXPECT_EQ(lines_in(csv) - 1, offers);
  EXPECT_EQ(scalar("SELECT count(*) FROM coupons WHERE customer_id IS NOT NULL AND max_uses = 1 "
                   "AND campaign_id = (SELECT id FROM campaigns WHERE name = 'Winback')"),
            offers);
  // Run again: the customers keep their coupons, none is added.
  ASSERT_EQ(run("--budget 20.00 --create-coupons --campaign Winback").exit_code, 0);
  EXPECT_EQ(scalar("SELECT count(*) FROM coupons"), offers);
}

TEST_P(OffersCli, BadInputIsAnErrorOrAUsageError) {
  EXPECT_EQ(run("--budget -5").exit_code, 1);
  EXPECT_EQ(run("--budget 10 --ladder 10,5").exit_code, 1);
  const Outcome segment = run("--budget 10 --segment sleepy");
  EXPECT_EQ(segment.exit_code, 1);
  EXPECT_NE(segment.err.find("unknown_segment"), std::string::npos) << segment.err;
  const Outcome margin = run("--budget 10 --margin 1.5");
  EXPECT_EQ(margin.exit_code, 1);
  EXPECT_NE(margin.err.find("margin"), std::string::npos) << margin.err;
  EXPECT_EQ(run("--budget 10 --time-unit month").exit_code, 1);
  EXPECT_EQ(run("").exit_code, 2);                              // --budget is required
  EXPECT_EQ(run("--budget 10 --create-coupons").exit_code, 2);  // needs --campaign
  EXPECT_EQ(run("--budget 10 --campaign X").exit_code, 2);      // needs --create-coupons
  EXPECT_EQ(scalar("SELECT count(*) FROM coupons"), 0);
}

INSTANTIATE_TEST_SUITE_P(Db, OffersCli, cw::testing::kBothBackends, cw::testing::backend_name);

}  // namespace
}  // namespace cw::offers
