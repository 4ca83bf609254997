#include "platform/inbox/dead_letter_codec.h"

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <stdexcept>

#include "platform/core/base64.h"
#include "platform/core/utf8.h"

namespace sagashop::inbox {
namespace {

constexpr std::string_view kUtf8 = "utf-8";
constexpr std::string_view kBase64 = "base64";

void PutBytes(boost::json::object& object, std::string_view name, std::string_view bytes) {
  if (IsStorableText(bytes)) {
    object[name] = bytes;
  } else {
    object[std::string(name) + "Base64"] = Base64Encode(bytes);
  }
}

std::string GetBytes(const boost::json::object& object, std::string_view name) {
  if (const boost::json::value* text = object.if_contains(name); text && text->is_string()) {
    return std::string(text->get_string());
  }
  const std::string encoded_name = std::string(name) + "Base64";
  if (const boost::json::value* encoded = object.if_contains(encoded_name);
      encoded && encoded->is_string()) {
    return LoadBytes({std::string(encoded->get_string()), std::string(kBase64)});
  }
  throw std::invalid_argument("stored header without " + std::string(name));
}

}  // namespace

StoredBytes StoreBytes(std::string_view bytes) {
  if (IsStorableText(bytes)) return {std::string(bytes), std::string(kUtf8)};
  return {Base64Encode(bytes), std::string(kBase64)};
}

std::string LoadBytes(const StoredBytes& stored) {
  if (stored.encoding == kUtf8) return stored.text;
  if (stored.encoding != kBase64) {
    throw std::invalid_argument("unknown stored encoding '" + stored.encoding + "'");
  }
  std::optional<std::string> bytes = Base64Decode(stored.text);
  if (!bytes) throw std::invalid_argument("stored bytes are not base64");
  return std::move(*bytes);
}

std::string HeadersToJson(const std::vector<bus::Header>& headers) {
  boost::json::array array;
  array.reserve(headers.size());
  for (const bus::Header& header : headers) {
    boost::json::object object;
    PutBytes(object, "key", header.key);
    PutBytes(object, "value", header.value);
    array.emplace_back(std::move(object));
  }
  return boost::json::serialize(array);
}

std::vector<bus::Header> HeadersFromJson(std::string_view json) {
  boost::system::error_code error;
  const boost::json::value value = boost::json::parse(json, error);
  if (error || !value.is_array())
    throw std::invalid_argument("stored headers are not a JSON array");
  std::vector<bus::Header> headers;
  for (const boost::json::value& element : value.get_array()) {
    if (!element.is_object()) throw std::invalid_argument("a stored header is not an object");
    const boost::json::object& object = element.get_object();
    headers.push_back({GetBytes(object, "key"), GetBytes(object, "value")});
  }
  return headers;
}

}  // namespace sagashop::inbox
