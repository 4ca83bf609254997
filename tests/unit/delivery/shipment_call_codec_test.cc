#include "services/delivery/shipment_call_codec.h"

#include <gtest/gtest.h>

#include "platform/core/json_fields.h"

namespace sagashop::delivery {
namespace {

TEST(ShipmentCallCodecTest, ARequestAndBothKindsOfAnswerSurviveTheRoundTrip) {
  const ShipmentRequest request = DecodeShipmentRequest(
      EncodeShipmentRequest({.idempotency_key = "x", .order_id = 4, .address = "Seoul 1"}),
      ShipmentKeyFor(4));
  EXPECT_EQ(request.idempotency_key, "order-4-shipment");
  EXPECT_EQ(request.order_id, 4);
  EXPECT_EQ(request.address, "Seoul 1");

  for (const ShipmentResult& result :
       {ShipmentResult{.accepted = true, .tracking_number = "T1", .carrier = "C"},
        ShipmentResult{.accepted = false, .carrier = "C", .refusal_reason = "undeliverable"}}) {
    const ShipmentResult back = DecodeShipmentResult(EncodeShipmentResult(result));
    EXPECT_EQ(back.accepted, result.accepted);
    EXPECT_EQ(back.tracking_number, result.tracking_number);
    EXPECT_EQ(back.carrier, result.carrier);
    EXPECT_EQ(back.refusal_reason, result.refusal_reason);
  }
  EXPECT_THROW(DecodeShipmentResult(R"({"trackingNumber":""})"), FieldError);
}

}  // namespace
}  // namespace sagashop::delivery
