#include "platform/inbox/dead_letter_codec.h"

#include <gtest/gtest.h>

#include <stdexcept>

namespace sagashop::inbox {
namespace {

using namespace std::string_view_literals;

TEST(DeadLetterCodecTest, TextStaysReadableOtherBytesBecomeBase64) {
  const StoredBytes text = StoreBytes(R"({"eventId": oops)");
  EXPECT_EQ(text.encoding, "utf-8");
  EXPECT_EQ(text.text, R"({"eventId": oops)");

  const std::string binary("\xFF\x00\x01garbage"sv);
  const StoredBytes stored = StoreBytes(binary);
  EXPECT_EQ(stored.encoding, "base64");
  EXPECT_EQ(LoadBytes(stored), binary);
  EXPECT_EQ(LoadBytes(text), R"({"eventId": oops)");
}

TEST(DeadLetterCodecTest, HeadersRoundTripWhateverTheirBytes) {
  const std::vector<bus::Header> headers = {
      {"ce_id", "e-1"}, {"blob", std::string("\x00\xFF"sv)}, {"\xC3\x28", "v"}, {"empty", ""}};
  const std::string json = HeadersToJson(headers);
  EXPECT_NE(json.find(R"({"key":"ce_id","value":"e-1"})"), std::string::npos) << json;
  EXPECT_NE(json.find(R"("valueBase64":"AP8=")"), std::string::npos) << json;
  const std::vector<bus::Header> loaded = HeadersFromJson(json);
  ASSERT_EQ(loaded.size(), headers.size());
  for (std::size_t i = 0; i < headers.size(); ++i) {
    EXPECT_EQ(loaded[i].key, headers[i].key);
    EXPECT_EQ(loaded[i].value, headers[i].value);
  }
}

TEST(DeadLetterCodecTest, RefusesWhatItDidNotWrite) {
  EXPECT_THROW(HeadersFromJson("{}"), std::invalid_argument);
  EXPECT_THROW(HeadersFromJson("[1]"), std::invalid_argument);
  EXPECT_THROW(HeadersFromJson(R"([{"key":"a"}])"), std::invalid_argument);
  EXPECT_THROW(LoadBytes({"AP8", "base64"}), std::invalid_argument);
  EXPECT_THROW(LoadBytes({"x", "latin-1"}), std::invalid_argument);
}

}  // namespace
}  // namespace sagashop::inbox
