// Login, bearer sessions and throttling of failed logins.
#include <algorithm>
#include <optional>

#include "customers/accounts.hpp"
#include "customers/crypto.hpp"

namespace cw::customers {
namespace {

// Longest throttling key kept for a name that is not a valid username (garbage input).
constexpr std::size_t kMaxThrottleKey = 64;

Error invalid_credentials() {
  return {ErrorKind::kUnauthenticated, "invalid_credentials", "Wrong username or password.", {}};
}
Error invalid_token() {
  return {ErrorKind::kUnauthenticated, "invalid_token", "The token is unknown or has expired.", {}};
}

Role role_from_db(const std::string& name) {
  auto role = parse_role(name);
  if (!role) throw Failure(Error::internal("unknown role '" + name + "' in accounts"));
  return *role;
}

// Failures are counted per name as typed (lower-cased), existing or not: throttling only real
// usernames would itself reveal which usernames exist.
std::string throttle_key(std::string_view username) {
  if (auto normalized = normalize_username(username)) return *normalized;
  std::string key(username.substr(0, kMaxThrottleKey));
  std::transform(key.begin(), key.end(), key.begin(),
                 [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c + 32) : c; });
  return key;
}

struct StoredAccount {
  Id id = 0;
  std::string password_hash;
  Role role = Role::kCustomer;
};

}  // namespace

Result<Session> Accounts::login(std::string_view username, std::string_view password) {
  const Timestamp now = clock_.now();
  const std::string key = throttle_key(username);
  const std::int64_t window_start = to_unix(now) - config_.failed_login_window_seconds;
  auto c = db_.lease();

  // Every attempt is counted as a failure *before* the password is checked, in one write
  // transaction with the count: N guesses in parallel then count as N (a read-count, verify,
  // write-failure sequence let all of them pass the check before any failure was written). A
  // successful login clears the count afterwards.
  {
    db::Transaction tx(*c, db::TxMode::kWrite);
    // SQLite runs one write transaction at a time; PostgreSQL's READ COMMITTED lets parallel
    // attempts all count the same failures and all insert (4 recorded for a limit of 3), so there
    // the attempts on one user name queue on a lock of their own, held until COMMIT.
    if (c->dialect() == db::Dialect::kPostgres)
      c->exec("SELECT pg_advisory_xact_lock(hashtextextended(CAST(? AS text), 0))", key);
    c->exec("DELETE FROM login_failures WHERE username = ? AND at <= ?", key, window_start);
    auto rows = c->query("SELECT COUNT(*), MIN(at) FROM login_failures WHERE username = ?", key);
    rows.next();
    const std::int64_t recent_failures = rows.integer(0);
    if (recent_failures >= config_.max_failed_logins) {
      // The oldest failure leaves the window first; then one more attempt is allowed.
      const std::int64_t wait = std::max<std::int64_t>(
          1, rows.integer(1) + config_.failed_login_window_seconds - to_unix(now));
      tx.commit();
      Error throttled{ErrorKind::kTooManyRequests,
                      "too_many_attempts",
                      "Too many failed logins; try again later.",
                      {}};
      throttled.retry_after = static_cast<int>(wait);
      return fail(std::move(throttled));
    }
    c->exec("INSERT INTO login_failures (username, at) VALUES (?, ?)", key, to_unix(now));
    tx.commit();
  }

  std::optional<StoredAccount> account;
  {
    auto rows = c->query("SELECT id, password_hash, role FROM accounts WHERE username = ?", key);
    if (rows.next())
      account = StoredAccount{rows.integer(0), rows.text(1), role_from_db(rows.text(2))};
  }
  bool verified = false;
  if (account) {
    verified = hasher_.verify(account->password_hash, password);
  } else {
    // An unknown user still costs one verification, so that timing does not tell them apart.
    // Its answer is irrelevant: there is no account to log in to.
    hasher_.verify(hasher_.dummy_hash(), password);
  }
  if (!verified) return fail(invalid_credentials());  // the failure is already counted

  Session session{crypto::new_session_token(), account->role,
                  now + std::chrono::seconds(config_.token_lifetime_seconds)};
  db::Transaction tx(*c, db::TxMode::kWrite);
  c->exec("DELETE FROM login_failures WHERE username = ?", key);
  c->exec("DELETE FROM sessions WHERE account_id = ? AND expires_at <= ?", account->id,
          to_unix(now));
  c->exec(
      "INSERT INTO sessions (token_hash, account_id, created_at, expires_at) VALUES (?, ?, ?, ?)",
      crypto::hash_token(session.token), account->id, to_unix(now), to_unix(session.expires_at));
  tx.commit();
  return session;
}

Result<Principal> Accounts::authenticate(std::string_view token, db::Connection* on) const {
  if (token.empty()) return fail(invalid_token());
  // Only the token's hash is stored and looked up: the secret is never compared byte by byte
  // (no timing leak), and a copy of the database holds no usable token.
  const std::string token_hash = crypto::hash_token(token);
  std::optional<db::Database::Lease> leased;
  if (!on) on = &*leased.emplace(db_.lease());
  auto rows = on->query(
      "SELECT a.id, a.username, a.role, a.customer_id FROM sessions s "
      "JOIN accounts a ON a.id = s.account_id WHERE s.token_hash = ? AND s.expires_at > ?",
      token_hash, to_unix(clock_.now()));
  if (!rows.next()) return fail(invalid_token());
  return Principal{rows.integer(0), rows.text(1), role_from_db(rows.text(2)), rows.opt_integer(3)};
}

void Accounts::logout(std::string_view token) {
  if (token.empty()) return;
  auto c = db_.lease();
  c->exec("DELETE FROM sessions WHERE token_hash = ?", crypto::hash_token(token));
}

}  // namespace cw::customers
