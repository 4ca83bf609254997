#pragma once

#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

#include "platform/crypto/key_ring.h"

namespace sagashop::crypto {

// One personal field at rest, sealed with AES-256-GCM and self-describing:
//   enc:v1:<key id>:<base64url(nonce | ciphertext | tag)>
// with a random 96-bit nonce per value and "enc:v1:<key id>" as additional authenticated data,
// so a value cannot be passed off as sealed under another key. It is text, so it fits the
// columns and JSON payloads that held the clear value.

class SealedValueError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

inline constexpr std::string_view kSealedPrefix = "enc:v1:";

std::string Seal(const DataKey& key, std::string_view plaintext);

// The plaintext of `sealed`. Throws SealedValueError when it is not a sealed value, names a key
// `ring` lacks, or fails authentication (altered, or sealed under another key).
std::string Unseal(const KeyRing& ring, std::string_view sealed);

bool IsSealed(std::string_view stored);
// The key id a sealed value names; nullopt for anything else (a clear value).
std::optional<std::string> SealedKeyId(std::string_view stored);

}  // namespace sagashop::crypto
