#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "platform/http/request.h"

namespace sagashop::services {

// Path and query parameters, validated; a bad one throws http::ProblemError (400) naming it.
std::int64_t PositiveIdParam(std::string_view name, std::string_view text);
std::optional<std::int64_t> OptionalPositiveQueryParam(const http::Request& request,
                                                       std::string_view name);
std::int64_t RequiredPositiveQueryParam(const http::Request& request, std::string_view name);
// An RFC 3339 time in UTC ("2026-12-03T10:00:00Z", fractions allowed), in the fixed form stored
// times have (FormatRfc3339), so that it compares with them as text.
std::optional<std::string> OptionalTimeQueryParam(const http::Request& request,
                                                  std::string_view name);
// The page size of a list: default 50, at most 500.
int LimitQueryParam(const http::Request& request);

}  // namespace sagashop::services
