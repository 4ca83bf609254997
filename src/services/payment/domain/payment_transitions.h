#pragma once

#include <optional>
#include <string>

#include "services/payment/domain/payment_gateway.h"
#include "services/payment/domain/payment_status.h"

namespace sagashop::payment {

// A payment's life (docs/outside-calls.md): PENDING while its charge is with the provider, then
// COMPLETED (approved) or FAILED (declined); a COMPLETED one may become REFUNDED, once.
bool IsAllowedTransition(PaymentStatus from, PaymentStatus to);

// What an answered charge makes of a PENDING payment.
struct ChargeSettlement {
  PaymentStatus status;
  std::optional<std::string> gateway_tx_id;  // approved
  std::optional<std::string> reason;         // declined
};
ChargeSettlement SettleCharge(const ChargeResult& result);

// What a saga's failure asks of a payment in `status`.
enum class RefundDecision {
  kRefund,           // captured: give the money back
  kNothingToRefund,  // declined, or refunded already
  kWaitForCharge,    // its charge is still with the provider: decide once it answered
};
RefundDecision DecideRefund(PaymentStatus status);

}  // namespace sagashop::payment
