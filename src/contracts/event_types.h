#pragma once

#include <array>
#include <string>
#include <string_view>

namespace sagashop::contracts {

// Event types double as Kafka topic names (docs/contracts.md, Events).
inline constexpr std::string_view kOrderCreated = "order.created.v1";
inline constexpr std::string_view kOrderCompleted = "order.completed.v1";
inline constexpr std::string_view kOrderCanceled = "order.canceled.v1";
inline constexpr std::string_view kPaymentCompleted = "payment.completed.v1";
inline constexpr std::string_view kPaymentFailed = "payment.failed.v1";
inline constexpr std::string_view kPaymentRefunded = "payment.refunded.v1";
inline constexpr std::string_view kStockReserved = "stock.reserved.v1";
inline constexpr std::string_view kStockReservationFailed = "stock.reservation_failed.v1";
inline constexpr std::string_view kStockReleased = "stock.released.v1";
inline constexpr std::string_view kDeliveryStarted = "delivery.started.v1";
inline constexpr std::string_view kDeliveryFailed = "delivery.failed.v1";

inline constexpr std::array<std::string_view, 11> kAllEventTypes = {
    kOrderCreated,  kOrderCompleted,  kOrderCanceled,  kPaymentCompleted,
    kPaymentFailed, kPaymentRefunded, kStockReserved,  kStockReservationFailed,
    kStockReleased, kDeliveryStarted, kDeliveryFailed,
};

// The service that produces events of `event_type` ("stock.*" comes from inventory), or "" for a
// type of no known service.
inline std::string_view ProducerOf(std::string_view event_type) {
  if (event_type.starts_with("order.")) return "order";
  if (event_type.starts_with("payment.")) return "payment";
  if (event_type.starts_with("stock.")) return "inventory";
  if (event_type.starts_with("delivery.")) return "delivery";
  return "";
}

// Where a parked (dead-lettered) event goes: "<topic>.dlt".
inline std::string DeadLetterTopic(std::string_view topic) {
  return std::string(topic) + ".dlt";
}

}  // namespace sagashop::contracts
