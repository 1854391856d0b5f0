#include "customers/crypto.hpp"

#include <sodium.h>

#include <array>

#include "core/error.hpp"

namespace cw::customers::crypto {

void ensure_sodium() {
  // A function-local static runs sodium_init() exactly once, even when threads race here.
  static const bool ready = sodium_init() >= 0;
  if (!ready) throw Failure(Error::internal("libsodium could not be initialised"));
}

std::string new_session_token() {
  ensure_sodium();
  std::array<unsigned char, 32> bytes{};
  randombytes_buf(bytes.data(), bytes.size());
  constexpr int kVariant = sodium_base64_VARIANT_URLSAFE_NO_PADDING;
  std::string encoded(sodium_base64_ENCODED_LEN(bytes.size(), kVariant), '\0');
  sodium_bin2base64(encoded.data(), encoded.size(), bytes.data(), bytes.size(), kVariant);
  encoded.resize(encoded.find('\0'));
  return encoded;
}

std::string hash_token(std::string_view token) {
  ensure_sodium();
  std::array<unsigned char, crypto_generichash_BYTES> digest{};
  crypto_generichash(digest.data(), digest.size(),
                     reinterpret_cast<const unsigned char*>(token.data()), token.size(), nullptr,
                     0);
  std::string hex(digest.size() * 2 + 1, '\0');
  sodium_bin2hex(hex.data(), hex.size(), digest.data(), digest.size());
  hex.pop_back();
  return hex;
}

}  // namespace cw::customers::crypto
