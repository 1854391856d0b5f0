#pragma once
// The db layer: connections, prepared statements, transactions and a connection pool, behind an
// interface that a SQLite and a PostgreSQL (libpq) driver implement. Domain code writes one
// portable SQL dialect: `?` placeholders, ON CONFLICT, RETURNING; the PostgreSQL driver rewrites
// the placeholders to $n.
//
// Errors: a failure of the database itself (I/O, corruption, syntax) throws cw::Failure; a
// violated constraint throws db::ConstraintError so that domain code can turn a lost race on a
// UNIQUE or CHECK constraint into a 409. On PostgreSQL a serialization failure (40001) or a
// deadlock (40P01) throws db::RetryableError (a cw::Failure): the whole unit of work may be run
// again (with_retry below; group commit does it for its batches).

#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/config.hpp"
#include "core/error.hpp"

namespace cw::db {

enum class Dialect { kSqlite, kPostgres };

class ConstraintError : public std::runtime_error {
 public:
  enum class Kind { kUnique, kCheck, kForeignKey, kNotNull, kOther };
  ConstraintError(Kind kind, const std::string& message)
      : std::runtime_error(message), kind_(kind) {}
  Kind kind() const { return kind_; }
  // True when the message names `fragment` (a table.column or constraint name).
  bool mentions(std::string_view fragment) const {
    return std::string_view(what()).find(fragment) != std::string_view::npos;
  }

 private:
  Kind kind_;
};

// The transaction was aborted by the database to resolve a conflict with another one; running
// the same unit of work again in a new transaction may succeed.
class RetryableError : public Failure {
 public:
  explicit RetryableError(const std::string& message)
      : Failure(Error::internal("database conflict, retry: " + message)) {}
};

// A prepared statement. Parameters are 1-based, columns 0-based. Not thread-safe; belongs to the
// connection that prepared it.
class Statement {
 public:
  virtual ~Statement() = default;
  virtual void bind_null(int index) = 0;
  virtual void bind_int(int index, std::int64_t value) = 0;
  virtual void bind_double(int index, double value) = 0;
  virtual void bind_text(int index, std::string_view value) = 0;
  // Advances to the next row; false when done. The first call executes the statement.
  virtual bool step() = 0;
  virtual bool is_null(int column) = 0;
  virtual std::int64_t get_int(int column) = 0;
  virtual double get_double(int column) = 0;
  virtual std::string get_text(int column) = 0;
  // Rows changed by the last executed INSERT/UPDATE/DELETE.
  virtual std::int64_t changes() = 0;
  // Rewinds, clears bindings and hands the statement back to its connection's cache.
  virtual void finish() = 0;
};

// Binds any supported C++ value (integers, double, strings, std::optional of those, nullptr).
struct Binder {
  Statement& s;
  int index = 1;
  void operator()(std::nullptr_t) { s.bind_null(index++); }
  void operator()(double v) { s.bind_double(index++, v); }
  void operator()(std::string_view v) { s.bind_text(index++, v); }
  void operator()(const std::string& v) { s.bind_text(index++, v); }
  void operator()(const char* v) { s.bind_text(index++, v); }
  void operator()(bool v) { s.bind_int(index++, v ? 1 : 0); }
  template <typename I>
  requires std::is_integral_v<I>
  void operator()(I v) { s.bind_int(index++, static_cast<std::int64_t>(v)); }
  template <typename T>
  void operator()(const std::optional<T>& v) {
    if (v)
      (*this)(*v);
    else
      s.bind_null(index++);
  }
};

// A statement in use: resets it when it goes out of scope. Obtained from Connection::query.
class Rows {
 public:
  explicit Rows(Statement& statement) : statement_(&statement) {}
  Rows(Rows&& other) noexcept : statement_(std::exchange(other.statement_, nullptr)) {}
  Rows(const Rows&) = delete;
  Rows& operator=(const Rows&) = delete;
  Rows& operator=(Rows&&) = delete;
  ~Rows() {
    if (statement_) statement_->finish();
  }

