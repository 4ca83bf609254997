#include "services/payment/domain/payment_transitions.h"

#include <gtest/gtest.h>

#include <array>

namespace sagashop::payment {
namespace {

constexpr std::array kAll = {PaymentStatus::kPending, PaymentStatus::kCompleted,
                             PaymentStatus::kFailed, PaymentStatus::kRefunded};

TEST(PaymentTransitionsTest, EveryPairOfStatusesIsAllowedOrNotAsTheLifecycleSays) {
  for (PaymentStatus from : kAll) {
    for (PaymentStatus to : kAll) {
      const bool expected = (from == PaymentStatus::kPending && to == PaymentStatus::kCompleted) ||
                            (from == PaymentStatus::kPending && to == PaymentStatus::kFailed) ||
                            (from == PaymentStatus::kCompleted && to == PaymentStatus::kRefunded);
      EXPECT_EQ(IsAllowedTransition(from, to), expected)
          << ToString(from) << " -> " << ToString(to);
    }
  }
}

TEST(PaymentTransitionsTest, AnApprovedChargeCompletesThePaymentWithTheProvidersId) {
  const ChargeSettlement settled = SettleCharge({.approved = true, .gateway_tx_id = "pg-1"});
  EXPECT_EQ(settled.status, PaymentStatus::kCompleted);
  EXPECT_EQ(settled.gateway_tx_id, "pg-1");
  EXPECT_EQ(settled.reason, std::nullopt);
  EXPECT_TRUE(IsAllowedTransition(PaymentStatus::kPending, settled.status));
}

TEST(PaymentTransitionsTest, ADeclinedChargeFailsThePaymentWithTheReason) {
  const ChargeSettlement settled =
      SettleCharge({.approved = false, .decline_reason = "amount exceeds the limit"});
  EXPECT_EQ(settled.status, PaymentStatus::kFailed);
  EXPECT_EQ(settled.gateway_tx_id, std::nullopt);
  EXPECT_EQ(settled.reason, "amount exceeds the limit");
  EXPECT_EQ(SettleCharge({.approved = false}).reason, "payment declined") << "never empty";
}

TEST(PaymentTransitionsTest, OnlyACapturedPaymentIsRefundedAndAPendingOneWaits) {
  EXPECT_EQ(DecideRefund(PaymentStatus::kPending), RefundDecision::kWaitForCharge);
  EXPECT_EQ(DecideRefund(PaymentStatus::kCompleted), RefundDecision::kRefund);
  EXPECT_EQ(DecideRefund(PaymentStatus::kFailed), RefundDecision::kNothingToRefund);
  EXPECT_EQ(DecideRefund(PaymentStatus::kRefunded), RefundDecision::kNothingToRefund);
  for (PaymentStatus status : kAll) {
    EXPECT_EQ(DecideRefund(status) == RefundDecision::kRefund,
              IsAllowedTransition(status, PaymentStatus::kRefunded))
        << ToString(status);
  }
}

}  // namespace
}  // namespace sagashop::payment
