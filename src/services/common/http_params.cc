#include "services/common/http_params.h"

#include <charconv>
#include <string>

#include "platform/http/problem.h"

namespace sagashop::services {
namespace {

std::optional<std::int64_t> ParseInt64(std::string_view text) {
  std::int64_t value = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || error != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return value;
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
