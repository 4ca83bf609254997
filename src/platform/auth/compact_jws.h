#pragma once

#include <boost/json/object.hpp>
#include <cstddef>
#include <string>
#include <string_view>
#include <variant>

#include "platform/auth/jwt_rejection.h"

namespace sagashop::auth {

// A token split into its three parts (RFC 7515 §7.1: header.payload.signature, each base64url
// without padding) and decoded; nothing in it is trusted yet.
struct CompactJws {
  boost::json::object header;
  std::string_view signing_input;  // "header.payload" exactly as in the token: what was signed
  std::string payload;             // the decoded payload bytes, not yet parsed
  std::string signature;           // the decoded signature bytes
};

// Splits and decodes `token`, which must outlive the result; kMalformed when it is larger than
// `max_bytes`, has other than three parts, a part that is not canonical base64url, or a header
// that is not a JSON object.
std::variant<CompactJws, JwtRejection> ParseCompactJws(std::string_view token,
                                                       std::size_t max_bytes);

}  // namespace sagashop::auth
