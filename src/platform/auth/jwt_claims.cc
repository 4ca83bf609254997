#include "platform/auth/jwt_claims.h"

#include <algorithm>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sagashop::auth {
namespace {

using Clock = std::chrono::system_clock;

// 9999-12-31T23:59:59Z: beyond it a NumericDate is nonsense and would overflow the clock.
constexpr double kLatestNumericDate = 253402300799.0;

// Thrown inside this file only, to leave the checks below straight-line.
struct Refusal {
  JwtRejection rejection;
};

[[noreturn]] void Refuse(JwtRejectionReason reason, std::string detail) {
  throw Refusal{JwtRejection{reason, std::move(detail)}};
}

const boost::json::value& Required(const boost::json::object& claims, std::string_view name) {
  const boost::json::value* value = claims.if_contains(name);
  if (value == nullptr) {
    Refuse(JwtRejectionReason::kMissingClaim, "the token has no \"" + std::string(name) + "\"");
  }
  return *value;
}

std::string String(const boost::json::value& value, std::string_view name) {
  if (!value.is_string()) {
    Refuse(JwtRejectionReason::kMalformed, "\"" + std::string(name) + "\" is not a string");
  }
  return std::string(value.get_string());
}

// A NumericDate (RFC 7519 §2): seconds since the epoch, possibly with a fraction.
Clock::time_point NumericDate(const boost::json::value& value, std::string_view name) {
  std::optional<double> seconds;
  if (value.is_int64()) seconds = static_cast<double>(value.get_int64());
  if (value.is_uint64()) seconds = static_cast<double>(value.get_uint64());
  if (value.is_double()) seconds = value.get_double();
  if (!seconds || !(*seconds >= 0 && *seconds <= kLatestNumericDate)) {
    Refuse(JwtRejectionReason::kMalformed,
           "\"" + std::string(name) + "\" is not a date (seconds since 1970)");
  }
  return Clock::time_point(
      std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(*seconds)));
}

// `aud` is a string or an array of strings (RFC 7519 §4.1.3).
std::vector<std::string> Audiences(const boost::json::value& value) {
  if (value.is_string()) return {std::string(value.get_string())};
  std::vector<std::string> audiences;
  if (value.is_array()) {
    for (const boost::json::value& entry : value.get_array()) {
      audiences.push_back(String(entry, "aud"));
    }
    return audiences;
  }
  Refuse(JwtRejectionReason::kMalformed, "\"aud\" is neither a string nor an array");
}

void AddScope(std::vector<std::string>& scopes, std::string_view scope) {
  if (scope.empty() || std::find(scopes.begin(), scopes.end(), scope) != scopes.end()) return;
  scopes.emplace_back(scope);
}

void AddSpaceSeparated(std::vector<std::string>& scopes, std::string_view text) {
  while (!text.empty()) {
    const std::size_t space = text.find(' ');
    AddScope(scopes, text.substr(0, space));
    text = space == text.npos ? std::string_view() : text.substr(space + 1);
  }
}

// RFC 8693 §4.2 `scope` is a space-separated string; `scp` is the array (or, from some
// providers, a string) other issuers use for the same thing. Both are read.
std::vector<std::string> Scopes(const boost::json::object& claims) {
  std::vector<std::string> scopes;
  if (const boost::json::value* scope = claims.if_contains("scope")) {
    AddSpaceSeparated(scopes, String(*scope, "scope"));
  }
  if (const boost::json::value* scp = claims.if_contains("scp")) {
    if (scp->is_string()) {
      AddSpaceSeparated(scopes, scp->get_string());
    } else if (scp->is_array()) {
      for (const boost::json::value& entry : scp->get_array())
        AddScope(scopes, String(entry, "scp"));
    } else {
      Refuse(JwtRejectionReason::kMalformed, "\"scp\" is neither an array nor a string");
    }
  }
  return scopes;
}

VerifiedToken Checked(boost::json::object claims, const JwtPolicy& policy, Clock::time_point now) {
  VerifiedToken token;
  token.issuer = String(Required(claims, "iss"), "iss");
  if (token.issuer != policy.issuer) {
    Refuse(JwtRejectionReason::kWrongIssuer, "\"iss\" is not " + policy.issuer);
  }
  token.audiences = Audiences(Required(claims, "aud"));
  if (std::find(token.audiences.begin(), token.audiences.end(), policy.audience) ==
      token.audiences.end()) {
    Refuse(JwtRejectionReason::kWrongAudience, "\"aud\" does not include " + policy.audience);
  }
  // Valid before exp (RFC 7519 §4.1.4) and from nbf on (§4.1.5), each widened by the leeway.
  token.expiry = NumericDate(Required(claims, "exp"), "exp");
  if (now >= token.expiry + policy.leeway) {
    Refuse(JwtRejectionReason::kExpired, "the token expired");
  }
  if (const boost::json::value* nbf = claims.if_contains("nbf")) {
    if (now < NumericDate(*nbf, "nbf") - policy.leeway) {
      Refuse(JwtRejectionReason::kNotYetValid, "the token is not valid yet (\"nbf\")");
    }
  }
  token.subject = String(Required(claims, "sub"), "sub");
  if (token.subject.empty()) Refuse(JwtRejectionReason::kMissingClaim, "\"sub\" is empty");
  token.scopes = Scopes(claims);
  token.claims = std::move(claims);
  return token;
}

}  // namespace

std::variant<VerifiedToken, JwtRejection> CheckClaims(boost::json::object claims,
                                                      const JwtPolicy& policy,
                                                      Clock::time_point now) {
  try {
    return Checked(std::move(claims), policy, now);
  } catch (Refusal& refusal) {
    return std::move(refusal.rejection);
  }
}

}  // namespace sagashop::auth
