#pragma once

#include <optional>
#include <string_view>

#include "platform/auth/verification_key.h"

namespace sagashop::auth {

// The JWS algorithms (RFC 7518 §3.1) tokens may be signed with. Deliberately only asymmetric
// ones: with no shared secret anywhere, nothing can be tricked into using a public key as an HMAC
// key, and "none" has no entry at all.
enum class JwsAlgorithm { kRs256, kEs256 };

// The algorithm an `alg` header names, or nullopt for every other value.
std::optional<JwsAlgorithm> SupportedAlgorithm(std::string_view alg);

// The only key type `algorithm` may be used with.
KeyType KeyTypeFor(JwsAlgorithm algorithm);

// True when `signature` (in its JWS form: PKCS #1 v1.5 for RS256, raw r||s for ES256) is a valid
// signature of `signing_input` by `key`, whose type must be KeyTypeFor(algorithm).
bool SignatureIsValid(JwsAlgorithm algorithm, EVP_PKEY* key, std::string_view signing_input,
                      std::string_view signature);

}  // namespace sagashop::auth
