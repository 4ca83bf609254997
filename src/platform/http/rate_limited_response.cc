#include "platform/http/rate_limited_response.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <sstream>

#include "platform/http/problem.h"

namespace sagashop::http {

Response RateLimitedResponse(const RateLimiter& limiter, const RateLimiter::Decision& decision,
                             const RateLimitScope& scope) {
  // Whole seconds, rounded up: a client that waits that long finds a token.
  const auto retry_after = std::max<std::int64_t>(
      1, std::chrono::ceil<std::chrono::seconds>(decision.retry_after).count());
  const auto burst = static_cast<std::int64_t>(limiter.Burst());
  std::ostringstream rate;  // "2000", "0.5": as the setting was written
  rate << limiter.PerSecond();
  Response response = ToResponse(MakeProblem(
      429, "Too many requests from " + scope.who + ": at most " + rate.str() +
               " per second, in bursts of " + std::to_string(burst) + " (" + scope.setting +
               "); nothing was done, retry after " + std::to_string(retry_after) + " s."));
  response.headers.emplace_back("Retry-After", std::to_string(retry_after));
  // The quota is the burst, refilled over the time the bucket takes to fill.
  const auto window = std::max<std::int64_t>(
      1, static_cast<std::int64_t>(std::ceil(limiter.Burst() / limiter.PerSecond())));
  const std::string policy = "\"" + scope.policy + "\"";
  response.headers.emplace_back(
      "RateLimit-Policy", policy + ";q=" + std::to_string(burst) + ";w=" + std::to_string(window));
  response.headers.emplace_back(
      "RateLimit", policy + ";r=" + std::to_string(static_cast<std::int64_t>(decision.remaining)) +
                       ";t=" + std::to_string(retry_after));
  return response;
}

}  // namespace sagashop::http
