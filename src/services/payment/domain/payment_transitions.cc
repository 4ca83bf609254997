#include "services/payment/domain/payment_transitions.h"

namespace sagashop::payment {

bool IsAllowedTransition(PaymentStatus from, PaymentStatus to) {
  switch (from) {
    case PaymentStatus::kPending:
      return to == PaymentStatus::kCompleted || to == PaymentStatus::kFailed;
    case PaymentStatus::kCompleted:
      return to == PaymentStatus::kRefunded;
    case PaymentStatus::kFailed:
    case PaymentStatus::kRefunded:
      return false;
  }
  return false;
}

ChargeSettlement SettleCharge(const ChargeResult& result) {
  if (result.approved) {
    return {.status = PaymentStatus::kCompleted,
            .gateway_tx_id = result.gateway_tx_id,
            .reason = std::nullopt};
  }
  return {.status = PaymentStatus::kFailed,
          .gateway_tx_id = std::nullopt,
          .reason = result.decline_reason.empty() ? "payment declined" : result.decline_reason};
}

RefundDecision DecideRefund(PaymentStatus status) {
  switch (status) {
    case PaymentStatus::kPending:
      return RefundDecision::kWaitForCharge;
    case PaymentStatus::kCompleted:
      return RefundDecision::kRefund;
    case PaymentStatus::kFailed:
    case PaymentStatus::kRefunded:
      return RefundDecision::kNothingToRefund;
  }
  return RefundDecision::kNothingToRefund;
}

}  // namespace sagashop::payment
