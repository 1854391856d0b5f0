// The SQLite driver: one sqlite3 handle per Connection, statements cached per connection.
#include "db/sqlite_driver.hpp"

#include <sqlite3.h>

#include <chrono>
#include <mutex>
#include <thread>
#include <unordered_map>

#include "db/database.hpp"
#include "db/statement_cache.hpp"

namespace cw::db {
namespace {

// What this process shares about one database file. The writer gate: SQLite lets one write
// transaction run at a time and makes the others retry on a busy handler that sleeps in steps of
// milliseconds, so sixteen concurrent checkouts spent most of their time asleep (75 ms mean
// latency at 500 orders/s over HTTP). Waiting on this mutex instead hands the lock over as soon
// as the previous commit ends. Writers in other processes still meet SQLite's own lock and busy
// handler.
struct SqliteFile {
  std::timed_mutex gate;
  LocalCommits commits;
};

SqliteFile& sqlite_file(const std::string& path) {
  static std::mutex registry_mutex;
  static std::unordered_map<std::string, SqliteFile> files;  // elements never move
  std::lock_guard lock(registry_mutex);
  return files[path];
}

// A statement journal (a savepoint's copy of the pages it changes) stays in memory up to this size.
constexpr int kStatementJournalInMemoryBytes = 1 << 20;

// SQLite's own automatic checkpoint threshold, which a WAL hook of our own replaces.
constexpr int kAutoCheckpointPages = 1000;

// SQLite calls this after each commit to a WAL database, once the commit is visible to readers
// and the write lock is released.
int count_commit(void* file, sqlite3* db, const char* schema, int wal_pages) {
  static_cast<SqliteFile*>(file)->commits.count.fetch_add(1, std::memory_order_release);
  if (wal_pages >= kAutoCheckpointPages) sqlite3_wal_checkpoint(db, schema);
  return SQLITE_OK;
}

[[noreturn]] void throw_sqlite(sqlite3* handle, int rc, std::string_view context) {
  const std::string message = std::string(context) + ": " + sqlite3_errmsg(handle);
  if ((rc & 0xff) == SQLITE_CONSTRAINT) {
    ConstraintError::Kind kind = ConstraintError::Kind::kOther;
    switch (rc) {
      case SQLITE_CONSTRAINT_UNIQUE:
      case SQLITE_CONSTRAINT_PRIMARYKEY:
        kind = ConstraintError::Kind::kUnique;
        break;
      case SQLITE_CONSTRAINT_CHECK:
        kind = ConstraintError::Kind::kCheck;
        break;
      case SQLITE_CONSTRAINT_FOREIGNKEY:
        kind = ConstraintError::Kind::kForeignKey;
        break;
      case SQLITE_CONSTRAINT_NOTNULL:
        kind = ConstraintError::Kind::kNotNull;
        break;
      default:
        break;
    }
    throw ConstraintError(kind, message);
  }
  throw Failure(Error::internal("database error: " + message));
}

class SqliteStatement final : public Statement {
 public:
  SqliteStatement(sqlite3* db, std::string_view sql) : db_(db) {
    const int rc = sqlite3_prepare_v3(db, sql.data(), static_cast<int>(sql.size()),
                                      SQLITE_PREPARE_PERSISTENT, &stmt_, nullptr);
    if (rc != SQLITE_OK) throw_sqlite(db, rc, "prepare '" + std::string(sql.substr(0, 80)) + "'");
  }
  ~SqliteStatement() override { sqlite3_finalize(stmt_); }

  void bind_null(int i) override { check(sqlite3_bind_null(stmt_, i)); }
  void bind_int(int i, std::int64_t v) override { check(sqlite3_bind_int64(stmt_, i, v)); }
  void bind_double(int i, double v) override { check(sqlite3_bind_double(stmt_, i, v)); }
  void bind_text(int i, std::string_view v) override {
    // An empty view may have no data pointer, and SQLite binds a null pointer as NULL: "" is text.
    check(sqlite3_bind_text(stmt_, i, v.data() ? v.data() : "", static_cast<int>(v.size()),
                            SQLITE_TRANSIENT));
  }
  bool step() override {
    const int rc = sqlite3_step(stmt_);
    if (rc == SQLITE_ROW) return true;
    if (rc == SQLITE_DONE) {
      changes_ = sqlite3_changes64(db_);
      return false;
    }
    throw_sqlite(db_, rc, "step");
  }
  bool is_null(int c) override { return sqlite3_column_type(stmt_, c) == SQLITE_NULL; }
  std::int64_t get_int(int c) override { return sqlite3_column_int64(stmt_, c); }
  double get_double(int c) override { return sqlite3_column_double(stmt_, c); }
  std::string get_text(int c) override {
    const auto* p = reinterpret_cast<const char*>(sqlite3_column_text(stmt_, c));
    return p ? std::string(p, static_cast<std::size_t>(sqlite3_column_bytes(stmt_, c))) : "";
  }
  std::int64_t changes() override { return changes_; }
  void finish() override {
    sqlite3_reset(stmt_);
    sqlite3_clear_bindings(stmt_);
    changes_ = 0;
    in_use = false;
  }

  bool in_use = false;

