#include "demo/generator.hpp"

#include <gtest/gtest.h>

#include <map>
#include <memory>
#include <set>

#include "facts/facts.hpp"
#include "support/temp_dir.hpp"

namespace cw::demo {
namespace {

// Generated customers share this hash; the generator never hashes (the value is opaque to it).
constexpr const char* kSharedHash = "$argon2id$v=19$m=8,t=1,p=1$c2FsdHNhbHQ$demo-test-hash";

Timestamp now_for_tests() {
  return *parse_timestamp("2026-03-15T12:00:00Z");
}

Options options_for(std::int64_t customers, std::uint64_t seed, double orders_per_customer) {
  Options o;
  o.customers = customers;
  o.seed = seed;
  o.orders_per_customer = orders_per_customer;
  o.password_hash = kSharedHash;
  o.orders_per_commit = 700;  // several transactions even in a small run
  return o;
}

// FNV-1a over every row of `table`, all columns quoted (SQL literals, in the database's own
// spelling) (but reward tokens, which are random by
// design), in a total order.
std::uint64_t table_checksum(db::Connection& c, const std::string& table) {
  std::vector<std::string> columns;
  const bool sqlite = c.dialect() == db::Dialect::kSqlite;
  for (auto rows = c.query(sqlite ? "SELECT name FROM pragma_table_info(?) ORDER BY cid"
                                  : "SELECT column_name FROM information_schema.columns WHERE "
                                    "table_schema = current_schema() AND table_name = ? "
                                    "ORDER BY ordinal_position",
                           table);
       rows.next();)
    if (!(table == "rewards" && rows.text(0) == "token")) columns.push_back(rows.text(0));
  std::string select, order;
  for (const auto& column : columns) {
    select += (select.empty() ? "" : " || ',' || ") +
              std::string(sqlite ? "quote(" : "quote_nullable(") + column + ")";
    order += (order.empty() ? "" : ", ") + column;
  }
  std::uint64_t hash = 1469598103934665603ULL;
  std::int64_t count = 0;
  for (auto rows = c.query("SELECT " + select + " FROM " + table + " ORDER BY " + order);
       rows.next(); ++count) {
    for (unsigned char ch : rows.text(0) + "\n") hash = (hash ^ ch) * 1099511628211ULL;
  }
  return hash ^ static_cast<std::uint64_t>(count);
}

const std::vector<std::string>& generated_tables() {
  static const std::vector<std::string> tables = {
      "categories",         "products",       "product_sizes", "customers",    "addresses",
      "accounts",           "orders",         "order_lines",   "order_events", "visits",
      "visit_events",       "customer_facts", "demo_restocks", "campaigns",    "coupons",
      "coupon_redemptions", "rewards"};
  return tables;
}

std::map<std::string, std::uint64_t> checksums(db::Database& db) {
  auto c = db.lease();
  std::map<std::string, std::uint64_t> out;
  for (const auto& table : generated_tables()) out[table] = table_checksum(*c, table);
  return out;
}

std::int64_t count(db::Database& db, const std::string& sql) {
  auto c = db.lease();
  return c->scalar(sql).value_or(-1);
}

// One shop of 400 customers per database kind, shared by the invariant and realism tests: made
// by the first test of the kind that needs it.
class GeneratedShop : public ::testing::TestWithParam<testing::Backend> {
 protected:
  struct Generated {
    std::unique_ptr<testing::TestDatabase> database;
    Summary summary;
    std::vector<Progress> progress;
  };
  void SetUp() override {
    Generated& shop = shops_[GetParam()];
    if (!shop.database) {
      shop.database = std::make_unique<testing::TestDatabase>();
      ManualClock clock(now_for_tests());
      Options options = options_for(400, 7, 5.0);
      options.on_progress = [&shop](const Progress& p) { shop.progress.push_back(p); };
      auto result = generate(**shop.database, clock, options);
      ASSERT_TRUE(result) << result.error().message;
      shop.summary = *result;
    }
    shop_ = shop.database.get();
    summary_ = shop.summary;
    progress_ = shop.progress;
  }
  static void TearDownTestSuite() {
    shops_.clear();
    shop_ = nullptr;
  }
  static db::Database& db() { return **shop_; }
  static double ratio(const std::string& numerator, const std::string& denominator) {
    return static_cast<double>(count(db(), numerator)) /
           static_cast<double>(count(db(), denominator));
  }
  // The month ('01' to '12') and the hour (an integer) of a Unix time column, in UTC.
  static std::string month_of(const std::string& column) {
    return db().dialect() == db::Dialect::kSqlite
               ? "strftime('%m', " + column + ", 'unixepoch')"
               : "to_char(to_timestamp(" + column + ") AT TIME ZONE 'UTC', 'MM')";
  }
  static std::string hour_of(const std::string& column) {
    return db().dialect() == db::Dialect::kSqlite
               ? "CAST(strftime('%H', " + column + ", 'unixepoch') AS INTEGER)"
               : "EXTRACT(HOUR FROM to_timestamp(" + column + ") AT TIME ZONE 'UTC')";
  }

