// The PostgreSQL driver (libpq): one PGconn per Connection, statements prepared once per
// connection and cached by their SQL text, parameters always bound (text format, types inferred
// by the server from the statement).
#include "db/postgres_driver.hpp"

#include <libpq-fe.h>

#include <algorithm>
#include <charconv>
#include <cstdlib>
#include <unordered_map>

#include "db/database.hpp"
#include "db/statement_cache.hpp"

namespace cw::db {

std::string to_postgres_placeholders(std::string_view sql, int* count) {
  std::string out;
  out.reserve(sql.size() + 16);
  int n = 0;
  char quote = 0;        // inside '...' or "..."
  bool comment = false;  // inside -- ... end of line
  for (std::size_t i = 0; i < sql.size(); ++i) {
    const char ch = sql[i];
    if (comment) {
      comment = ch != '\n';
    } else if (quote) {
      if (ch == quote) quote = 0;  // a doubled quote closes and reopens: same result
    } else if (ch == '\'' || ch == '"') {
      quote = ch;
    } else if (ch == '-' && i + 1 < sql.size() && sql[i + 1] == '-') {
      comment = true;
    } else if (ch == '?') {
      // SQLite's rules: `?NNN` is parameter NNN, a bare `?` the largest number so far plus one.
      int number = 0;
      while (i + 1 < sql.size() && sql[i + 1] >= '0' && sql[i + 1] <= '9') {
        number = number * 10 + (sql[++i] - '0');
      }
      if (number == 0) number = n + 1;
      n = std::max(n, number);
      out += '$';
      out += std::to_string(number);
      continue;
    }
    out += ch;
  }
  if (count) *count = n;
  return out;
}

namespace {

// SQLite names a violated unique key "table.column"; domain code matches on that
// (ConstraintError::mentions), so PostgreSQL's report is restated the same way: the table from
// the error fields and the columns from the detail "Key (a, b)=(...) already exists.".
std::string constraint_message(const PGresult* r) {
  auto field = [r](int code) {
    const char* v = PQresultErrorField(r, code);
    return std::string(v ? v : "");
  };
  std::string message = field(PG_DIAG_MESSAGE_PRIMARY);
  const std::string table = field(PG_DIAG_TABLE_NAME);
  std::string columns = field(PG_DIAG_COLUMN_NAME);
  const std::string detail = field(PG_DIAG_MESSAGE_DETAIL);
  if (columns.empty() && detail.rfind("Key (", 0) == 0) {
    const auto end = detail.find(")=");
    if (end != std::string::npos) columns = detail.substr(5, end - 5);
  }
  std::string named;
  std::size_t start = 0;
  while (!table.empty() && !columns.empty() && start <= columns.size()) {
    auto comma = columns.find(", ", start);
    if (comma == std::string::npos) comma = columns.size();
    if (!named.empty()) named += ", ";
    named += table + "." + columns.substr(start, comma - start);
    start = comma + 2;
  }
  if (!named.empty()) message += ": " + named;
  const std::string constraint = field(PG_DIAG_CONSTRAINT_NAME);
  if (!constraint.empty()) message += " (" + constraint + ")";
  return message;
}

[[noreturn]] void throw_result(const PGresult* r, PGconn* conn, std::string_view context) {
  const char* state = r ? PQresultErrorField(r, PG_DIAG_SQLSTATE) : nullptr;
  const std::string sqlstate = state ? state : "";
  if (sqlstate.rfind("23", 0) == 0) {
    ConstraintError::Kind kind = ConstraintError::Kind::kOther;
    if (sqlstate == "23505") kind = ConstraintError::Kind::kUnique;
    if (sqlstate == "23514") kind = ConstraintError::Kind::kCheck;
    if (sqlstate == "23503") kind = ConstraintError::Kind::kForeignKey;
    if (sqlstate == "23502") kind = ConstraintError::Kind::kNotNull;
    throw ConstraintError(kind, std::string(context) + ": " + constraint_message(r));
  }
  std::string message = r ? PQresultErrorMessage(r) : PQerrorMessage(conn);
  while (!message.empty() && (message.back() == '\n' || message.back() == ' ')) message.pop_back();
  if (sqlstate == "40001" || sqlstate == "40P01")
    throw RetryableError(std::string(context) + ": " + message);
  throw Failure(Error::internal("database error: " + std::string(context) + ": " + message));
}

// Owns a PGresult.
struct Result {
  PGresult* r = nullptr;
  Result() = default;
  explicit Result(PGresult* result) : r(result) {}
  Result(const Result&) = delete;
  Result& operator=(const Result&) = delete;
  ~Result() { reset(); }
  void reset(PGresult* next = nullptr) {
    if (r) PQclear(r);
    r = next;
  }
};

void check(const Result& result, PGconn* conn, std::string_view context) {
  const ExecStatusType status = result.r ? PQresultStatus(result.r) : PGRES_FATAL_ERROR;
  if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK)
    throw_result(result.r, conn, context);
}

class PostgresStatement final : public Statement {
 public:
  // Streamed statements (cursor true) are not prepared: each run declares the cursor `name` for
  // the statement with its parameters and fetches kStreamBatchRows rows at a time from it.
  PostgresStatement(PGconn* conn, std::string name, std::string_view sql, bool cursor = false)
      : conn_(conn), name_(std::move(name)), cursor_(cursor) {
    int count = 0;
    const std::string text = to_postgres_placeholders(sql, &count);
    params_.resize(static_cast<std::size_t>(count));
    if (cursor_) {
      declare_ = "DECLARE " + name_ + " NO SCROLL CURSOR FOR " + text;
      fetch_ = "FETCH " + std::to_string(kStreamBatchRows) + " FROM " + name_;
      return;
    }
    Result prepared(PQprepare(conn, name_.c_str(), text.c_str(), 0, nullptr));
    check(prepared, conn, "prepare '" + std::string(sql.substr(0, 80)) + "'");
  }
  ~PostgresStatement() override = default;

