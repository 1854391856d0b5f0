#pragma once
// Group commit: write units that arrive while a transaction is being committed share the next
// transaction and its one COMMIT, so at durability `full` one fsync acknowledges many of them.
//
// Leader/follower, no thread of its own: a caller queues its unit and, when no batch is running,
// becomes the leader. The leader takes the write lock (BEGIN IMMEDIATE through the writer gate),
// then takes every unit queued by then (at most `max_batch`), runs each in its own SAVEPOINT on
// its connection, commits and wakes the callers. Units queued meanwhile wait for the next leader,
// which is one of their own callers. A unit that fails is rolled back to its savepoint, so it
// leaves no trace and the others of its batch keep their changes.
//
// On PostgreSQL a batch that meets a deadlock or serialization failure (db::RetryableError) is
// rolled back and run again as a whole (after a pause of 10 ms times the attempts so far), at
// most db::kMaxAttempts times, so a unit may run more than once before it commits: one more
// reason to keep in-memory side effects out of it. A conflict that lasts past the last attempt
// reaches every caller as an Error with code kConflictRetryCode and retry_after set: the database
// is busy, not broken (the HTTP edge answers 503 with Retry-After, never 500).
//
// Every caller returns only after the COMMIT holding its unit has returned: a caller may
// acknowledge its work as durable (as durable as the database's synchronous setting makes it).
// Other writers (their own Transaction) serialize with the batches on the same writer gate.

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <exception>
#include <functional>
#include <mutex>
#include <optional>
#include <type_traits>
#include <utility>
#include <vector>

#include "core/error.hpp"
#include "db/database.hpp"

namespace cw::db {

inline constexpr const char* kConflictRetryCode = "database_conflict";

class GroupCommit {
 public:
  struct Stats {
    std::int64_t commits = 0;  // transactions the batches ran (committed or failed)
    std::int64_t units = 0;    // units run in them, kept or rolled back
    std::int64_t largest = 0;  // most units in one transaction
    // Batches run again after a deadlock or serialization failure (db::RetryableError)
    std::int64_t retries = 0;
  };

  // `max_batch` < 1 counts as 1: every unit in its own transaction (group commit off).
  GroupCommit(Database& db, int max_batch) : db_(db), max_batch_(max_batch < 1 ? 1 : max_batch) {}
  GroupCommit(const GroupCommit&) = delete;
  GroupCommit& operator=(const GroupCommit&) = delete;

  // Runs `unit(Connection&)`, which returns a Result<T>, inside a shared write transaction in a
  // savepoint of its own: a value keeps its changes, an error rolls them back to the savepoint.
  // Answers the unit's Result once the transaction holding it has committed.
  //
  // `unit` runs on the leader's thread while its caller waits: it may use the caller's stack,
  // must not begin or end a transaction, and must leave in-memory side effects to its caller
  // (after run() returns), because the batch may still fail at COMMIT.
  // Throws: what `unit` threw (its savepoint rolled back, the other units unaffected); cw::Failure
  // with the error of BEGIN, of a savepoint statement or of COMMIT to every caller of a batch that
  // failed as a whole (nothing of it committed).
  template <typename F>
  auto run(F&& unit) -> std::invoke_result_t<F&, Connection&> {
    std::optional<std::invoke_result_t<F&, Connection&>> result;
    submit([&](Connection& c) {
      result.emplace(unit(c));
      return result->has_value();
    });
    return std::move(*result);
  }

  Stats stats() const;
  // Units waiting for a leader to take them; lets a test shape a batch deterministically.
  std::size_t queued() const;

 private:
  struct Unit {
    const std::function<bool(Connection&)>* work;  // true keeps its changes
    // Each caller sleeps on its own condition, woken once: when its unit is done, or when it is
    // to lead the next batch. (One shared condition woke every waiter at every commit: with
    // batching off and 64 callers that was 64 wake-ups per order.)
    std::condition_variable wake;
    bool lead = false;
    bool done = false;
    std::exception_ptr thrown;    // by the unit itself
    std::optional<Error> failed;  // the batch as a whole
  };

  // Queues `work`, leads batches when asked until it has run, rethrows as run() describes.
  void submit(const std::function<bool(Connection&)>& work);
  // Runs one batch and answers its units, done but not yet told so. Never throws.
  std::vector<Unit*> lead();

  Database& db_;
  const int max_batch_;
  mutable std::mutex mutex_;
  std::deque<Unit*> queue_;
  bool leading_ = false;  // a batch runs, or its next leader has been woken
  Stats stats_;
};

}  // namespace cw::db
