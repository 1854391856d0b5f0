// Group commit with real threads on a SQLite file and on PostgreSQL: batches shaped with BatchGate
// so that which units share a transaction is known, then what each caller hears and what the file
// keeps.
#include "db/group_commit.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <functional>
#include <thread>
#include <vector>

#include "support/batch_gate.hpp"
#include "support/temp_dir.hpp"

namespace cw::db {
namespace {

// Each unit inserts one category named after it; what its caller got back.
struct Outcome {
  std::optional<Result<int>> result;
  std::optional<Error> failure;           // cw::Failure thrown
  std::optional<std::string> constraint;  // db::ConstraintError thrown
};

// Runs units[i] from its own thread, all in one batch, and answers each caller's outcome.
std::vector<Outcome> run_batch(Database& db,
                               const std::vector<std::function<Result<int>(Connection&)>>& units) {
  std::vector<Outcome> outcomes(units.size());
  testing::BatchGate gate(db);
  std::vector<std::thread> threads;
  for (std::size_t i = 0; i < units.size(); ++i) {
    threads.emplace_back([&, i] {
      try {
        outcomes[i].result = db.group_commit().run(units[i]);
      } catch (const ConstraintError& e) {
        outcomes[i].constraint = e.what();
      } catch (const Failure& e) {
        outcomes[i].failure = e.error();
      }
    });
  }
  gate.open_when_queued(units.size());
  for (auto& thread : threads) thread.join();
  return outcomes;
}

std::function<Result<int>(Connection&)> insert(std::string name) {
  return [name](Connection& c) -> Result<int> {
    c.exec("INSERT INTO categories (name) VALUES (?)", name);
    return static_cast<int>(*c.scalar("SELECT COUNT(*) FROM categories WHERE name = ?", name));
  };
}

std::int64_t categories(Database& db) {
  return db.lease()->scalar("SELECT COUNT(*) FROM categories").value();
}

class GroupCommit : public ::testing::TestWithParam<cw::testing::Backend> {};

TEST_P(GroupCommit, ConcurrentUnitsShareOneCommitAndARefusedUnitLeavesNoTrace) {
  testing::TestDatabase t;
  auto refused = [](Connection& c) -> Result<int> {
    c.exec("INSERT INTO categories (name) VALUES ('refused')");
    return fail(Error::conflict("refused_on_purpose", "Refused after writing."));
  };
  const auto outcomes = run_batch(*t, {insert("a"), insert("b"), refused, insert("c")});

  const auto stats = t->group_commit().stats();
  EXPECT_EQ(stats.commits, 1 + testing::gate_batches(*t));
  EXPECT_EQ(stats.units, 4 + testing::gate_batches(*t));
  EXPECT_EQ(stats.largest, 4);
  for (std::size_t i : {0u, 1u, 3u}) {
    ASSERT_TRUE(outcomes[i].result) << i;
    EXPECT_EQ(*outcomes[i].result, 1) << i;
  }
  ASSERT_TRUE(outcomes[2].result);
  ASSERT_FALSE(*outcomes[2].result);
  EXPECT_EQ(outcomes[2].result->error().code, "refused_on_purpose");
  auto c = t->lease();
  EXPECT_EQ(c->scalar("SELECT COUNT(*) FROM categories WHERE name IN ('a', 'b', 'c')"), 3);
  EXPECT_EQ(c->scalar("SELECT COUNT(*) FROM categories WHERE name = 'refused'"), 0);
}

TEST_P(GroupCommit, AUnitThatThrowsIsUndoneAndOnlyItsCallerHearsIt) {
  testing::TestDatabase t;
  t->lease()->exec("INSERT INTO categories (name) VALUES ('taken')");
  auto throws = [](Connection& c) -> Result<int> {
    c.exec("INSERT INTO categories (name) VALUES ('before the throw')");
    c.exec("INSERT INTO categories (name) VALUES ('taken')");  // UNIQUE: throws
    return 0;
  };
  const auto outcomes = run_batch(*t, {insert("a"), throws, insert("b")});

  EXPECT_EQ(t->group_commit().stats().largest, 3);
  ASSERT_TRUE(outcomes[1].constraint);
  // Both drivers name the column as table.column (db/database.hpp, ConstraintError::mentions).
  EXPECT_NE(outcomes[1].constraint->find("categories.name"), std::string::npos)
      << *outcomes[1].constraint;
  EXPECT_TRUE(outcomes[0].result && *outcomes[0].result);
  EXPECT_TRUE(outcomes[2].result && *outcomes[2].result);
  auto c = t->lease();
  EXPECT_EQ(c->scalar("SELECT COUNT(*) FROM categories WHERE name = 'before the throw'"), 0);
  EXPECT_EQ(categories(*t), 3);
}

// A deferred foreign key is checked at COMMIT: one unit leaving an orphan makes the COMMIT of
// its whole batch fail, and every caller must hear it because none of their work was kept.
TEST_P(GroupCommit, ACommitFailureReachesEveryCallerOfTheBatchAndKeepsNothing) {
  testing::TestDatabase t;
  t->lease()->execute_script(
      "CREATE TABLE parents (id INTEGER PRIMARY KEY);"
      "CREATE TABLE children (parent_id INTEGER REFERENCES parents (id) "
      "DEFERRABLE INITIALLY DEFERRED)");
  auto orphan = [](Connection& c) -> Result<int> {
    c.exec("INSERT INTO children (parent_id) VALUES (42)");
    return 0;
  };
  const auto before = categories(*t);
  const auto outcomes = run_batch(*t, {insert("a"), orphan, insert("b"), insert("c")});

  EXPECT_EQ(t->group_commit().stats().largest, 4);
  for (std::size_t i = 0; i < outcomes.size(); ++i) {
    ASSERT_TRUE(outcomes[i].failure) << i;
    EXPECT_EQ(outcomes[i].failure->kind, ErrorKind::kInternal) << i;
    EXPECT_TRUE(testing::names_foreign_key(outcomes[i].failure->message))
        << outcomes[i].failure->message;
  }
  EXPECT_EQ(categories(*t), before);
  EXPECT_EQ(t->lease()->scalar("SELECT COUNT(*) FROM children"), 0);

  // The failed batch released the write lock: the next one commits.
  auto next = t->group_commit().run(insert("after"));
  ASSERT_TRUE(next);
  EXPECT_EQ(categories(*t), before + 1);
}

TEST_P(GroupCommit, AMaximumOfOneGivesEveryUnitItsOwnTransaction) {
  testing::TestDatabase t;
  auto db = Database::open({t.location(), Durability::kOff, 10000, 1});
  const auto outcomes = run_batch(*db, {insert("a"), insert("b"), insert("c")});
  for (const auto& outcome : outcomes) EXPECT_TRUE(outcome.result && *outcome.result);
  const auto stats = db->group_commit().stats();
  EXPECT_EQ(stats.commits, 3 + testing::gate_batches(*db));
  EXPECT_EQ(stats.largest, 1);
  EXPECT_EQ(categories(*db), 3);
}

TEST_P(GroupCommit, ABatchTakesAtMostItsMaximumAndTheRestFollowInTheNext) {
  testing::TestDatabase t;
  auto db = Database::open({t.location(), Durability::kOff, 10000, 3});
  std::vector<std::function<Result<int>(Connection&)>> units;
  for (int i = 0; i < 7; ++i) units.push_back(insert("u" + std::to_string(i)));
  const auto outcomes = run_batch(*db, units);
  for (const auto& outcome : outcomes) EXPECT_TRUE(outcome.result && *outcome.result);
  const auto stats = db->group_commit().stats();
  EXPECT_EQ(stats.units, 7 + testing::gate_batches(*db));
  EXPECT_EQ(stats.largest, 3);
  EXPECT_GE(stats.commits, 3 + testing::gate_batches(*db));
  EXPECT_EQ(categories(*db), 7);
}

// Plain transactions and batches share the writer gate: many of both at once all land.
TEST_P(GroupCommit, BatchesAndOtherWritersInterleaveWithoutLosingAWrite) {
  testing::TestDatabase t;
  std::vector<std::thread> threads;
  std::atomic<int> kept{0};
  for (int i = 0; i < 8; ++i) {
    threads.emplace_back([&, i] {
      for (int j = 0; j < 25; ++j) {
        const std::string name = std::to_string(i) + "-" + std::to_string(j);
        if (i % 2 == 0) {
          if (t->group_commit().run(insert("batched " + name))) ++kept;
        } else {
          auto c = t->lease();
          Transaction tx(*c, TxMode::kWrite);
          c->exec("INSERT INTO categories (name) VALUES (?)", "plain " + name);
          tx.commit();
        }
      }
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(kept.load(), 100);
  EXPECT_EQ(t->group_commit().stats().units, 100);
  EXPECT_EQ(categories(*t), 200);
}

INSTANTIATE_TEST_SUITE_P(Db, GroupCommit, cw::testing::kBothBackends, cw::testing::backend_name);

}  // namespace
}  // namespace cw::db