  void bind_null(int i) override { slot(i).reset(); }
  void bind_int(int i, std::int64_t v) override { slot(i) = std::to_string(v); }
  void bind_double(int i, double v) override {
    char buffer[32];
    const auto end = std::to_chars(buffer, buffer + sizeof buffer, v).ptr;
    slot(i) = std::string(buffer, end);
  }
  void bind_text(int i, std::string_view v) override { slot(i) = std::string(v); }

  bool step() override {
    if (cursor_) return step_cursor();
    if (!result_.r) {
      const auto values = parameter_values();
      result_.reset(PQexecPrepared(conn_, name_.c_str(), static_cast<int>(values.size()),
                                   values.data(), nullptr, nullptr, 0));
      take_result("step");
    }
    return ++row_ < rows_;
  }
  bool is_null(int c) override { return PQgetisnull(result_.r, row_, c) != 0; }
  std::int64_t get_int(int c) override {
    const char* v = PQgetvalue(result_.r, row_, c);
    if (v[0] == 't' && v[1] == 0) return 1;  // boolean results (EXISTS, comparisons)
    if (v[0] == 'f' && v[1] == 0) return 0;
    return std::strtoll(v, nullptr, 10);
  }
  double get_double(int c) override { return std::strtod(PQgetvalue(result_.r, row_, c), nullptr); }
  std::string get_text(int c) override {
    return std::string(PQgetvalue(result_.r, row_, c),
                       static_cast<std::size_t>(PQgetlength(result_.r, row_, c)));
  }
  std::int64_t changes() override { return changes_; }
  void finish() override {
    if (declared_) close_cursor();
    result_.reset();
    for (auto& p : params_) p.reset();
    changes_ = 0;
    in_use = false;
  }

  bool in_use = false;

 private:
  std::vector<const char*> parameter_values() const {
    std::vector<const char*> values(params_.size());
    for (std::size_t i = 0; i < params_.size(); ++i)
      values[i] = params_[i] ? params_[i]->c_str() : nullptr;
    return values;
  }

  void take_result(std::string_view context) {
    check(result_, conn_, context);
    rows_ = PQntuples(result_.r);
    const char* changed = PQcmdTuples(result_.r);
    changes_ = changed && *changed ? std::atoll(changed) : 0;
    row_ = -1;
  }