  bool next() { return statement_->step(); }
  bool is_null(int c) { return statement_->is_null(c); }
  std::int64_t integer(int c) { return statement_->get_int(c); }
  double real(int c) { return statement_->get_double(c); }
  std::string text(int c) { return statement_->get_text(c); }
  std::optional<std::int64_t> opt_integer(int c) {
    return is_null(c) ? std::nullopt : std::optional(integer(c));
  }
  std::optional<std::string> opt_text(int c) {
    return is_null(c) ? std::nullopt : std::optional(text(c));
  }
  std::int64_t changes() { return statement_->changes(); }

 private:
  Statement* statement_;
};

enum class TxMode { kRead, kWrite };

class Connection {
 public:
  virtual ~Connection() = default;
  virtual Dialect dialect() const = 0;

  // Runs `sql` (several statements, no parameters). For migrations and pragmas.
  virtual void execute_script(std::string_view sql) = 0;

  // Starts a statement with the given parameters bound. Statements are prepared once per
  // connection and cached by their SQL text.
  template <typename... Args>
  Rows query(std::string_view sql, const Args&... args) {
    return bound(acquire(sql), args...);
  }

  // Like query, for a result too big to hold whole (every order, every fact row): the rows
  // arrive a batch at a time instead of all at once, so a reader copying them into its own
  // columns never holds them twice. On PostgreSQL a server-side cursor (FETCH kStreamBatchRows)
  // in the connection's transaction, or in one the stream opens and its Rows ends when there is
  // none (statements run on the connection meanwhile belong to it). The Rows must end before the
  // transaction it runs in does. Other statements may run on the connection while it streams.
  // An error met half-way throws from next() and, inside a transaction, aborts it (the
  // Transaction rolls it back). On SQLite the same as query: it steps row by row anyway.
  template <typename... Args>
  Rows stream(std::string_view sql, const Args&... args) {
    return bound(acquire_stream(sql), args...);
  }

  // Runs a statement that returns no rows; answers how many rows it changed.
  template <typename... Args>
  std::int64_t exec(std::string_view sql, const Args&... args) {
    Rows rows = query(sql, args...);
    while (rows.next()) {
    }
    return rows.changes();
  }

  // The first column of the first row, or nullopt when there is no row or it is NULL.
  template <typename... Args>
  std::optional<std::int64_t> scalar(std::string_view sql, const Args&... args) {
    Rows rows = query(sql, args...);
    if (!rows.next() || rows.is_null(0)) return std::nullopt;
    return rows.integer(0);
  }

  virtual void begin(TxMode mode) = 0;
  virtual void commit() = 0;
  virtual void rollback() = 0;

 protected:
  // A statement ready to bind, not in use by anyone else; Rows calls finish() on it.
  virtual Statement& acquire(std::string_view sql) = 0;
  // The same for stream().
  virtual Statement& acquire_stream(std::string_view sql) { return acquire(sql); }

 private:
  template <typename... Args>
  static Rows bound(Statement& statement, const Args&... args) {
    Rows rows(statement);
    [[maybe_unused]] Binder binder{statement};
    (binder(args), ...);
    return rows;
  }
};

// Begins on construction; rolls back on destruction unless commit() was called. A kWrite
// transaction takes the write lock at once (SQLite BEGIN IMMEDIATE), so it never fails half-way
// because another writer got there first.
class Transaction {
 public:
  Transaction(Connection& connection, TxMode mode) : connection_(connection) {
    connection_.begin(mode);
  }
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;
  ~Transaction() {
    if (!done_) {
      try {
        connection_.rollback();
      } catch (...) {
        // A failed rollback leaves nothing to undo: the connection aborts the transaction.
      }
    }
  }
  void commit() {
    connection_.commit();
    done_ = true;
  }

