#include "services/payment/payment_call_codec.h"

#include <gtest/gtest.h>

#include "platform/core/json_fields.h"

namespace sagashop::payment {
namespace {

TEST(PaymentCallCodecTest, AChargeRequestAndItsAnswerSurviveTheRoundTrip) {
  const ChargeRequest request{
      .idempotency_key = "order-7-charge", .order_id = 7, .amount = 5000, .payment_type = "CARD"};
  const ChargeRequest decoded = DecodeChargeRequest(EncodeChargeRequest(request), "order-7-charge");
  EXPECT_EQ(decoded.idempotency_key, "order-7-charge");
  EXPECT_EQ(decoded.order_id, 7);
  EXPECT_EQ(decoded.amount, 5000);
  EXPECT_EQ(decoded.payment_type, "CARD");

  for (const ChargeResult& result : {ChargeResult{.approved = true, .gateway_tx_id = "pg-9"},
                                     ChargeResult{.approved = false, .decline_reason = "no"}}) {
    const ChargeResult back = DecodeChargeResult(EncodeChargeResult(result));
    EXPECT_EQ(back.approved, result.approved);
    EXPECT_EQ(back.gateway_tx_id, result.gateway_tx_id);
    EXPECT_EQ(back.decline_reason, result.decline_reason);
  }
}

TEST(PaymentCallCodecTest, ARefundIntentAndItsAnswerSurviveTheRoundTrip) {
  const RefundIntent intent{.payment_id = 3,
                            .reason = "insufficient stock",
                            .request = {.idempotency_key = "payment-3-refund",
                                        .gateway_tx_id = "pg-9",
                                        .order_id = 7,
                                        .amount = 5000}};
  const RefundIntent back = DecodeRefundIntent(EncodeRefundIntent(intent), "payment-3-refund");
  EXPECT_EQ(back.payment_id, 3);
  EXPECT_EQ(back.reason, "insufficient stock");
  EXPECT_EQ(back.request.idempotency_key, "payment-3-refund");
  EXPECT_EQ(back.request.gateway_tx_id, "pg-9");
  EXPECT_EQ(back.request.order_id, 7);
  EXPECT_EQ(back.request.amount, 5000);
  EXPECT_EQ(DecodeRefundResult(EncodeRefundResult({.refund_tx_id = "rf-1"})).refund_tx_id, "rf-1");
}

TEST(PaymentCallCodecTest, AStoredTextThatIsNotWhatItShouldBeNamesTheField) {
  EXPECT_THROW(DecodeChargeResult("not json"), FieldError);
  try {
    DecodeChargeResult(R"({"approved":"yes","gatewayTxId":"","declineReason":""})");
    FAIL() << "accepted a string for a boolean";
  } catch (const FieldError& error) {
    EXPECT_EQ(error.Field(), "approved");
  }
  try {
    DecodeChargeRequest(R"({"orderId":1,"paymentType":"CARD"})", "k");
    FAIL() << "accepted a request without an amount";
  } catch (const FieldError& error) {
    EXPECT_EQ(error.Field(), "amount");
  }
}

}  // namespace
}  // namespace sagashop::payment
