#pragma once
// Group commit: write units that arrive while a transaction is being committed share the next
// transaction and its one COMMIT, so at durability `full` one fsync acknowledges many of them.
//
// One writer thread of its own (started with the first unit): a caller queues its unit and either
// waits for it (run) or goes on and is called back (try_submit). The writer takes the write lock
// (BEGIN IMMEDIATE through the writer gate), then takes every unit queued by then (at most
// `max_batch`), runs each in its own SAVEPOINT on its connection, commits and answers the units.
// Units queued meanwhile go in the next batch. A unit that fails is rolled back to its savepoint,
// so it leaves no trace and the others of its batch keep their changes. No caller's thread is
// parked for a checkout that is answered through try_submit(): the HTTP edge hands checkouts over
// and writes each response when its batch has committed (docs/architecture.md "Group commit").
//
// On PostgreSQL a batch that meets a deadlock or serialization failure (db::RetryableError) is
// rolled back and run again as a whole (after a pause of 10 ms times the attempts so far), at
// most db::kMaxAttempts times, so a unit may run more than once before it commits: one more
// reason to keep in-memory side effects out of it. A conflict that lasts past the last attempt
// reaches every caller as an Error with code kConflictRetryCode and retry_after set: the database
// is busy, not broken (the HTTP edge answers 503 with Retry-After, never 500).
//
// Every unit is answered only after the COMMIT holding it has returned: its caller may acknowledge
// its work as durable (as durable as the database's synchronous setting makes it).
// Other writers (their own Transaction) serialize with the batches on the same writer gate.

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <exception>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>
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

  // The work of a unit: true keeps its changes, false rolls them back to its savepoint.
  using Work = std::function<bool(Connection&)>;
  // How a unit ended, called once on the writer thread after the transaction holding it committed
  // or failed: `thrown` is what the unit threw (its savepoint rolled back), `failed` the error of
  // BEGIN, a savepoint statement or COMMIT that undid the whole batch. Must not throw and should be
  // quick (hand the rest to another thread): the next batch waits for it.
  using Done = std::function<void(std::exception_ptr thrown, const std::optional<Error>& failed)>;

  // `max_batch` < 1 counts as 1: every unit in its own transaction (group commit off).
  GroupCommit(Database& db, int max_batch) : db_(db), max_batch_(max_batch < 1 ? 1 : max_batch) {}
  // Runs every unit still queued, then joins the writer thread.
  ~GroupCommit();
  GroupCommit(const GroupCommit&) = delete;
  GroupCommit& operator=(const GroupCommit&) = delete;

  // Runs `unit(Connection&)`, which returns a Result<T>, inside a shared write transaction in a
  // savepoint of its own: a value keeps its changes, an error rolls them back to the savepoint.
  // Answers the unit's Result once the transaction holding it has committed.
  //
  // `unit` runs on the writer thread while its caller waits: it may use the caller's stack, must
  // not begin or end a transaction, and must leave in-memory side effects to its caller (after
  // run() returns), because the batch may still fail at COMMIT.
  // Throws: what `unit` threw (its savepoint rolled back, the other units unaffected); cw::Failure
  // with the error of BEGIN, of a savepoint statement or of COMMIT to every caller of a batch that
  // failed as a whole (nothing of it committed).
  template <typename F>
  auto run(F&& unit) -> std::invoke_result_t<F&, Connection&> {
    std::optional<std::invoke_result_t<F&, Connection&>> result;
    wait_for([&](Connection& c) {
      result.emplace(unit(c));
      return result->has_value();
    });
    return std::move(*result);
  }

  // Queues `work` and returns at once; `done` is called as Done says. `work` runs on the writer
  // thread later, so it owns what it uses. False, without queuing, when `limit` units already
  // wait: the caller is to refuse the work (503) rather than pile it up.
  bool try_submit(Work work, Done done, std::size_t limit);

  Stats stats() const;
  // Units waiting for the writer to take them; lets a test shape a batch deterministically.
  std::size_t queued() const;

 private:
  struct Unit {
    Work work;
    Done done;
    std::exception_ptr thrown;  // by the unit itself
  };
  struct Batch {
    std::vector<std::unique_ptr<Unit>> units;
    std::optional<Error> failed;  // the batch as a whole
  };

  // Queues `work` and waits until it has run; rethrows as run() describes.
  void wait_for(const std::function<bool(Connection&)>& work);
  void enqueue(std::unique_ptr<Unit> unit);  // mutex_ held
  void write_loop();
  // Runs one batch of the queued units. Never throws.
  Batch lead();

  Database& db_;
  const int max_batch_;
  mutable std::mutex mutex_;
  std::condition_variable wake_writer_;
  std::deque<std::unique_ptr<Unit>> queue_;
  bool stopping_ = false;
  std::thread writer_;  // started by the first unit
  Stats stats_;
};

}  // namespace cw::db
