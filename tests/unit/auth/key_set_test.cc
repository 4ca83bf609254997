#include "platform/auth/key_set.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>

#include "platform/auth/jwk.h"
#include "platform/core/base64.h"
#include "support/auth/test_keys.h"

namespace sagashop::auth {
namespace {

using testing::Jwks;
using testing::PublicJwk;
using testing::PublicPem;

// A file in a fresh temporary directory, removed with it.
class TempFile {
 public:
  explicit TempFile(std::string_view contents) {
    std::string pattern =
        (std::filesystem::temp_directory_path() / "sagashop-keyset-XXXXXX").string();
    dir_ = mkdtemp(pattern.data());
    std::ofstream(Path()) << contents;
  }
  ~TempFile() { std::filesystem::remove_all(dir_); }
  std::filesystem::path Path() const { return dir_ / "keys"; }

 private:
  std::filesystem::path dir_;
};

std::string ThrownMessage(const std::function<void()>& load) {
  try {
    load();
  } catch (const std::invalid_argument& error) {
    return error.what();
  }
  return "(nothing thrown)";
}

TEST(KeySetTest, PemKeysAreNamedByTheirThumbprint) {
  const EvpPkey rsa = testing::NewRsaKey();
  const EvpPkey ec = testing::NewP256Key();
  const TempFile file(PublicPem(rsa.get()) + PublicPem(ec.get()));

  const KeySet keys = KeySet::FromPemFile(file.Path());

  ASSERT_EQ(keys.Size(), 2u);
  const VerificationKey* found_rsa = keys.Find(JwkThumbprint(rsa.get()));
  const VerificationKey* found_ec = keys.Find(JwkThumbprint(ec.get()));
  ASSERT_NE(found_rsa, nullptr);
  ASSERT_NE(found_ec, nullptr);
  EXPECT_EQ(found_rsa->type, KeyType::kRsa);
  EXPECT_EQ(found_ec->type, KeyType::kEcP256);
  EXPECT_EQ(EVP_PKEY_eq(found_ec->key.get(), ec.get()), 1);
}

TEST(KeySetTest, ATokenWithoutKidGetsTheKeyOnlyWhenThereIsJustOne) {
  const EvpPkey first = testing::NewP256Key();
  const EvpPkey second = testing::NewP256Key();
  const KeySet one = KeySet::FromPem(PublicPem(first.get()));
  const KeySet two = KeySet::FromPem(PublicPem(first.get()) + PublicPem(second.get()));

  ASSERT_NE(one.Find(std::nullopt), nullptr);
  EXPECT_EQ(one.Find(std::nullopt)->kid, JwkThumbprint(first.get()));
  EXPECT_EQ(two.Find(std::nullopt), nullptr);
  EXPECT_EQ(one.Find("some-other-kid"), nullptr);
}

TEST(KeySetTest, AKeyTwiceInAPemFileIsKeptOnce) {
  const EvpPkey key = testing::NewP256Key();
  const KeySet keys = KeySet::FromPem(PublicPem(key.get()) + PublicPem(key.get()));
  EXPECT_EQ(keys.Size(), 1u);
  ASSERT_EQ(keys.SkippedKeys().size(), 1u);
  EXPECT_NE(keys.SkippedKeys()[0].find("already taken"), std::string::npos);
}

TEST(KeySetTest, JwksKeysAreFoundByTheirKid) {
  const EvpPkey rsa = testing::NewRsaKey();
  const EvpPkey ec = testing::NewP256Key();
  const TempFile file(Jwks({PublicJwk(rsa.get(), "rsa-1", {{"use", "sig"}, {"alg", "RS256"}}),
                            PublicJwk(ec.get(), "ec-1", {{"alg", "ES256"}})}));

  const KeySet keys = KeySet::FromJwksFile(file.Path());

  ASSERT_EQ(keys.Size(), 2u);
  ASSERT_NE(keys.Find("rsa-1"), nullptr);
  EXPECT_EQ(keys.Find("rsa-1")->type, KeyType::kRsa);
  ASSERT_NE(keys.Find("ec-1"), nullptr);
  EXPECT_EQ(keys.Find("ec-1")->type, KeyType::kEcP256);
  EXPECT_TRUE(keys.SkippedKeys().empty());
}

TEST(KeySetTest, JwksKeysThatCannotVerifyTokensAreSkippedWithAReason) {
  const EvpPkey signing = testing::NewP256Key();
  const EvpPkey encryption = testing::NewRsaKey();
  const EvpPkey small = testing::NewRsaKey(1024);
  boost::json::object no_kid = RequiredJwkMembers(signing.get());
  const std::string jwks = Jwks({
      PublicJwk(encryption.get(), "enc-1", {{"use", "enc"}}),
      boost::json::object{{"kty", "OKP"},
                          {"crv", "Ed25519"},
                          {"x", "11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo"},
                          {"kid", "okp-1"}},
      boost::json::object{{"kty", "oct"}, {"k", "c2VjcmV0"}, {"kid", "hmac-1"}},
      PublicJwk(small.get(), "small-1"),
      PublicJwk(signing.get(), "wrong-alg", {{"alg", "RS256"}}),
      "not an object",
      PublicJwk(signing.get(), "sig-1", {{"use", "sig"}}),
      PublicJwk(signing.get(), "sig-1"),
      no_kid,
  });

  const KeySet keys = KeySet::FromJwks(jwks);

  EXPECT_EQ(keys.Size(), 2u);
  EXPECT_NE(keys.Find("sig-1"), nullptr);
  EXPECT_NE(keys.Find(JwkThumbprint(signing.get())), nullptr);  // the kid-less one
  const std::vector<std::string>& skipped = keys.SkippedKeys();
  ASSERT_EQ(skipped.size(), 7u);
  const std::string_view expected[] = {"keys[0]: use \"enc\"",
                                       "keys[1]: kty \"OKP\"",
                                       "keys[2]: kty \"oct\"",
                                       "keys[3]: RSA key of 1024 bits",
                                       "keys[4]: alg \"RS256\"",
                                       "keys[5]: not a JSON object",
                                       "keys[7]: kid \"sig-1\" is already taken"};
  for (std::size_t i = 0; i < skipped.size(); ++i) {
    EXPECT_EQ(skipped[i].rfind(expected[i], 0), 0u) << skipped[i];
  }
}

TEST(KeySetTest, AnRsaKeyAbove8192BitsIsSkippedBeforeItsSlowCheck) {
  // A 16384-bit modulus, not a real key: it must be refused for its size alone, before OpenSSL's
  // public key check spends seconds on a primality test of it (once per such key in the set).
  std::string modulus(2048, '\x5a');
  modulus.front() = '\xc5';
  modulus.back() = '\x5b';
  const EvpPkey usable = testing::NewP256Key();
  const std::string jwks = Jwks({
      boost::json::object{
          {"kty", "RSA"}, {"n", Base64UrlEncode(modulus)}, {"e", "AQAB"}, {"kid", "huge"}},
      PublicJwk(usable.get(), "ec-1"),
  });

  const KeySet keys = KeySet::FromJwks(jwks);

  EXPECT_EQ(keys.Find("huge"), nullptr);
  EXPECT_NE(keys.Find("ec-1"), nullptr);
  ASSERT_EQ(keys.SkippedKeys().size(), 1u);
  EXPECT_EQ(keys.SkippedKeys()[0], "keys[0]: RSA key of 16384 bits, at most 8192 are supported");
}

TEST(KeySetTest, LoadingFailsNamingTheSourceAndTheReason) {
  const EvpPkey rsa = testing::NewRsaKey();
  const TempFile only_enc(Jwks({PublicJwk(rsa.get(), "enc-1", {{"use", "enc"}})}));
  const TempFile not_json("{\"keys\": [");
  const TempFile no_keys("{\"issuer\": \"x\"}");
  const TempFile empty_pem("");
  std::string broken = PublicPem(rsa.get());
  broken[broken.size() / 2] = '*';
  const TempFile broken_pem(broken);
  const std::filesystem::path missing = std::filesystem::path(only_enc.Path()).concat("-missing");

  struct Case {
    std::function<void()> load;
    std::string file;
    std::string_view reason;
  };
  const Case cases[] = {
      {[&] { KeySet::FromJwksFile(only_enc.Path()); }, only_enc.Path().string(),
       "no usable public key; keys[0]: use \"enc\""},
      {[&] { KeySet::FromJwksFile(not_json.Path()); }, not_json.Path().string(), "not JSON"},
      {[&] { KeySet::FromJwksFile(no_keys.Path()); }, no_keys.Path().string(), "no \"keys\" array"},
      {[&] { KeySet::FromPemFile(empty_pem.Path()); }, empty_pem.Path().string(),
       "no usable public key"},
      {[&] { KeySet::FromPemFile(broken_pem.Path()); }, broken_pem.Path().string(),
       "PEM block 1 cannot be read"},
      {[&] { KeySet::FromPemFile(missing); }, missing.string(), "cannot read"},
      {[&] { KeySet::FromJwksFile(missing); }, missing.string(), "cannot read"},
  };
  for (const Case& c : cases) {
    const std::string message = ThrownMessage(c.load);
    EXPECT_EQ(message.rfind(c.file + ": ", 0), 0u) << message;
    EXPECT_NE(message.find(c.reason), std::string::npos) << message;
  }
}

}  // namespace
}  // namespace sagashop::auth
