#pragma once

#include <boost/json/object.hpp>
#include <string>
#include <string_view>

#include "platform/auth/openssl_handles.h"

namespace sagashop::auth {

// A P-256 key pair as PEM: the private key as PKCS #8 ("BEGIN PRIVATE KEY"), the public one as
// SubjectPublicKeyInfo ("BEGIN PUBLIC KEY", what KeySet::FromPem reads).
struct EcKeyPairPem {
  std::string private_pem;
  std::string public_pem;
};

// A fresh P-256 key pair, for a first start that has no keys yet.
EcKeyPairPem GenerateEcKeyPairPem();

// Signs tokens with ES256. The header names the key by its RFC 7638 thumbprint, the kid KeySet
// gives the matching public key, so a verifier needs only the public PEM.
class JwtSigner {
 public:
  // Throws std::invalid_argument unless `private_pem` holds an EC P-256 private key.
  explicit JwtSigner(std::string_view private_pem);

  // The compact JWS of `claims` (given as they are: the caller sets iss, sub, aud, exp, ...).
  std::string Sign(const boost::json::object& claims) const;

  const std::string& Kid() const { return kid_; }
  std::string PublicPem() const;

 private:
  EvpPkey key_;
  std::string kid_;
};

}  // namespace sagashop::auth