  // A cursor lives in a transaction: outside one the stream opens its own, which finish() ends,
  // so every statement run on the connection meanwhile belongs to it.
  bool step_cursor() {
    if (!declared_) {
      own_transaction_ = PQtransactionStatus(conn_) == PQTRANS_IDLE;
      if (own_transaction_) check(Result(PQexec(conn_, "BEGIN")), conn_, "stream");
      const auto values = parameter_values();
      Result declared(PQexecParams(conn_, declare_.c_str(), static_cast<int>(values.size()),
                                   nullptr, values.data(), nullptr, nullptr, 0));
      declared_ = true;
      check(declared, conn_, "stream");
      exhausted_ = false;
    }
    if (row_ + 1 < rows_) return ++row_ < rows_;
    if (exhausted_) return false;
    // The batch before is freed first: no more than one batch of rows is held at a time.
    result_.reset();
    result_.reset(PQexec(conn_, fetch_.c_str()));
    take_result("stream");
    exhausted_ = rows_ < kStreamBatchRows;
    return ++row_ < rows_;
  }

  // Never throws (it runs from ~Rows): a failed CLOSE leaves the transaction aborted, which its
  // owner rolls back. In a failed transaction the cursor is gone with it.
  void close_cursor() noexcept {
    declared_ = false;
    const bool alive = PQtransactionStatus(conn_) == PQTRANS_INTRANS;
    if (alive) PQclear(PQexec(conn_, ("CLOSE " + name_).c_str()));
    if (own_transaction_) PQclear(PQexec(conn_, alive ? "COMMIT" : "ROLLBACK"));
    own_transaction_ = false;
    rows_ = 0;
    row_ = -1;
  }

  std::optional<std::string>& slot(int i) {
    if (i < 1 || static_cast<std::size_t>(i) > params_.size())
      throw Failure(Error::internal("database error: bind: parameter " + std::to_string(i) +
                                    " out of range"));
    return params_[static_cast<std::size_t>(i - 1)];
  }

  PGconn* conn_;
  std::string name_;
  std::vector<std::optional<std::string>> params_;
  Result result_;
  int rows_ = 0;
  int row_ = -1;
  std::int64_t changes_ = 0;
  bool cursor_ = false;
  std::string declare_, fetch_;
  bool declared_ = false;
  bool own_transaction_ = false;
  bool exhausted_ = false;
};

class PostgresConnection final : public Connection {
 public:
  explicit PostgresConnection(const Options& options) {
    conn_ = PQconnectdb(options.path.c_str());
    if (PQstatus(conn_) != CONNECTION_OK) {
      std::string message = PQerrorMessage(conn_);
      while (!message.empty() && message.back() == '\n') message.pop_back();
      PQfinish(conn_);
      throw Failure(Error::internal("cannot connect to PostgreSQL: " + message));
    }
    // Notices (IF NOT EXISTS, ...) are not errors; libpq would print them to stderr.
    PQsetNoticeProcessor(
        conn_, [](void*, const char*) {}, nullptr);
    // `off` acknowledges a commit before it reaches the disk, like SQLite's synchronous=OFF; a
    // crash can lose the last commits but never corrupts the database.
    execute_script(std::string("SET synchronous_commit = ") +
                   (options.durability == Durability::kOff ? "off" : "on") +
                   "; SET client_min_messages = warning; SET TIME ZONE 'UTC'"
                   // Cursors here read the whole result (Connection::stream): plan them for
                   // the total cost, not for the first 10% of rows.
                   "; SET cursor_tuple_fraction = 1.0" +
                   (options.read_only ? "; SET default_transaction_read_only = on" : ""));
  }
  ~PostgresConnection() override {
    cache_.clear();
    streams_.clear();
    PQfinish(conn_);
  }

  Dialect dialect() const override { return Dialect::kPostgres; }
  PGconn* handle() const { return conn_; }

  void execute_script(std::string_view sql) override {
    // PQexec runs several statements in one implicit transaction unless they manage their own.
    const std::string text(sql);
    Result result(PQexec(conn_, text.c_str()));
    check(result, conn_, "script");
  }

  void begin(TxMode mode) override {
    // Writers run at READ COMMITTED: every domain statement that must not lose an update is a
    // conditional UPDATE or takes its row lock (docs/architecture.md, "PostgreSQL"). Readers get
    // one snapshot for the whole transaction, as SQLite's read transaction does.
    execute_script(mode == TxMode::kWrite ? "BEGIN ISOLATION LEVEL READ COMMITTED"
                                          : "BEGIN ISOLATION LEVEL REPEATABLE READ");
  }
  void commit() override { execute_script("COMMIT"); }
  void rollback() override { execute_script("ROLLBACK"); }

