#include "platform/auth/bearer_authenticator.h"

#include <cctype>
#include <chrono>
#include <optional>

#include "platform/http/problem.h"

namespace sagashop::auth {
namespace {

// RFC 6750 §2.1: the scheme is case-insensitive, one or more spaces, then the token.
std::optional<std::string_view> BearerToken(std::string_view authorization) {
  constexpr std::string_view kScheme = "bearer";
  if (authorization.size() <= kScheme.size()) return std::nullopt;
  for (std::size_t i = 0; i < kScheme.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(authorization[i])) != kScheme[i]) {
      return std::nullopt;
    }
  }
  std::string_view rest = authorization.substr(kScheme.size());
  if (rest.front() != ' ') return std::nullopt;
  while (!rest.empty() && rest.front() == ' ') rest.remove_prefix(1);
  if (rest.empty()) return std::nullopt;
  return rest;
}

}  // namespace

BearerAuthenticator::BearerAuthenticator(std::shared_ptr<const JwtVerifier> verifier,
                                         std::string realm)
    : verifier_(std::move(verifier)), realm_(std::move(realm)) {}

std::variant<http::Principal, http::Response> BearerAuthenticator::operator()(
    const http::Request& request) const {
  const std::optional<std::string_view> authorization = request.Header("authorization");
  const std::optional<std::string_view> token =
      authorization ? BearerToken(*authorization) : std::nullopt;
  if (!token) {
    http::Response response = http::ToResponse(http::MakeProblem(
        401, "This route needs a bearer token: Authorization: Bearer <JWT>.", "Authorization"));
    // RFC 6750 §3.1: no error code when the request had no token at all.
    response.headers.emplace_back("WWW-Authenticate", "Bearer realm=\"" + realm_ + "\"");
    return response;
  }
  JwtVerdict verdict = verifier_->Verify(*token, std::chrono::system_clock::now());
  if (auto* rejection = std::get_if<JwtRejection>(&verdict)) {
    const std::string reason(JwtRejectionReasonName(rejection->reason));
    http::Response response = http::ToResponse(http::MakeProblem(
        401, "The bearer token was refused (" + reason + "): " + rejection->detail + ".",
        "Authorization"));
    response.headers.emplace_back("WWW-Authenticate", "Bearer realm=\"" + realm_ +
                                                          "\", error=\"invalid_token\", "
                                                          "error_description=\"" +
                                                          reason + "\"");
    return response;
  }
  VerifiedToken& verified = std::get<VerifiedToken>(verdict);
  return http::Principal{.subject = std::move(verified.subject),
                         .scopes = std::move(verified.scopes)};
}

}  // namespace sagashop::auth
