#include "idempotency/idempotency.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <latch>
#include <thread>

#include "support/shop_builder.hpp"
#include "support/temp_dir.hpp"

namespace cw::idempotency {
namespace {

using cw::testing::epoch_2026;
using std::chrono::seconds;

class IdempotencyTest : public ::testing::TestWithParam<cw::testing::Backend> {
 protected:
  cw::testing::TestDatabase database;
  db::Database::Lease lease = database->lease();
  db::Connection& c = *lease;
  ManualClock clock{epoch_2026()};
  const std::string body_fp = fingerprint("POST /api/v1/orders {\"lines\":[1]}");
  const StoredResponse created{201, "application/json", "{\"id\":7}"};
};
INSTANTIATE_TEST_SUITE_P(Db, IdempotencyTest, cw::testing::kBothBackends,
                         cw::testing::backend_name);

TEST_P(IdempotencyTest, FirstRequestOwnsTheKeyAndARepeatGetsTheStoredResponse) {
  auto first = begin(c, 1, "k-1", body_fp, clock);
  ASSERT_TRUE(first.has_value());
  EXPECT_FALSE(first->replay.has_value());
  complete(c, 1, "k-1", created);

  auto repeat = begin(c, 1, "k-1", body_fp, clock);
  ASSERT_TRUE(repeat.has_value());
  ASSERT_TRUE(repeat->replay.has_value());
  EXPECT_EQ(repeat->replay->status, 201);
  EXPECT_EQ(repeat->replay->content_type, "application/json");
  EXPECT_EQ(repeat->replay->body, "{\"id\":7}");
}

TEST_P(IdempotencyTest, SameKeyWithADifferentRequestIsAConflict) {
  ASSERT_TRUE(begin(c, 1, "k-1", body_fp, clock).has_value());
  complete(c, 1, "k-1", created);
  auto other = begin(c, 1, "k-1", fingerprint("POST /api/v1/orders {\"lines\":[2]}"), clock);
  ASSERT_FALSE(other.has_value());
  EXPECT_EQ(other.error().kind, ErrorKind::kConflict);
  EXPECT_EQ(other.error().code, "idempotency_key_reused");
  EXPECT_EQ(other.error().field, "Idempotency-Key");
}

TEST_P(IdempotencyTest, KeysBelongToTheirAccount) {
  ASSERT_TRUE(begin(c, 1, "shared", body_fp, clock).has_value());
  complete(c, 1, "shared", created);
  auto other_account = begin(c, 2, "shared", body_fp, clock);
  ASSERT_TRUE(other_account.has_value());
  EXPECT_FALSE(other_account->replay.has_value());
}

TEST_P(IdempotencyTest, AKeyIsKeptTwentyFourHours) {
  ASSERT_TRUE(begin(c, 1, "day", body_fp, clock).has_value());
  complete(c, 1, "day", created);
  clock.advance(seconds(24 * 3600 - 1));
  auto within = begin(c, 1, "day", body_fp, clock);
  ASSERT_TRUE(within.has_value());
  EXPECT_TRUE(within->replay.has_value());
  clock.advance(seconds(1));
  auto after = begin(c, 1, "day", fingerprint("another body"), clock);
  ASSERT_TRUE(after.has_value());
  EXPECT_FALSE(after->replay.has_value());  // a fresh request owns it again
}

TEST_P(IdempotencyTest, AbandonedKeyCanBeRunAgain) {
  ASSERT_TRUE(begin(c, 1, "retry", body_fp, clock).has_value());
  abandon(c, 1, "retry");
  auto again = begin(c, 1, "retry", body_fp, clock);
  ASSERT_TRUE(again.has_value());
  EXPECT_FALSE(again->replay.has_value());
}

TEST_P(IdempotencyTest, PendingKeyOfAGoneOwnerIsTakenOverAfterTheTimeout) {
  ASSERT_TRUE(begin(c, 1, "stuck", body_fp, clock).has_value());
  Options impatient;
  impatient.max_wait = std::chrono::milliseconds(0);
  auto waiting = begin(c, 1, "stuck", body_fp, clock, impatient);
  ASSERT_FALSE(waiting.has_value());
  EXPECT_EQ(waiting.error().code, "idempotency_key_in_progress");
  clock.advance(impatient.pending_timeout);
  auto taken = begin(c, 1, "stuck", body_fp, clock, impatient);
  ASSERT_TRUE(taken.has_value());
  EXPECT_FALSE(taken->replay.has_value());
}

TEST_P(IdempotencyTest, RejectsMalformedKeys) {
  for (const std::string& key : {std::string(), std::string(256, 'a'), std::string("tab\there")}) {
    auto r = begin(c, 1, key, body_fp, clock);
    ASSERT_FALSE(r.has_value());
    EXPECT_EQ(r.error().kind, ErrorKind::kBadRequest);
    EXPECT_EQ(r.error().code, "invalid_idempotency_key");
  }
}

TEST_P(IdempotencyTest, PurgeRemovesExpiredKeys) {
  ASSERT_TRUE(begin(c, 1, "old", body_fp, clock).has_value());
  complete(c, 1, "old", created);
  clock.advance(seconds(3600));
  ASSERT_TRUE(begin(c, 1, "new", body_fp, clock).has_value());
  EXPECT_EQ(purge_expired(c, clock.now() + seconds(23 * 3600)), 1);
  EXPECT_EQ(c.scalar("SELECT COUNT(*) FROM idempotency_keys"), 1);
}

TEST_P(IdempotencyTest, TenConcurrentRepeatsRunTheRequestOnceAndAllGetItsResponse) {
  std::atomic<int> executions{0}, replays{0}, failures{0};
  std::latch start(10);
  std::vector<std::thread> threads;
  for (int i = 0; i < 10; ++i) {
    threads.emplace_back([&] {
      auto connection = database->lease();
      start.arrive_and_wait();
      auto begun = begin(*connection, 1, "same", body_fp, clock);
      if (!begun) {
        ++failures;
        return;
      }
      if (begun->replay) {
        if (begun->replay->body == "{\"id\":7}") ++replays;
        return;
      }
      ++executions;
      // The request's own work: one write that a second execution would repeat.
      {
        db::Transaction tx(*connection, db::TxMode::kWrite);
        connection->exec("INSERT INTO categories (name) VALUES ('made once')");
        tx.commit();
      }
      complete(*connection, 1, "same", created);
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(executions.load(), 1);
  EXPECT_EQ(replays.load(), 9);
  EXPECT_EQ(failures.load(), 0);
  EXPECT_EQ(c.scalar("SELECT COUNT(*) FROM categories WHERE name = 'made once'"), 1);
}

}  // namespace
}  // namespace cw::idempotency
