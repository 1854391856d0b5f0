// Black-box tests of the real cartwise binary: exit codes, one-line errors, generate, db,
// user add, configuration precedence, and serve on an ephemeral port answering /healthz.
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <set>
#include <sstream>

#include "db/database.hpp"
#include "support/cartwise_process.hpp"
#include "support/temp_dir.hpp"

namespace cw::cli {
namespace {

using testing::Outcome;
using testing::read_file;

int lines_in(const std::string& text) {
  return static_cast<int>(std::count(text.begin(), text.end(), '\n'));
}

class Cli : public ::testing::Test {
 protected:
  // Runs the binary with `env` (NAME=value ...) added to a scrubbed environment.
  Outcome run(const std::vector<std::string>& args, const std::vector<std::string>& env = {}) {
    return testing::run_cartwise(CARTWISE_BINARY, args, dir_.path().string(), env);
  }
  std::string db_path(const std::string& name) const { return dir_.file(name); }
  std::int64_t count(const std::string& db_file, const std::string& sql) {
    auto db = db::Database::open({db_file, Durability::kOff, 5000});
    return db->lease()->scalar(sql).value_or(-1);
  }

  testing::TempDir dir_;
};

// Commands that work on a database, on both kinds: `database(name)` is a file path in the test's
// directory (not yet created) or the libpq URL of a fresh, migrated PostgreSQL database.
class CliOnDb : public Cli, public ::testing::WithParamInterface<testing::Backend> {
 protected:
  std::string database(const std::string& name) {
    if (GetParam() == testing::Backend::kSqlite) return db_path(name);
    return postgres_.emplace_back(std::make_unique<testing::PostgresDatabase>())->url();
  }

