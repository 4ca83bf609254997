#include "platform/core/json_fields.h"

#include <boost/json/parse.hpp>
#include <cmath>
#include <limits>

#include "platform/core/utf8.h"

namespace sagashop {

boost::json::object ParseJsonObject(std::string_view text, std::string_view what) {
  boost::system::error_code error;
  boost::json::value value = boost::json::parse(text, error);
  if (error) throw FieldError(std::string(what), "malformed JSON: " + error.message());
  if (!value.is_object()) throw FieldError(std::string(what), "must be a JSON object");
  return std::move(value.as_object());
}

bool JsonFields::Has(std::string_view name) const {
  const boost::json::value* value = Find(name);
  return value != nullptr && !value->is_null();
}

const boost::json::value* JsonFields::Find(std::string_view name) const {
  return object_.if_contains(name);
}

std::int64_t JsonFields::Int64(std::string_view name) const {
  std::optional<std::int64_t> value = OptionalInt64(name);
  if (!value) throw FieldError(std::string(name), "is required");
  return *value;
}

std::int64_t JsonFields::Int64InRange(std::string_view name, std::int64_t min,
                                      std::int64_t max) const {
  const std::int64_t value = Int64(name);
  if (value < min || value > max) {
    throw FieldError(std::string(name), "must be between " + std::to_string(min) + " and " +
                                            std::to_string(max) + ", got " + std::to_string(value));
  }
  return value;
}

std::optional<std::int64_t> JsonFields::OptionalInt64(std::string_view name) const {
  const boost::json::value* value = Find(name);
  if (value == nullptr || value->is_null()) return std::nullopt;
  if (value->is_int64()) return value->get_int64();
  if (value->is_uint64()) {
    if (value->get_uint64() >
        static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())) {
      throw FieldError(std::string(name), "is out of range");
    }
    return static_cast<std::int64_t>(value->get_uint64());
  }
  if (value->is_double()) {
    // An integer in JSON Schema (and so in api/openapi.json) is any number without a fraction:
    // 2.0 and 1e3 are integers too, and a client's JSON library may well write them so.
    const double number = value->get_double();
    if (std::trunc(number) != number) throw FieldError(std::string(name), "must be an integer");
    // -2^63 and 2^63, exactly representable; an int64 holds the first and not the second.
    if (number < -9223372036854775808.0 || number >= 9223372036854775808.0) {
      throw FieldError(std::string(name), "is out of range");
    }
    return static_cast<std::int64_t>(number);
  }
  throw FieldError(std::string(name), "must be an integer");
}

std::string JsonFields::String(std::string_view name) const {
  std::optional<std::string> value = OptionalString(name);
  if (!value) throw FieldError(std::string(name), "is required");
  return *value;
}

std::optional<std::string> JsonFields::OptionalString(std::string_view name) const {
  const boost::json::value* value = Find(name);
  if (value == nullptr || value->is_null()) return std::nullopt;
  if (!value->is_string()) throw FieldError(std::string(name), "must be a string");
  // The parser let only well-formed UTF-8 through; a NUL (\u0000) is JSON too, but no text column
  // of PostgreSQL takes it, and what is stored must not fail late as a 500.
  if (!IsStorableText(value->get_string())) {
    throw FieldError(std::string(name), "must not contain NUL characters");
  }
  return std::string(value->get_string());
}

std::string JsonFields::StringOfLength(std::string_view name, std::size_t min,
                                       std::size_t max) const {
  std::string value = String(name);
  const std::size_t length = Utf8Length(value);
  if (length < min || length > max) {
    throw FieldError(std::string(name), "must be " + std::to_string(min) + " to " +
                                            std::to_string(max) + " characters long");
  }
  return value;
}

std::size_t Utf8Length(std::string_view text) {
  std::size_t count = 0;
  for (unsigned char c : text) {
    if ((c & 0xC0) != 0x80) ++count;
  }
  return count;
}

}  // namespace sagashop
