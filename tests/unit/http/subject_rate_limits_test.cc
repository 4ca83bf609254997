#include "platform/http/subject_rate_limits.h"

#include <gtest/gtest.h>

#include <string>
#include <variant>

namespace sagashop::http {
namespace {

// Accepts every request as the subject (and scopes) its X-Subject / X-Scope fields name, or
// refuses it with 401 when it has none: a stand-in for the bearer check.
std::variant<Principal, Response> ByHeader(const Request& request) {
  const auto subject = request.Header("x-subject");
  if (!subject) return Response{.status = 401};
  Principal principal{.subject = std::string(*subject)};
  if (const auto scope = request.Header("x-scope")) principal.scopes.emplace_back(*scope);
  return principal;
}

Request RequestOf(const std::string& method, const std::string& subject,
                  const std::string& scope = "") {
  Request request{.method = method, .path = "/orders"};
  if (!subject.empty()) request.headers["x-subject"] = subject;
  if (!scope.empty()) request.headers["x-scope"] = scope;
  return request;
}

// The status the wrapped authenticator answers `request` with: 0 when it let it through.
int StatusOf(const Authenticator& authenticate, const Request& request) {
  auto who = authenticate(request);
  if (const auto* refusal = std::get_if<Response>(&who)) return refusal->status;
  return 0;
}

// A request per 1000 s, in bursts of one (the least burst): the test's own run time refills
// nothing.
constexpr double kSlow = 0.001;

TEST(SubjectRateLimitsTest, EachSubjectHasABucketPerRouteClass) {
  const Authenticator limited =
      WithSubjectRateLimits(ByHeader, {.reads_per_second = kSlow, .writes_per_second = kSlow});
  EXPECT_EQ(StatusOf(limited, RequestOf("POST", "alice")), 0);
  EXPECT_EQ(StatusOf(limited, RequestOf("PUT", "alice")), 429);
  EXPECT_EQ(StatusOf(limited, RequestOf("POST", "bob")), 0) << "another subject goes on";
  EXPECT_EQ(StatusOf(limited, RequestOf("GET", "alice")), 0) << "reads count apart";
  EXPECT_EQ(StatusOf(limited, RequestOf("HEAD", "alice")), 429);
}

TEST(SubjectRateLimitsTest, TheRefusalNamesTheSubjectAndTheSetting) {
  const Authenticator limited =
      WithSubjectRateLimits(ByHeader, {.reads_per_second = 0, .writes_per_second = kSlow});
  StatusOf(limited, RequestOf("POST", "alice"));
  auto who = limited(RequestOf("DELETE", "alice"));
  ASSERT_TRUE(std::holds_alternative<Response>(who));
  const Response& refusal = std::get<Response>(who);
  EXPECT_EQ(refusal.status, 429);
  ASSERT_TRUE(refusal.Header("Retry-After"));
  EXPECT_GE(std::stoi(std::string(*refusal.Header("Retry-After"))), 999);
  EXPECT_EQ(refusal.Header("RateLimit-Policy").value_or(""), "\"writes-per-subject\";q=1;w=1000");
  EXPECT_NE(refusal.body.find("subject alice"), std::string::npos) << refusal.body;
  EXPECT_NE(refusal.body.find("--http-rate-limit-writes-per-subject"), std::string::npos);
}

TEST(SubjectRateLimitsTest, RefusedCredentialsAndExemptScopesPassUncounted) {
  const Authenticator limited = WithSubjectRateLimits(
      ByHeader, {.reads_per_second = 0, .writes_per_second = kSlow, .exempt_scope = "ops"});
  EXPECT_EQ(StatusOf(limited, RequestOf("POST", "")), 401) << "the authenticator's own answer";
  for (int write = 0; write < 5; ++write) {
    EXPECT_EQ(StatusOf(limited, RequestOf("POST", "robot", "ops")), 0) << write;
    EXPECT_EQ(StatusOf(limited, RequestOf("GET", "alice")), 0) << "reads are off, " << write;
  }
}

TEST(SubjectRateLimitsTest, NoLimitLeavesTheAuthenticatorAsItIs) {
  const Authenticator same = WithSubjectRateLimits(ByHeader, {0, 0});
  for (int write = 0; write < 100; ++write) EXPECT_EQ(StatusOf(same, RequestOf("POST", "a")), 0);
  EXPECT_FALSE(WithSubjectRateLimits({}, {}));
}

}  // namespace
}  // namespace sagashop::http
