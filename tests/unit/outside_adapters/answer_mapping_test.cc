#include <gtest/gtest.h>

#include "services/delivery/http_carrier.h"
#include "services/payment/http_payment_gateway.h"

namespace sagashop {
namespace {

http::AsyncResult Ok(std::string body) {
  http::Response response;
  response.body = std::move(body);
  return response;
}

template <typename Outcome>
std::string ReasonOf(const Outcome& outcome) {
  const auto* unavailable = std::get_if<Unavailable>(&outcome);
  return unavailable != nullptr ? unavailable->reason : "(answered)";
}

TEST(AnswerMappingTest, AnApprovedChargeCarriesItsIdAsTheTransaction) {
  const auto outcome = payment::ChargeOutcomeOf(Ok(R"({"id":"ch_9","status":"APPROVED"})"));
  ASSERT_TRUE(std::holds_alternative<payment::ChargeResult>(outcome)) << ReasonOf(outcome);
  EXPECT_TRUE(std::get<payment::ChargeResult>(outcome).approved);
  EXPECT_EQ(std::get<payment::ChargeResult>(outcome).gateway_tx_id, "ch_9");
}

TEST(AnswerMappingTest, ADeclinedChargeIsAResultWithItsReasonNotAFailure) {
  const auto outcome = payment::ChargeOutcomeOf(
      Ok(R"({"id":"ch_9","status":"DECLINED","declineReason":"over the limit"})"));
  ASSERT_TRUE(std::holds_alternative<payment::ChargeResult>(outcome)) << ReasonOf(outcome);
  EXPECT_FALSE(std::get<payment::ChargeResult>(outcome).approved);
  EXPECT_EQ(std::get<payment::ChargeResult>(outcome).decline_reason, "over the limit");
}

TEST(AnswerMappingTest, AChargeAnswerWithoutStatusOrIdIsUnavailable) {
  EXPECT_NE(ReasonOf(payment::ChargeOutcomeOf(Ok(R"({"status":"APPROVED"})"))).find("unexpected"),
            std::string::npos);
  EXPECT_NE(ReasonOf(payment::ChargeOutcomeOf(Ok(R"({"id":"ch_1","status":"MAYBE"})")))
                .find("unexpected"),
            std::string::npos);
}

TEST(AnswerMappingTest, ARefundCarriesItsId) {
  const auto outcome =
      payment::RefundOutcomeOf(Ok(R"({"id":"rf_1","chargeId":"ch_1","status":"REFUNDED"})"));
  ASSERT_TRUE(std::holds_alternative<payment::RefundResult>(outcome)) << ReasonOf(outcome);
  EXPECT_EQ(std::get<payment::RefundResult>(outcome).refund_tx_id, "rf_1");
  EXPECT_TRUE(std::holds_alternative<Unavailable>(payment::RefundOutcomeOf(Ok(R"({"id":"x"})"))));
}

TEST(AnswerMappingTest, AShipmentIsAcceptedWithATrackingNumberOrRefusedWithAReason) {
  const auto accepted = delivery::ShipmentOutcomeOf(
      Ok(R"({"id":"sh_1","status":"ACCEPTED","trackingNumber":"SIM1","carrier":"SIM-EXPRESS"})"));
  ASSERT_TRUE(std::holds_alternative<delivery::ShipmentResult>(accepted)) << ReasonOf(accepted);
  EXPECT_EQ(std::get<delivery::ShipmentResult>(accepted).tracking_number, "SIM1");
  EXPECT_EQ(std::get<delivery::ShipmentResult>(accepted).carrier, "SIM-EXPRESS");

  const auto refused = delivery::ShipmentOutcomeOf(
      Ok(R"({"id":"sh_2","status":"REFUSED","trackingNumber":null,"refusalReason":"no"})"));
  ASSERT_TRUE(std::holds_alternative<delivery::ShipmentResult>(refused)) << ReasonOf(refused);
  EXPECT_FALSE(std::get<delivery::ShipmentResult>(refused).accepted);
  EXPECT_EQ(std::get<delivery::ShipmentResult>(refused).refusal_reason, "no");

  EXPECT_TRUE(std::holds_alternative<Unavailable>(
      delivery::ShipmentOutcomeOf(Ok(R"({"id":"sh_3","status":"ACCEPTED"})"))));
}

TEST(AnswerMappingTest, ServerTroubleAndRejectionsAreUnavailable) {
  http::Response busy;
  busy.status = 503;
  EXPECT_TRUE(std::holds_alternative<Unavailable>(payment::ChargeOutcomeOf(busy)));
  http::Response rejected;
  rejected.status = 400;
  EXPECT_NE(ReasonOf(delivery::ShipmentOutcomeOf(rejected)).find("rejected with 400"),
            std::string::npos);
  EXPECT_TRUE(std::holds_alternative<Unavailable>(
      payment::RefundOutcomeOf(http::AsyncFailure{"cannot connect", false})));
}

// Only a refusal tells that the provider did nothing; a call given up must be one of those.
TEST(AnswerMappingTest, OnlyARefusalSaysTheProviderDidNothing) {
  auto may_have_taken_effect = [](const auto& outcome) {
    return std::get<Unavailable>(outcome).may_have_taken_effect;
  };
  for (int status : {429, 503, 400, 404, 409, 422}) {
    http::Response response;
    response.status = status;
    EXPECT_FALSE(may_have_taken_effect(payment::ChargeOutcomeOf(response))) << status;
  }
  for (int status : {500, 502, 504}) {
    http::Response response;
    response.status = status;
    EXPECT_TRUE(may_have_taken_effect(payment::ChargeOutcomeOf(response))) << status;
  }
  EXPECT_TRUE(may_have_taken_effect(
      delivery::ShipmentOutcomeOf(http::AsyncFailure{"no answer within 5000 ms", true})));
  EXPECT_TRUE(may_have_taken_effect(
      delivery::ShipmentOutcomeOf(http::AsyncFailure{"connection reset", false})));
}

}  // namespace
}  // namespace sagashop
