#include "platform/auth/verification_key.h"

#include <openssl/core_names.h>

#include <stdexcept>
#include <string>

namespace sagashop::auth {
namespace {

constexpr int kMinimumRsaBits = 2048;
// Far above what identity providers sign with, and checked before OpenSSL's public key check,
// whose primality test on a 16384-bit modulus takes seconds: a key set of such keys would hold a
// service's start for minutes.
constexpr int kMaximumRsaBits = 8192;

std::string GroupName(const EVP_PKEY* key) {
  char name[64] = {};
  std::size_t length = 0;
  if (EVP_PKEY_get_utf8_string_param(key, OSSL_PKEY_PARAM_GROUP_NAME, name, sizeof name, &length) !=
      1) {
    return "";
  }
  return std::string(name, length);
}

KeyType TypeOf(const EVP_PKEY* key) {
  if (EVP_PKEY_is_a(key, "RSA")) {
    const int bits = EVP_PKEY_get_bits(key);
    if (bits < kMinimumRsaBits) {
      throw std::invalid_argument("RSA key of " + std::to_string(bits) +
                                  " bits, at least 2048 are required");
    }
    if (bits > kMaximumRsaBits) {
      throw std::invalid_argument("RSA key of " + std::to_string(bits) +
                                  " bits, at most 8192 are supported");
    }
    return KeyType::kRsa;
  }
  if (EVP_PKEY_is_a(key, "EC")) {
    const std::string group = GroupName(key);
    if (group != "prime256v1" && group != "P-256") {
      throw std::invalid_argument("EC key on curve '" + group + "', only P-256 is supported");
    }
    return KeyType::kEcP256;
  }
  const char* name = EVP_PKEY_get0_type_name(key);
  throw std::invalid_argument(std::string("key type ") + (name != nullptr ? name : "unknown") +
                              " is not supported (RSA or EC P-256)");
}

}  // namespace

std::string_view KeyTypeName(KeyType type) {
  switch (type) {
    case KeyType::kRsa:
      return "RSA";
    case KeyType::kEcP256:
      return "EC P-256";
  }
  return "unknown";
}

KeyType CheckedKeyType(EVP_PKEY* key) {
  const KeyType type = TypeOf(key);
  const EvpPkeyCtx context(EVP_PKEY_CTX_new_from_pkey(nullptr, key, nullptr));
  if (!context || EVP_PKEY_public_check(context.get()) != 1) {
    throw std::invalid_argument("public key check failed: " +
                                TakeOpenSslError("not a valid public key"));
  }
  return type;
}

}  // namespace sagashop::auth
