#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "contracts/events.h"
#include "services/order/domain/order_status.h"

namespace sagashop::order {

// What the Order service does with an event of the saga: the status it tries to move the order to
// (through the semantic lock) and the reason to record. Pure: no I/O.
struct SagaReaction {
  std::optional<OrderStatus> target;  // nullopt: history only
  std::string reason;                 // empty unless the event reports a failure
};

SagaReaction ReactTo(const contracts::EventPayload& payload);

// The saga instance's status for an order status: STARTED, COMPENSATING, COMPLETED, CANCELED,
// FAILED.
std::string_view SagaStatusFor(OrderStatus status);

}  // namespace sagashop::order
