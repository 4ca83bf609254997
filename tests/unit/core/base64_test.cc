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

TEST(Base64UrlTest, EncodesWithoutPaddingAndWithTheUrlAlphabet) {
  EXPECT_EQ(Base64UrlEncode(""), "");
  EXPECT_EQ(Base64UrlEncode("f"), "Zg");
  EXPECT_EQ(Base64UrlEncode("fo"), "Zm8");
  EXPECT_EQ(Base64UrlEncode("foo"), "Zm9v");
  EXPECT_EQ(Base64UrlEncode("\xFB\xFF"sv), "-_8");
  // RFC 7515 §3.3: the JWS example's protected header.
  EXPECT_EQ(Base64UrlEncode("{\"typ\":\"JWT\",\r\n \"alg\":\"HS256\"}"),
            "eyJ0eXAiOiJKV1QiLA0KICJhbGciOiJIUzI1NiJ9");
}

TEST(Base64UrlTest, RoundTripsEveryByte) {
  std::string bytes;
  for (int i = 0; i < 256; ++i) bytes += static_cast<char>(i);
  for (std::size_t length = 0; length <= bytes.size(); ++length) {
    const std::string_view part = std::string_view(bytes).substr(0, length);
    EXPECT_EQ(Base64UrlDecode(Base64UrlEncode(part)), std::string(part)) << length;
  }
  EXPECT_EQ(Base64UrlDecode("-_8"), "\xFB\xFF"sv);
}

TEST(Base64UrlTest, RefusesWhatIsNotCanonicalUnpaddedBase64Url) {
  struct Case {
    std::string_view text;
    std::string_view why;
  };
  const Case cases[] = {
      {"Zg==", "padded"},
      {"Zg=", "partly padded"},
      {"Zm8=", "padded"},
      {"+_8", "'+' is standard base64"},
      {"-/8", "'/' is standard base64"},
      {"Z", "a length of 4n+1 encodes no whole byte"},
      {"Zm9vY", "a length of 4n+1 encodes no whole byte"},
      {"Zh", "the unused bits are not zero"},
      {"Zm9", "the unused bits are not zero"},
      {"Zm9*", "not in the alphabet"},
      {"Zm 9v", "white space"},
  };
  for (const Case& c : cases) EXPECT_EQ(Base64UrlDecode(c.text), std::nullopt) << c.why;
}

}  // namespace
}  // namespace sagashop
