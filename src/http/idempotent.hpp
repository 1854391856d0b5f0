#pragma once
// The Idempotency-Key header for POST routes, over the store of idempotency/idempotency.hpp. Keys
// belong to the caller's account and are kept 24 hours. Internal to the http module.

#include <string>

#include "http/router.hpp"

namespace cw::http {

inline constexpr const char* kIdempotencyHeader = "Idempotency-Key";

// How often (by the server's clock) a keyed request also deletes the keys older than 24 hours.
inline constexpr std::int64_t kIdempotencyPurgeSeconds = 3600;

// Runs `handler` once per (account, key). The answer, success or 4xx problem, is stored and a
// repeat with the same method, path and body (byte for byte) gets the same status and body, a
// concurrent repeat after waiting for the first. A 5xx or an exception is not stored (the key is
// released, so a retry runs again). Errors: 400 invalid_idempotency_key, 409
// idempotency_key_reused (same key, different request), 409 idempotency_key_in_progress.
Result<Reply> run_idempotent(Services& services, const Call& call, const std::string& key,
                             Handler handler);

}  // namespace cw::http
