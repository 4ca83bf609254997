#include "services/payment/domain/payment_status.h"

namespace sagashop::payment {

std::string_view ToString(PaymentStatus status) {
  switch (status) {
    case PaymentStatus::kPending:
      return "PENDING";
    case PaymentStatus::kCompleted:
      return "COMPLETED";
    case PaymentStatus::kFailed:
      return "FAILED";
    case PaymentStatus::kRefunded:
      return "REFUNDED";
  }
  return "UNKNOWN";
}

std::optional<PaymentStatus> ParsePaymentStatus(std::string_view text) {
  for (PaymentStatus status : {PaymentStatus::kPending, PaymentStatus::kCompleted,
                               PaymentStatus::kFailed, PaymentStatus::kRefunded}) {
    if (ToString(status) == text) return status;
  }
  return std::nullopt;
}

}  // namespace sagashop::payment
