#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "platform/bus/message.h"

namespace sagashop::inbox {

// Message bytes in a text column: as they are when they are storable text, base64 otherwise, so
// that a poison message of any bytes can be parked (a text column refuses invalid UTF-8 and NUL).
struct StoredBytes {
  std::string text;
  std::string encoding;  // "utf-8" or "base64"
};

StoredBytes StoreBytes(std::string_view bytes);
// Throws std::invalid_argument for an unknown encoding or bad base64.
std::string LoadBytes(const StoredBytes& stored);

// Headers as a JSON array of {"key": ..., "value": ...}; a key or value that is not storable text
// is written as "keyBase64" or "valueBase64" instead.
std::string HeadersToJson(const std::vector<bus::Header>& headers);
// Throws std::invalid_argument when `json` is not what HeadersToJson writes.
std::vector<bus::Header> HeadersFromJson(std::string_view json);

}  // namespace sagashop::inbox
