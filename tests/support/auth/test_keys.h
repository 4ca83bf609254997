#pragma once

#include <boost/json/object.hpp>
#include <string>
#include <string_view>

#include "platform/auth/openssl_handles.h"

namespace sagashop::auth::testing {

// Keys made fresh for a test run, never stored anywhere.
EvpPkey NewRsaKey(unsigned bits = 2048);
EvpPkey NewP256Key();

std::string PublicPem(EVP_PKEY* key);
std::string PrivatePem(EVP_PKEY* key);

// The public JWK of `key` with `kid`, plus `extra` members (use, alg, ...).
boost::json::object PublicJwk(EVP_PKEY* key, std::string_view kid,
                              const boost::json::object& extra = {});

// {"keys":[...]} as text.
std::string Jwks(const boost::json::array& keys);

}  // namespace sagashop::auth::testing
