#pragma once

#include <memory>
#include <string>
#include <variant>

#include "platform/auth/jwt_verifier.h"
#include "platform/http/request.h"
#include "platform/http/response.h"

namespace sagashop::auth {

// Authenticates an HTTP request by its `Authorization: Bearer <JWT>` field (RFC 6750) with a
// JwtVerifier, for http::Router::RequireAuthentication. A request without a bearer token, or
// with one the verifier refuses, gets 401 with an RFC 9457 problem and `WWW-Authenticate: Bearer`
// (with error="invalid_token" for a refused token); the problem says why, never what the token
// was. Thread-safe.
class BearerAuthenticator {
 public:
  explicit BearerAuthenticator(std::shared_ptr<const JwtVerifier> verifier,
                               std::string realm = "sagashop");

  std::variant<http::Principal, http::Response> operator()(const http::Request& request) const;

 private:
  std::shared_ptr<const JwtVerifier> verifier_;
  std::string realm_;
};

}  // namespace sagashop::auth
