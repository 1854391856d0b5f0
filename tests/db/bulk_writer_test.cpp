#include "db/bulk_writer.hpp"

#include <gtest/gtest.h>

#include <limits>

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

// Every column type the schema uses, and the other widths binary COPY encodes.
class BulkWriterTypesTest : public ::testing::TestWithParam<Backend> {
 protected:
  void SetUp() override {
    auto c = t_->lease();
    c->execute_script(
        "CREATE TABLE bw_types (id BIGINT PRIMARY KEY, small SMALLINT, medium INTEGER, big BIGINT,"
        " single REAL, number DOUBLE PRECISION, flag BOOLEAN, note TEXT, label VARCHAR(20))");
  }
  // Loads the rows in `format` and answers them as text, one line per row.
  std::string round_trip(CopyFormat format) {
    auto c = t_->lease();
    {
      Transaction tx(*c, TxMode::kWrite);
      BulkWriter writer(*c, format);
      auto& rows = writer.table("bw_types", {"id", "small", "medium", "big", "single", "number",
                                             "flag", "note", "label"});
      rows.add(1, -32768, -2147483647 - 1, std::numeric_limits<std::int64_t>::min(), -0.5,
               -12345.678, false, "tab\there, line\nbreak\r, back\\slash \\N", "Zoë – ü");
      rows.add(2, 32767, 2147483647, std::numeric_limits<std::int64_t>::max(), 0.25, 123.456, true,
               "", "ascii");
      rows.add(3, nullptr, std::optional<int>(), std::optional<std::int64_t>(),
               std::optional<double>(), std::optional<double>(), std::optional<bool>(),
               std::optional<std::string>(), nullptr);
      rows.add(4, 0, 7, 42, 3, 9, 1, "\\N", "日本語");  // integers into the number columns
      rows.add(5, 1, 1, 1, 1.0, 1.0, true, std::string_view(), std::string_view());  // not NULL
      writer.flush();
      tx.commit();
    }
    std::string out;
    for (auto rows = c->query(
             "SELECT id, small, medium, big, single, number, flag, note, label FROM bw_types "
             "ORDER BY id");
         rows.next();) {
      out += std::to_string(rows.integer(0));
      for (int column : {1, 2, 3, 6})
        out += "|" + (rows.is_null(column) ? "null" : std::to_string(rows.integer(column)));
      for (int column : {4, 5})
        out += "|" + (rows.is_null(column) ? "null" : std::to_string(rows.real(column)));
      for (int column : {7, 8}) out += "|" + (rows.is_null(column) ? "null" : rows.text(column));
      out += "\n";
    }
    return out;
  }
  testing::TestDatabase t_{GetParam()};
};
INSTANTIATE_TEST_SUITE_P(Db, BulkWriterTypesTest, testing::kBothBackends, testing::backend_name);

const std::string kTypesBack =
    "1|-32768|-2147483648|-9223372036854775808|0|-0.500000|-12345.678000|"
    "tab\there, line\nbreak\r, back\\slash \\N|Zoë – ü\n"
    "2|32767|2147483647|9223372036854775807|1|0.250000|123.456000||ascii\n"
    "3|null|null|null|null|null|null|null|null\n"
    "4|0|7|42|1|3.000000|9.000000|\\N|日本語\n"
    "5|1|1|1|1|1.000000|1.000000||\n";

TEST_P(BulkWriterTypesTest, BinaryCopyRoundTripsEveryColumnType) {
  EXPECT_EQ(round_trip(CopyFormat::kBinary), kTypesBack);
}

TEST_P(BulkWriterTypesTest, TextCopyRoundTripsEveryColumnType) {
  EXPECT_EQ(round_trip(CopyFormat::kText), kTypesBack);
}

// PostgreSQL only: SQLite stores any value in any column, so there is nothing to refuse there.
class BulkWriterColumnWidthTest : public BulkWriterTypesTest {};
INSTANTIATE_TEST_SUITE_P(Db, BulkWriterColumnWidthTest, ::testing::Values(Backend::kPostgres),
                         testing::backend_name);

// Binary COPY must know each value's width: a value its column cannot hold is refused by add(),
// naming the table and column, and the rows added before it still load.
TEST_P(BulkWriterColumnWidthTest, AValueThatDoesNotFitItsColumnIsAFailureNamingIt) {
  auto c = t_->lease();
  Transaction tx(*c, TxMode::kWrite);
  BulkWriter writer(*c);
  auto& rows = writer.table("bw_types", {"id", "medium", "small", "flag", "note"});
  rows.add(1, 5, 5, true, "kept");
  auto message = [&](auto&&... values) {
    try {
      rows.add(values...);
    } catch (const Failure& e) {
      return e.error().message;
    }
    return std::string("no failure");
  };
  EXPECT_EQ(message(2, std::int64_t{3'000'000'000}, 1, true, "x"),
            "database error: bulk load of bw_types: the integer 3000000000 does not fit column "
            "medium (integer)");
  EXPECT_EQ(message(2, 1, 40000, true, "x"),
            "database error: bulk load of bw_types: the integer 40000 does not fit column small "
            "(smallint)");
  EXPECT_EQ(message(2, "12", 1, true, "x"),
            "database error: bulk load of bw_types: text '12' does not fit column medium "
            "(integer)");
  EXPECT_EQ(message(2, 2.5, 1, true, "x"),
            "database error: bulk load of bw_types: the number 2.5 does not fit column medium "
            "(integer)");
  EXPECT_EQ(message(2, 1, 1, 2, "x"),
            "database error: bulk load of bw_types: the integer 2 does not fit column flag "
            "(boolean)");
  EXPECT_EQ(message(2, 1, 1),
            "database error: bulk load of bw_types: a row of 3 values for 5 columns");
  writer.flush();
  tx.commit();
  EXPECT_EQ(c->scalar("SELECT COUNT(*) FROM bw_types"), 1);
  auto note = c->query("SELECT note FROM bw_types WHERE id = 1");
  ASSERT_TRUE(note.next());
  EXPECT_EQ(note.text(0), "kept");
}

// A row COPY refuses is named by the source line the caller gave it, on both databases.
TEST_P(BulkWriterTest, ARefusedRowIsNamedByItsSourceLine) {
  auto c = t_->lease();
  Transaction tx(*c, TxMode::kWrite);
  BulkWriter writer(*c);
  auto& parents = writer.table("bw_parent", {"id", "note", "amount"});
  for (int id = 1; id <= 5; ++id) {
    writer.set_source_line(id + 1);
    parents.add(id, "row", 1.0);
  }
  EXPECT_THROW(
      {
        writer.set_source_line(7);
        parents.add(3, "again", 1.0);  // the primary key of the row on line 4
        writer.flush();
      },
      ConstraintError);
  EXPECT_EQ(writer.failed_source_line(), 7);
}

}  // namespace
}  // namespace cw::db
