#pragma once

#include <boost/json/object.hpp>
#include <chrono>
#include <variant>

#include "platform/auth/jwt_policy.h"
#include "platform/auth/jwt_rejection.h"
#include "platform/auth/verified_token.h"

namespace sagashop::auth {

// Checks the claims (RFC 7519 §4.1) of a token whose signature is already verified against
// `policy` at `now`, and collects what the caller needs from them. A required claim that is
// missing is kMissingClaim; one of the wrong JSON type is kMalformed.
std::variant<VerifiedToken, JwtRejection> CheckClaims(boost::json::object claims,
                                                      const JwtPolicy& policy,
                                                      std::chrono::system_clock::time_point now);

}  // namespace sagashop::auth
