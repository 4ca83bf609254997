#include "platform/log/sensitive_data.h"

#include <gtest/gtest.h>

namespace sagashop::log {
namespace {

TEST(SensitiveDataTest, AnAddressIsMaskedWhole) {
  EXPECT_EQ(MaskAddress("12 Teheran-ro, Gangnam-gu, Seoul"), "***");
  EXPECT_EQ(MaskAddress(""), "***");
}

TEST(SensitiveDataTest, CardNumbersKeepOnlyTheirLastFourDigits) {
  EXPECT_EQ(MaskCardNumbers("card 4111111111111111 ok"), "card ************1111 ok");
  EXPECT_EQ(MaskCardNumbers("4111 1111 1111 1111"), "**** **** **** 1111");
  EXPECT_EQ(MaskCardNumbers("5500-0000-0000-0004."), "****-****-****-0004.");
  EXPECT_EQ(MaskCardNumbers("amex 378282246310005"), "amex ***********0005");
}

TEST(SensitiveDataTest, NumbersThatAreNotCardNumbersStay) {
  // Fails the Luhn check.
  EXPECT_EQ(MaskCardNumbers("4111111111111112"), "4111111111111112");
  // Too short or too long.
  EXPECT_EQ(MaskCardNumbers("order 123456789012 amount 50000"), "order 123456789012 amount 50000");
  EXPECT_EQ(MaskCardNumbers("41111111111111111111111"), "41111111111111111111111");
  // Part of a longer word, such as a hex id.
  EXPECT_EQ(MaskCardNumbers("trace a4111111111111111b"), "trace a4111111111111111b");
  EXPECT_EQ(MaskCardNumbers("no digits at all"), "no digits at all");
  EXPECT_EQ(MaskCardNumbers(""), "");
}

TEST(SensitiveDataTest, SensitiveJsonMembersAreMasked) {
  EXPECT_EQ(MaskSensitiveJsonFields(
                R"({"userId":1,"address":"12 Secret St","paymentMethod":"CARD","amount":5})"),
            R"({"userId":1,"address":"***","paymentMethod":"***","amount":5})");
  EXPECT_EQ(MaskSensitiveJsonFields(R"({"Address" : "x \"quoted\" y", "cardNumber": 4111})"),
            R"({"Address" : "***", "cardNumber": "***"})");
  EXPECT_EQ(MaskSensitiveJsonFields(R"({"paymentType":"CARD","cvv":"123"})"),
            R"({"paymentType":"***","cvv":"***"})");
}

TEST(SensitiveDataTest, OtherMembersAndLookalikesStay) {
  const std::string text =
      R"({"reason":"address is undeliverable","addressee":"Kim","x":"address"})";
  EXPECT_EQ(MaskSensitiveJsonFields(text), text);
}

TEST(SensitiveDataTest, AnAddressInPartsIsMaskedWhole) {
  EXPECT_EQ(MaskSensitiveJsonFields(R"({"address":{"city":"Seoul","street":"x }"},"n":1})"),
            R"({"address":"***","n":1})");
  EXPECT_EQ(MaskSensitiveJsonFields(R"({"address":["a",["b"]],"n":1})"),
            R"({"address":"***","n":1})");
}

TEST(SensitiveDataTest, JsonQuotedInsideAStringIsMaskedToo) {
  EXPECT_EQ(MaskSensitiveJsonFields(R"(error: "payload {\"address\":\"Seoul\",\"amount\":1}")"),
            R"(error: "payload {\"address\":\"***\",\"amount\":1}")");
}

TEST(SensitiveDataTest, FragmentsAndUnclosedStringsAreMaskedToTheEnd) {
  EXPECT_EQ(MaskSensitiveJsonFields(R"(... "address":"12 Secret St)"), R"(... "address":"***")");
  EXPECT_EQ(MaskSensitiveJsonFields(R"("address")"), R"("address")");
  EXPECT_EQ(MaskSensitiveJsonFields(R"("address":)"), R"("address":)");
}

TEST(SensitiveDataTest, PostgresFailingRowsAreMasked) {
  EXPECT_EQ(MaskFailingRows("postgres: insert: ERROR:  new row violates check constraint\n"
                            "DETAIL:  Failing row contains (1, 1001, Seoul (Gangnam), CARD).\n"
                            "next line"),
            "postgres: insert: ERROR:  new row violates check constraint\n"
            "DETAIL:  Failing row contains (***).\n"
            "next line");
  EXPECT_EQ(MaskFailingRows("Failing row contains (1, Seoul"), "Failing row contains (***");
  EXPECT_EQ(MaskFailingRows("nothing to see"), "nothing to see");
}

TEST(SensitiveDataTest, MaskSensitiveDoesAllAndIsIdempotent) {
  const std::string text =
      R"(failed on {"address":"Seoul","paymentMethod":"CARD"}: card 4111-1111-1111-1111; )"
      "Failing row contains (1, Seoul)";
  const std::string masked = MaskSensitive(text);
  EXPECT_EQ(masked,
            R"(failed on {"address":"***","paymentMethod":"***"}: card ****-****-****-1111; )"
            "Failing row contains (***)");
  EXPECT_EQ(MaskSensitive(masked), masked);
}

}  // namespace
}  // namespace sagashop::log
