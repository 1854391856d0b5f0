#include "db/database.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <memory>
#include <thread>

#include "db/postgres_driver.hpp"
#include "support/temp_dir.hpp"

namespace cw::db {
namespace {

using testing::Backend;

class DatabaseTest : public ::testing::TestWithParam<Backend> {};
INSTANTIATE_TEST_SUITE_P(Db, DatabaseTest, testing::kBothBackends, testing::backend_name);

TEST_P(DatabaseTest, AppliesEveryEmbeddedMigrationOnce) {
  testing::TestDatabase t(GetParam());
  const Options options{t.location(), Durability::kOff, 1000};
  const int latest = migrations().back().version;
  EXPECT_EQ(t->schema_version(), latest);
  auto again = Database::open(options);  // reopening applies nothing twice
  auto c = again->lease();
  EXPECT_EQ(c->scalar("SELECT COUNT(*) FROM schema_migrations"),
            static_cast<std::int64_t>(migrations().size()));
}

// Two servers starting on one new database migrate it at the same time: each step runs once
// (SQLite's write lock, PostgreSQL's advisory lock) and both open it at the latest version.
TEST_P(DatabaseTest, TwoDatabasesMigratingAtOnceApplyEachStepOnce) {
  testing::TempDir dir;
  std::unique_ptr<testing::PostgresDatabase> postgres;
  std::string location = dir.file("racing.db");
  if (GetParam() == Backend::kPostgres) {
    postgres = std::make_unique<testing::PostgresDatabase>();
    location = postgres->url();
    // Start from nothing, not from the migrated template the helper copied.
    auto c = connect({location, Durability::kOff, 1000});
    c->execute_script("DROP SCHEMA public CASCADE; CREATE SCHEMA public");
  }
  std::unique_ptr<Database> first, second;
  std::thread a([&] { first = Database::open({location, Durability::kOff, 10000}); });
  std::thread b([&] { second = Database::open({location, Durability::kOff, 10000}); });
  a.join();
  b.join();
  ASSERT_TRUE(first && second);
  EXPECT_EQ(first->schema_version(), migrations().back().version);
  EXPECT_EQ(second->lease()->scalar("SELECT COUNT(*) FROM schema_migrations"),
            static_cast<std::int64_t>(migrations().size()));
}

// Imports and the demo generator insert explicit ids; rows inserted afterwards without one must
// not collide with them (SQLite takes max(id) + 1, PostgreSQL's trigger moves the sequence).
TEST_P(DatabaseTest, RowsWithoutAnIdFollowRowsInsertedWithOne) {
  testing::TestDatabase t(GetParam());
  auto c = t->lease();
  c->exec("INSERT INTO categories (id, name) VALUES (7, 'Boots'), (41, 'Heels')");
  const auto id = c->scalar("INSERT INTO categories (name) VALUES ('Flats') RETURNING id");
  EXPECT_EQ(id, 42);
}

// SQLite's COLLATE NOCASE columns ignore ASCII case on both databases, and a violated UNIQUE key
// names table.column (what ConstraintError::mentions matches) on both.
TEST_P(DatabaseTest, NocaseColumnsRefuseADuplicateInAnotherCaseNamingTheColumn) {
  testing::TestDatabase t(GetParam());
  auto c = t->lease();
  c->exec("INSERT INTO customers (email, created_at) VALUES ('Ann@Example.com', 0)");
  EXPECT_EQ(c->scalar("SELECT COUNT(*) FROM customers WHERE email = ?", "ann@example.COM"), 1);
  try {
    c->exec("INSERT INTO customers (email, created_at) VALUES ('ANN@example.com', 0)");
    FAIL() << "duplicate e-mail accepted";
  } catch (const ConstraintError& e) {
    EXPECT_EQ(e.kind(), ConstraintError::Kind::kUnique);
    EXPECT_TRUE(e.mentions("customers.email")) << e.what();
  }
  try {
    c->exec("INSERT INTO customers (first_name, created_at) VALUES (NULL, 0)");
    FAIL() << "NULL first name accepted";
  } catch (const ConstraintError& e) {
    EXPECT_EQ(e.kind(), ConstraintError::Kind::kNotNull);
  }
}

// A syntax error is a Failure carrying the database's own message, not a constraint error.
TEST_P(DatabaseTest, AnotherErrorIsAFailureWithTheServersMessage) {
  testing::TestDatabase t(GetParam());
  auto c = t->lease();
  try {
    c->exec("SELECT nosuchcolumn FROM categories");
    FAIL() << "bad SQL accepted";
  } catch (const ConstraintError&) {
    FAIL() << "reported as a constraint";
  } catch (const Failure& e) {
    EXPECT_NE(std::string(e.what()).find("nosuchcolumn"), std::string::npos) << e.what();
  }
}

// The catalogue version moves once per transaction that changes the catalogue, on both.
TEST_P(DatabaseTest, TheCatalogVersionMovesWithEachChangingTransaction) {
  testing::TestDatabase t(GetParam());
  auto c = t->lease();
  const auto before = c->scalar("SELECT version FROM catalog_version");
  {
    Transaction tx(*c, TxMode::kWrite);
    c->exec("INSERT INTO categories (name) VALUES ('Boots')");
    c->exec("UPDATE categories SET name = 'Ankle boots'");
    tx.commit();
  }
  const auto after = c->scalar("SELECT version FROM catalog_version");
  ASSERT_TRUE(before && after);
  EXPECT_GT(*after, *before);
  {
    Transaction tx(*c, TxMode::kWrite);
    c->exec("INSERT INTO categories (name) VALUES ('Flats')");
  }  // rolled back: no change, no bump
  EXPECT_EQ(c->scalar("SELECT version FROM catalog_version"), after);
}

// Readers may skip a query while this process has committed nothing (the catalogue search does):
// on SQLite every committed write transaction counts once, through any Database on the same file,
// and nothing else does. PostgreSQL counts nothing: another server may write at any time.
TEST_P(DatabaseTest, LocalCommitsAreCountedOnSqliteOnly) {
  testing::TestDatabase t(GetParam());
  if (GetParam() == Backend::kPostgres) {
    EXPECT_EQ(t->local_commit_count(), std::nullopt);
    return;
  }
  const auto count = [&] { return t->local_commit_count().value_or(-1); };
  const auto start = count();
  auto c = t->lease();
  c->scalar("SELECT COUNT(*) FROM categories");
  {
    Transaction tx(*c, TxMode::kRead);
    c->scalar("SELECT COUNT(*) FROM products");
    tx.commit();
  }
  {
    Transaction tx(*c, TxMode::kWrite);
    c->exec("INSERT INTO categories (name) VALUES ('Rolled back')");
  }
  // Reads and a rollback commit nothing.
  EXPECT_EQ(count(), start);
  c->exec("INSERT INTO categories (name) VALUES ('Boots')");  // its own transaction
  EXPECT_EQ(count(), start + 1);
  {
    Transaction tx(*c, TxMode::kWrite);
    c->exec("INSERT INTO categories (name) VALUES ('Flats')");
    c->exec("INSERT INTO categories (name) VALUES ('Mules')");
    tx.commit();
  }
  EXPECT_EQ(count(), start + 2);
  auto other = Database::open(t->options());  // another pool in this process, on the same file
  other->lease()->exec("INSERT INTO categories (name) VALUES ('Coats')");
  EXPECT_EQ(count(), start + 3);
  EXPECT_EQ(other->local_commit_count(), t->local_commit_count());
}

TEST(Database, MigrationsAreNumberedInOrder) {
  int previous = 0;
  for (const auto& m : migrations()) {
    EXPECT_GT(m.version, previous) << m.name;
    previous = m.version;
  }
}

TEST_P(DatabaseTest, BindsAndReadsEveryType) {
  testing::TestDatabase t(GetParam());
  auto c = t->lease();
  c->execute_script("CREATE TABLE t (i INTEGER, r REAL, s TEXT, n TEXT)");
  std::optional<std::string> none;
  c->exec("INSERT INTO t VALUES (?, ?, ?, ?)", 42, 2.5, std::string("it's; DROP TABLE t;--"), none);
  auto rows = c->query("SELECT i, r, s, n FROM t WHERE i = ?", 42);
  ASSERT_TRUE(rows.next());
  EXPECT_EQ(rows.integer(0), 42);
  EXPECT_DOUBLE_EQ(rows.real(1), 2.5);
  EXPECT_EQ(rows.text(2), "it's; DROP TABLE t;--");
  EXPECT_TRUE(rows.is_null(3));
  EXPECT_FALSE(rows.next());
}

TEST_P(DatabaseTest, ForeignKeysAndChecksAreEnforced) {
  testing::TestDatabase t(GetParam());
  auto c = t->lease();
  try {
    c->exec("INSERT INTO products (category_id, name, price, created_at) VALUES (999, 'x', 1, 0)");
    FAIL() << "foreign key not enforced";
  } catch (const ConstraintError& e) {
    EXPECT_EQ(e.kind(), ConstraintError::Kind::kForeignKey);
  }
  c->exec("INSERT INTO categories (id, name) VALUES (1, 'Heels')");
  c->exec(
      "INSERT INTO products (id, category_id, name, price, created_at) VALUES (1, 1, 'x', 1, 0)");
  try {
    c->exec("INSERT INTO product_sizes (product_id, size, stock) VALUES (1, 'UK 5', -1)");
    FAIL() << "negative stock accepted";
  } catch (const ConstraintError& e) {
    EXPECT_EQ(e.kind(), ConstraintError::Kind::kCheck);
  }
}

TEST_P(DatabaseTest, TransactionRollsBackUnlessCommitted) {
  testing::TestDatabase t(GetParam());
  auto c = t->lease();
  {
    Transaction tx(*c, TxMode::kWrite);
    c->exec("INSERT INTO categories (name) VALUES ('Boots')");
  }
  EXPECT_EQ(c->scalar("SELECT COUNT(*) FROM categories"), 0);
  {
    Transaction tx(*c, TxMode::kWrite);
    c->exec("INSERT INTO categories (name) VALUES ('Boots')");
    tx.commit();
  }
  EXPECT_EQ(c->scalar("SELECT COUNT(*) FROM categories"), 1);
}

TEST_P(DatabaseTest, NestedQueriesOfTheSameSqlUseSeparateStatements) {
  testing::TestDatabase t(GetParam());
  auto c = t->lease();
  c->exec("INSERT INTO categories (name) VALUES ('A'), ('B')");
  int pairs = 0;
  auto outer = c->query("SELECT id FROM categories ORDER BY id");
  while (outer.next()) {
    auto inner = c->query("SELECT id FROM categories ORDER BY id");
    while (inner.next()) ++pairs;
  }
  EXPECT_EQ(pairs, 4);
}

// 1..n in order, with its text form: more rows than one batch of a PostgreSQL stream.
constexpr const char* kNumbers =
    "WITH RECURSIVE s(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM s WHERE x < ?) "
    "SELECT x, 'row ' || x FROM s";

// Reads every row of a stream, checking each is the next number; answers how many.
std::int64_t read_numbers(Rows rows) {
  std::int64_t n = 0;
  while (rows.next()) {
    ++n;
    EXPECT_EQ(rows.integer(0), n);
    EXPECT_EQ(rows.text(1), "row " + std::to_string(n));
  }
  return n;
}

// A stream hands over every row in order across batches, inside a transaction and outside one
// (where it opens its own), while other statements, and a second stream, run on the connection.
TEST_P(DatabaseTest, AStreamLongerThanOneBatchReadsEveryRowInOrder) {
  testing::TestDatabase t(GetParam());
  auto c = t->lease();
  const std::int64_t total = kStreamBatchRows * 2 + 500;
  {
    Transaction read(*c, TxMode::kRead);
    std::int64_t n = 0, inner_rows = 0;
    for (auto rows = c->stream(kNumbers, total); rows.next();) {
      ASSERT_EQ(rows.integer(0), ++n);
      if (n % kStreamBatchRows == 1) {  // at each batch's start: a query and another stream
        EXPECT_EQ(c->scalar("SELECT ? + 1", n), n + 1);
        inner_rows += read_numbers(c->stream(kNumbers, 3));
      }
    }
    EXPECT_EQ(n, total);
    EXPECT_EQ(inner_rows, 3 * 3);
    read.commit();
  }
  EXPECT_EQ(read_numbers(c->stream(kNumbers, total)), total);  // no transaction
  EXPECT_EQ(read_numbers(c->stream(kNumbers, kStreamBatchRows)), kStreamBatchRows);  // exact
  c->exec("INSERT INTO categories (name) VALUES ('Boots')");  // the stream's own one has ended
  EXPECT_EQ(t->lease()->scalar("SELECT count(*) FROM categories"), 1);
}

// A row that fails half-way through a stream (abs of the smallest integer overflows on both
// databases) throws a Failure with the database's message after the earlier rows arrived; the
// transaction rolls back and the connection, back in the pool, serves the next lease.
TEST_P(DatabaseTest, AnErrorHalfWayThroughAStreamIsAFailureAndTheConnectionStaysUsable) {
  testing::TestDatabase t(GetParam());
  const std::int64_t fails_at = kStreamBatchRows + kStreamBatchRows / 2;
  std::int64_t read = 0;
  {
    auto c = t->lease();
    Transaction tx(*c, TxMode::kRead);
    try {
      auto rows = c->stream(
          "WITH RECURSIVE s(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM s WHERE x < ?) "
          "SELECT abs(CASE WHEN x = ? THEN -9223372036854775807 - 1 ELSE x END) FROM s",
          fails_at + 100, fails_at);
      while (rows.next()) EXPECT_EQ(rows.integer(0), ++read);
      FAIL() << "the overflow was not reported";
    } catch (const ConstraintError&) {
      FAIL() << "reported as a constraint";
    } catch (const Failure& e) {
      const std::string message = e.what();
      EXPECT_NE(message.find(GetParam() == Backend::kPostgres ? "bigint out of range"
                                                              : "integer overflow"),
                std::string::npos)
          << message;
    }
    // PostgreSQL delivers whole batches, SQLite row by row: rows came before the failure.
    EXPECT_GE(read, kStreamBatchRows);
    EXPECT_LT(read, fails_at);
  }
  auto c = t->lease();
  EXPECT_EQ(read_numbers(c->stream(kNumbers, kStreamBatchRows + 1)), kStreamBatchRows + 1);
  Transaction tx(*c, TxMode::kWrite);
  c->exec("INSERT INTO categories (name) VALUES ('Heels')");
  tx.commit();
  EXPECT_EQ(c->scalar("SELECT count(*) FROM categories"), 1);
}

TEST_P(DatabaseTest, ConcurrentWritersAllCommit) {
  testing::TestDatabase t(GetParam());
  std::vector<std::thread> threads;
  for (int i = 0; i < 8; ++i) {
    threads.emplace_back([&, i] {
      for (int j = 0; j < 25; ++j) {
        auto c = t->lease();
        Transaction tx(*c, TxMode::kWrite);
        c->exec("INSERT INTO categories (name) VALUES (?)",
                "c" + std::to_string(i) + "-" + std::to_string(j));
        tx.commit();
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(t->lease()->scalar("SELECT COUNT(*) FROM categories"), 200);
}

// The writer gate never holds a writer longer than the busy timeout: past it, SQLite's own lock
// answers (busy), and a rolled-back or committed transaction frees the gate for the next one.
TEST(Database, AWriterBlockedPastTheBusyTimeoutFailsAndTheGateIsFreedAfter) {
  testing::TempDir dir;
  auto db = Database::open({dir.file("gate.db"), Durability::kOff, 100});
  auto holder = db->lease();
  auto holding = std::make_unique<Transaction>(*holder, TxMode::kWrite);
  holder->exec("INSERT INTO categories (name) VALUES ('held')");
  bool refused = false;
  std::thread blocked([&] {
    auto c = db->lease();
    try {
      Transaction tx(*c, TxMode::kWrite);
    } catch (const Failure& e) {
      refused = std::string(e.what()).find("locked") != std::string::npos;
    }
  });
  blocked.join();
  EXPECT_TRUE(refused);
  holding.reset();  // rolled back: the gate and SQLite's lock are free again
  std::thread next([&] {
    auto c = db->lease();
    Transaction tx(*c, TxMode::kWrite);
    c->exec("INSERT INTO categories (name) VALUES ('next')");
    tx.commit();
  });
  next.join();
  auto c = db->lease();
  EXPECT_EQ(c->scalar("SELECT COUNT(*) FROM categories WHERE name = 'held'"), 0);
  EXPECT_EQ(c->scalar("SELECT COUNT(*) FROM categories WHERE name = 'next'"), 1);
}

TEST(PostgresPlaceholders, QuestionMarksBecomeNumberedOutsideLiteralsAndComments) {
  int count = 0;
  EXPECT_EQ(
      to_postgres_placeholders(
          "SELECT '?', \"a?\" FROM t WHERE x = ? AND y IN (?, ?) -- why?\n AND z = ?", &count),
      "SELECT '?', \"a?\" FROM t WHERE x = $1 AND y IN ($2, $3) -- why?\n AND z = $4");
  EXPECT_EQ(count, 4);
  EXPECT_EQ(to_postgres_placeholders("SELECT 'it''s ?' || ?", &count), "SELECT 'it''s ?' || $1");
  EXPECT_EQ(count, 1);
  // SQLite's numbered form: one value used three times; a bare ? follows the largest number.
  EXPECT_EQ(to_postgres_placeholders("a < ?1 AND b < ?1 AND c < ?12 AND d = ?", &count),
            "a < $1 AND b < $1 AND c < $12 AND d = $13");
  EXPECT_EQ(count, 13);
}

TEST(PostgresPlaceholders, TheLocationPicksTheDriver) {
  EXPECT_TRUE(is_postgres_location("postgresql://shop@db.internal:5432/shop"));
  EXPECT_TRUE(is_postgres_location("postgres:///shop?host=/run/postgresql"));
  EXPECT_FALSE(is_postgres_location("./cartwise.db"));
  EXPECT_FALSE(is_postgres_location("/var/lib/postgresql.db"));
}

// Two transactions that lock the same rows in opposite orders: PostgreSQL aborts one with a
// deadlock (40P01), which arrives as RetryableError, and with_retry runs that unit again.
TEST(PostgresRetry, ADeadlockVictimIsRetriedAndBothUnitsCommit) {
  testing::TestDatabase t(testing::Backend::kPostgres);
  {
    auto c = t->lease();
    c->exec("INSERT INTO categories (id, name) VALUES (1, 'A'), (2, 'B')");
  }
  std::atomic<int> attempts{0};
  std::atomic<int> locked_first{0};
  auto unit = [&](int first, int second) {
    with_retry([&] {
      ++attempts;
      auto c = t->lease();
      Transaction tx(*c, TxMode::kWrite);
      c->exec("UPDATE categories SET name = name || '+' WHERE id = ?", first);
      // Both hold their first row before either asks for its second (first attempt only).
      if (++locked_first <= 2)
        while (locked_first.load() < 2) std::this_thread::yield();
      c->exec("UPDATE categories SET name = name || '+' WHERE id = ?", second);
      tx.commit();
    });
  };
  std::thread a([&] { unit(1, 2); });
  std::thread b([&] { unit(2, 1); });
  a.join();
  b.join();
  // At least one ran twice. Both may be chosen as victims: when their deadlock timers fire
  // together, the second check can still see the cycle before the first victim's locks are gone.
  EXPECT_GE(attempts.load(), 3);
  auto c = t->lease();
  EXPECT_EQ(c->scalar("SELECT COUNT(*) FROM categories WHERE name IN ('A++', 'B++')"), 2);
}

}  // namespace
}  // namespace cw::db
