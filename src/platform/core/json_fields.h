#pragma once

#include <boost/json/object.hpp>
#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

namespace sagashop {

// A JSON document or member that is missing, of the wrong type or out of range. `field` names it
// (e.g. "quantity", or "body" for the document itself) so a client can be told exactly what to fix.
class FieldError : public std::runtime_error {
 public:
  FieldError(std::string field, const std::string& reason)
      : std::runtime_error(field + ": " + reason), field_(std::move(field)), reason_(reason) {}

  const std::string& Field() const { return field_; }
  const std::string& Reason() const { return reason_; }

 private:
  std::string field_;
  std::string reason_;
};

// Parses `text` as a JSON object; throws FieldError("body", ...) otherwise.
boost::json::object ParseJsonObject(std::string_view text, std::string_view what = "body");

// Typed, strict access to an object's members: integers must be JSON integers (not strings, not
// fractions), strings must be strings. Every failure is a FieldError naming the member.
class JsonFields {
 public:
  explicit JsonFields(const boost::json::object& object) : object_(object) {}

  bool Has(std::string_view name) const;
  std::int64_t Int64(std::string_view name) const;
  std::int64_t Int64InRange(std::string_view name, std::int64_t min, std::int64_t max) const;
  std::optional<std::int64_t> OptionalInt64(std::string_view name) const;
  std::string String(std::string_view name) const;
  std::optional<std::string> OptionalString(std::string_view name) const;
  // A string whose length in characters (UTF-8 code points) is within [min, max].
  std::string StringOfLength(std::string_view name, std::size_t min, std::size_t max) const;

 private:
  const boost::json::value* Find(std::string_view name) const;

  const boost::json::object& object_;
};

// Number of UTF-8 code points in `text` (continuation bytes are not counted).
std::size_t Utf8Length(std::string_view text);

}  // namespace sagashop