 protected:
  Statement& acquire(std::string_view sql) override {
    return cache_.acquire(sql, [&] {
      return std::make_unique<PostgresStatement>(conn_, "cw" + std::to_string(++prepared_), sql);
    });
  }
  Statement& acquire_stream(std::string_view sql) override {
    return streams_.acquire(sql, [&] {
      return std::make_unique<PostgresStatement>(conn_, "cwc" + std::to_string(++prepared_), sql,
                                                 true);
    });
  }

 private:
  PGconn* conn_ = nullptr;
  StatementCache<PostgresStatement> cache_;
  StatementCache<PostgresStatement> streams_;
  std::int64_t prepared_ = 0;
};

}  // namespace

bool is_postgres_location(std::string_view location) {
  return location.rfind("postgresql://", 0) == 0 || location.rfind("postgres://", 0) == 0;
}

std::unique_ptr<Connection> connect_postgres(const Options& options) {
  return std::make_unique<PostgresConnection>(options);
}

std::string quote_identifier(std::string_view name) {
  std::string out = "\"";
  for (const char ch : name) {
    if (ch == '"') out += '"';
    out += ch;
  }
  return out + '"';
}

void append_copy_value(std::string& out, std::string_view value) {
  for (const char ch : value) {
    switch (ch) {
      case '\\':
        out += "\\\\";
        break;
      case '\t':
        out += "\\t";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      default:
        out += ch;
    }
  }
}

namespace {

class PostgresCopyIn final : public CopyIn {
 public:
  PostgresCopyIn(PGconn* conn, std::string statement) : conn_(conn) {
    Result started(PQexec(conn_, statement.c_str()));
    if (!started.r || PQresultStatus(started.r) != PGRES_COPY_IN)
      throw_result(started.r, conn_, "copy");
    open_ = true;
  }
  ~PostgresCopyIn() override {
    if (!open_) return;
    // Cancels the COPY so that the connection takes statements again (the ROLLBACK that follows).
    if (PQputCopyEnd(conn_, "copy abandoned by the client") == 1)
      while (PGresult* r = PQgetResult(conn_)) PQclear(r);
  }

  void write(std::string_view data) override {
    if (PQputCopyData(conn_, data.data(), static_cast<int>(data.size())) != 1)
      throw_result(nullptr, conn_, "copy");
  }

  std::int64_t finish() override {
    open_ = false;
    if (PQputCopyEnd(conn_, nullptr) != 1) throw_result(nullptr, conn_, "copy");
    // Every result is read before throwing, so the connection is ready for the ROLLBACK.
    Result outcome(PQgetResult(conn_));
    while (PGresult* more = PQgetResult(conn_)) PQclear(more);
    if (!outcome.r || PQresultStatus(outcome.r) != PGRES_COMMAND_OK)
      failed_row_ = row_in_context(outcome.r);
    check(outcome, conn_, "copy");
    const char* rows = PQcmdTuples(outcome.r);
    return rows && *rows ? std::atoll(rows) : 0;
  }

  std::int64_t failed_row() const override { return failed_row_; }

 private:
  // COPY names the row it was reading in the error's context: "COPY t, line N[, column c: ...]".
  static std::int64_t row_in_context(const PGresult* r) {
    const char* context = r ? PQresultErrorField(r, PG_DIAG_CONTEXT) : nullptr;
    if (!context) return 0;
    const std::string_view text(context);
    const auto at = text.find(", line ");
    if (text.rfind("COPY ", 0) != 0 || at == std::string_view::npos) return 0;
    std::int64_t row = 0;
    const char* digits = text.data() + at + 7;
    std::from_chars(digits, text.data() + text.size(), row);
    return row;
  }

  PGconn* conn_;
  bool open_ = false;
  std::int64_t failed_row_ = 0;
};

}  // namespace

std::unique_ptr<CopyIn> copy_in(Connection& connection, std::string_view table,
                                const std::vector<std::string>& columns, bool binary) {
  auto* postgres = dynamic_cast<PostgresConnection*>(&connection);
  if (!postgres)
    throw Failure(Error::internal("database error: COPY needs a PostgreSQL connection"));
  std::string statement = "COPY " + quote_identifier(table) + " (";
  for (std::size_t i = 0; i < columns.size(); ++i)
    statement += (i ? ", " : "") + quote_identifier(columns[i]);
  statement += binary ? ") FROM STDIN (FORMAT binary)" : ") FROM STDIN";
  return std::make_unique<PostgresCopyIn>(postgres->handle(), std::move(statement));
}

}  // namespace cw::db
