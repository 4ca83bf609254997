#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>

#include "contracts/event_types.h"

namespace sagashop::contracts {

// The payloads of docs/contracts.md, Events, one struct per event type. Each names its type so
// that codecs and handlers can dispatch on it at compile time.

struct OrderCreated {
  static constexpr std::string_view kType = kOrderCreated;
  std::int64_t order_id = 0;
  std::int64_t user_id = 0;
  std::int64_t product_id = 0;
  std::int64_t quantity = 0;
  std::int64_t amount = 0;
  std::string address;
  std::string payment_method;
};

struct OrderCompleted {
  static constexpr std::string_view kType = kOrderCompleted;
  std::int64_t order_id = 0;
};

struct OrderCanceled {
  static constexpr std::string_view kType = kOrderCanceled;
  std::int64_t order_id = 0;
  std::string reason;
};

struct PaymentCompleted {
  static constexpr std::string_view kType = kPaymentCompleted;
  std::int64_t order_id = 0;
  std::int64_t payment_id = 0;
  std::int64_t amount = 0;
  std::string payment_type;
};

struct PaymentFailed {
  static constexpr std::string_view kType = kPaymentFailed;
  std::int64_t order_id = 0;
  std::string reason;
};

struct PaymentRefunded {
  static constexpr std::string_view kType = kPaymentRefunded;
  std::int64_t order_id = 0;
  std::int64_t payment_id = 0;
  std::int64_t amount = 0;
  std::string reason;
};

struct StockReserved {
  static constexpr std::string_view kType = kStockReserved;
  std::int64_t order_id = 0;
  std::int64_t reservation_id = 0;
  std::int64_t product_id = 0;
  std::int64_t quantity = 0;
  // When the reservation lapses unless a delivery has started (RFC 3339). Added after v1 was
  // published, so optional: events without it never expire on the Delivery side.
  std::optional<std::string> expired_at;
};

struct StockReservationFailed {
  static constexpr std::string_view kType = kStockReservationFailed;
  std::int64_t order_id = 0;
  std::int64_t product_id = 0;
  std::int64_t quantity = 0;
  std::string reason;
};

struct StockReleased {
  static constexpr std::string_view kType = kStockReleased;
  std::int64_t order_id = 0;
  std::int64_t reservation_id = 0;
  std::int64_t product_id = 0;
  std::int64_t quantity = 0;
};

struct DeliveryStarted {
  static constexpr std::string_view kType = kDeliveryStarted;
  std::int64_t order_id = 0;
  std::int64_t delivery_id = 0;
  std::string tracking_number;
  std::string carrier;
};

struct DeliveryFailed {
  static constexpr std::string_view kType = kDeliveryFailed;
  std::int64_t order_id = 0;
  std::string reason;
};

using EventPayload =
    std::variant<OrderCreated, OrderCompleted, OrderCanceled, PaymentCompleted, PaymentFailed,
                 PaymentRefunded, StockReserved, StockReservationFailed, StockReleased,
                 DeliveryStarted, DeliveryFailed>;

// The base fields of docs/contracts.md, Events, common to every event.
struct EventMetadata {
  std::string event_id;    // UUID; the inbox key
  std::string event_type;  // = topic
  int schema_version = 1;
  std::string occurred_at;     // RFC 3339
  std::string correlation_id;  // the saga id
};

struct Event {
  EventMetadata metadata;
  EventPayload payload;

  std::int64_t OrderId() const {
    return std::visit([](const auto& p) { return p.order_id; }, payload);
  }
};

}  // namespace sagashop::contracts
