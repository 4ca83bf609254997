#include "platform/crypto/sealed_value.h"

#include <gtest/gtest.h>

#include "platform/core/base64.h"

namespace sagashop::crypto {
namespace {

KeyRing TwoKeys() {
  return KeyRing({{"k1", GenerateDataKey("k1")}, {"k2", GenerateDataKey("k2")}}, "k2");
}

TEST(SealedValueTest, OpensToWhatWasSealed) {
  const KeyRing ring = TwoKeys();
  const std::string address = "12 Rue de la Paix, 75002 Paris — 3e étage";
  const std::string sealed = Seal(ring.Active(), address);
  EXPECT_TRUE(sealed.starts_with("enc:v1:k2:"));
  EXPECT_EQ(sealed.find("Paix"), std::string::npos);
  EXPECT_EQ(Unseal(ring, sealed), address);
}

TEST(SealedValueTest, AValueSealedUnderAnOlderKeyOpens) {
  const KeyRing ring = TwoKeys();
  const std::string sealed = Seal(*ring.Find("k1"), "Seoul");
  EXPECT_EQ(SealedKeyId(sealed), "k1");
  EXPECT_EQ(Unseal(ring, sealed), "Seoul");
}

TEST(SealedValueTest, TheEmptyStringRoundTrips) {
  const KeyRing ring = TwoKeys();
  const std::string sealed = Seal(ring.Active(), "");
  EXPECT_TRUE(IsSealed(sealed));
  EXPECT_EQ(Unseal(ring, sealed), "");
}

TEST(SealedValueTest, EachSealingUsesItsOwnNonce) {
  const KeyRing ring = TwoKeys();
  EXPECT_NE(Seal(ring.Active(), "Seoul"), Seal(ring.Active(), "Seoul"));
}

TEST(SealedValueTest, AnAlteredByteFailsAuthentication) {
  const KeyRing ring = TwoKeys();
  const std::string sealed = Seal(ring.Active(), "Seoul");
  const std::string header = "enc:v1:k2:";
  std::string body = *Base64UrlDecode(sealed.substr(header.size()));
  for (std::size_t at : {std::size_t{0}, std::size_t{12}, body.size() - 1}) {  // nonce, text, tag
    std::string altered = body;
    altered[at] = static_cast<char>(altered[at] ^ 0x01);
    EXPECT_THROW(Unseal(ring, header + Base64UrlEncode(altered)), SealedValueError) << at;
  }
  EXPECT_THROW(Unseal(ring, sealed.substr(0, sealed.size() - 4)), SealedValueError);
}

TEST(SealedValueTest, NamingAnotherKeyIdFailsAuthentication) {
  // Even with k1's id swapped in for k2's, the id is authenticated: nothing opens.
  const KeyRing ring = TwoKeys();
  const std::string sealed = Seal(ring.Active(), "Seoul");
  std::string renamed = sealed;
  renamed.replace(0, std::string("enc:v1:k2").size(), "enc:v1:k1");
  try {
    Unseal(ring, renamed);
    FAIL() << "opened under the wrong key id";
  } catch (const SealedValueError& error) {
    EXPECT_NE(std::string(error.what()).find("fails authentication"), std::string::npos);
  }
}

TEST(SealedValueTest, AKeyTheRingLacksIsNamedInTheError) {
  const KeyRing old_ring({{"k1", GenerateDataKey("k1")}}, "k1");
  const std::string sealed = Seal(TwoKeys().Active(), "Seoul");
  try {
    Unseal(old_ring, sealed);
    FAIL() << "opened without its key";
  } catch (const SealedValueError& error) {
    EXPECT_NE(std::string(error.what()).find("data key 'k2'"), std::string::npos) << error.what();
  }
}

TEST(SealedValueTest, AClearValueIsNotSealed) {
  EXPECT_FALSE(IsSealed("Seoul"));
  EXPECT_EQ(SealedKeyId("Seoul"), std::nullopt);
  EXPECT_THROW(Unseal(TwoKeys(), "Seoul"), SealedValueError);
}

}  // namespace
}  // namespace sagashop::crypto
