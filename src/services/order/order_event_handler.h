#pragma once

#include <span>

#include "platform/bus/message.h"
#include "platform/db/transaction.h"
#include "services/order/order_metrics.h"

namespace sagashop::order {

// Follows the saga for a batch of events: every event about an order is recorded in its history,
// and moves the order along the transition table when the order is in a state that allows it; a
// late or repeated event changes nothing. Reaching COMPLETED or CANCELED emits order.completed.v1
// / order.canceled.v1, and is counted in `metrics` once the transaction commits.
//
// A batch costs the same few statements whatever its size: the orders read (and locked) at once,
// the moves decided in memory (PlanBatch), then one statement each for the orders, the saga
// instances, the history and the outbox.
void HandleOrderEvents(db::Transaction& tx, std::span<const bus::IncomingMessage* const> messages,
                       OrderMetrics& metrics);

}  // namespace sagashop::order
