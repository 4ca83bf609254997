#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace sagashop {

// Standard base64 (RFC 4648 §4) with padding, for bytes that must travel or rest as text.
std::string Base64Encode(std::string_view bytes);

// The bytes `text` encodes, or nullopt if it is not padded standard base64.
std::optional<std::string> Base64Decode(std::string_view text);

// Base64url without padding (RFC 7515 §2, RFC 4648 §5), the encoding of every part of a JWT.
std::string Base64UrlEncode(std::string_view bytes);

// The bytes `text` encodes, or nullopt unless it is unpadded base64url in its one canonical form:
// no '=', no '+' or '/', no length of 4n+1, and unused trailing bits zero (so that a token cannot
// be altered into another spelling that decodes to the same bytes).
std::optional<std::string> Base64UrlDecode(std::string_view text);

}  // namespace sagashop
