#include "db/database.hpp"

#include <gtest/gtest.h>

#include <memory>
#include <thread>

#include "support/temp_dir.hpp"

namespace cw::db {
namespace {

TEST(Database, AppliesEveryEmbeddedMigrationOnce) {
  testing::TempDir dir;
  const Options options{dir.file("a.db"), Durability::kOff, 1000};
  const int latest = migrations().back().version;
  EXPECT_EQ(Database::open(options)->schema_version(), latest);
  auto again = Database::open(options);  // reopening applies nothing twice
  auto c = again->lease();
  EXPECT_EQ(c->scalar("SELECT COUNT(*) FROM schema_migrations"),
            static_cast<std::int64_t>(migrations().size()));
}

TEST(Database, MigrationsAreNumberedInOrder) {
  int previous = 0;
  for (const auto& m : migrations()) {
    EXPECT_GT(m.version, previous) << m.name;
    previous = m.version;
  }
}

TEST(Database, BindsAndReadsEveryType) {
  testing::TestDatabase t;
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

TEST(Database, ForeignKeysAndChecksAreEnforced) {
  testing::TestDatabase t;
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

TEST(Database, TransactionRollsBackUnlessCommitted) {
  testing::TestDatabase t;
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

TEST(Database, NestedQueriesOfTheSameSqlUseSeparateStatements) {
  testing::TestDatabase t;
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

TEST(Database, ConcurrentWritersAllCommit) {
  testing::TestDatabase t;
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

}  // namespace
}  // namespace cw::db
