// Bearer tokens come from anyone who can reach the API. Whatever they are, the verifier answers
// with a rejection, never crashes, and never accepts what the key it trusts did not sign.
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <memory>
#include <string_view>
#include <variant>

#include "platform/auth/jwt_signer.h"
#include "platform/auth/jwt_verifier.h"
#include "platform/auth/key_set.h"

namespace {

const sagashop::auth::JwtVerifier& Verifier() {
  static const auto verifier = [] {
    const sagashop::auth::EcKeyPairPem pair = sagashop::auth::GenerateEcKeyPairPem();
    return std::make_unique<sagashop::auth::JwtVerifier>(
        sagashop::auth::KeySet::FromPem(pair.public_pem, "fuzz key"),
        sagashop::auth::JwtPolicy{.issuer = "sagashop-fuzz", .audience = "sagashop"});
  }();
  return *verifier;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view token(reinterpret_cast<const char*>(data), size);
  const auto verdict = Verifier().Verify(token, std::chrono::system_clock::now());
  // Nothing the fuzzer writes is signed by the key this process made.
  if (!std::holds_alternative<sagashop::auth::JwtRejection>(verdict)) std::abort();
  return 0;
}
