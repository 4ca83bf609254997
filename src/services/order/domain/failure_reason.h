#pragma once

#include <array>
#include <string_view>

namespace sagashop::order {

// Why a saga ended canceled, as one of a fixed few kinds: the reason texts name amounts and
// quantities, so metrics label by the kind instead (a label must stay low-cardinality).
enum class FailureReason {
  kInsufficientStock,
  kPaymentDeclined,
  kDeliveryFailed,
  kReservationExpired,
  kOther,
};

inline constexpr std::array<FailureReason, 5> kAllFailureReasons = {
    FailureReason::kInsufficientStock, FailureReason::kPaymentDeclined,
    FailureReason::kDeliveryFailed, FailureReason::kReservationExpired, FailureReason::kOther};

// The kind of the reason a failure event carried (payment.failed, stock.reservation_failed,
// delivery.failed; the refund repeats the reason of the step that failed). The texts are the ones
// the services write: "insufficient stock: …", "payment declined: …", "delivery failed: …",
// "stock reservation expired"; anything else (an unknown product, a reason from a newer service)
// is kOther. Pure.
FailureReason ClassifyFailure(std::string_view reason);

// "insufficient_stock", "payment_declined", "delivery_failed", "reservation_expired", "other".
std::string_view ToLabel(FailureReason reason);

}  // namespace sagashop::order
