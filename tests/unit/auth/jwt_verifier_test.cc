#include "platform/auth/jwt_verifier.h"

#include <gtest/gtest.h>

#include <optional>
#include <variant>

#include "platform/auth/ecdsa_signature.h"
#include "platform/auth/jwk.h"
#include "platform/auth/jwt_signer.h"
#include "platform/core/base64.h"
#include "support/auth/test_keys.h"
#include "support/auth/test_tokens.h"

namespace sagashop::auth {
namespace {

using boost::json::object;
using std::chrono::seconds;
using std::chrono::system_clock;
using testing::Assemble;
using testing::Part;
using testing::SignEs256;
using testing::SignHs256;
using testing::SignRs256;
using Reason = JwtRejectionReason;

constexpr std::string_view kIssuer = "https://id.example/realms/shop";
constexpr std::string_view kAudience = "sagashop-api";
constexpr std::int64_t kNow = 1'800'000'000;
const system_clock::time_point kNowPoint = system_clock::time_point(seconds(kNow));

// Keys and verifiers made once for the whole suite: RSA key generation is slow.
struct Keys {
  EvpPkey rsa = testing::NewRsaKey();
  EvpPkey ec = testing::NewP256Key();
  JwtSigner signer{testing::PrivatePem(ec.get())};
  std::string rsa_kid = JwkThumbprint(rsa.get());
  std::string ec_kid = JwkThumbprint(ec.get());
  std::string rsa_public_pem = testing::PublicPem(rsa.get());
  JwtPolicy policy{std::string(kIssuer), std::string(kAudience)};
  JwtVerifier pem{KeySet::FromPem(rsa_public_pem + testing::PublicPem(ec.get())), policy};
  JwtVerifier jwks{KeySet::FromJwks(testing::Jwks({testing::PublicJwk(rsa.get(), "rsa-1"),
                                                   testing::PublicJwk(ec.get(), ec_kid)})),
                   policy};
  JwtVerifier only_ec{KeySet::FromPem(testing::PublicPem(ec.get())), policy};
};

const Keys& TheKeys() {
  static const Keys keys;
  return keys;
}

object Claims() {
  return {{"iss", kIssuer},    {"aud", kAudience}, {"sub", "alice"},
          {"exp", kNow + 300}, {"iat", kNow - 10}, {"scope", "orders:read orders:write"}};
}

object With(object claims, std::string_view name, boost::json::value value) {
  claims[name] = std::move(value);
  return claims;
}

object Without(object claims, std::string_view name) {
  claims.erase(name);
  return claims;
}

std::string Rs256(const object& claims) {
  return SignRs256({{"alg", "RS256"}, {"typ", "JWT"}, {"kid", TheKeys().rsa_kid}}, claims,
                   TheKeys().rsa.get());
}

std::string Es256(const object& claims) {
  return TheKeys().signer.Sign(claims);
}

// `token` with byte `index` of its decoded part `part` (0 header, 1 payload, 2 signature) flipped.
std::string Tampered(const std::string& token, int part, std::size_t index) {
  const std::size_t first = token.find('.');
  const std::size_t second = token.find('.', first + 1);
  std::string parts[] = {token.substr(0, first), token.substr(first + 1, second - first - 1),
                         token.substr(second + 1)};
  std::string bytes = *Base64UrlDecode(parts[part]);
  bytes[index] = static_cast<char>(bytes[index] ^ 0x01);
  parts[part] = Base64UrlEncode(bytes);
  return Assemble(parts[0], parts[1], parts[2]);
}

std::string WithPayload(const std::string& token, const object& claims) {
  const std::size_t first = token.find('.');
  const std::size_t second = token.find('.', first + 1);
  return Assemble(token.substr(0, first), Part(claims), token.substr(second + 1));
}

struct Case {
  std::string name;
  std::string token;
  std::optional<Reason> rejected;  // nullopt: accepted
  const JwtVerifier* verifier = &TheKeys().pem;
};

std::vector<Case> Cases() {
  const Keys& k = TheKeys();
  const std::string none_header = Part({{"alg", "none"}, {"typ", "JWT"}});
  const std::string valid_es256 = Es256(Claims());
  const std::string valid_rs256 = Rs256(Claims());
  const std::string slash_issuer = std::string(kIssuer) + "/";
  const std::string long_subject(JwtVerifier::kMaximumTokenBytes, 'a');
  return {
      // Accepted, from both kinds of key source.
      {"RS256 with a PEM key", valid_rs256, std::nullopt},
      {"ES256 with a PEM key", valid_es256, std::nullopt},
      {"RS256 with a JWKS key",
       SignRs256({{"alg", "RS256"}, {"kid", "rsa-1"}}, Claims(), k.rsa.get()), std::nullopt,
       &k.jwks},
      {"ES256 with a JWKS key", valid_es256, std::nullopt, &k.jwks},
      {"aud as an array holding ours",
       Es256(With(Claims(), "aud", boost::json::array{"other", kAudience})), std::nullopt},

      // Required claims.
      {"no exp", Es256(Without(Claims(), "exp")), Reason::kMissingClaim},
      {"no sub", Es256(Without(Claims(), "sub")), Reason::kMissingClaim},
      {"empty sub", Es256(With(Claims(), "sub", "")), Reason::kMissingClaim},
      {"no iss", Es256(Without(Claims(), "iss")), Reason::kMissingClaim},
      {"no aud", Es256(Without(Claims(), "aud")), Reason::kMissingClaim},
      {"exp not a number", Es256(With(Claims(), "exp", "tomorrow")), Reason::kMalformed},
      {"sub not a string", Es256(With(Claims(), "sub", 42)), Reason::kMalformed},

      // Validity period, with the default leeway of 60 s at both edges.
      {"expired beyond the leeway", Es256(With(Claims(), "exp", kNow - 61)), Reason::kExpired},
      {"exactly at exp + leeway", Es256(With(Claims(), "exp", kNow - 60)), Reason::kExpired},
      {"just inside exp + leeway", Es256(With(Claims(), "exp", kNow - 59)), std::nullopt},
      {"fractional exp just inside", Es256(With(Claims(), "exp", kNow - 59.5)), std::nullopt},
      {"nbf beyond the leeway", Es256(With(Claims(), "nbf", kNow + 61)), Reason::kNotYetValid},
      {"exactly at nbf - leeway", Es256(With(Claims(), "nbf", kNow + 60)), std::nullopt},
      {"nbf in the past", Es256(With(Claims(), "nbf", kNow - 5)), std::nullopt},

      // Issuer and audience.
      {"wrong issuer", Es256(With(Claims(), "iss", "https://evil.example")), Reason::kWrongIssuer},
      {"issuer differing in a trailing slash", Es256(With(Claims(), "iss", slash_issuer.c_str())),
       Reason::kWrongIssuer},
      {"wrong audience string", Es256(With(Claims(), "aud", "other-api")), Reason::kWrongAudience},
      {"wrong audience array",
       Es256(With(Claims(), "aud", boost::json::array{"other-api", "third-api"})),
       Reason::kWrongAudience},
      {"empty audience array", Es256(With(Claims(), "aud", boost::json::array{})),
       Reason::kWrongAudience},
      {"aud array with a number", Es256(With(Claims(), "aud", boost::json::array{kAudience, 7})),
       Reason::kMalformed},

      // Algorithms: only RS256 and ES256, decided before any key is touched.
      {"alg none with an empty signature", Assemble(none_header, Part(Claims()), ""),
       Reason::kUnsupportedAlgorithm},
      {"alg none with no signature part", none_header + "." + Part(Claims()), Reason::kMalformed},
      {"alg None", Assemble(Part({{"alg", "None"}}), Part(Claims()), ""),
       Reason::kUnsupportedAlgorithm},
      {"HS256 keyed with the RSA public key's PEM",
       SignHs256({{"alg", "HS256"}, {"kid", k.rsa_kid}}, Claims(), k.rsa_public_pem),
       Reason::kUnsupportedAlgorithm},
      {"HS256 keyed with the PEM, without kid, one-key set",
       SignHs256({{"alg", "HS256"}}, Claims(), testing::PublicPem(k.ec.get())),
       Reason::kUnsupportedAlgorithm, &k.only_ec},
      {"HS512", SignHs256({{"alg", "HS512"}, {"kid", k.rsa_kid}}, Claims(), k.rsa_public_pem),
       Reason::kUnsupportedAlgorithm},
      {"RS512", SignRs256({{"alg", "RS512"}, {"kid", k.rsa_kid}}, Claims(), k.rsa.get()),
       Reason::kUnsupportedAlgorithm},
      {"PS256", SignRs256({{"alg", "PS256"}, {"kid", k.rsa_kid}}, Claims(), k.rsa.get()),
       Reason::kUnsupportedAlgorithm},
      {"ES384", SignEs256({{"alg", "ES384"}, {"kid", k.ec_kid}}, Claims(), k.ec.get()),
       Reason::kUnsupportedAlgorithm},
      {"no alg", SignEs256({{"kid", k.ec_kid}}, Claims(), k.ec.get()), Reason::kMalformed},
      {"alg not a string", SignEs256({{"alg", 256}, {"kid", k.ec_kid}}, Claims(), k.ec.get()),
       Reason::kMalformed},
      {"a crit extension",
       SignEs256(
           {{"alg", "ES256"}, {"kid", k.ec_kid}, {"crit", boost::json::array{"exp"}}, {"exp", 1}},
           Claims(), k.ec.get()),
       Reason::kMalformed},

      // Keys.
      {"RS256 naming the EC key's kid",
       SignRs256({{"alg", "RS256"}, {"kid", k.ec_kid}}, Claims(), k.rsa.get()),
       Reason::kUnknownKey},
      {"ES256 naming the RSA key's kid",
       SignEs256({{"alg", "ES256"}, {"kid", k.rsa_kid}}, Claims(), k.ec.get()),
       Reason::kUnknownKey},
      {"unknown kid", SignEs256({{"alg", "ES256"}, {"kid", "nobody"}}, Claims(), k.ec.get()),
       Reason::kUnknownKey},
      {"kid not a string", SignEs256({{"alg", "ES256"}, {"kid", 1}}, Claims(), k.ec.get()),
       Reason::kMalformed},
      {"no kid, one-key set", SignEs256({{"alg", "ES256"}}, Claims(), k.ec.get()), std::nullopt,
       &k.only_ec},
      {"no kid, two-key set", SignEs256({{"alg", "ES256"}}, Claims(), k.ec.get()),
       Reason::kUnknownKey},
      {"signed by another EC key under our kid",
       SignEs256({{"alg", "ES256"}, {"kid", k.ec_kid}}, Claims(), testing::NewP256Key().get()),
       Reason::kBadSignature},

      // Tampering.
      {"ES256 payload swapped", WithPayload(valid_es256, With(Claims(), "sub", "mallory")),
       Reason::kBadSignature},
      {"RS256 payload swapped", WithPayload(valid_rs256, With(Claims(), "sub", "mallory")),
       Reason::kBadSignature},
      {"ES256 payload byte flipped", Tampered(valid_es256, 1, 10), Reason::kBadSignature},
      {"ES256 signature byte flipped", Tampered(valid_es256, 2, 40), Reason::kBadSignature},
      {"RS256 signature byte flipped", Tampered(valid_rs256, 2, 100), Reason::kBadSignature},
      {"ES256 signature cut short",
       valid_es256.substr(0, valid_es256.rfind('.') + 1) +
           Base64UrlEncode(
               Base64UrlDecode(valid_es256.substr(valid_es256.rfind('.') + 1))->substr(0, 63)),
       Reason::kBadSignature},
      {"ES256 signature as DER (not JWS form)",
       valid_es256.substr(0, valid_es256.rfind('.') + 1) +
           Base64UrlEncode(
               *EcdsaRawToDer(*Base64UrlDecode(valid_es256.substr(valid_es256.rfind('.') + 1)))),
       Reason::kBadSignature},

      // Malformed.
      {"empty", "", Reason::kMalformed},
      {"two parts", valid_es256.substr(0, valid_es256.rfind('.')), Reason::kMalformed},
      {"four parts", valid_es256 + ".", Reason::kMalformed},
      {"a '+' in the signature", valid_es256.substr(0, valid_es256.size() - 1) + "+",
       Reason::kMalformed},
      {"a padded part", valid_es256 + "=", Reason::kMalformed},
      {"a header that is not JSON", Assemble(Base64UrlEncode("alg=ES256"), Part(Claims()), ""),
       Reason::kMalformed},
      {"a header that is a JSON array",
       Assemble(Base64UrlEncode("[\"ES256\"]"), Part(Claims()), ""), Reason::kMalformed},
      {"signed claims that are not JSON",
       testing::SignEs256Bytes({{"alg", "ES256"}, {"kid", k.ec_kid}}, "sub=alice", k.ec.get()),
       Reason::kMalformed},
      {"signed claims that are a JSON array",
       testing::SignEs256Bytes({{"alg", "ES256"}, {"kid", k.ec_kid}}, "[1]", k.ec.get()),
       Reason::kMalformed},
      {"oversized", Es256(With(Claims(), "sub", long_subject.c_str())), Reason::kMalformed},
  };
}

TEST(JwtVerifierTest, AcceptsAndRefusesAsTheTableSays) {
  for (const Case& c : Cases()) {
    const JwtVerdict verdict = c.verifier->Verify(c.token, kNowPoint);
    if (!c.rejected) {
      EXPECT_TRUE(std::holds_alternative<VerifiedToken>(verdict))
          << c.name << ": refused, " << std::get<JwtRejection>(verdict).detail;
      continue;
    }
    if (const auto* rejection = std::get_if<JwtRejection>(&verdict)) {
      EXPECT_EQ(JwtRejectionReasonName(rejection->reason), JwtRejectionReasonName(*c.rejected))
          << c.name << ": " << rejection->detail;
      EXPECT_FALSE(rejection->detail.empty()) << c.name;
    } else {
      ADD_FAILURE() << c.name << ": accepted";
    }
  }
}

// A detail goes to logs; no part of the token (each could be replayed or leak claims) may be in
// it, even when the header holds something crafted.
TEST(JwtVerifierTest, RejectionDetailsHoldNoPartOfTheToken) {
  std::vector<Case> cases = Cases();
  const std::string long_kid(100, 'k');
  cases.push_back({"long kid",
                   SignEs256({{"alg", "ES256"}, {"kid", long_kid}}, Claims(), TheKeys().ec.get()),
                   Reason::kUnknownKey});
  for (const Case& c : cases) {
    const JwtVerdict verdict = c.verifier->Verify(c.token, kNowPoint);
    const auto* rejection = std::get_if<JwtRejection>(&verdict);
    if (rejection == nullptr) continue;
    std::size_t start = 0;
    while (start <= c.token.size()) {
      const std::size_t dot = std::min(c.token.find('.', start), c.token.size());
      const std::string part = c.token.substr(start, dot - start);
      if (part.size() >= 16) {
        EXPECT_EQ(rejection->detail.find(part), std::string::npos) << c.name;
      }
      start = dot + 1;
    }
    EXPECT_EQ(rejection->detail.find(long_kid), std::string::npos) << c.name;
  }
}

TEST(JwtVerifierTest, AVerifiedTokenCarriesItsClaims) {
  object claims = Claims();
  claims["aud"] = boost::json::array{"other-api", kAudience};
  claims["scope"] = "orders:read  orders:write orders:read";
  claims["scp"] = boost::json::array{"orders:write", "inventory:read"};
  claims["tenant"] = "shop-1";

  const JwtVerdict verdict = TheKeys().jwks.Verify(Es256(claims), kNowPoint);

  ASSERT_TRUE(std::holds_alternative<VerifiedToken>(verdict))
      << std::get<JwtRejection>(verdict).detail;
  const VerifiedToken& token = std::get<VerifiedToken>(verdict);
  EXPECT_EQ(token.subject, "alice");
  EXPECT_EQ(token.issuer, kIssuer);
  EXPECT_EQ(token.audiences, (std::vector<std::string>{"other-api", std::string(kAudience)}));
  EXPECT_EQ(token.scopes,
            (std::vector<std::string>{"orders:read", "orders:write", "inventory:read"}));
  EXPECT_TRUE(token.HasScope("inventory:read"));
  EXPECT_FALSE(token.HasScope("orders"));
  EXPECT_EQ(token.expiry, kNowPoint + seconds(300));
  EXPECT_EQ(token.claims.at("tenant"), "shop-1");
}

TEST(JwtVerifierTest, ScopesMayComeAsAStringScpOrNotAtAll) {
  const JwtVerdict from_scp =
      TheKeys().pem.Verify(Es256(With(Without(Claims(), "scope"), "scp", "a b")), kNowPoint);
  ASSERT_TRUE(std::holds_alternative<VerifiedToken>(from_scp));
  EXPECT_EQ(std::get<VerifiedToken>(from_scp).scopes, (std::vector<std::string>{"a", "b"}));

  const JwtVerdict none = TheKeys().pem.Verify(Es256(Without(Claims(), "scope")), kNowPoint);
  ASSERT_TRUE(std::holds_alternative<VerifiedToken>(none));
  EXPECT_TRUE(std::get<VerifiedToken>(none).scopes.empty());

  const JwtVerdict bad = TheKeys().pem.Verify(Es256(With(Claims(), "scope", 7)), kNowPoint);
  ASSERT_TRUE(std::holds_alternative<JwtRejection>(bad));
  EXPECT_EQ(std::get<JwtRejection>(bad).reason, Reason::kMalformed);
}

TEST(JwtVerifierTest, TheLeewayIsThePolicys) {
  JwtPolicy strict{std::string(kIssuer), std::string(kAudience), seconds(0)};
  const JwtVerifier verifier(KeySet::FromPem(testing::PublicPem(TheKeys().ec.get())), strict);
  const auto at = [&](std::int64_t exp) {
    const JwtVerdict verdict = verifier.Verify(Es256(With(Claims(), "exp", exp)), kNowPoint);
    return std::holds_alternative<VerifiedToken>(verdict);
  };
  EXPECT_TRUE(at(kNow + 1));
  EXPECT_FALSE(at(kNow));
}

TEST(JwtVerifierTest, APolicyMustNameIssuerAndAudience) {
  const auto keys = [] { return KeySet::FromPem(testing::PublicPem(TheKeys().ec.get())); };
  EXPECT_THROW(JwtVerifier(keys(), JwtPolicy{"", std::string(kAudience)}), std::invalid_argument);
  EXPECT_THROW(JwtVerifier(keys(), JwtPolicy{std::string(kIssuer), ""}), std::invalid_argument);
}

}  // namespace
}  // namespace sagashop::auth
