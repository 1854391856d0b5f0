#pragma once
// Shapes a group commit batch (db/group_commit.hpp) for a test: holds the database's write lock,
// so the leader of the next batch waits at BEGIN while the other callers queue behind it, then
// lets them in at once when the expected number is queued. The leader takes the queue after it
// has the lock, so exactly those units share one transaction (up to the batch limit).

#include <atomic>
#include <cctype>
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "db/database.hpp"
#include "db/group_commit.hpp"

namespace cw::testing {

class BatchGate {
 public:
  explicit BatchGate(db::Database& db) : db_(db), lease_(db.lease()) {
    if (db.dialect() == db::Dialect::kSqlite) {
      held_ = std::make_unique<db::Transaction>(*lease_, db::TxMode::kWrite);
      return;
    }
    // PostgreSQL's BEGIN waits for no one, so the gate holds the group committer instead: its
    // own unit leads a batch and waits there until the others have queued behind it.
    leader_ = std::thread([this] {
      (void)db_.group_commit().run([this](db::Connection&) -> Result<bool> {
        running_ = true;
        while (!open_) std::this_thread::sleep_for(std::chrono::milliseconds(1));
        return true;
      });
    });
    while (!running_) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  ~BatchGate() {
    open_ = true;
    if (leader_.joinable()) leader_.join();
  }

  // Waits until `count` units are queued (the leader's own is queued until it takes the batch),
  // then frees the write lock. No time limit: a slow machine only makes the test slower.
  void open_when_queued(std::size_t count) {
    while (db_.group_commit().queued() < count)
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
    if (held_) held_->commit();
    held_.reset();
    open_ = true;
  }

 private:
  db::Database& db_;
  db::Database::Lease lease_;
  std::unique_ptr<db::Transaction> held_;
  std::atomic<bool> running_{false}, open_{false};
  std::thread leader_;
};

// The group commit batches a BatchGate runs itself (one unit each): on PostgreSQL it holds the
// group committer with a unit of its own, on SQLite the write lock. Tests counting batches or units
// add it.
inline std::int64_t gate_batches(db::Database& db) {
  return db.dialect() == db::Dialect::kPostgres ? 1 : 0;
}

// Whether a failed batch's message is the database's report of a violated foreign key (SQLite says
// "FOREIGN KEY constraint failed", PostgreSQL "violates foreign key constraint").
inline bool names_foreign_key(std::string message) {
  for (char& ch : message) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  return message.find("foreign key") != std::string::npos;
}

// Runs each call on its own thread, every one of them queuing one group commit unit, and lets
// them into the database together: their units share one batch.
inline void in_one_batch(db::Database& db, const std::vector<std::function<void()>>& calls) {
  BatchGate gate(db);
  std::vector<std::thread> threads;
  for (const auto& call : calls) threads.emplace_back(call);
  gate.open_when_queued(calls.size());
  for (auto& thread : threads) thread.join();
}

}  // namespace cw::testing
