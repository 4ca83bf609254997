#pragma once

#include <boost/json/object.hpp>
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "platform/auth/jwt_signer.h"
#include "platform/http/client.h"

namespace sagashop::testing {

// The identity provider the authentication suites point the system at: an EC key pair whose
// public half sits in a file the system reads (--auth-keys), and ES256 tokens from kIssuer for the
// "sagashop" audience.
class TokenIssuer {
 public:
  static constexpr const char* kIssuer = "https://id.sagashop.test";

  TokenIssuer();
  ~TokenIssuer();  // removes the key file
  TokenIssuer(const TokenIssuer&) = delete;
  TokenIssuer& operator=(const TokenIssuer&) = delete;

  // --auth-keys and --auth-issuer for a SystemUnderTest that trusts this issuer.
  std::vector<std::string> SystemFlags() const;

  // Claims that pass every check: this issuer, the audience, `subject`, expiring `lifetime` from
  // now (in the past when negative).
  static boost::json::object Claims(const std::string& subject,
                                    std::chrono::seconds lifetime = std::chrono::minutes(10));
  static std::int64_t SecondsFromNow(std::chrono::seconds offset);

  std::string Sign(const boost::json::object& claims) const { return signer_.Sign(claims); }
  // An Authorization header with a good token for `subject`, granting `scope` unless it is empty.
  http::HttpClient::Headers BearerFor(const std::string& subject,
                                      const std::string& scope = "") const;
  const auth::JwtSigner& Signer() const { return signer_; }

 private:
  auth::EcKeyPairPem pair_;
  auth::JwtSigner signer_;
  std::filesystem::path keys_file_;
};

}  // namespace sagashop::testing
