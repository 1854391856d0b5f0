#include "db/group_commit.hpp"

#include <algorithm>
#include <iterator>

namespace cw::db {
namespace {

// What every caller of a failed batch is told: the failure as the database reported it.
Error error_of(const std::exception_ptr& thrown) {
  try {
    std::rethrow_exception(thrown);
  } catch (const Failure& failure) {
    return failure.error();
  } catch (const std::exception& e) {
    return Error::internal(std::string("database error: ") + e.what());
  } catch (...) {
    return Error::internal("database error: unknown failure");
  }
}

}  // namespace

GroupCommit::~GroupCommit() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_writer_.notify_one();
  if (writer_.joinable()) writer_.join();
}

void GroupCommit::enqueue(std::unique_ptr<Unit> unit) {
  queue_.push_back(std::move(unit));
  if (!writer_.joinable()) {
    writer_ = std::thread([this] { write_loop(); });
  } else if (queue_.size() == 1) {
    // Only an empty queue can have the writer asleep; otherwise it takes this unit in time.
    wake_writer_.notify_one();
  }
}

bool GroupCommit::try_submit(Work work, Done done, std::size_t limit) {
  std::lock_guard lock(mutex_);
  if (queue_.size() >= limit) return false;
  enqueue(std::make_unique<Unit>(Unit{std::move(work), std::move(done), nullptr}));
  return true;
}

void GroupCommit::wait_for(const std::function<bool(Connection&)>& work) {
  std::mutex answered_mutex;
  std::condition_variable answered;
  bool done = false;
  std::exception_ptr thrown;
  std::optional<Error> failed;
  {
    std::lock_guard lock(mutex_);
    enqueue(std::make_unique<Unit>(
        Unit{work,
             [&](std::exception_ptr unit_thrown, const std::optional<Error>& batch_failed) {
               std::lock_guard answered_lock(answered_mutex);
               thrown = std::move(unit_thrown);
               failed = batch_failed;
               done = true;
               answered.notify_one();  // under the lock: the waiter's condition outlives this call
             },
             nullptr}));
  }
  {
    std::unique_lock lock(answered_mutex);
    answered.wait(lock, [&] { return done; });
  }
  // Each caller throws its own copy: an exception object is not shared between threads.
  if (failed) throw Failure(*failed);
  if (thrown) std::rethrow_exception(thrown);
}

void GroupCommit::write_loop() {
  for (;;) {
    {
      std::unique_lock lock(mutex_);
      wake_writer_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
      if (queue_.empty()) return;  // stopping, and every unit answered
    }
    Batch batch = lead();
    for (auto& unit : batch.units) {
      try {
        unit->done(unit->thrown, batch.failed);
      } catch (...) {
        // Done must not throw (its contract); one that does must not take the writer down.
      }
    }
  }
}

GroupCommit::Batch GroupCommit::lead() {
  Batch result;
  auto& batch = result.units;
  auto take = [&] {
    std::lock_guard lock(mutex_);
    const auto n =
        static_cast<std::ptrdiff_t>(std::min(queue_.size(), static_cast<std::size_t>(max_batch_)));
    batch.assign(std::make_move_iterator(queue_.begin()),
                 std::make_move_iterator(queue_.begin() + n));
    queue_.erase(queue_.begin(), queue_.begin() + n);
  };
  auto run_one = [](Connection& c, Unit& unit) {
    c.exec("SAVEPOINT group_unit");
    bool keep = false;
    unit.thrown = nullptr;
    try {
      keep = unit.work(c);
    } catch (const RetryableError&) {
      // PostgreSQL chose this transaction as a deadlock or serialization victim: the whole batch
      // runs again (below), so no caller hears of it.
      throw;
    } catch (...) {
      unit.thrown = std::current_exception();
    }
    if (!keep) {
      try {
        c.exec("ROLLBACK TO group_unit");
      } catch (...) {
        // The unit's own failure ended the whole transaction (SQLite rolls back on some I/O
        // errors): that failure, not the missing savepoint, is what every caller must hear.
        if (unit.thrown) std::rethrow_exception(unit.thrown);
        throw;
      }
    }
    c.exec("RELEASE group_unit");
  };

  std::optional<Error> failed;
  for (int attempt = 1;; ++attempt) {
    try {
      auto c = db_.lease();
      Transaction tx(*c, TxMode::kWrite);
      // Taken once the write lock is held: everything that queued while we waited joins (a
      // retried batch keeps its units and takes no more).
      if (batch.empty()) take();
      for (auto& unit : batch) run_one(*c, *unit);
      tx.commit();
    } catch (const RetryableError&) {
      // Nothing of the batch committed; its units run again from the start, in a new
      // transaction, a bounded number of times.
      if (attempt < kMaxAttempts) {
        {
          std::lock_guard lock(mutex_);
          ++stats_.retries;
        }
        pause_before_retry(attempt);
        continue;
      }
      failed = error_of(std::current_exception());
      failed->code = kConflictRetryCode;
      failed->retry_after = 1;
    } catch (...) {
      failed = error_of(std::current_exception());
    }
    break;
  }
  if (batch.empty()) take();  // BEGIN failed: the units queued now get its error

  std::lock_guard lock(mutex_);
  ++stats_.commits;
  stats_.units += static_cast<std::int64_t>(batch.size());
  stats_.largest = std::max(stats_.largest, static_cast<std::int64_t>(batch.size()));
  result.failed = std::move(failed);
  return result;
}

GroupCommit::Stats GroupCommit::stats() const {
  std::lock_guard lock(mutex_);
  return stats_;
}

std::size_t GroupCommit::queued() const {
  std::lock_guard lock(mutex_);
  return queue_.size();
}

}  // namespace cw::db
