#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

#include "platform/http/request.h"

namespace sagashop::services {

// Path and query parameters, validated; a bad one throws http::ProblemError (400) naming it.
std::int64_t PositiveIdParam(std::string_view name, std::string_view text);
std::optional<std::int64_t> OptionalPositiveQueryParam(const http::Request& request,
                                                       std::string_view name);
std::int64_t RequiredPositiveQueryParam(const http::Request& request, std::string_view name);
// The page size of a list: default 50, at most 500.
int LimitQueryParam(const http::Request& request);

}  // namespace sagashop::services
