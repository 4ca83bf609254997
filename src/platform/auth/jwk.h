#pragma once

#include <boost/json/object.hpp>
#include <string>

#include "platform/auth/openssl_handles.h"

namespace sagashop::auth {

// JSON Web Keys (RFC 7517, RFC 7518 §6) as far as token verification needs them.

// The public key a JWK describes: `kty` "RSA" with `n` and `e`, or `kty` "EC" with `crv` "P-256",
// `x` and `y`. Throws std::invalid_argument with the reason for anything else or anything
// malformed. Other members (kid, use, alg) are the caller's concern.
EvpPkey PublicKeyFromJwk(const boost::json::object& jwk);

// The members RFC 7638 §3.2 requires for `key` (an RSA or EC P-256 public key), in the
// lexicographic order the thumbprint hashes them in: {"e","kty","n"} or {"crv","kty","x","y"}.
boost::json::object RequiredJwkMembers(const EVP_PKEY* key);

// The RFC 7638 thumbprint of `key`: base64url of SHA-256 over its required members as JSON with
// no white space. Used as the key id of keys that come without one.
std::string JwkThumbprint(const EVP_PKEY* key);

}  // namespace sagashop::auth
