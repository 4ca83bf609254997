#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "contracts/events.h"
#include "services/order/domain/order_status.h"

namespace sagashop::order {

// What the Order service knows of an order before a batch: read once for the whole batch.
struct OrderState {
  OrderStatus status = OrderStatus::kPending;
  std::optional<std::string> reason;  // the first failure's reason, kept
};

// An event of the batch about `order_id`.
struct SagaInput {
  std::int64_t order_id = 0;
  const contracts::EventPayload* payload = nullptr;
};

// An order the batch moved: from the status read to the status reached, through `moves`
// transitions, the last caused by the batch's event number `last_input`.
struct OrderMove {
  std::int64_t order_id = 0;
  OrderStatus from = OrderStatus::kPending;
  OrderStatus to = OrderStatus::kPending;
  std::optional<std::string> reason;
  int moves = 0;
  std::size_t last_input = 0;
};

// An order the batch finished: COMPLETED or CANCELED, with the reason its outcome event carries.
struct SagaEnd {
  std::int64_t order_id = 0;
  std::size_t input = 0;  // the event that finished it
  OrderStatus status = OrderStatus::kCompleted;
  std::string reason;
};

struct BatchPlan {
  std::vector<std::string> outcomes;  // per input: "applied: X", "ignored: order was Y", "recorded"
  std::vector<OrderMove> moves;       // in order id order, one per order moved
  std::vector<SagaEnd> ends;          // in input order
};

// Applies the batch's events in their order to the orders as read, as the one-event-at-a-time
// handler would: each event through ReactTo and the transition table, a later event of the same
// order seeing what an earlier one did. `orders` must hold every input's order. Pure: no I/O.
BatchPlan PlanBatch(std::map<std::int64_t, OrderState> orders, std::span<const SagaInput> inputs);

}  // namespace sagashop::order
