#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace sagashop {

// Standard base64 (RFC 4648 §4) with padding, for bytes that must travel or rest as text.
std::string Base64Encode(std::string_view bytes);

// The bytes `text` encodes, or nullopt if it is not padded standard base64.
std::optional<std::string> Base64Decode(std::string_view text);

}  // namespace sagashop
