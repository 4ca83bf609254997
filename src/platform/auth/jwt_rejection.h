#pragma once

#include <string>
#include <string_view>

namespace sagashop::auth {

// Why a token was refused, for callers to act on (e.g. 401 with a WWW-Authenticate error) and for
// metrics; the detail is for logs and never holds the token or any part of it that could be
// replayed.
enum class JwtRejectionReason {
  kMalformed,             // not a compact JWS with JSON header and claims, or too large
  kUnsupportedAlgorithm,  // alg other than RS256 or ES256 (none, HS256, ...)
  kUnknownKey,            // no key with the token's kid, or a key of the wrong type for its alg
  kBadSignature,
  kExpired,
  kNotYetValid,
  kWrongIssuer,
  kWrongAudience,
  kMissingClaim,  // exp, sub, iss or aud missing
};

std::string_view JwtRejectionReasonName(JwtRejectionReason reason);

struct JwtRejection {
  JwtRejectionReason reason;
  std::string detail;
};

}  // namespace sagashop::auth
