#include "db/group_commit.hpp"

#include <algorithm>

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

void GroupCommit::submit(const std::function<bool(Connection&)>& work) {
  Unit unit{&work};
  std::unique_lock lock(mutex_);
  queue_.push_back(&unit);
  if (!leading_) {
    leading_ = true;
    unit.lead = true;
  }
  while (!unit.done) {
    if (!unit.lead) {
      unit.wake.wait(lock);
      continue;
    }
    unit.lead = false;
    lock.unlock();
    const std::vector<Unit*> batch = lead();
    lock.lock();
    for (Unit* done : batch) {
      done->done = true;
      if (done != &unit) done->wake.notify_one();
    }
    // Hand over to the oldest waiting caller (possibly this one, when its unit did not fit).
    if (queue_.empty()) {
      leading_ = false;
    } else {
      queue_.front()->lead = true;
      queue_.front()->wake.notify_one();
    }
  }
  lock.unlock();
  // Each caller throws its own copy: an exception object is not shared between threads.
  if (unit.failed) throw Failure(*unit.failed);
  if (unit.thrown) std::rethrow_exception(unit.thrown);
}

std::vector<GroupCommit::Unit*> GroupCommit::lead() {
  std::vector<Unit*> batch;
  auto take = [&] {
    std::lock_guard lock(mutex_);
    const auto n =
        static_cast<std::ptrdiff_t>(std::min(queue_.size(), static_cast<std::size_t>(max_batch_)));
    batch.assign(queue_.begin(), queue_.begin() + n);
    queue_.erase(queue_.begin(), queue_.begin() + n);
  };
  auto run_one = [](Connection& c, Unit& unit) {
    c.exec("SAVEPOINT group_unit");
    bool keep = false;
    unit.thrown = nullptr;
    try {
      keep = (*unit.work)(c);
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
      for (Unit* unit : batch) run_one(*c, *unit);
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
  if (failed) {
    for (Unit* unit : batch) unit->failed = failed;
  }
  return batch;
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