 private:
  void check(int rc) {
    if (rc != SQLITE_OK) throw_sqlite(db_, rc, "bind");
  }
  sqlite3* db_;
  sqlite3_stmt* stmt_ = nullptr;
  std::int64_t changes_ = 0;
};

class SqliteConnection final : public Connection {
 public:
  explicit SqliteConnection(const Options& options)
      : file_(sqlite_file(options.path)), busy_timeout_ms_(options.busy_timeout_ms) {
    const int rc = sqlite3_open_v2(
        options.path.c_str(), &db_,
        SQLITE_OPEN_READWRITE | (options.read_only ? 0 : SQLITE_OPEN_CREATE) | SQLITE_OPEN_NOMUTEX,
        nullptr);
    if (rc != SQLITE_OK) {
      const std::string message = db_ ? sqlite3_errmsg(db_) : "out of memory";
      sqlite3_close(db_);
      throw Failure(Error::internal("cannot open database " + options.path + ": " + message));
    }
    sqlite3_busy_timeout(db_, options.busy_timeout_ms);
    sqlite3_extended_result_codes(db_, 1);
    const char* sync = options.durability == Durability::kFull     ? "FULL"
                       : options.durability == Durability::kNormal ? "NORMAL"
                                                                   : "OFF";
    const std::string journal_mode = enter_wal_mode(options.busy_timeout_ms);
    execute_script(std::string("PRAGMA foreign_keys=ON; PRAGMA synchronous=") + sync + ";" +
                   (options.read_only ? "PRAGMA query_only=1;" : ""));
    // An in-memory database stays in journal mode "memory": it has no WAL, so no count.
    if (journal_mode == "wal") {
      sqlite3_wal_hook(db_, count_commit, &file_);
      file_.commits.counting.store(true, std::memory_order_release);
    }
  }
  ~SqliteConnection() override {
    release_gate();
    cache_.clear();
    sqlite3_close(db_);
  }

  Dialect dialect() const override { return Dialect::kSqlite; }

  void execute_script(std::string_view sql) override {
    char* err = nullptr;
    const std::string text(sql);
    const int rc = sqlite3_exec(db_, text.c_str(), nullptr, nullptr, &err);
    if (rc != SQLITE_OK) {
      std::string message = err ? err : "unknown error";
      sqlite3_free(err);
      if ((rc & 0xff) == SQLITE_CONSTRAINT)
        throw ConstraintError(ConstraintError::Kind::kOther, message);
      throw Failure(Error::internal("database error: " + message));
    }
  }

  void begin(TxMode mode) override {
    if (mode != TxMode::kWrite) {
      exec("BEGIN DEFERRED");
      return;
    }
    // Past the busy timeout, go on without the gate: SQLite's own lock then decides, so a writer
    // is never held longer than before the gate existed.
    gated_ = file_.gate.try_lock_for(std::chrono::milliseconds(busy_timeout_ms_));
    try {
      exec("BEGIN IMMEDIATE");
    } catch (...) {
      release_gate();
      throw;
    }
  }
  void commit() override {
    exec("COMMIT");
    release_gate();
  }
  void rollback() override {
    try {
      exec("ROLLBACK");
    } catch (...) {
      release_gate();
      throw;
    }
    release_gate();
  }

 protected:
  Statement& acquire(std::string_view sql) override {
    return cache_.acquire(sql, [&] { return std::make_unique<SqliteStatement>(db_, sql); });
  }

 private:
  // Switching a new file to WAL takes an exclusive lock, and when another connection holds one
  // (two servers or pools opening a fresh file at once) SQLite answers busy at once, without the
  // busy handler: retry for as long as the busy timeout allows. Answers the mode the file is in.
  std::string enter_wal_mode(int busy_timeout_ms) {
    const auto give_up =
        std::chrono::steady_clock::now() + std::chrono::milliseconds(busy_timeout_ms);
    std::string mode;
    const auto keep_mode = [](void* out, int, char** values, char**) {
      if (values[0]) *static_cast<std::string*>(out) = values[0];
      return 0;
    };
    for (;;) {
      const int rc = sqlite3_exec(db_, "PRAGMA journal_mode=WAL", keep_mode, &mode, nullptr);
      if ((rc & 0xff) != SQLITE_BUSY || std::chrono::steady_clock::now() >= give_up) {
        if (rc != SQLITE_OK) throw_sqlite(db_, rc, "PRAGMA journal_mode=WAL");
        return mode;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
  }
  void release_gate() {
    if (gated_) file_.gate.unlock();
    gated_ = false;
  }

  sqlite3* db_ = nullptr;
  StatementCache<SqliteStatement> cache_;
  SqliteFile& file_;
  int busy_timeout_ms_;
  bool gated_ = false;  // this connection holds file_.gate (inside a write transaction)
};

}  // namespace

LocalCommits& sqlite_local_commits(const std::string& path) {
  return sqlite_file(path).commits;
}

std::unique_ptr<Connection> connect_sqlite(const Options& options) {
  // These must precede SQLite's initialisation (the first open); later they are refused,
  // harmlessly. Memory statistics take one process-wide mutex on every allocation and free;
  // nothing here reads them, and at checkout load those lock calls were a tenth of the writer's
  // CPU time. Each group-commit unit runs in its own savepoint, which copies every page it
  // changes into a statement journal first: past 64 KiB (the default) that journal is a file,
  // two pwrite calls per page per order, and a journal kept in memory by temp_store=MEMORY grows
  // in 1 KiB chunks, five malloc and free calls per page. A 1 MiB threshold is also the chunk
  // size: one allocation holds a checkout's pages.
  static const bool configured = [] {
    sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
    sqlite3_config(SQLITE_CONFIG_STMTJRNL_SPILL, kStatementJournalInMemoryBytes);
    return true;
  }();
  (void)configured;
  return std::make_unique<SqliteConnection>(options);
}

}  // namespace cw::db