 private:
  std::vector<std::unique_ptr<testing::PostgresDatabase>> postgres_;
};
INSTANTIATE_TEST_SUITE_P(Db, CliOnDb, testing::kBothBackends, testing::backend_name);

TEST_F(Cli, HelpListsTheCommandsAndExitsZero) {
  const Outcome help = run({"--help"});
  EXPECT_EQ(help.exit_code, 0);
  for (const char* command : {"serve", "demo", "generate", "db", "user", "--config"})
    EXPECT_NE(help.out.find(command), std::string::npos) << command;
  const Outcome generate_help = run({"generate", "--help"});
  EXPECT_EQ(generate_help.exit_code, 0);
  EXPECT_NE(generate_help.out.find("--orders-per-customer"), std::string::npos);
  const Outcome rebuild_help = run({"db", "rebuild-facts", "--help"});
  EXPECT_EQ(rebuild_help.exit_code, 0);
  EXPECT_NE(rebuild_help.out.find("--db"), std::string::npos);
  const Outcome user_help = run({"user", "add", "--help"});
  EXPECT_EQ(user_help.exit_code, 0);
  EXPECT_NE(user_help.out.find("--role"), std::string::npos);
}

TEST_F(Cli, UsageErrorsExitTwoWithOneLine) {
  const Outcome unknown = run({"frobnicate"});
  EXPECT_EQ(unknown.exit_code, 2);
  EXPECT_NE(unknown.err.find("frobnicate"), std::string::npos);
  EXPECT_EQ(lines_in(unknown.err), 1) << unknown.err;
  const Outcome missing = run({"generate", "--db", db_path("x.db")});
  EXPECT_EQ(missing.exit_code, 2);
  EXPECT_NE(missing.err.find("--customers"), std::string::npos);
  const Outcome bad_port = run({"serve", "--port", "70000"});
  EXPECT_EQ(bad_port.exit_code, 2);
  const Outcome nothing = run({});
  EXPECT_EQ(nothing.exit_code, 2);
  EXPECT_FALSE(std::filesystem::exists(db_path("x.db")));
}

TEST_P(CliOnDb, GenerateThenRebuildFactsPrintsTheCount) {
  const std::string db = database("shop.db");
  const Outcome generated = run(
      {"generate", "--db", db, "--customers", "60", "--seed", "5", "--orders-per-customer", "3"});
  ASSERT_EQ(generated.exit_code, 0) << generated.err;
  EXPECT_EQ(generated.err, "");  // no progress display when stderr is not a terminal
  EXPECT_NE(generated.out.find("customers  60\n"), std::string::npos) << generated.out;
  EXPECT_NE(generated.out.find("orders/s"), std::string::npos);
  const std::int64_t orders = count(db, "SELECT COUNT(*) FROM orders");
  EXPECT_NE(generated.out.find("orders     " + std::to_string(orders) + " "), std::string::npos)
      << generated.out;

  const std::int64_t facts = count(db, "SELECT COUNT(*) FROM customer_facts");
  EXPECT_GT(facts, 20);
  const Outcome rebuilt = run({"db", "rebuild-facts", "--db", db});
  ASSERT_EQ(rebuilt.exit_code, 0) << rebuilt.err;
  EXPECT_EQ(rebuilt.out, "rebuilt facts for " + std::to_string(facts) + " customers\n");

  const Outcome again = run({"generate", "--db", db, "--customers", "5"});
  EXPECT_EQ(again.exit_code, 1);
  EXPECT_NE(again.err.find("already has products"), std::string::npos) << again.err;
  EXPECT_EQ(lines_in(again.err), 1);
  EXPECT_EQ(count(db, "SELECT COUNT(*) FROM customers"), 60);
}

TEST_P(CliOnDb, UserAddCreatesAStaffLoginOnce) {
  const std::string db = database("staff.db");
  const std::vector<std::string> add = {"user",       "add",      "--db",       db,
                                        "--username", "Picker",   "--password", "long-enough-pass",
                                        "--role",     "warehouse"};
  const Outcome first = run(add);
  ASSERT_EQ(first.exit_code, 0) << first.err;
  EXPECT_NE(first.out.find("created warehouse login"), std::string::npos);
  EXPECT_EQ(count(db,
                  "SELECT COUNT(*) FROM accounts WHERE username = 'picker'"
                  " AND role = 'warehouse' AND customer_id IS NULL"),
            1);
  const Outcome second = run(add);
  EXPECT_EQ(second.exit_code, 1);
  EXPECT_NE(second.err.find("username_taken"), std::string::npos) << second.err;
  EXPECT_EQ(lines_in(second.err), 1);
  const Outcome weak = run(
      {"user", "add", "--db", db, "--username", "boss", "--password", "short", "--role", "admin"});
  EXPECT_EQ(weak.exit_code, 1);
  EXPECT_NE(weak.err.find("weak_password"), std::string::npos) << weak.err;
  const Outcome bad_role = run({"user", "add", "--db", db, "--username", "boss", "--password",
                                "long-enough-pass", "--role", "customer"});
  EXPECT_EQ(bad_role.exit_code, 2);
  EXPECT_EQ(count(db, "SELECT COUNT(*) FROM accounts"), 1);
}

// SQLite only, like the precedence test below: both are about file paths (a directory that does
// not exist, which file a setting chose), not about what a database does.
TEST_F(Cli, UnopenableDatabaseGivesOneLineAndExitOne) {
  const Outcome bad = run({"db", "migrate", "--db", "/nonexistent-dir/sub/shop.db"});
  EXPECT_EQ(bad.exit_code, 1);
  EXPECT_EQ(lines_in(bad.err), 1) << bad.err;
  EXPECT_EQ(bad.err.rfind("cartwise: ", 0), 0u) << bad.err;
  EXPECT_NE(bad.err.find("/nonexistent-dir/sub/shop.db"), std::string::npos);
}

TEST_F(Cli, FlagBeatsEnvironmentBeatsFileBeatsDefault) {
  const std::string from_file = db_path("file.db"), from_env = db_path("env.db"),
                    from_flag = db_path("flag.db");
  const std::string config = dir_.file("cartwise.toml");
  std::ofstream(config) << "database = \"" << from_file << "\"\n";

  const Outcome file_only = run({"db", "migrate", "--config", config});
  ASSERT_EQ(file_only.exit_code, 0) << file_only.err;
  EXPECT_NE(file_only.out.find(from_file), std::string::npos);
  EXPECT_TRUE(std::filesystem::exists(from_file));

  const std::string env = "CARTWISE_DATABASE=" + from_env;
  const Outcome env_over_file = run({"--config", config, "db", "migrate"}, {env});
  ASSERT_EQ(env_over_file.exit_code, 0) << env_over_file.err;
  EXPECT_NE(env_over_file.out.find(from_env), std::string::npos);
  EXPECT_TRUE(std::filesystem::exists(from_env));

  const Outcome flag_over_env =
      run({"db", "migrate", "--config", config, "--db", from_flag}, {env});
  ASSERT_EQ(flag_over_env.exit_code, 0) << flag_over_env.err;
  EXPECT_NE(flag_over_env.out.find(from_flag), std::string::npos);
  EXPECT_TRUE(std::filesystem::exists(from_flag));

  const Outcome bad_env = run({"db", "migrate", "--db", from_flag}, {"CARTWISE_DURABILITY=maybe"});
  EXPECT_EQ(bad_env.exit_code, 1);
  EXPECT_NE(bad_env.err.find("durability"), std::string::npos);
  EXPECT_EQ(lines_in(bad_env.err), 1);

  const Outcome missing_file = run({"db", "migrate", "--config", dir_.file("none.toml")});
  EXPECT_EQ(missing_file.exit_code, 2);
}

// Starts `cartwise serve --port 0`, reads the URL it prints, asks /healthz, sees the start-up
// snapshot, stops it with SIGTERM.
TEST_P(CliOnDb, ServeOnAnEphemeralPortAnswersHealthzAndStopsOnSigterm) {
  const std::string db = database("serve.db");
  int out[2];
  ASSERT_EQ(pipe(out), 0);
  const pid_t pid = fork();
  ASSERT_GE(pid, 0);
  if (pid == 0) {
    dup2(out[1], STDOUT_FILENO);
    close(out[0]);
    close(out[1]);
    execl(CARTWISE_BINARY, CARTWISE_BINARY, "serve", "--db", db.c_str(), "--port", "0",
          static_cast<char*>(nullptr));
    _exit(127);
  }
  close(out[1]);
  FILE* output = fdopen(out[0], "r");
  std::string printed;
  int port = 0;
  char buffer[512];
  const std::string url = "http://127.0.0.1:";
  while (port == 0 && std::fgets(buffer, sizeof buffer, output)) {
    printed += buffer;
    const std::string line(buffer);
    if (const auto at = line.find(url); at != std::string::npos)
      port = std::atoi(line.c_str() + at + url.size());
  }
  ASSERT_GT(port, 0) << printed;

  const int sock = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(static_cast<std::uint16_t>(port));
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ASSERT_EQ(connect(sock, reinterpret_cast<sockaddr*>(&address), sizeof address), 0);
  const std::string request =
      "GET /healthz HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n";
  ASSERT_EQ(write(sock, request.data(), request.size()), static_cast<ssize_t>(request.size()));
  std::string response;
  for (ssize_t n; (n = read(sock, buffer, sizeof buffer)) > 0;)
    response.append(buffer, static_cast<std::size_t>(n));
  close(sock);
  EXPECT_EQ(response.rfind("HTTP/1.1 200", 0), 0u) << response;

  // The snapshot schedule takes one at start-up in the background (an empty one here); wait for
  // it however slow the machine, then stop.
  std::int64_t snapshots = 0;
  for (int i = 0; i < 600 && snapshots == 0; ++i) {
    snapshots = db::Database::open({db, Durability::kOff, 5000})
                    ->lease()
                    ->scalar("SELECT count(*) FROM snapshots")
                    .value_or(0);
    if (snapshots == 0) usleep(100'000);
  }
  EXPECT_EQ(snapshots, 1);

  ASSERT_EQ(kill(pid, SIGTERM), 0);
  int status = 0;
  ASSERT_EQ(waitpid(pid, &status, 0), pid);
  fclose(output);
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 0);
}

}  // namespace
}  // namespace cw::cli

