#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace sagashop::auth {

// JWS carries an ES256 signature as the raw 32-byte big-endian r and s, concatenated
// (RFC 7518 §3.4); OpenSSL signs and verifies DER (an ASN.1 SEQUENCE of two INTEGERs).

// The DER form of a raw r||s, or nullopt unless `raw` is exactly 64 bytes.
std::optional<std::string> EcdsaRawToDer(std::string_view raw);

// The raw r||s of a DER signature, or nullopt when it is not DER or r or s exceeds 32 bytes.
std::optional<std::string> EcdsaDerToRaw(std::string_view der);

}  // namespace sagashop::auth
