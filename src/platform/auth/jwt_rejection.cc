#include "platform/auth/jwt_rejection.h"

namespace sagashop::auth {

std::string_view JwtRejectionReasonName(JwtRejectionReason reason) {
  switch (reason) {
    case JwtRejectionReason::kMalformed:
      return "malformed";
    case JwtRejectionReason::kUnsupportedAlgorithm:
      return "unsupported_algorithm";
    case JwtRejectionReason::kUnknownKey:
      return "unknown_key";
    case JwtRejectionReason::kBadSignature:
      return "bad_signature";
    case JwtRejectionReason::kExpired:
      return "expired";
    case JwtRejectionReason::kNotYetValid:
      return "not_yet_valid";
    case JwtRejectionReason::kWrongIssuer:
      return "wrong_issuer";
    case JwtRejectionReason::kWrongAudience:
      return "wrong_audience";
    case JwtRejectionReason::kMissingClaim:
      return "missing_claim";
  }
  return "unknown";
}

}  // namespace sagashop::auth
