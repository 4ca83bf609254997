#include "platform/core/base64.h"

#include <gtest/gtest.h>

namespace sagashop {
namespace {

using namespace std::string_view_literals;

TEST(Base64Test, EncodesTheRfc4648Vectors) {
  EXPECT_EQ(Base64Encode(""), "");
  EXPECT_EQ(Base64Encode("f"), "Zg==");
  EXPECT_EQ(Base64Encode("fo"), "Zm8=");
  EXPECT_EQ(Base64Encode("foo"), "Zm9v");
  EXPECT_EQ(Base64Encode("foob"), "Zm9vYg==");
  EXPECT_EQ(Base64Encode("fooba"), "Zm9vYmE=");
  EXPECT_EQ(Base64Encode("foobar"), "Zm9vYmFy");
}

TEST(Base64Test, RoundTripsEveryByte) {
  std::string bytes;
  for (int i = 0; i < 256; ++i) bytes += static_cast<char>(i);
  for (std::size_t length = 0; length <= bytes.size(); length += 37) {
    const std::string_view part = std::string_view(bytes).substr(0, length);
    EXPECT_EQ(Base64Decode(Base64Encode(part)), std::string(part));
  }
  EXPECT_EQ(Base64Decode("/w=="), "\xFF"sv);
}

TEST(Base64Test, RefusesWhatIsNotPaddedBase64) {
  EXPECT_EQ(Base64Decode("Zg"), std::nullopt);        // unpadded
  EXPECT_EQ(Base64Decode("Zg=a"), std::nullopt);      // data after padding
  EXPECT_EQ(Base64Decode("Z==="), std::nullopt);      // too much padding
  EXPECT_EQ(Base64Decode("Zg==Zm9v"), std::nullopt);  // padding before the end
  EXPECT_EQ(Base64Decode("Zm9*"), std::nullopt);      // not in the alphabet
}

}  // namespace
}  // namespace sagashop
