#include "services/order/domain/failure_reason.h"

namespace sagashop::order {

FailureReason ClassifyFailure(std::string_view reason) {
  if (reason.starts_with("insufficient stock")) return FailureReason::kInsufficientStock;
  if (reason.starts_with("payment declined")) return FailureReason::kPaymentDeclined;
  if (reason.starts_with("stock reservation expired")) return FailureReason::kReservationExpired;
  if (reason.starts_with("delivery failed")) return FailureReason::kDeliveryFailed;
  return FailureReason::kOther;
}

std::string_view ToLabel(FailureReason reason) {
  switch (reason) {
    case FailureReason::kInsufficientStock:
      return "insufficient_stock";
    case FailureReason::kPaymentDeclined:
      return "payment_declined";
    case FailureReason::kDeliveryFailed:
      return "delivery_failed";
    case FailureReason::kReservationExpired:
      return "reservation_expired";
    case FailureReason::kOther:
      break;
  }
  return "other";
}

}  // namespace sagashop::order
