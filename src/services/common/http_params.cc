#include "services/common/http_params.h"

#include <charconv>
#include <cmath>
#include <string>

#include "platform/core/timestamp.h"
#include "platform/http/problem.h"

namespace sagashop::services {
namespace {

// An integer as JSON Schema (and so api/openapi.json) means it: digits, or a number without a
// fraction that a client wrote with one or with an exponent ("12.0", "1e3").
std::optional<std::int64_t> ParseInt64(std::string_view text) {
  const char* first = text.data();
  const char* last = first + text.size();
  std::int64_t value = 0;
  if (auto [end, error] = std::from_chars(first, last, value);
      !text.empty() && error == std::errc() && end == last) {
    return value;
  }
  double number = 0;
  auto [end, error] = std::from_chars(first, last, number);
  // -2^63 and 2^63 are exact doubles; an int64 holds the first and not the second.
  if (text.empty() || error != std::errc() || end != last || std::trunc(number) != number ||
      number < -9223372036854775808.0 || number >= 9223372036854775808.0) {
    return std::nullopt;
  }
  return static_cast<std::int64_t>(number);
}

}  // namespace

std::int64_t PositiveIdParam(std::string_view name, std::string_view text) {
  const std::optional<std::int64_t> value = ParseInt64(text);
  if (!value || *value <= 0) {
    throw http::ProblemError(http::BadRequest(
        std::string(name),
        "must be a positive integer, got '" + std::string(text.substr(0, 40)) + "'"));
  }
  return *value;
}

std::optional<std::int64_t> OptionalPositiveQueryParam(const http::Request& request,
                                                       std::string_view name) {
  const auto text = request.QueryParam(name);
  if (!text) return std::nullopt;
  return PositiveIdParam(name, *text);
}

std::int64_t RequiredPositiveQueryParam(const http::Request& request, std::string_view name) {
  const auto value = OptionalPositiveQueryParam(request, name);
  if (!value) {
    throw http::ProblemError(http::BadRequest(std::string(name), "is required"));
  }
  return *value;
}

std::optional<std::string> OptionalTimeQueryParam(const http::Request& request,
                                                  std::string_view name) {
  const auto text = request.QueryParam(name);
  if (!text) return std::nullopt;
  try {
    return NormalizeTimestampBound(*text);
  } catch (const std::invalid_argument&) {
    throw http::ProblemError(http::BadRequest(
        std::string(name), "must be an RFC 3339 time in UTC, e.g. 2026-12-03T10:00:00Z"));
  }
}

int LimitQueryParam(const http::Request& request) {
  const auto text = request.QueryParam("limit");
  if (!text) return 50;
  const std::optional<std::int64_t> value = ParseInt64(*text);
  if (!value || *value < 1 || *value > 500) {
    throw http::ProblemError(http::BadRequest("limit", "must be an integer from 1 to 500"));
  }
  return static_cast<int>(*value);
}

}  // namespace sagashop::services
