#include "idempotency/idempotency.hpp"

#include <sodium.h>

#include <algorithm>
#include <array>
#include <thread>

namespace cw::idempotency {
namespace {

constexpr const char* kField = "Idempotency-Key";

struct KeyRow {
  std::string fingerprint;
  bool done = false;
  std::int64_t created_at = 0;
  StoredResponse response;
};

std::optional<KeyRow> read_key(db::Connection& c, Id scope_id, std::string_view key) {
  auto rows = c.query(
      "SELECT fingerprint, state, status, content_type, body, created_at FROM idempotency_keys "
      "WHERE scope_id = ? AND key = ?",
      scope_id, key);
  if (!rows.next()) return std::nullopt;
  KeyRow row{
      .fingerprint = rows.text(0), .done = rows.text(1) == "done", .created_at = rows.integer(5)};
  if (row.done) {
    row.response = {static_cast<int>(rows.integer(2)), rows.opt_text(3).value_or(""),
                    rows.opt_text(4).value_or("")};
  }
  return row;
}

bool valid_key(std::string_view key) {
  if (key.empty() || key.size() > 255) return false;
  return std::all_of(key.begin(), key.end(), [](char ch) { return ch >= 0x20 && ch <= 0x7e; });
}

// Inserts the key as pending, or takes over a row that has expired or (same request) was left
// pending by an owner that is gone. True when this caller now owns the key.
bool try_take(db::Connection& c, Id scope_id, std::string_view key, std::string_view fingerprint,
              std::int64_t now, const Options& options) {
  db::Transaction tx(c, db::TxMode::kWrite);
  const auto changed = c.exec(
      "INSERT INTO idempotency_keys (scope_id, key, fingerprint, state, created_at) "
      "VALUES (?, ?, ?, 'pending', ?) "
      "ON CONFLICT (scope_id, key) DO UPDATE SET fingerprint = excluded.fingerprint, "
      "state = 'pending', status = NULL, content_type = NULL, body = NULL, "
      "created_at = excluded.created_at "
      "WHERE idempotency_keys.created_at <= ? OR (idempotency_keys.state = 'pending' AND "
      "idempotency_keys.created_at <= ? AND idempotency_keys.fingerprint = excluded.fingerprint)",
      scope_id, key, fingerprint, now, now - options.ttl.count(),
      now - options.pending_timeout.count());
  tx.commit();
  return changed == 1;
}

}  // namespace

std::string fingerprint(std::string_view request) {
  static const bool ready = sodium_init() >= 0;
  if (!ready) throw Failure(Error::internal("libsodium could not be initialised"));
  std::array<unsigned char, crypto_generichash_BYTES> digest{};
  crypto_generichash(digest.data(), digest.size(),
                     reinterpret_cast<const unsigned char*>(request.data()), request.size(),
                     nullptr, 0);
  std::string hex(digest.size() * 2 + 1, '\0');
  sodium_bin2hex(hex.data(), hex.size(), digest.data(), digest.size());
  hex.pop_back();
  return hex;
}

Result<Begun> begin(db::Connection& c, Id scope_id, std::string_view key,
                    std::string_view fingerprint, const Clock& clock, const Options& options) {
  if (!valid_key(key)) {
    return fail(Error::bad_request("invalid_idempotency_key",
                                   "An Idempotency-Key is 1 to 255 printable ASCII characters.",
                                   kField));
  }
  const auto deadline = std::chrono::steady_clock::now() + options.max_wait;
  for (;;) {
    const std::int64_t now = to_unix(clock.now());
    // Waiters poll with plain reads and take the write lock only when the key looks free, so
    // they do not compete with the request they wait for.
    auto row = read_key(c, scope_id, key);
    const bool expired = row && row->created_at <= now - options.ttl.count();
    const bool abandoned_pending = row && !row->done && row->fingerprint == fingerprint &&
                                   row->created_at <= now - options.pending_timeout.count();
    if (!row || expired || abandoned_pending) {
      if (try_take(c, scope_id, key, fingerprint, now, options)) return Begun{};
      continue;  // another request took it in between: look again
    }
    if (row->fingerprint != fingerprint) {
      return fail(Error::conflict("idempotency_key_reused",
                                  "This Idempotency-Key was used for a different request.",
                                  kField));
    }
    if (row->done) return Begun{.replay = std::move(row->response)};
    if (std::chrono::steady_clock::now() >= deadline) {
      return fail(Error::conflict("idempotency_key_in_progress",
                                  "A request with this Idempotency-Key is still running.", kField));
    }
    std::this_thread::sleep_for(options.poll_interval);
  }
}

void complete(db::Connection& c, Id scope_id, std::string_view key,
              const StoredResponse& response) {
  db::Transaction tx(c, db::TxMode::kWrite);
  c.exec(
      "UPDATE idempotency_keys SET state = 'done', status = ?, content_type = ?, body = ? "
      "WHERE scope_id = ? AND key = ? AND state = 'pending'",
      response.status, response.content_type, response.body, scope_id, key);
  tx.commit();
}

void abandon(db::Connection& c, Id scope_id, std::string_view key) {
  db::Transaction tx(c, db::TxMode::kWrite);
  c.exec("DELETE FROM idempotency_keys WHERE scope_id = ? AND key = ? AND state = 'pending'",
         scope_id, key);
  tx.commit();
}

std::int64_t purge_expired(db::Connection& c, Timestamp now, const Options& options) {
  db::Transaction tx(c, db::TxMode::kWrite);
  const auto removed = c.exec("DELETE FROM idempotency_keys WHERE created_at <= ?",
                              to_unix(now) - options.ttl.count());
  tx.commit();
  return removed;
}

}  // namespace cw::idempotency