  static inline std::map<testing::Backend, Generated> shops_;
  static inline testing::TestDatabase* shop_ = nullptr;
  static inline Summary summary_;
  static inline std::vector<Progress> progress_;
};
INSTANTIATE_TEST_SUITE_P(Db, GeneratedShop, testing::kBothBackends, testing::backend_name);

TEST_P(GeneratedShop, SummaryMatchesTheTables) {
  EXPECT_EQ(summary_.customers, 400);
  EXPECT_EQ(count(db(), "SELECT COUNT(*) FROM customers"), 400);
  EXPECT_EQ(count(db(), "SELECT COUNT(*) FROM orders"), summary_.orders);
  EXPECT_EQ(count(db(), "SELECT COUNT(*) FROM order_lines"), summary_.lines);
  EXPECT_EQ(count(db(), "SELECT COUNT(*) FROM visits"), summary_.visits);
  EXPECT_EQ(count(db(), "SELECT COUNT(*) FROM orders WHERE status = 'cancelled'"),
            summary_.cancelled);
  EXPECT_EQ(count(db(), "SELECT COUNT(*) FROM products"), summary_.products);
  EXPECT_GE(summary_.products, 110);
  EXPECT_LE(summary_.products, 130);
  // About five orders per customer on average (a heavy tail makes it noisy).
  EXPECT_GT(summary_.orders, 400 * 3);
  EXPECT_LT(summary_.orders, 400 * 8);
  ASSERT_FALSE(progress_.empty());
  EXPECT_EQ(progress_.back().phase, "indexes");
  EXPECT_EQ(progress_.back().done, progress_.back().total);
}

TEST_P(GeneratedShop, StockIsNeverNegativeAndMatchesDeliveriesMinusSales) {
  EXPECT_EQ(count(db(), "SELECT COUNT(*) FROM product_sizes WHERE stock < 0"), 0);
  EXPECT_EQ(count(db(), R"(
      SELECT COUNT(*) FROM product_sizes ps
      WHERE ps.stock !=
        (SELECT COALESCE(SUM(quantity), 0) FROM demo_restocks r
          WHERE r.product_id = ps.product_id AND r.size = ps.size)
        - (SELECT COALESCE(SUM(l.quantity), 0) FROM order_lines l JOIN orders o ON o.id = l.order_id
            WHERE o.status != 'cancelled' AND l.product_id = ps.product_id AND l.size = ps.size))"),
            0);
  EXPECT_EQ(count(db(), R"(
      SELECT COUNT(*) FROM products p
      WHERE p.units_sold != (SELECT COALESCE(SUM(l.quantity), 0) FROM order_lines l
                             JOIN orders o ON o.id = l.order_id
                             WHERE o.status != 'cancelled' AND l.product_id = p.id))"),
            0);
  // Every line names a size its product has.
  EXPECT_EQ(count(db(), R"(SELECT COUNT(*) FROM order_lines l WHERE NOT EXISTS
      (SELECT 1 FROM product_sizes s WHERE s.product_id = l.product_id AND s.size = l.size))"),
            0);
}

TEST_P(GeneratedShop, OrderTotalsEqualTheirLines) {
  EXPECT_EQ(count(db(), R"(
      SELECT COUNT(*) FROM orders o
      WHERE o.subtotal != (SELECT SUM(quantity * unit_price) FROM order_lines WHERE order_id = o.id)
         OR o.discount != (SELECT SUM(discount) FROM order_lines WHERE order_id = o.id)
         OR o.total != o.subtotal - o.discount + o.shipping)"),
            0);
  EXPECT_EQ(count(db(),
                  "SELECT COUNT(*) FROM order_lines WHERE line_total != quantity * unit_price"
                  " - discount OR unit_price <= 0"),
            0);
  EXPECT_EQ(count(db(),
                  "SELECT COUNT(*) FROM orders o WHERE NOT EXISTS"
                  " (SELECT 1 FROM order_lines WHERE order_id = o.id)"),
            0);
  EXPECT_EQ(count(db(), "SELECT COUNT(*) FROM orders WHERE placed_at > 1773576000"), 0);
  EXPECT_EQ(count(db(), "SELECT COUNT(*) FROM orders WHERE ship_city IS NULL"), 0);
}

TEST_P(GeneratedShop, EveryHistoryStartsWithPlacedAndEndsInTheStatus) {
  // Events of one time in the order they were written: SQLite's rowid, PostgreSQL's ctid (the
  // events are never updated, so their tuples stay where they were inserted).
  const std::string written = db().dialect() == db::Dialect::kSqlite ? "rowid" : "ctid";
  EXPECT_EQ(count(db(),
                  "SELECT COUNT(*) FROM orders o WHERE"
                  " (SELECT status FROM order_events WHERE order_id = o.id ORDER BY at, " +
                      written +
                      " LIMIT 1) IS DISTINCT FROM 'placed'"
                      " OR (SELECT at FROM order_events WHERE order_id = o.id ORDER BY at, " +
                      written +
                      " LIMIT 1) != o.placed_at"
                      " OR (SELECT status FROM order_events WHERE order_id = o.id"
                      " ORDER BY at DESC, " +
                      written + " DESC LIMIT 1) != o.status"),
            0);
  // Cancelled orders were cancelled straight from placed.
  EXPECT_EQ(count(db(),
                  "SELECT COUNT(*) FROM order_events e JOIN orders o ON o.id = e.order_id"
                  " WHERE o.status = 'cancelled' AND e.status NOT IN ('placed', 'cancelled')"),
            0);
  EXPECT_EQ(count(db(), "SELECT COUNT(*) FROM order_events WHERE at > 1773576000"), 0);
}

TEST_P(GeneratedShop, FactsEqualAFreshRebuild) {
  auto c = db().lease();
  const std::uint64_t generated = table_checksum(*c, "customer_facts");
  const std::int64_t rows = c->scalar("SELECT COUNT(*) FROM customer_facts").value_or(0);
  EXPECT_EQ(rows, c->scalar("SELECT COUNT(DISTINCT customer_id) FROM orders"
                            " WHERE status != 'cancelled'"));
  EXPECT_EQ(facts::rebuild_all(db()), rows);
  EXPECT_EQ(table_checksum(*c, "customer_facts"), generated);
}

TEST_P(GeneratedShop, AccountsAreValidUniqueAndShareOneHash) {
  auto c = db().lease();
  std::set<std::string> seen;
  for (auto rows = c->query("SELECT username, password_hash, role FROM accounts"); rows.next();) {
    const std::string username = rows.text(0);
    EXPECT_TRUE(is_valid_username(username)) << username;
    EXPECT_TRUE(seen.insert(username).second) << username;
    EXPECT_EQ(rows.text(1), kSharedHash);
    EXPECT_EQ(rows.text(2), "customer");
  }
  EXPECT_EQ(seen.size(), 400u);
  EXPECT_EQ(count(db(), "SELECT COUNT(DISTINCT lower(email)) FROM customers"), 400);
  EXPECT_EQ(count(db(), "SELECT COUNT(*) FROM addresses WHERE is_default = 1"), 400);
}

TEST_P(GeneratedShop, CustomersLookLikeTheShopsAudience) {
  auto c = db().lease();
  const Date today = date_of(now_for_tests());
  int women = 0;
  for (auto rows = c->query("SELECT date_of_birth, gender, postcode, email FROM customers"
                            " JOIN addresses ON addresses.customer_id = customers.id");
       rows.next();) {
    const auto born = parse_date(rows.text(0));
    ASSERT_TRUE(born) << rows.text(0);
    const int age = years_between(*born, today);
    EXPECT_GE(age, 18);
    EXPECT_LE(age, 75);
    if (rows.opt_text(1) == "F") ++women;
    const std::string postcode = rows.text(2);
    EXPECT_GE(postcode.size(), 6u);
    EXPECT_EQ(postcode[postcode.size() - 4], ' ') << postcode;
    EXPECT_NE(rows.text(3).find("@example."), std::string::npos);
  }
  EXPECT_GT(women, 400 * 85 / 100);
}

TEST_P(GeneratedShop, RepeatPurchasesAreHeavyTailed) {
  const double one_time = ratio("SELECT COUNT(*) FROM customer_facts WHERE orders = 1",
                                "SELECT COUNT(*) FROM customer_facts");
  EXPECT_GT(one_time, 0.25);
  EXPECT_LT(one_time, 0.6);
  EXPECT_GE(count(db(), "SELECT COUNT(*) FROM customer_facts WHERE orders >= 10"), 5);
  EXPECT_GE(count(db(), "SELECT MAX(orders) FROM customer_facts"), 25);
}

TEST_P(GeneratedShop, AboutThreePercentOfOrdersAreCancelled) {
  const double cancelled = ratio("SELECT COUNT(*) FROM orders WHERE status = 'cancelled'",
                                 "SELECT COUNT(*) FROM orders");
  EXPECT_GE(cancelled, 0.01);
  EXPECT_LE(cancelled, 0.06);
  // Recent orders are still on their way; old ones have arrived.
  EXPECT_GT(count(db(), "SELECT COUNT(*) FROM orders WHERE status IN ('placed', 'shipped')"), 0);
  EXPECT_EQ(count(db(),
                  "SELECT COUNT(*) FROM orders WHERE status IN ('placed', 'shipped')"
                  " AND placed_at < 1773576000 - 7 * 86400"),
            0);
}

TEST_P(GeneratedShop, VisitsIncludeBrowsersAbandonedCartsAndOrderVisits) {
  EXPECT_GT(count(db(),
                  "SELECT COUNT(*) FROM customers c WHERE EXISTS (SELECT 1 FROM visits v"
                  " WHERE v.customer_id = c.id) AND NOT EXISTS (SELECT 1 FROM orders o"
                  " WHERE o.customer_id = c.id)"),
            20);
  EXPECT_GT(count(db(),
                  "SELECT COUNT(DISTINCT v.id) FROM visits v JOIN visit_events e"
                  " ON e.visit_id = v.id WHERE e.kind = 'cart_add' AND v.order_id IS NULL"),
            20);
  EXPECT_EQ(count(db(),
                  "SELECT COUNT(*) FROM orders o WHERE NOT EXISTS"
                  " (SELECT 1 FROM visits v WHERE v.order_id = o.id)"),
            0);
  EXPECT_GT(count(db(),
                  "SELECT COUNT(*) FROM visits WHERE customer_id IS NULL"
                  " AND visitor_key IS NOT NULL"),
            0);
}

TEST_P(GeneratedShop, SomeProductsAreOverstockedAndSomeSellSlowly) {
  EXPECT_GE(count(db(),
                  "SELECT COUNT(*) FROM (SELECT product_id FROM product_sizes"
                  " GROUP BY product_id HAVING SUM(stock) > 300) AS overstocked"),
            1);
  // Slow sellers exist, but rewards (always for the least-selling product) lift the very least
  // sold ones, as the live loyalty rule is meant to.
  EXPECT_GE(count(db(),
                  "SELECT COUNT(*) FROM products WHERE units_sold * 3 <"
                  " (SELECT AVG(units_sold) FROM products)"),
            5);
  EXPECT_EQ(count(db(),
                  "SELECT COUNT(*) FROM products WHERE cost * 100 < price * 40"
                  " OR cost * 100 > price * 60"),
            0);
  EXPECT_GE(count(db(), "SELECT COUNT(*) FROM product_sizes WHERE size = 'UK 5'"),
            count(db(), "SELECT COUNT(*) FROM products"));
}

TEST_P(GeneratedShop, SalesFollowTheCalendar) {
  const auto orders_in = [&](const std::string& where) {
    return count(db(), "SELECT COUNT(*) FROM orders WHERE " + where);
  };
  // Christmas peak: December busier than February.
  EXPECT_GT(orders_in(month_of("placed_at") + " = '12'") * 2,
            orders_in(month_of("placed_at") + " = '02'") * 3);
  // Nights are quiet, evenings busy.
  EXPECT_GT(orders_in(hour_of("placed_at") + " >= 18"),
            orders_in(hour_of("placed_at") + " < 6") * 3);
  // Sandals sell in summer.
  const std::string sandals =
      "SELECT COALESCE(SUM(l.quantity), 0) FROM order_lines l JOIN orders o ON o.id = l.order_id"
      " JOIN products p ON p.id = l.product_id JOIN categories c ON c.id = p.category_id"
      " WHERE c.name = 'Sandals' AND " +
      month_of("o.placed_at") + " IN ";
  EXPECT_GT(count(db(), sandals + "('06', '07', '08')"),
            count(db(), sandals + "('12', '01', '02')") * 2);
}

class Generator : public ::testing::TestWithParam<testing::Backend> {};
INSTANTIATE_TEST_SUITE_P(Db, Generator, testing::kBothBackends, testing::backend_name);

TEST_P(Generator, SameSeedGivesIdenticalTablesAndAnotherSeedDoesNot) {
  ManualClock clock(now_for_tests());
  testing::TestDatabase a, b, other;
  ASSERT_TRUE(generate(*a, clock, options_for(120, 42, 3.0)));
  ASSERT_TRUE(generate(*b, clock, options_for(120, 42, 3.0)));
  ASSERT_TRUE(generate(*other, clock, options_for(120, 43, 3.0)));
  const auto first = checksums(*a);
  EXPECT_EQ(first, checksums(*b));
  const auto different = checksums(*other);
  EXPECT_NE(first.at("orders"), different.at("orders"));
  EXPECT_NE(first.at("customers"), different.at("customers"));
  EXPECT_NE(first.at("products"), different.at("products"));
}

TEST_P(Generator, RefusesADatabaseThatHasData) {
  ManualClock clock(now_for_tests());
  testing::TestDatabase t;
  ASSERT_TRUE(generate(*t, clock, options_for(20, 1, 2.0)));
  const auto again = generate(*t, clock, options_for(20, 1, 2.0));
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().code, "database_not_empty");
  EXPECT_EQ(again.error().kind, ErrorKind::kConflict);
  EXPECT_EQ(count(*t, "SELECT COUNT(*) FROM customers"), 20);
}

TEST_P(Generator, RejectsBadOptionsNamingTheField) {
  ManualClock clock(now_for_tests());
  testing::TestDatabase t;
  Options none = options_for(0, 1, 2.0);
  EXPECT_EQ(generate(*t, clock, none).error().field, "customers");
  Options too_many_orders = options_for(10, 1, 500.0);
  EXPECT_EQ(generate(*t, clock, too_many_orders).error().field, "orders_per_customer");
  Options no_hash = options_for(10, 1, 2.0);
  no_hash.password_hash.clear();
  const auto result = generate(*t, clock, no_hash);
  EXPECT_EQ(result.error().code, "invalid_option");
  EXPECT_EQ(result.error().field, "password_hash");
  EXPECT_EQ(count(*t, "SELECT COUNT(*) FROM products"), 0);
}

TEST(GeneratorRules, UsernameRuleFollowsTheContract) {
  EXPECT_TRUE(is_valid_username("emma.smith42"));
  EXPECT_TRUE(is_valid_username("a_b"));
  EXPECT_FALSE(is_valid_username("ab"));
  EXPECT_FALSE(is_valid_username(".emma"));
  EXPECT_FALSE(is_valid_username("Emma"));
  EXPECT_FALSE(is_valid_username(std::string(33, 'a')));
  EXPECT_TRUE(is_valid_username(std::string(32, 'a')));
}

}  // namespace
}  // namespace cw::demo
