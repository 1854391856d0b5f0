#include "db/bulk_writer.hpp"

#include <gtest/gtest.h>

#include "support/temp_dir.hpp"

namespace cw::db {
namespace {

using testing::Backend;

class BulkWriterTest : public ::testing::TestWithParam<Backend> {
 protected:
  void SetUp() override {
    auto c = t_->lease();
    c->execute_script(
        "CREATE TABLE bw_parent (id INTEGER PRIMARY KEY, note TEXT, amount DOUBLE PRECISION);"
        "CREATE TABLE bw_child (id INTEGER PRIMARY KEY,"
        " parent_id INTEGER NOT NULL REFERENCES bw_parent (id));");
  }
  testing::TestDatabase t_{GetParam()};
};
INSTANTIATE_TEST_SUITE_P(Db, BulkWriterTest, testing::kBothBackends, testing::backend_name);

// COPY's text format escapes the column and row separators and the backslash; NULL is \N.
TEST_P(BulkWriterTest, ValuesComeBackExactlyAsAdded) {
  auto c = t_->lease();
  {
    Transaction tx(*c, TxMode::kWrite);
    BulkWriter writer(*c);
    auto& parents = writer.table("bw_parent", {"id", "note", "amount"});
    parents.add(1, "tab\there, line\nbreak\r, back\\slash \\N", 2.5);
    parents.add(2, std::optional<std::string>(), std::optional<double>());
    parents.add(3, std::string("\\N"), -0.125);
    writer.flush();
    tx.commit();
  }
  auto rows =
      c->query("SELECT id, note, amount, note IS NULL, amount IS NULL FROM bw_parent ORDER BY id");
  ASSERT_TRUE(rows.next());
  EXPECT_EQ(rows.text(1), "tab\there, line\nbreak\r, back\\slash \\N");
  EXPECT_EQ(rows.real(2), 2.5);
  ASSERT_TRUE(rows.next());
  EXPECT_EQ(rows.integer(3), 1);
  EXPECT_EQ(rows.integer(4), 1);
  ASSERT_TRUE(rows.next());
  EXPECT_EQ(rows.text(1), "\\N");  // the text, not a NULL
  EXPECT_EQ(rows.real(2), -0.125);
  EXPECT_FALSE(rows.next());
}

// Tables go in the order they were created (parents first); a queued statement runs after every
// buffered row is in, so it may update one or point at one.
TEST_P(BulkWriterTest, QueuedStatementsSeeTheRowsAddedBeforeThem) {
  auto c = t_->lease();
  Transaction tx(*c, TxMode::kWrite);
  BulkWriter writer(*c);
  auto& parents = writer.table("bw_parent", {"id", "note", "amount"});
  auto& children = writer.table("bw_child", {"id", "parent_id"});
  parents.add(7, "new", 1.0);
  children.add(70, 7);
  writer.after_flush(
      [](Connection& c) { c.exec("UPDATE bw_parent SET note = 'claimed' WHERE id = ?", 7); });
  writer.after_flush([](Connection& c) { c.exec("INSERT INTO bw_child VALUES (71, 7)"); });
  writer.flush();
  tx.commit();
  auto note = c->query("SELECT note FROM bw_parent WHERE id = 7");
  ASSERT_TRUE(note.next());
  EXPECT_EQ(note.text(0), "claimed");
  EXPECT_EQ(c->scalar("SELECT COUNT(*) FROM bw_child WHERE parent_id = 7"), 2);
}

// A row whose foreign key points nowhere is refused as a ConstraintError (at add on SQLite, at
// flush on PostgreSQL); the transaction then rolls back and nothing of the load remains.
TEST_P(BulkWriterTest, ABrokenKeyIsAConstraintErrorAndLeavesNothing) {
  auto c = t_->lease();
  EXPECT_THROW(
      {
        Transaction tx(*c, TxMode::kWrite);
        BulkWriter writer(*c);
        auto& parents = writer.table("bw_parent", {"id", "note", "amount"});
        auto& children = writer.table("bw_child", {"id", "parent_id"});
        parents.add(1, "kept?", 0.0);
        children.add(10, 999);
        writer.flush();
        tx.commit();
      },
      ConstraintError);
  EXPECT_EQ(c->scalar("SELECT COUNT(*) FROM bw_parent"), 0);
  EXPECT_EQ(c->scalar("SELECT COUNT(*) FROM bw_child"), 0);
}

}  // namespace
}  // namespace cw::db
