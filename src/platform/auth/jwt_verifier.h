#pragma once

#include <chrono>
#include <cstddef>
#include <string_view>
#include <variant>

#include "platform/auth/jwt_policy.h"
#include "platform/auth/jwt_rejection.h"
#include "platform/auth/key_set.h"
#include "platform/auth/verified_token.h"

namespace sagashop::auth {

using JwtVerdict = std::variant<VerifiedToken, JwtRejection>;

// Verifies bearer tokens: compact JWS signed with RS256 or ES256 by a key of the KeySet, whose
// claims satisfy the JwtPolicy (docs/security.md, "Tokens (JWT)"). Stateless after construction:
// one verifier may serve every thread.
class JwtVerifier {
 public:
  // Larger tokens are refused unread; real ones are well under 2 KiB.
  static constexpr std::size_t kMaximumTokenBytes = 8 * 1024;

  // Throws std::invalid_argument when the policy names no issuer or no audience.
  JwtVerifier(KeySet keys, JwtPolicy policy);

  JwtVerdict Verify(std::string_view token, std::chrono::system_clock::time_point now) const;

 private:
  KeySet keys_;
  JwtPolicy policy_;
};

}  // namespace sagashop::auth
