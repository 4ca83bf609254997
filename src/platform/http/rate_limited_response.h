#pragma once

#include <string>

#include "platform/http/rate_limiter.h"
#include "platform/http/response.h"

namespace sagashop::http {

// Whose requests a limit counts, for the wording and the fields of its 429.
struct RateLimitScope {
  std::string policy;   // the name in the RateLimit fields, e.g. "per-client"
  std::string who;      // e.g. "10.0.0.7", "subject 1001"
  std::string setting;  // the flag that sets the limit, e.g. "--http-rate-limit-per-client"
};

// The answer to a request over its limit: 429 with Retry-After and the IETF RateLimit-Policy and
// RateLimit fields (draft-ietf-httpapi-ratelimit-headers), naming who was limited and the setting.
Response RateLimitedResponse(const RateLimiter& limiter, const RateLimiter::Decision& decision,
                             const RateLimitScope& scope);

}  // namespace sagashop::http
