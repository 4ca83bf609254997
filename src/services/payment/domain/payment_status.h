#pragma once

#include <optional>
#include <string_view>

namespace sagashop::payment {

enum class PaymentStatus { kPending, kCompleted, kFailed, kRefunded };

std::string_view ToString(PaymentStatus status);
std::optional<PaymentStatus> ParsePaymentStatus(std::string_view text);

// Compensation is idempotent: only a captured payment is refunded, and only once.
inline bool NeedsRefund(std::optional<PaymentStatus> status) {
  return status == PaymentStatus::kCompleted;
}

}  // namespace sagashop::payment
