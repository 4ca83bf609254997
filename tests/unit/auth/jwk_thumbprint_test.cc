#include <gtest/gtest.h>

#include <boost/json/parse.hpp>

#include "platform/auth/jwk.h"
#include "platform/auth/verification_key.h"
#include "support/auth/test_keys.h"

namespace sagashop::auth {
namespace {

// RFC 7638 §3.1: the example RSA key and the thumbprint the RFC computes for it.
constexpr std::string_view kRfc7638Jwk = R"({
  "kty": "RSA",
  "n": "0vx7agoebGcQSuuPiLJXZptN9nndrQmbXEps2aiAFbWhM78LhWx4cbbfAAtVT86zwu1RK7aPFFxuhDR1L6tSoc_BJECPebWKRXjBZCiFV4n3oknjhMstn64tZ_2W-5JsGY4Hc5n9yBXArwl93lqt7_RN5w6Cf0h4QyQ5v-65YGjQR0_FDW2QvzqY368QQMicAtaSqzs8KJZgnYb9c7d0zgdAZHzu6qMQvRL5hajrn1n91CbOpbISD08qNLyrdkt-bFTWhAI4vMQFh6WeZu0fM4lFd2NcRwr3XPksINHaQ-G_xBniIqbw0Ls1jF44-csFCur-kEgU8awapJzKnqDKgw",
  "e": "AQAB",
  "alg": "RS256",
  "kid": "2011-04-29"
})";
constexpr std::string_view kRfc7638Thumbprint = "NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs";

TEST(JwkThumbprintTest, IsTheRfc7638ExampleValue) {
  const EvpPkey key = PublicKeyFromJwk(boost::json::parse(kRfc7638Jwk).as_object());
  EXPECT_EQ(JwkThumbprint(key.get()), kRfc7638Thumbprint);
}

TEST(JwkThumbprintTest, SurvivesTheRoundTripThroughAJwkForBothKeyTypes) {
  const EvpPkey keys[] = {testing::NewP256Key(), testing::NewRsaKey()};
  for (const EvpPkey& original : keys) {
    const EvpPkey copy = PublicKeyFromJwk(RequiredJwkMembers(original.get()));
    EXPECT_EQ(JwkThumbprint(copy.get()), JwkThumbprint(original.get()));
    EXPECT_EQ(JwkThumbprint(original.get()).size(), 43u);  // 32 bytes of SHA-256 in base64url
  }
}

TEST(JwkThumbprintTest, EcMembersAreTheCanonicalOnes) {
  const EvpPkey key = testing::NewP256Key();
  const boost::json::object members = RequiredJwkMembers(key.get());
  ASSERT_EQ(members.size(), 4u);
  auto it = members.begin();
  for (const std::string_view name : {"crv", "kty", "x", "y"}) EXPECT_EQ((it++)->key(), name);
  EXPECT_EQ(members.at("crv"), "P-256");
  EXPECT_EQ(members.at("x").as_string().size(), 43u);  // 32 bytes, leading zeros kept
}

TEST(PublicKeyFromJwkTest, RefusesWhatItCannotUse) {
  const EvpPkey ec = testing::NewP256Key();
  boost::json::object good = RequiredJwkMembers(ec.get());
  struct Case {
    std::string_view why;
    boost::json::object jwk;
  };
  boost::json::object p384 = good;
  p384["crv"] = "P-384";
  boost::json::object short_x = good;
  short_x["x"] = "AQAB";
  boost::json::object padded_x = good;
  padded_x["x"] = std::string(good.at("x").as_string()) + "=";
  boost::json::object off_curve = good;
  off_curve["y"] = good.at("x");
  boost::json::object no_n{{"kty", "RSA"}, {"e", "AQAB"}};
  boost::json::object oct{{"kty", "oct"}, {"k", "c2VjcmV0"}};
  const Case cases[] = {
      {"curve P-384", p384},       {"a 3-byte x", short_x},
      {"padded base64", padded_x}, {"a point off the curve", off_curve},
      {"RSA without n", no_n},     {"a symmetric key", oct},
  };
  for (const Case& c : cases) {
    EXPECT_THROW(
        {
          const EvpPkey key = PublicKeyFromJwk(c.jwk);
          // OpenSSL may build the key and leave the point check to the later public key check.
          CheckedKeyType(key.get());
        },
        std::invalid_argument)
        << c.why;
  }
}

}  // namespace
}  // namespace sagashop::auth