 private:
  Connection& connection_;
  bool done_ = false;
};

struct Options {
  // Where the database is: a libpq URL (postgresql://user@host:port/name or postgres://...)
  // selects PostgreSQL, anything else is a SQLite file path.
  std::string path;
  Durability durability = Durability::kFull;
  int busy_timeout_ms = 5000;
  // Most units one group commit transaction takes (group_commit.hpp); 1 turns batching off.
  int group_commit_max = 64;
  // Most idle connections the pool keeps open; more may be open while leased (one per thread).
  int pool_size = 16;
  // A read replica or an analytics copy (config analytics_database): opened without migrating
  // (its schema comes from the primary), and every connection refuses writes (PostgreSQL
  // default_transaction_read_only, SQLite query_only), so no write can land there by mistake.
  bool read_only = false;
};

// How often a unit of work that met RetryableError is run in all before the error is thrown.
inline constexpr int kMaxAttempts = 5;

// The pause before running again a unit of work whose attempt number `attempt` (from 1) met
// RetryableError: 10 ms times `attempt`. The transaction PostgreSQL let through is often woken
// but not yet running; a unit run again at once takes the rows it waits for (free since our
// abort) and meets the same deadlock.
void pause_before_retry(int attempt);

// Runs `work()` and answers its result; runs it again (at most kMaxAttempts in all, after
// pause_before_retry) when it throws RetryableError. `work` must begin and end its own
// transaction and leave in-memory side effects until it returns.
template <typename F>
auto with_retry(F&& work) -> decltype(work()) {
  for (int attempt = 1;; ++attempt) {
    try {
      return work();
    } catch (const RetryableError&) {
      if (attempt >= kMaxAttempts) throw;
    }
    pause_before_retry(attempt);
  }
}

class GroupCommit;
struct LocalCommits;  // sqlite_driver.hpp

// One connection outside any pool, by the driver `options.path` selects (Options::path), without
// migrating: for tools that manage databases themselves (creating and dropping them).
std::unique_ptr<Connection> connect(const Options& options);

// A pool of connections to one database; each thread leases one for the length of its work.
// Migrations are applied once when the Database opens.
class Database {
 public:
  // Opens (creating when missing) and migrates. Throws cw::Failure when it cannot. With
  // options.read_only it neither creates nor migrates: a database whose schema is not this
  // binary's latest version throws cw::Failure saying so.
  static std::unique_ptr<Database> open(const Options& options);
  ~Database();

  class Lease {
   public:
    Lease(Database& db, std::unique_ptr<Connection> c) : db_(&db), connection_(std::move(c)) {}
    Lease(Lease&&) noexcept = default;
    Lease& operator=(Lease&&) noexcept = default;
    ~Lease() {
      if (connection_) db_->give_back(std::move(connection_));
    }
    Connection& operator*() { return *connection_; }
    Connection* operator->() { return connection_.get(); }

   private:
    Database* db_;
    std::unique_ptr<Connection> connection_;
  };

  Lease lease();
  const Options& options() const { return options_; }
  Dialect dialect() const { return dialect_; }
  // The schema version after migrations (the highest applied migration number).
  int schema_version();
  // The one group committer of this database (group_commit.hpp), shared by every caller so that
  // concurrent units land in the same transactions.
  GroupCommit& group_commit() { return *group_commit_; }
  // How many write transactions connections of this process (through any Database on the same
  // path) have committed here so far, each counted once it is visible to readers; nullopt where
  // they are not counted (PostgreSQL, a database without a WAL). Commits by other processes are
  // never counted: a reader that skips a query while the count stands still must still query
  // now and then to see them.
  std::optional<std::uint64_t> local_commit_count() const;

 private:
  explicit Database(Options options);
  std::unique_ptr<Connection> connect();
  void give_back(std::unique_ptr<Connection> connection);

  Options options_;
  Dialect dialect_;
  std::mutex mutex_;
  std::vector<std::unique_ptr<Connection>> idle_;
  std::unique_ptr<GroupCommit> group_commit_;
  const LocalCommits* local_commits_ = nullptr;  // SQLite only
};

// A migration embedded in the binary; generated from src/*/schema/NNNN_name.sql and, where the
// shared file does not run on PostgreSQL, NNNN_name.postgres.sql beside it.
struct Migration {
  int version;
  const char* name;
  const char* sql;
  const char* postgres_sql;  // the PostgreSQL text of the same step; nullptr: `sql` runs there
  const char* sql_for(Dialect d) const {
    return d == Dialect::kPostgres && postgres_sql ? postgres_sql : sql;
  }
};
const std::vector<Migration>& migrations();

// Applies every migration newer than the database's version, each in its own transaction. On
// PostgreSQL each transaction first takes an advisory lock, so two servers migrating one database
// at once apply every step exactly once.
void migrate(Connection& connection);

}  // namespace cw::db
