#pragma once

#include <boost/json/object.hpp>
#include <string>
#include <string_view>

#include "platform/auth/openssl_handles.h"

namespace sagashop::auth::testing {

// Tokens the library itself never makes: RS256 (the library only signs ES256), HS256 for the
// algorithm confusion attack, and hand-assembled ones.

std::string Part(const boost::json::object& json);

// header.payload.signature from already encoded parts.
std::string Assemble(std::string_view header, std::string_view payload, std::string_view signature);

std::string SignRs256(const boost::json::object& header, const boost::json::object& claims,
                      EVP_PKEY* private_key);

// ES256 with any header (JwtSigner always writes its own).
std::string SignEs256(const boost::json::object& header, const boost::json::object& claims,
                      EVP_PKEY* private_key);

// ES256 over any payload bytes, JSON or not.
std::string SignEs256Bytes(const boost::json::object& header, std::string_view payload,
                           EVP_PKEY* private_key);

std::string SignHs256(const boost::json::object& header, const boost::json::object& claims,
                      std::string_view secret);

}  // namespace sagashop::auth::testing
