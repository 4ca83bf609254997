#include "outside_world/call_reading.h"

#include <gtest/gtest.h>

#include "outside_world/verdicts.h"
#include "platform/core/json_fields.h"

namespace sagashop::outside_world {
namespace {

template <typename Read>
std::string FieldOf(Read&& read) {
  try {
    read();
  } catch (const FieldError& error) {
    return error.Field();
  }
  return "(accepted)";
}

http::Request WithKey(std::string key) {
  http::Request request;
  request.headers["idempotency-key"] = std::move(key);
  return request;
}

TEST(CallReadingTest, AChargeIsReadWithItsKey) {
  const ChargeCall call =
      ReadChargeCall("k-1", R"({"orderId":7,"amount":5000,"paymentType":"CARD"})");
  EXPECT_EQ(call.idempotency_key, "k-1");
  EXPECT_EQ(call.order_id, 7);
  EXPECT_EQ(call.amount, 5000);
  EXPECT_EQ(call.payment_type, "CARD");
}

TEST(CallReadingTest, TheIdempotencyKeyIsRequiredAndBounded) {
  EXPECT_EQ(FieldOf([] { ReadIdempotencyKey(http::Request{}); }), "Idempotency-Key");
  EXPECT_EQ(FieldOf([] { ReadIdempotencyKey(WithKey("")); }), "Idempotency-Key");
  EXPECT_EQ(FieldOf([] { ReadIdempotencyKey(WithKey(std::string(101, 'k'))); }), "Idempotency-Key");
  EXPECT_EQ(FieldOf([] { ReadIdempotencyKey(WithKey("two words")); }), "Idempotency-Key");
  EXPECT_EQ(ReadIdempotencyKey(WithKey(std::string(100, 'k'))), std::string(100, 'k'));
}

TEST(CallReadingTest, EveryBadChargeNamesItsField) {
  EXPECT_EQ(FieldOf([] { ReadChargeCall("k", "not json"); }), "body");
  EXPECT_EQ(FieldOf([] { ReadChargeCall("k", R"({"amount":1,"paymentType":"CARD"})"); }),
            "orderId");
  EXPECT_EQ(FieldOf([] { ReadChargeCall("k", R"({"orderId":"1","amount":1,"paymentType":"C"})"); }),
            "orderId");
  EXPECT_EQ(
      FieldOf([] { ReadChargeCall("k", R"({"orderId":1,"amount":0,"paymentType":"CARD"})"); }),
      "amount");
  EXPECT_EQ(FieldOf([] {
              ReadChargeCall("k", R"({"orderId":1,"amount":10000000000000,"paymentType":"CARD"})");
            }),
            "amount");
  EXPECT_EQ(FieldOf([] { ReadChargeCall("k", R"({"orderId":1,"amount":1.5,"paymentType":"C"})"); }),
            "amount");
  EXPECT_EQ(FieldOf([] { ReadChargeCall("k", R"({"orderId":1,"amount":1})"); }), "paymentType");
}

TEST(CallReadingTest, EveryBadRefundOrShipmentNamesItsField) {
  EXPECT_EQ(FieldOf([] { ReadRefundCall("k", R"({"amount":1})"); }), "chargeId");
  EXPECT_EQ(FieldOf([] { ReadRefundCall("k", R"({"chargeId":"ch_1","amount":-5})"); }), "amount");
  EXPECT_EQ(FieldOf([] { ReadShipmentCall("k", R"({"orderId":0,"address":"Seoul"})"); }),
            "orderId");
  EXPECT_EQ(FieldOf([] { ReadShipmentCall("k", R"({"orderId":1,"address":""})"); }), "address");
  EXPECT_EQ(FieldOf([] { ReadShipmentCall("k", R"({"orderId":1})"); }), "address");
}

TEST(VerdictsTest, AboveTheLimitIsDeclinedAndAnUndeliverableAddressRefused) {
  EXPECT_EQ(DeclineReason(1'000'000, 1'000'000), std::nullopt);
  EXPECT_EQ(DeclineReason(1'000'001, 1'000'000),
            "payment declined: amount 1000001 exceeds the limit 1000000");
  EXPECT_EQ(RefusalReason("Seoul"), std::nullopt);
  EXPECT_EQ(RefusalReason("1 UNDELIVERABLE Street"), "delivery failed: address is undeliverable");
}

}  // namespace
}  // namespace sagashop::outside_world
