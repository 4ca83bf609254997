#include "services/order/create_order_request.h"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>

namespace sagashop::order {
namespace {

CreateOrderRequest Parse(std::string_view json, std::optional<std::string> header_key = {}) {
  const boost::json::object object = ParseJsonObject(json);
  return ParseCreateOrderRequest(JsonFields(object), std::move(header_key));
}

// The field a bad request is rejected for.
std::string RejectedField(std::string_view json, std::optional<std::string> header_key = {}) {
  try {
    Parse(json, std::move(header_key));
  } catch (const FieldError& error) {
    return error.Field();
  }
  return "<accepted>";
}

constexpr std::string_view kValid =
    R"({"userId":1001,"productId":1,"quantity":2,"amount":50000,"address":"Seoul","paymentMethod":"CARD"})";

TEST(CreateOrderRequestTest, AcceptsTheDocumentedExample) {
  const CreateOrderRequest request = Parse(kValid);
  EXPECT_EQ(request.user_id, 1001);
  EXPECT_EQ(request.product_id, 1);
  EXPECT_EQ(request.quantity, 2);
  EXPECT_EQ(request.amount, 50000);
  EXPECT_EQ(request.address, "Seoul");
  EXPECT_EQ(request.payment_method, "CARD");
  EXPECT_EQ(request.idempotency_key, std::nullopt);
}

TEST(CreateOrderRequestTest, DefaultsAddressAndPaymentMethod) {
  const CreateOrderRequest request = Parse(R"({"userId":1,"productId":1,"quantity":1,"amount":1})");
  EXPECT_EQ(request.address, "default");
  EXPECT_EQ(request.payment_method, "CARD");
}

TEST(CreateOrderRequestTest, NamesTheFieldAtFault) {
  EXPECT_EQ(RejectedField(R"({"productId":1,"quantity":1,"amount":1})"), "userId");
  EXPECT_EQ(RejectedField(R"({"userId":"1","productId":1,"quantity":1,"amount":1})"), "userId");
  EXPECT_EQ(RejectedField(R"({"userId":0,"productId":1,"quantity":1,"amount":1})"), "userId");
  EXPECT_EQ(RejectedField(R"({"userId":1,"productId":-4,"quantity":1,"amount":1})"), "productId");
  EXPECT_EQ(RejectedField(R"({"userId":1,"productId":1,"quantity":0,"amount":1})"), "quantity");
  EXPECT_EQ(RejectedField(R"({"userId":1,"productId":1,"quantity":1001,"amount":1})"), "quantity");
  EXPECT_EQ(RejectedField(R"({"userId":1,"productId":1,"quantity":1.5,"amount":1})"), "quantity");
  EXPECT_EQ(RejectedField(R"({"userId":1,"productId":1,"quantity":1,"amount":0})"), "amount");
  EXPECT_EQ(RejectedField(R"({"userId":1,"productId":1,"quantity":1,"amount":1000000000001})"),
            "amount");
  EXPECT_EQ(
      RejectedField(R"({"userId":1,"productId":1,"quantity":1,"amount":99999999999999999999})"),
      "amount");
  EXPECT_EQ(RejectedField(R"({"userId":1,"productId":1,"quantity":1,"amount":1,"address":""})"),
            "address");
  EXPECT_EQ(RejectedField(R"({"userId":1,"productId":1,"quantity":1,"amount":1,"address":7})"),
            "address");
  EXPECT_EQ(
      RejectedField(R"({"userId":1,"productId":1,"quantity":1,"amount":1,"paymentMethod":"c"})"),
      "paymentMethod");
  EXPECT_EQ(RejectedField("[1,2]"), "body");
  EXPECT_EQ(RejectedField("{\"userId\":"), "body");
}

TEST(CreateOrderRequestTest, WholeNumbersWrittenWithAFractionOrExponentAreIntegers) {
  const CreateOrderRequest request =
      Parse(R"({"userId":1001.0,"productId":1,"quantity":2.0,"amount":5e4})");
  EXPECT_EQ(request.user_id, 1001);
  EXPECT_EQ(request.quantity, 2);
  EXPECT_EQ(request.amount, 50000);
  EXPECT_EQ(RejectedField(R"({"userId":1,"productId":1,"quantity":2.5,"amount":1})"), "quantity");
  EXPECT_EQ(RejectedField(R"({"userId":1,"productId":1,"quantity":1,"amount":1e19})"), "amount");
  EXPECT_EQ(RejectedField(R"({"userId":1,"productId":1,"quantity":1,"amount":-1e300})"), "amount");
}

TEST(CreateOrderRequestTest, TextWithANulCharacterIsRefusedBeforeItReachesTheDatabase) {
  EXPECT_EQ(RejectedField(
                R"({"userId":1,"productId":1,"quantity":1,"amount":1,"address":"Se\u0000oul"})"),
            "address");
}

TEST(CreateOrderRequestTest, AddressLengthCountsCharactersNotBytes) {
  std::string korean;
  for (int i = 0; i < 500; ++i) korean += "\xea\xb0\x80";  // 500 x U+AC00, 1500 bytes
  const std::string ok =
      R"({"userId":1,"productId":1,"quantity":1,"amount":1,"address":")" + korean + "\"}";
  EXPECT_EQ(Parse(ok).address, korean);
  const std::string too_long =
      R"({"userId":1,"productId":1,"quantity":1,"amount":1,"address":")" + korean + "x\"}";
  EXPECT_EQ(RejectedField(too_long), "address");
}

