// A JWK Set is what the identity provider publishes and the operator points `--auth-keys` at:
// the service trusts whatever keys it yields. Whatever the text, reading it either throws
// std::invalid_argument or yields keys of the kinds tokens may be verified with only (RSA of 2048
// to 8192 bits, EC on P-256), each found by its own kid. This checks the types with OpenSSL
// directly, not with the code under test.
#include <openssl/core_names.h>
#include <openssl/evp.h>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <stdexcept>
#include <string>
#include <string_view>

#include "platform/auth/key_set.h"

namespace {

bool IsOnP256(const EVP_PKEY* key) {
  char group[64] = {};
  std::size_t length = 0;
  if (EVP_PKEY_get_utf8_string_param(key, OSSL_PKEY_PARAM_GROUP_NAME, group, sizeof group,
                                     &length) != 1) {
    return false;
  }
  const std::string_view name(group, length);
  return name == "prime256v1" || name == "P-256";
}

bool IsUsable(const sagashop::auth::VerificationKey& key) {
  using sagashop::auth::KeyType;
  switch (key.type) {
    case KeyType::kRsa:
      return EVP_PKEY_is_a(key.key.get(), "RSA") && EVP_PKEY_get_bits(key.key.get()) >= 2048 &&
             EVP_PKEY_get_bits(key.key.get()) <= 8192;
    case KeyType::kEcP256:
      return EVP_PKEY_is_a(key.key.get(), "EC") && IsOnP256(key.key.get());
  }
  return false;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view json(reinterpret_cast<const char*>(data), size);
  try {
    const auto keys = sagashop::auth::KeySet::FromJwks(json, "fuzz input");
    if (keys.Size() == 0 || keys.Keys().size() != keys.Size()) std::abort();
    for (const sagashop::auth::VerificationKey& key : keys.Keys()) {
      if (!IsUsable(key) || keys.Find(key.kid) != &key) std::abort();
    }
  } catch (const std::invalid_argument&) {
  }
  return 0;
}
