#include "platform/auth/jwt_signer.h"

#include <gtest/gtest.h>

#include <variant>

#include "platform/auth/jwt_verifier.h"
#include "platform/core/base64.h"
#include "support/auth/test_keys.h"

namespace sagashop::auth {
namespace {

using std::chrono::system_clock;

TEST(JwtSignerTest, SignsTokensTheVerifierAcceptsWithTheGeneratedPublicKey) {
  const EcKeyPairPem pair = GenerateEcKeyPairPem();
  EXPECT_EQ(pair.private_pem.rfind("-----BEGIN PRIVATE KEY-----", 0), 0u);
  EXPECT_EQ(pair.public_pem.rfind("-----BEGIN PUBLIC KEY-----", 0), 0u);
  const JwtSigner signer(pair.private_pem);
  EXPECT_EQ(signer.PublicPem(), pair.public_pem);
  const JwtVerifier verifier(KeySet::FromPem(pair.public_pem), {"https://issuer", "sagashop"});
  const system_clock::time_point now = system_clock::now();

  const std::string token = signer.Sign({{"iss", "https://issuer"},
                                         {"aud", "sagashop"},
                                         {"sub", "alice"},
                                         {"exp", system_clock::to_time_t(now) + 300}});

  const JwtVerdict verdict = verifier.Verify(token, now);
  ASSERT_TRUE(std::holds_alternative<VerifiedToken>(verdict))
      << std::get<JwtRejection>(verdict).detail;
  EXPECT_EQ(std::get<VerifiedToken>(verdict).subject, "alice");
  EXPECT_EQ(*Base64UrlDecode(token.substr(0, token.find('.'))),
            R"({"alg":"ES256","typ":"JWT","kid":")" + signer.Kid() + R"("})");
  EXPECT_EQ(Base64UrlDecode(token.substr(token.rfind('.') + 1))->size(), 64u);  // raw r||s
}

TEST(JwtSignerTest, EveryGeneratedKeyIsNew) {
  EXPECT_NE(GenerateEcKeyPairPem().private_pem, GenerateEcKeyPairPem().private_pem);
}

TEST(JwtSignerTest, RefusesKeysThatAreNotP256PrivateKeys) {
  const EvpPkey rsa = testing::NewRsaKey();
  const EvpPkey p384(EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "P-384"));
  EXPECT_THROW(JwtSigner(testing::PrivatePem(rsa.get())), std::invalid_argument);
  EXPECT_THROW(JwtSigner(testing::PrivatePem(p384.get())), std::invalid_argument);
  EXPECT_THROW(JwtSigner(GenerateEcKeyPairPem().public_pem), std::invalid_argument);
  EXPECT_THROW(JwtSigner("not PEM"), std::invalid_argument);
}

}  // namespace
}  // namespace sagashop::auth
