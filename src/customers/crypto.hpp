#pragma once
// libsodium helpers of the customers module: initialisation, bearer tokens and their hashes.

#include <string>
#include <string_view>

namespace cw::customers::crypto {

// Initialises libsodium once per process (thread-safe); throws cw::Failure when it cannot.
void ensure_sodium();

// 32 random bytes, base64url without padding (43 characters).
std::string new_session_token();

// BLAKE2b-256 of the token, lower-case hex. The only form in which a token is stored.
std::string hash_token(std::string_view token);

}  // namespace cw::customers::crypto
