#include "platform/auth/jwt_verifier.h"

#include <boost/json/parse.hpp>
#include <optional>
#include <stdexcept>
#include <string>

#include "platform/auth/compact_jws.h"
#include "platform/auth/jws_algorithm.h"
#include "platform/auth/jwt_claims.h"

namespace sagashop::auth {
namespace {

JwtRejection Rejection(JwtRejectionReason reason, std::string detail) {
  return JwtRejection{reason, std::move(detail)};
}

// A header value for a log line: short printable ASCII is shown, anything else is not, so that a
// crafted header cannot smuggle a token or control characters into the detail.
std::string Shown(std::string_view value) {
  constexpr std::size_t kLongestShown = 64;
  if (value.size() > kLongestShown) return "(a long value)";
  for (const char c : value) {
    if (c < 0x20 || c > 0x7E) return "(an unprintable value)";
  }
  return "\"" + std::string(value) + "\"";
}

}  // namespace

JwtVerifier::JwtVerifier(KeySet keys, JwtPolicy policy)
    : keys_(std::move(keys)), policy_(std::move(policy)) {
  if (policy_.issuer.empty()) throw std::invalid_argument("JWT policy: the issuer must be set");
  if (policy_.audience.empty()) throw std::invalid_argument("JWT policy: the audience must be set");
  if (policy_.leeway.count() < 0) throw std::invalid_argument("JWT policy: negative leeway");
}

JwtVerdict JwtVerifier::Verify(std::string_view token,
                               std::chrono::system_clock::time_point now) const {
  std::variant<CompactJws, JwtRejection> parsed = ParseCompactJws(token, kMaximumTokenBytes);
  if (auto* rejection = std::get_if<JwtRejection>(&parsed)) return std::move(*rejection);
  CompactJws& jws = std::get<CompactJws>(parsed);

  // The algorithm is settled before any key is looked at: the token chooses neither whether a
  // signature is needed nor how a key is used.
  const boost::json::value* alg = jws.header.if_contains("alg");
  if (alg == nullptr || !alg->is_string()) {
    return Rejection(JwtRejectionReason::kMalformed, "the header has no \"alg\" string");
  }
  const std::optional<JwsAlgorithm> algorithm = SupportedAlgorithm(alg->get_string());
  if (!algorithm) {
    return Rejection(JwtRejectionReason::kUnsupportedAlgorithm,
                     "alg " + Shown(alg->get_string()) + " is not accepted (RS256 or ES256 only)");
  }
  // RFC 7515 §4.1.11: extensions the recipient does not understand must be refused; this one
  // understands none.
  if (jws.header.contains("crit")) {
    return Rejection(JwtRejectionReason::kMalformed, "the header has \"crit\" extensions");
  }

  std::optional<std::string_view> kid;
  if (const boost::json::value* value = jws.header.if_contains("kid")) {
    if (!value->is_string()) {
      return Rejection(JwtRejectionReason::kMalformed, "\"kid\" is not a string");
    }
    kid = value->get_string();
  }
  const VerificationKey* key = keys_.Find(kid);
  if (key == nullptr) {
    return Rejection(JwtRejectionReason::kUnknownKey,
                     kid ? "no key with kid " + Shown(*kid)
                         : std::string("no kid, and there is not exactly one key"));
  }
  if (key->type != KeyTypeFor(*algorithm)) {
    return Rejection(JwtRejectionReason::kUnknownKey,
                     "kid " + Shown(key->kid) + " is an " + std::string(KeyTypeName(key->type)) +
                         " key, not one for alg " + Shown(alg->get_string()));
  }
  if (!SignatureIsValid(*algorithm, key->key.get(), jws.signing_input, jws.signature)) {
    return Rejection(JwtRejectionReason::kBadSignature,
                     "the signature does not verify with kid " + Shown(key->kid));
  }

  // Only now, signed by a trusted key, is the payload parsed.
  boost::system::error_code error;
  boost::json::value claims = boost::json::parse(jws.payload, error);
  if (error || !claims.is_object()) {
    return Rejection(JwtRejectionReason::kMalformed, "the claims are not a JSON object");
  }
  return CheckClaims(std::move(claims.as_object()), policy_, now);
}

}  // namespace sagashop::auth
