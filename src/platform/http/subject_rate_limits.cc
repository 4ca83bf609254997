#include "platform/http/subject_rate_limits.h"

#include <algorithm>
#include <chrono>
#include <memory>
#include <optional>
#include <utility>
#include <variant>

#include "platform/http/rate_limited_response.h"
#include "platform/http/rate_limiter.h"

namespace sagashop::http {
namespace {

bool IsRead(std::string_view method) {
  return method == "GET" || method == "HEAD";
}

// The two route classes' buckets of one server.
class SubjectBuckets {
 public:
  explicit SubjectBuckets(const SubjectRateLimits& limits) : exempt_scope_(limits.exempt_scope) {
    // Bursts of twice the rate, and of one request at least, or none would ever pass.
    if (limits.reads_per_second > 0) {
      reads_.emplace(limits.reads_per_second, std::max(1.0, 2 * limits.reads_per_second));
    }
    if (limits.writes_per_second > 0) {
      writes_.emplace(limits.writes_per_second, std::max(1.0, 2 * limits.writes_per_second));
    }
  }

  // The refusal of a request of `principal` over its limit, or nothing when it may go on.
  std::optional<Response> Admit(const Principal& principal, std::string_view method) {
    if (!exempt_scope_.empty() &&
        std::ranges::find(principal.scopes, exempt_scope_) != principal.scopes.end()) {
      return std::nullopt;
    }
    const bool read = IsRead(method);
    std::optional<RateLimiter>& limiter = read ? reads_ : writes_;
    if (!limiter) return std::nullopt;
    const RateLimiter::Decision decision =
        limiter->Take(principal.subject, RateLimiter::Clock::now());
    if (decision.allowed) return std::nullopt;
    return RateLimitedResponse(*limiter, decision,
                               {.policy = read ? "reads-per-subject" : "writes-per-subject",
                                .who = "subject " + principal.subject,
                                .setting = read ? "--http-rate-limit-reads-per-subject"
                                                : "--http-rate-limit-writes-per-subject"});
  }

 private:
  const std::string exempt_scope_;
  std::optional<RateLimiter> reads_;
  std::optional<RateLimiter> writes_;
};

}  // namespace

Authenticator WithSubjectRateLimits(Authenticator authenticate, const SubjectRateLimits& limits) {
  if (!authenticate || !limits.Any()) return authenticate;
  auto buckets = std::make_shared<SubjectBuckets>(limits);
  return [authenticate = std::move(authenticate),
          buckets](const Request& request) -> std::variant<Principal, Response> {
    std::variant<Principal, Response> who = authenticate(request);
    if (const auto* principal = std::get_if<Principal>(&who)) {
      if (std::optional<Response> refusal = buckets->Admit(*principal, request.method)) {
        return std::move(*refusal);
      }
    }
    return who;
  };
}

}  // namespace sagashop::http
