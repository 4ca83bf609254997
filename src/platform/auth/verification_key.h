#pragma once

#include <string>
#include <string_view>

#include "platform/auth/openssl_handles.h"

namespace sagashop::auth {

// The kinds of key a token may be verified with: RSA for RS256, EC on P-256 for ES256.
enum class KeyType { kRsa, kEcP256 };

std::string_view KeyTypeName(KeyType type);

// The type of `key` when it is a public key this library verifies with: RSA of 2048 (RFC 7518
// §3.3) to 8192 bits or EC on P-256, and passing OpenSSL's public key check (an EC point on the
// curve). Throws std::invalid_argument with the reason otherwise.
KeyType CheckedKeyType(EVP_PKEY* key);

// One public key of a KeySet and the key id tokens name it by.
struct VerificationKey {
  std::string kid;
  KeyType type;
  EvpPkey key;
};

}  // namespace sagashop::auth
