#pragma once

#include <array>
#include <optional>
#include <span>
#include <string_view>

namespace sagashop::order {

// The order's lifecycle (docs/order-state-machine.md). COMPLETED, CANCELED and FAILED are
// terminal: they absorb every later event.
enum class OrderStatus {
  kPending,            // created; order.created.v1 not yet on the bus
  kPaymentProcessing,  // order.created.v1 published: Payment is charging
  kStockReserving,     // payment captured: Inventory is reserving
  kDeliveryPreparing,  // stock reserved: Delivery is starting
  kCompensating,       // a step failed after payment: refund (and release) under way
  kCompleted,
  kCanceled,
  kFailed,  // set only by an operator for a saga that cannot finish; never by an event
};

inline constexpr std::array<OrderStatus, 8> kAllOrderStatuses = {
    OrderStatus::kPending,        OrderStatus::kPaymentProcessing,
    OrderStatus::kStockReserving, OrderStatus::kDeliveryPreparing,
    OrderStatus::kCompensating,   OrderStatus::kCompleted,
    OrderStatus::kCanceled,       OrderStatus::kFailed,
};

std::string_view ToString(OrderStatus status);
std::optional<OrderStatus> ParseOrderStatus(std::string_view text);

bool IsTerminal(OrderStatus status);

// The states from which `target` may be entered (the semantic lock's allowed set). Forward moves
// may skip states, because events of different topics arrive in any order; nothing moves backwards.
std::span<const OrderStatus> AllowedSources(OrderStatus target);

bool CanTransition(OrderStatus from, OrderStatus to);

}  // namespace sagashop::order
