#pragma once
// Idempotency keys, generic over what is being made idempotent. A request carrying a key is run
// once per (scope, key): scope is whoever owns the key space (the account id for the API).
//
//   auto begun = idempotency::begin(conn, account_id, key, idempotency::fingerprint(body), now);
//   if (!begun) return the error;                        // 409 idempotency_key_reused, ...
//   if (begun->replay) return *begun->replay;            // the stored status and body
//   ... run the request (its own transactions) ...
//   idempotency::complete(conn, account_id, key, {status, content_type, body});
//   // or idempotency::abandon(conn, account_id, key) on a 5xx/exception, so a retry runs it again
//
// `begin`, `complete` and `abandon` each run their own short write transaction: call them
// OUTSIDE any transaction. The first caller inserts a 'pending' row and owns the key; a
// concurrent repeat finds it pending and waits (polling) until the owner completes or abandons
// it. Keys are kept `ttl` (24 hours); an expired key is free again. A pending key older than
// `pending_timeout` is taken to belong to a crashed process and is taken over.
// Known window: a process that dies after its request committed but before complete() leaves a
// pending key that a retry takes over after `pending_timeout`, running the request again.

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

#include "core/clock.hpp"
#include "core/error.hpp"
#include "core/ids.hpp"
#include "db/database.hpp"

namespace cw::idempotency {

struct StoredResponse {
  int status = 0;
  std::string content_type;
  std::string body;
};

struct Options {
  std::chrono::seconds ttl{24 * 3600};
  std::chrono::seconds pending_timeout{60};
  // How long a repeat waits for the first request before giving up with 409
  // idempotency_key_in_progress (real time).
  std::chrono::milliseconds max_wait{30'000};
  std::chrono::milliseconds poll_interval{5};
};

struct Begun {
  // Empty: the caller owns the key and must complete() or abandon() it.
  std::optional<StoredResponse> replay;
};

// BLAKE2b-256 of the request's canonical text (e.g. method, path and body), hex.
std::string fingerprint(std::string_view request);

// 400 invalid_idempotency_key (empty, over 255 characters, or not printable ASCII; field
// "Idempotency-Key"), 409 idempotency_key_reused (same key, different fingerprint), 409
// idempotency_key_in_progress (waited max_wait). `clock` decides expiry and staleness.
Result<Begun> begin(db::Connection& c, Id scope_id, std::string_view key,
                    std::string_view fingerprint, const Clock& clock, const Options& options = {});

// Stores the response of the request that owns the key.
void complete(db::Connection& c, Id scope_id, std::string_view key, const StoredResponse& response);

// Releases a pending key without a response (the request failed in a way worth retrying).
void abandon(db::Connection& c, Id scope_id, std::string_view key);

// Deletes keys created at or before now - ttl; answers how many.
std::int64_t purge_expired(db::Connection& c, Timestamp now, const Options& options = {});

}  // namespace cw::idempotency
