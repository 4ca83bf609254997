#include "platform/auth/ecdsa_signature.h"

#include <gtest/gtest.h>

namespace sagashop::auth {
namespace {

TEST(EcdsaSignatureTest, RawAndDerConvertBothWaysKeepingLeadingZeros) {
  std::string raw(64, '\0');
  raw[31] = '\x01';  // r = 1: DER keeps one byte, raw pads it back to 32
  for (int i = 32; i < 64; ++i) raw[i] = '\xFF';  // s with the top bit set: DER adds a 0x00
  const std::optional<std::string> der = EcdsaRawToDer(raw);
  ASSERT_TRUE(der.has_value());
  EXPECT_EQ(der->substr(0, 5), std::string("\x30\x26\x02\x01\x01", 5));
  EXPECT_EQ(EcdsaDerToRaw(*der), raw);
}

TEST(EcdsaSignatureTest, RefusesWhatIsNotAP256Signature) {
  EXPECT_EQ(EcdsaRawToDer(std::string(63, '\x01')), std::nullopt);
  EXPECT_EQ(EcdsaRawToDer(std::string(65, '\x01')), std::nullopt);
  EXPECT_EQ(EcdsaRawToDer(""), std::nullopt);
  EXPECT_EQ(EcdsaDerToRaw("not DER"), std::nullopt);
  const std::string der = *EcdsaRawToDer(std::string(64, '\x01'));
  EXPECT_EQ(EcdsaDerToRaw(der + "x"), std::nullopt);  // trailing bytes
}

}  // namespace
}  // namespace sagashop::auth