namespace cw::cli {
namespace {

class CliImport : public CliOnDb {};
INSTANTIATE_TEST_SUITE_P(Db, CliImport, testing::kBothBackends, testing::backend_name);

TEST_P(CliImport, ImportsAnOrdersLogAllOrNothing) {
  const std::string db = database("import.db");
  const std::string good = dir_.file("orders.csv");
  std::ofstream(good) << "order_id,customer_id,order_date,amount\n"
                         "1,17850.0,2026-01-05,10.50\n"
                         "2,17850,2026-02-01,4.00\n"
                         "3,12000,2026-03-09,99.99\n";
  const Outcome ok = run({"import", "--db", db, "--format", "orders", good});
  ASSERT_EQ(ok.exit_code, 0) << ok.err;
  EXPECT_NE(ok.out.find("3 rows read"), std::string::npos) << ok.out;
  EXPECT_EQ(count(db, "SELECT COUNT(*) FROM orders"), 3);
  EXPECT_EQ(count(db, "SELECT revenue FROM customer_facts WHERE customer_id = 17850"), 1450);

  const std::string bad = dir_.file("bad.csv");
  std::ofstream(bad) << "order_id,customer_id,order_date,amount\n"
                        "10,5,2026-01-05,1.00\n"
                        "11,5,2026-01-06,-2.00\n";
  const Outcome refused = run({"import", "--db", db, "--format", "orders", bad});
  EXPECT_EQ(refused.exit_code, 1);
  EXPECT_NE(refused.err.find("line 3"), std::string::npos) << refused.err;
  EXPECT_EQ(lines_in(refused.err), 1) << refused.err;
  EXPECT_EQ(count(db, "SELECT COUNT(*) FROM orders"), 3);  // nothing of the bad file landed

  const Outcome unknown = run({"import", "--db", db, "--format", "xml", good});
  EXPECT_EQ(unknown.exit_code, 1);
  EXPECT_NE(unknown.err.find("unknown_import_format"), std::string::npos) << unknown.err;
}

// The 15 files of the layout with their header rows (issue 14; docs/import-formats.md).
const std::vector<std::pair<std::string, std::string>> kCartifyFiles = {
    {"country.csv", "country_id;name"},
    {"region.csv", "region_id;region"},
    {"cities.csv", "city_id;city;region_id"},
    {"customers.csv",
     "customer_id;first_name;last_name;gender;date_of_birth;email;phone_number;address;city_id;"
     "postcode;country_id"},
    {"category_data.csv", "category_id;category_name"},
    {"product_data.csv", "product_id;product_name;selling_price;category_id;cost_price;stock"},
    {"orders.csv", "order_id;customer_id;order_date;discount_id;amount"},
    {"orders_details.csv", "order_id;product_id;quantity"},
    {"discount_types.csv", "discount_type_id;type_of_discount"},
    {"discount.csv", "discount_id;campaign_id;discount_type_id;coupon_code"},
    {"marketing_campaigns.csv", "campaign_id;city_id;campaign_type_id;start_date;end_date;cost"},
    {"campaign_type.csv", "campaign_type_id;platform"},
    {"campaign_engagement.csv", "campaign_id;click_rate;reach"},
    {"website_activity.csv",
     "activity_id;category_id;date;time;customer_id;time_spent;order_placed"},
    {"products_review.csv", "review_id;customer_id;product_id;rating;date"},
};

// The rows of a `;` file after its header, as their fields.
std::vector<std::vector<std::string>> data_rows(const std::string& path) {
  std::ifstream in(path);
  std::vector<std::vector<std::string>> rows;
  std::string line;
  std::getline(in, line);
  while (std::getline(in, line)) {
    std::vector<std::string> fields;
    std::stringstream s(line);
    for (std::string f; std::getline(s, f, ';');) fields.push_back(f);
    rows.push_back(fields);
  }
  return rows;
}

TEST_P(CliImport, GeneratedCartifyFolderImportsAndReportsItsOwnCounts) {
  const std::string out = dir_.file("cartify");
  const Outcome generated =
      run({"generate", "--format", "cartify", "--out", out, "--customers", "40", "--seed", "3"});
  ASSERT_EQ(generated.exit_code, 0) << generated.err;
  EXPECT_NE(generated.out.find("customers  40\n"), std::string::npos) << generated.out;
  for (const auto& [name, header] : kCartifyFiles) {
    std::ifstream in(out + "/" + name);
    ASSERT_TRUE(in.good()) << name;
    std::string first;
    std::getline(in, first);
    if (first.starts_with("\xEF\xBB\xBF")) first.erase(0, 3);
    EXPECT_EQ(first, header) << name;
  }
  const auto customers = data_rows(out + "/customers.csv");
  const auto orders = data_rows(out + "/orders.csv");
  std::set<std::string> ordering;
  for (const auto& order : orders) ordering.insert(order.at(1));
  ASSERT_EQ(customers.size(), 40u);
  ASSERT_FALSE(orders.empty());

  const std::string db = database("cartify.db");
  const Outcome imported = run({"import", "--db", db, "--format", "cartify", out});
  ASSERT_EQ(imported.exit_code, 0) << imported.err;
  EXPECT_EQ(count(db, "SELECT COUNT(*) FROM orders"), static_cast<std::int64_t>(orders.size()));
  EXPECT_EQ(count(db, "SELECT COUNT(*) FROM order_lines"),
            static_cast<std::int64_t>(data_rows(out + "/orders_details.csv").size()));

  const Outcome overview =
      run({"report", "overview", "--db", db, "--format", "csv", "--as-of", "2099-12-31"});
  ASSERT_EQ(overview.exit_code, 0) << overview.err;
  const std::string expected_start =
      "registered_customers,ordering_customers,orders,orders_per_ordering_customer,"
      "repeat_customers,repeat_rate,repeat_rate_registered,revenue,aov\n" +
      std::to_string(customers.size()) + "," + std::to_string(ordering.size()) + "," +
      std::to_string(orders.size()) + ",";
  EXPECT_TRUE(overview.out.starts_with(expected_start)) << overview.out;
}

TEST_F(Cli, GenerateCartifyRefusesBadArguments) {
  const Outcome no_out = run({"generate", "--format", "cartify", "--customers", "5"});
  EXPECT_EQ(no_out.exit_code, 1);
  EXPECT_EQ(no_out.err, "cartwise: --format cartify needs --out DIR\n");
  for (const char* n : {"0", "-3"}) {
    const Outcome bad_n =
        run({"generate", "--format", "cartify", "--out", dir_.file("x"), "--customers", n});
    EXPECT_EQ(bad_n.exit_code, 2) << n;
    EXPECT_NE(bad_n.err.find("--customers"), std::string::npos) << bad_n.err;
    EXPECT_EQ(lines_in(bad_n.err), 1) << bad_n.err;
  }
  EXPECT_FALSE(std::filesystem::exists(dir_.file("x")));
}

}  // namespace
}  // namespace cw::cli