TEST(CreateOrderRequestTest, IdempotencyKeyFromHeaderOrBody) {
  EXPECT_EQ(Parse(kValid, "key-1").idempotency_key, "key-1");
  const std::string with_body_key =
      R"({"userId":1,"productId":1,"quantity":1,"amount":1,"idempotencyKey":"k2"})";
  EXPECT_EQ(Parse(with_body_key).idempotency_key, "k2");
  EXPECT_EQ(Parse(with_body_key, "k2").idempotency_key, "k2");
  EXPECT_EQ(RejectedField(with_body_key, "other"), "idempotencyKey");
  EXPECT_EQ(RejectedField(kValid, std::string(65, 'k')), "Idempotency-Key");
  EXPECT_EQ(RejectedField(kValid, "has space"), "Idempotency-Key");
}

TEST(CreateOrderRequestTest, TheHeaderIsAStructuredFieldStringOrABareKey) {
  // The IETF draft's form, a Structured Field String, and the bare form name the same key.
  EXPECT_EQ(ParseIdempotencyKeyHeader(R"("8e03978e-40d5-43e8")"), "8e03978e-40d5-43e8");
  EXPECT_EQ(ParseIdempotencyKeyHeader("8e03978e-40d5-43e8"), "8e03978e-40d5-43e8");
  EXPECT_EQ(ParseIdempotencyKeyHeader(R"( "k" )"), "k");
  EXPECT_EQ(ParseIdempotencyKeyHeader(R"("a\"b\\c")"), R"(a"b\c)");
  EXPECT_EQ(Parse(kValid, R"("key-1")").idempotency_key, "key-1");

  auto rejected = [](std::string_view value) {
    try {
      ParseIdempotencyKeyHeader(value);
    } catch (const FieldError& error) {
      return error.Field();
    }
    return std::string("<accepted>");
  };
  EXPECT_EQ(rejected(R"("unterminated)"), "Idempotency-Key");
  EXPECT_EQ(rejected(R"("a\x")"), "Idempotency-Key");    // only \" and \\ may be escaped
  EXPECT_EQ(rejected(R"("k";p=1)"), "Idempotency-Key");  // one plain string, nothing after
  EXPECT_EQ(rejected(R"("")"), "Idempotency-Key");       // empty
  EXPECT_EQ(rejected(R"("with space")"), "Idempotency-Key");
  EXPECT_EQ(rejected(""), "Idempotency-Key");
}

TEST(CreateOrderRequestTest, FingerprintSeparatesDifferentRequests) {
  const CreateOrderRequest a = Parse(kValid);
  CreateOrderRequest b = a;
  EXPECT_EQ(a.Fingerprint(), b.Fingerprint());
  EXPECT_EQ(a.Fingerprint().size(), 64u);
  b.amount += 1;
  EXPECT_NE(a.Fingerprint(), b.Fingerprint());
  // Field boundaries matter: "ab"+"c" is not "a"+"bc".
  CreateOrderRequest c = a, d = a;
  c.address = "ab";
  c.payment_method = "C";
  d.address = "a";
  d.payment_method = "BC";
  EXPECT_NE(c.Fingerprint(), d.Fingerprint());
  // The key itself is not part of what the request asks for.
  CreateOrderRequest keyed = a;
  keyed.idempotency_key = "k";
  EXPECT_EQ(a.Fingerprint(), keyed.Fingerprint());
}

}  // namespace
}  // namespace sagashop::order
