// Argon2id password hashes in libsodium's self-describing encoded form ("$argon2id$v=19$m=...").
#include <sodium.h>

#include "customers/accounts.hpp"
#include "customers/crypto.hpp"

namespace cw::customers {
namespace {

struct Cost {
  unsigned long long ops_limit;
  std::size_t mem_limit;
};

Cost cost_named(const std::string& name) {
  if (name == "interactive")
    return {crypto_pwhash_OPSLIMIT_INTERACTIVE, crypto_pwhash_MEMLIMIT_INTERACTIVE};
  if (name == "moderate") return {crypto_pwhash_OPSLIMIT_MODERATE, crypto_pwhash_MEMLIMIT_MODERATE};
  if (name == "min") return {crypto_pwhash_OPSLIMIT_MIN, crypto_pwhash_MEMLIMIT_MIN};
  throw Failure(Error::internal("unknown password_cost '" + name + "'"));
}

}  // namespace

PasswordHasher::PasswordHasher(const std::string& cost) {
  const Cost limits = cost_named(cost);
  ops_limit_ = limits.ops_limit;
  mem_limit_ = limits.mem_limit;
  crypto::ensure_sodium();
}

std::string PasswordHasher::hash(std::string_view password) const {
  char encoded[crypto_pwhash_STRBYTES];
  if (crypto_pwhash_str_alg(encoded, password.data(), password.size(), ops_limit_, mem_limit_,
                            crypto_pwhash_ALG_ARGON2ID13) != 0)
    throw Failure(Error::internal("password hashing ran out of memory"));
  return std::string(encoded);
}

bool PasswordHasher::verify(std::string_view encoded_hash, std::string_view password) const {
  // libsodium wants a NUL-terminated hash.
  const std::string terminated(encoded_hash);
  return crypto_pwhash_str_verify(terminated.c_str(), password.data(), password.size()) == 0;
}

const std::string& PasswordHasher::dummy_hash() const {
  // One per cost, computed on first use: thread-safe function-local statics.
  static constexpr std::string_view kNotAPassword = "cartwise-dummy-password-never-used";
  if (ops_limit_ == crypto_pwhash_OPSLIMIT_MIN && mem_limit_ == crypto_pwhash_MEMLIMIT_MIN) {
    static const std::string min_hash = hash(kNotAPassword);
    return min_hash;
  }
  if (ops_limit_ == crypto_pwhash_OPSLIMIT_MODERATE) {
    static const std::string moderate_hash = hash(kNotAPassword);
    return moderate_hash;
  }
  static const std::string interactive_hash = hash(kNotAPassword);
  return interactive_hash;
}

}  // namespace cw::customers
